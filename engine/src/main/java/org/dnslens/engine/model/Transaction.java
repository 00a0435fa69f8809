package org.dnslens.engine.model;

import java.util.List;

/**
 * A query paired with its reply, or a query or reply alone.
 *
 * @param query the query, null for an orphan reply
 * @param reply the first reply, null when unanswered
 * @param otherReplies further replies that differ from the first (status {@link
 *     TransactionStatus#DUPLICATE_REPLY}); identical copies are only counted
 * @param retransmissions further copies of the query seen before the reply (or the timeout)
 * @param identicalReplies further replies identical to the first (byte for byte apart from nothing)
 * @param reason why it ended this way when not plain (e.g. {@link IssueReason#PAIRING_EVICTED}), or null
 */
public record Transaction(
    TransactionStatus status,
    DnsMessage query,
    DnsMessage reply,
    List<DnsMessage> otherReplies,
    int retransmissions,
    int identicalReplies,
    Role role,
    IssueReason reason) {

  public Transaction {
    if (query == null && reply == null) {
      throw new IllegalArgumentException("a transaction has a query, a reply, or both");
    }
    otherReplies = ImmutableLists.copyOf(otherReplies);
  }

  /** The message that opened the transaction: the query, or the reply when orphaned. */
  public DnsMessage first() {
    return query != null ? query : reply;
  }

  /** Client address: the query's source, else the reply's destination. */
  public IpAddress clientIp() {
    return query != null ? query.meta().sourceIp() : reply.meta().destinationIp();
  }

  public int clientPort() {
    return query != null ? query.meta().sourcePort() : reply.meta().destinationPort();
  }

  /** Server address: the query's destination, else the reply's source. */
  public IpAddress serverIp() {
    return query != null ? query.meta().destinationIp() : reply.meta().sourceIp();
  }

  public int serverPort() {
    return query != null ? query.meta().destinationPort() : reply.meta().sourcePort();
  }

  public Transport transport() {
    return first().meta().transport();
  }

  public int transactionId() {
    return first().header().id();
  }

  /** The question the transaction is about (the query's, else the reply's), or null. */
  public Question question() {
    Question q = query != null ? query.firstQuestion() : null;
    return q != null ? q : (reply != null ? reply.firstQuestion() : null);
  }

  /** Capture time of the query, or of the reply for an orphan. */
  public long queryTimestampNanos() {
    return first().meta().timestampNanos();
  }

  /** Round-trip time in nanoseconds, or -1 without both messages. */
  public long rttNanos() {
    return query != null && reply != null
        ? reply.meta().timestampNanos() - query.meta().timestampNanos()
        : -1;
  }

  /** The reply's full rcode, or -1 when unanswered. */
  public int rcode() {
    return reply != null ? reply.header().rcode() : -1;
  }
}
