package org.dnslens.storage.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * The rows of one commit: new dictionary entries first (facts refer to them), then facts. Built on the
 * caller's thread, written on the writer thread; never shared after hand-over.
 */
final class Chunk {
  record NameRow(int id, String name, String lname, String rname) {}

  record IpRow(int id, byte[] key, String text) {}

  record DataRow(int id, String data) {}

  record TxRow(
      long id,
      int sourceId,
      Long queryFrame,
      Long replyFrame,
      long ts,
      Long replyTs,
      int clientIpId,
      int clientPort,
      int serverIpId,
      int serverPort,
      int transport,
      int portClass,
      int dnsId,
      Integer qnameId,
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
      byte[] replyWire) {}

  record AnswerIpRow(long txId, int ipId) {}

  record OtherReplyRow(long txId, int ord, long ts, long frame, int serverIpId, byte[] wire) {}

  record IssueRow(int sourceId, long frame, long ts, String reason, String detail) {}

  record PdnsRow(int nameId, int type, int dataId, Integer ipId, long first, long last, long count) {}

  record ClientRow(int clientIpId, int nameId, long first, long last, long count) {}

  final List<NameRow> names = new ArrayList<>();
  final List<IpRow> ips = new ArrayList<>();
  final List<DataRow> data = new ArrayList<>();
  final List<TxRow> txs = new ArrayList<>();
  final List<AnswerIpRow> answerIps = new ArrayList<>();
  final List<OtherReplyRow> otherReplies = new ArrayList<>();
  final List<IssueRow> issues = new ArrayList<>();
  final List<PdnsRow> pdns = new ArrayList<>();
  final List<ClientRow> clients = new ArrayList<>();

  boolean isEmpty() {
    return names.isEmpty()
        && ips.isEmpty()
        && data.isEmpty()
        && txs.isEmpty()
        && answerIps.isEmpty()
        && otherReplies.isEmpty()
        && issues.isEmpty()
        && pdns.isEmpty()
        && clients.isEmpty();
  }
}
