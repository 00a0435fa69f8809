package org.dnslens.storage.search;

import org.dnslens.engine.model.IpAddress;
import org.dnslens.engine.model.PortClass;
import org.dnslens.engine.model.Role;
import org.dnslens.engine.model.TransactionStatus;
import org.dnslens.engine.model.Transport;

/**
 * A transaction as the case stores it: the summary columns plus the exact query and reply bytes, which
 * the apps decode again with the engine for full detail.
 *
 * @param id the transaction's id in the case (stable; the keyset cursor uses it)
 * @param sourceLabel file name (or stream label) of the source
 * @param queryFrame frame number of the query in its source, null for an orphan reply
 * @param replyFrame frame number of the first reply, null when unanswered
 * @param tsNanos query capture time (reply's for an orphan), epoch nanoseconds
 * @param replyTsNanos reply capture time, null when unanswered
 * @param qname query name in presentation format (case as sent), null without a question
 * @param rcode response code, -1 when unanswered
 * @param queryFlags the query's flags word, null for an orphan reply
 * @param replyFlags the reply's flags word, null when unanswered
 * @param reason why the transaction ended as it did (an IssueReason label), or null
 * @param queryIssue why the query decoded only partly (a label), or null
 * @param replyIssue why the reply decoded only partly (a label), or null
 */
public record StoredTransaction(
    long id,
    int sourceId,
    String sourceLabel,
    Long queryFrame,
    Long replyFrame,
    long tsNanos,
    Long replyTsNanos,
    IpAddress clientIp,
    int clientPort,
    IpAddress serverIp,
    int serverPort,
    Transport transport,
    PortClass portClass,
    int dnsId,
    String qname,
    Integer qtype,
    Integer qclass,
    int rcode,
    TransactionStatus status,
    Role role,
    Integer queryFlags,
    Integer replyFlags,
    int retransmissions,
    int identicalReplies,
    String reason,
    String queryIssue,
    String replyIssue,
    byte[] queryWire,
    byte[] replyWire) {

  /** Round-trip time in nanoseconds, or -1 without both messages. */
  public long rttNanos() {
    return replyTsNanos != null && queryFrame != null ? replyTsNanos - tsNanos : -1;
  }

  /** The keyset cursor that continues after this row. */
  public SearchQuery.Cursor cursor() {
    return new SearchQuery.Cursor(tsNanos, id);
  }
}
