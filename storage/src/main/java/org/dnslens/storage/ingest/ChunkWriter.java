package org.dnslens.storage.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * Writes a {@link Chunk} with JDBC batches on one connection and commits it. Plain JDBC rather than
 * {@code @SqlBatch}: this is the ingest hot path, and prepared statements reused across chunks avoid
 * per-row binding reflection.
 */
final class ChunkWriter implements AutoCloseable {
  private final Connection c;
  private final int runId;
  private final PreparedStatement insName;
  private final PreparedStatement insIp;
  private final PreparedStatement insData;
  private final PreparedStatement insTx;
  private final PreparedStatement insAnswerIp;
  private final PreparedStatement insOther;
  private final PreparedStatement insIssue;
  private final PreparedStatement insPdns;
  private final PreparedStatement insClient;

  ChunkWriter(Connection c, int runId) throws SQLException {
    this.c = c;
    this.runId = runId;
    c.setAutoCommit(false);
    insName = c.prepareStatement("INSERT INTO dns_name (id, name, lname, rname) VALUES (?, ?, ?, ?)");
    insIp = c.prepareStatement("INSERT INTO ip_addr (id, ip_key, text) VALUES (?, ?, ?)");
    insData = c.prepareStatement("INSERT INTO rdata (id, data) VALUES (?, ?)");
    insTx =
        c.prepareStatement(
            "INSERT INTO tx (id, run_id, source_id, query_frame, reply_frame, ts, reply_ts, client_ip_id,"
                + " client_port, server_ip_id, server_port, transport, port_class, dns_id, qname_id, qtype,"
                + " qclass, rcode, status, role, query_flags, reply_flags, retransmissions,"
                + " identical_replies, reason, query_issue, reply_issue, query_wire, reply_wire)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?, ?)");
    insAnswerIp = c.prepareStatement("INSERT INTO tx_answer_ip (tx_id, ip_id) VALUES (?, ?)");
    insOther =
        c.prepareStatement(
            "INSERT INTO tx_other_reply (tx_id, ord, ts, frame, server_ip_id, wire) VALUES (?, ?, ?, ?, ?, ?)");
    insIssue =
        c.prepareStatement(
            "INSERT INTO issue_sample (run_id, source_id, frame, ts, reason, detail) VALUES (?, ?, ?, ?, ?, ?)");
    insPdns =
        c.prepareStatement(
            "INSERT INTO pdns (run_id, name_id, rtype, data_id, ip_id, first_ts, last_ts, cnt)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    insClient =
        c.prepareStatement(
            "INSERT INTO pdns_client (run_id, client_ip_id, name_id, first_ts, last_ts, cnt)"
                + " VALUES (?, ?, ?, ?, ?, ?)");
  }

  void write(Chunk k) throws SQLException {
    try {
      for (Chunk.NameRow r : k.names) {
        insName.setInt(1, r.id());
        insName.setString(2, r.name());
        insName.setString(3, r.lname());
        insName.setString(4, r.rname());
        insName.addBatch();
      }
      run(insName, k.names);
      for (Chunk.IpRow r : k.ips) {
        insIp.setInt(1, r.id());
        insIp.setBytes(2, r.key());
        insIp.setString(3, r.text());
        insIp.addBatch();
      }
      run(insIp, k.ips);
      for (Chunk.DataRow r : k.data) {
        insData.setInt(1, r.id());
        insData.setString(2, r.data());
        insData.addBatch();
      }
      run(insData, k.data);
      for (Chunk.TxRow t : k.txs) {
        bindTx(t);
        insTx.addBatch();
      }
      run(insTx, k.txs);
      for (Chunk.AnswerIpRow r : k.answerIps) {
        insAnswerIp.setLong(1, r.txId());
        insAnswerIp.setInt(2, r.ipId());
        insAnswerIp.addBatch();
      }
      run(insAnswerIp, k.answerIps);
      for (Chunk.OtherReplyRow r : k.otherReplies) {
        insOther.setLong(1, r.txId());
        insOther.setInt(2, r.ord());
        insOther.setLong(3, r.ts());
        insOther.setLong(4, r.frame());
        insOther.setInt(5, r.serverIpId());
        insOther.setBytes(6, r.wire());
        insOther.addBatch();
      }
      run(insOther, k.otherReplies);
      for (Chunk.IssueRow r : k.issues) {
        insIssue.setInt(1, runId);
        insIssue.setInt(2, r.sourceId());
        insIssue.setLong(3, r.frame());
        insIssue.setLong(4, r.ts());
        insIssue.setString(5, r.reason());
        insIssue.setString(6, r.detail());
        insIssue.addBatch();
      }
      run(insIssue, k.issues);
      for (Chunk.PdnsRow r : k.pdns) {
        insPdns.setInt(1, runId);
        insPdns.setInt(2, r.nameId());
        insPdns.setInt(3, r.type());
        insPdns.setInt(4, r.dataId());
        setInt(insPdns, 5, r.ipId());
        insPdns.setLong(6, r.first());
        insPdns.setLong(7, r.last());
        insPdns.setLong(8, r.count());
        insPdns.addBatch();
      }
      run(insPdns, k.pdns);
      for (Chunk.ClientRow r : k.clients) {
        insClient.setInt(1, runId);
        insClient.setInt(2, r.clientIpId());
        insClient.setInt(3, r.nameId());
        insClient.setLong(4, r.first());
        insClient.setLong(5, r.last());
        insClient.setLong(6, r.count());
        insClient.addBatch();
      }
      run(insClient, k.clients);
      c.commit();
    } catch (SQLException e) {
      c.rollback();
      throw e;
    }
  }

  private void bindTx(Chunk.TxRow t) throws SQLException {
    PreparedStatement p = insTx;
    p.setLong(1, t.id());
    p.setInt(2, runId);
    p.setInt(3, t.sourceId());
    setLong(p, 4, t.queryFrame());
    setLong(p, 5, t.replyFrame());
    p.setLong(6, t.ts());
    setLong(p, 7, t.replyTs());
    p.setInt(8, t.clientIpId());
    p.setInt(9, t.clientPort());
    p.setInt(10, t.serverIpId());
    p.setInt(11, t.serverPort());
    p.setInt(12, t.transport());
    p.setInt(13, t.portClass());
    p.setInt(14, t.dnsId());
    setInt(p, 15, t.qnameId());
    setInt(p, 16, t.qtype());
    setInt(p, 17, t.qclass());
    p.setInt(18, t.rcode());
    p.setInt(19, t.status());
    p.setInt(20, t.role());
    setInt(p, 21, t.queryFlags());
    setInt(p, 22, t.replyFlags());
    p.setInt(23, t.retransmissions());
    p.setInt(24, t.identicalReplies());
    p.setString(25, t.reason());
    p.setString(26, t.queryIssue());
    p.setString(27, t.replyIssue());
    p.setBytes(28, t.queryWire());
    p.setBytes(29, t.replyWire());
  }

  private static void run(PreparedStatement p, List<?> rows) throws SQLException {
    if (!rows.isEmpty()) {
      p.executeBatch();
    }
  }

  private static void setInt(PreparedStatement p, int i, Integer v) throws SQLException {
    if (v == null) {
      p.setNull(i, Types.INTEGER);
    } else {
      p.setInt(i, v);
    }
  }

  private static void setLong(PreparedStatement p, int i, Long v) throws SQLException {
    if (v == null) {
      p.setNull(i, Types.BIGINT);
    } else {
      p.setLong(i, v);
    }
  }

  @Override
  public void close() throws SQLException {
    for (PreparedStatement p :
        List.of(insName, insIp, insData, insTx, insAnswerIp, insOther, insIssue, insPdns, insClient)) {
      p.close();
    }
    // Hand the connection back in the state Jdbi expects (no open transaction).
    c.setAutoCommit(true);
  }
}
