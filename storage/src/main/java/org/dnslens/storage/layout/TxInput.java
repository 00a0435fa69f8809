package org.dnslens.storage.layout;

import java.util.List;
import org.dnslens.engine.model.IpAddress;

/**
 * One transaction as the case stores it, before encoding: what the ingest sink takes from the engine's
 * {@code Transaction} and the V4 migration reads from the old row layout. Enumerations are {@code
 * StoredCodes}; nullable fields are null when absent. {@code qname} is also null when the caller hands the
 * decoded question name to {@code RunWriter.add} beside it (the ingest sink: the text is then made once per
 * distinct name).
 */
public record TxInput(
    int sourceId,
    Long queryFrame,
    Long replyFrame,
    long ts,
    Long replyTs,
    IpAddress clientIp,
    int clientPort,
    IpAddress serverIp,
    int serverPort,
    int transport,
    int portClass,
    int dnsId,
    String qname,
    Integer qtype,
    Integer qclass,
    int rcode,
    int status,
    int role,
    Integer queryFlags,
    Integer replyFlags,
    int retransmissions,
    int identicalReplies,
    String reason,
    String queryIssue,
    String replyIssue,
    byte[] queryWire,
    byte[] replyWire,
    List<IpAddress> answerIps,
    List<OtherReply> otherReplies) {

  /**
   * This transaction with another list of answer addresses; every other component is this one's. Kept
   * beside the components so a component added to the record cannot be forgotten by a caller copying
   * them one by one.
   */
  public TxInput withAnswerIps(List<IpAddress> ips) {
    return new TxInput(sourceId, queryFrame, replyFrame, ts, replyTs, clientIp, clientPort, serverIp, serverPort,
        transport, portClass, dnsId, qname, qtype, qclass, rcode, status, role, queryFlags, replyFlags,
        retransmissions, identicalReplies, reason, queryIssue, replyIssue, queryWire, replyWire, ips, otherReplies);
  }

  /** A further, different reply of a DUPLICATE_REPLY transaction, kept whole. */
  public record OtherReply(long ts, long frame, IpAddress server, byte[] wire) {}
}
