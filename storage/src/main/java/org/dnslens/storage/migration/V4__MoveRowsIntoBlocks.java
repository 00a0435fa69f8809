package org.dnslens.storage.migration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.storage.layout.CaseWriter;
import org.dnslens.storage.layout.EncodedBlock;
import org.dnslens.storage.layout.RunOutput;
import org.dnslens.storage.layout.RunWriter;
import org.dnslens.storage.layout.SegmentPage;
import org.dnslens.storage.layout.TxInput;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Schema version 4: moves the transactions, answer addresses, other replies and passive-DNS rows of a
 * V1/V2 case into the block layout of V3 (through the same {@link RunWriter} an ingest uses, so a migrated
 * run is stored exactly like a new one, transaction ids kept), then drops the row tables. Runs that never
 * completed are removed, as the next ingest would have done. The class name is Flyway's convention
 * (version 4, description "Move rows into blocks"); Flyway finds it by scanning this package.
 */
public final class V4__MoveRowsIntoBlocks extends BaseJavaMigration {
  /** Passive-DNS aggregates held while a run is moved (same bound as an ingest). */
  private static final int MAX_PASSIVE_ENTRIES = 2_000_000;

  private static final List<String> OLD_TABLES =
      List.of("tx_answer_ip", "tx_other_reply", "tx", "pdns", "pdns_client", "dns_name", "ip_addr", "rdata");

  @Override
  public void migrate(Context context) throws Exception {
    Connection c = context.getConnection();
    try (Statement st = c.createStatement()) {
      for (String t : List.of("source", "issue_sample", "issue_count")) {
        st.executeUpdate(
            "DELETE FROM " + t + " WHERE run_id IN (SELECT id FROM ingest_run WHERE status <> 'complete')");
      }
      st.executeUpdate("DELETE FROM ingest_run WHERE status <> 'complete'");
    }
    List<Integer> runs = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT id FROM ingest_run ORDER BY id")) {
      while (rs.next()) {
        runs.add(rs.getInt(1));
      }
    }
    for (int run : runs) {
      moveRun(c, run);
    }
    try (Statement st = c.createStatement()) {
      for (String t : OLD_TABLES) {
        st.execute("DROP TABLE " + t); // names from the fixed list above
      }
    }
  }

  private static void moveRun(Connection c, int run) throws SQLException, IOException {
    try (CaseWriter w = new CaseWriter(c, run)) {
      RunOutput direct =
          new RunOutput() {
            @Override
            public void block(EncodedBlock block) {
              sql(() -> w.blocks(List.of(block)));
            }

            @Override
            public void pages(List<SegmentPage> pages) {
              sql(() -> w.pages(pages));
            }

            @Override
            public void counts(List<RunCount> counts) {
              sql(() -> w.counts(counts));
            }
          };
      long firstTx;
      try (PreparedStatement ps = c.prepareStatement("SELECT first_tx_id FROM ingest_run WHERE id = ?")) {
        ps.setInt(1, run);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          firstTx = rs.getLong(1);
        }
      }
      RunWriter rw = new RunWriter(direct, CaseWriter.nextBlockId(c), firstTx, MAX_PASSIVE_ENTRIES, 0); // ids kept
      moveTransactions(c, run, rw);
      movePassive(c, run, rw);
      rw.finish();
    }
  }

  private static void moveTransactions(Connection c, int run, RunWriter rw) throws SQLException, IOException {
    String txSql =
        "SELECT t.*, n.name AS qname, ci.ip_key AS client_key, si.ip_key AS server_key FROM tx t"
            + " JOIN ip_addr ci ON ci.id = t.client_ip_id JOIN ip_addr si ON si.id = t.server_ip_id"
            + " LEFT JOIN dns_name n ON n.id = t.qname_id WHERE t.run_id = ? ORDER BY t.id";
    String answerSql =
        "SELECT a.tx_id, i.ip_key FROM tx_answer_ip a JOIN ip_addr i ON i.id = a.ip_id"
            + " JOIN tx t ON t.id = a.tx_id WHERE t.run_id = ? ORDER BY a.tx_id, a.ip_id";
    String otherSql =
        "SELECT o.tx_id, o.ts, o.frame, i.ip_key, o.wire FROM tx_other_reply o JOIN ip_addr i ON i.id = o.server_ip_id"
            + " JOIN tx t ON t.id = o.tx_id WHERE t.run_id = ? ORDER BY o.tx_id, o.ord";
    try (PreparedStatement txs = c.prepareStatement(txSql);
        PreparedStatement answers = c.prepareStatement(answerSql);
        PreparedStatement others = c.prepareStatement(otherSql)) {
      txs.setInt(1, run);
      answers.setInt(1, run);
      others.setInt(1, run);
      try (ResultSet t = txs.executeQuery();
          ResultSet a = answers.executeQuery();
          ResultSet o = others.executeQuery()) {
        boolean aMore = a.next();
        boolean oMore = o.next();
        while (t.next()) {
          long id = t.getLong("id");
          List<IpAddress> ips = new ArrayList<>();
          while (aMore && a.getLong(1) <= id) {
            if (a.getLong(1) == id) {
              ips.add(ip(a.getBytes(2)));
            }
            aMore = a.next();
          }
          List<TxInput.OtherReply> more = new ArrayList<>();
          while (oMore && o.getLong(1) <= id) {
            if (o.getLong(1) == id) {
              more.add(new TxInput.OtherReply(o.getLong(2), o.getLong(3), ip(o.getBytes(4)), o.getBytes(5)));
            }
            oMore = o.next();
          }
          if (id != rw.nextTxId()) {
            rw.breakBlock(id); // ids are kept: a block holds consecutive ids only
          }
          rw.add(
              new TxInput(
                  t.getInt("source_id"),
                  t.getObject("query_frame", Long.class),
                  t.getObject("reply_frame", Long.class),
                  t.getLong("ts"),
                  t.getObject("reply_ts", Long.class),
                  ip(t.getBytes("client_key")),
                  t.getInt("client_port"),
                  ip(t.getBytes("server_key")),
                  t.getInt("server_port"),
                  t.getInt("transport"),
                  t.getInt("port_class"),
                  t.getInt("dns_id"),
                  t.getString("qname"),
                  t.getObject("qtype", Integer.class),
                  t.getObject("qclass", Integer.class),
                  t.getInt("rcode"),
                  t.getInt("status"),
                  t.getInt("role"),
                  t.getObject("query_flags", Integer.class),
                  t.getObject("reply_flags", Integer.class),
                  t.getInt("retransmissions"),
                  t.getInt("identical_replies"),
                  t.getString("reason"),
                  t.getString("query_issue"),
                  t.getString("reply_issue"),
                  t.getBytes("query_wire"),
                  t.getBytes("reply_wire"),
                  ips,
                  more),
              null,
              false);
        }
      }
    }
  }

  private static void movePassive(Connection c, int run, RunWriter rw) throws SQLException, IOException {
    String pdnsSql =
        "SELECT n.name, p.rtype, d.data, i.ip_key, p.first_ts, p.last_ts, p.cnt FROM pdns p"
            + " JOIN dns_name n ON n.id = p.name_id JOIN rdata d ON d.id = p.data_id"
            + " LEFT JOIN ip_addr i ON i.id = p.ip_id WHERE p.run_id = ?";
    try (PreparedStatement ps = c.prepareStatement(pdnsSql)) {
      ps.setInt(1, run);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          byte[] key = rs.getBytes(4);
          rw.passive(rs.getString(1), null, rs.getInt(2), rs.getString(3), key != null ? ip(key) : null,
              rs.getLong(5), rs.getLong(6), rs.getLong(7));
        }
      }
    }
    String clientSql =
        "SELECT i.ip_key, n.name, c.first_ts, c.last_ts, c.cnt FROM pdns_client c"
            + " JOIN dns_name n ON n.id = c.name_id JOIN ip_addr i ON i.id = c.client_ip_id WHERE c.run_id = ?";
    try (PreparedStatement ps = c.prepareStatement(clientSql)) {
      ps.setInt(1, run);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rw.client(ip(rs.getBytes(1)), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5));
        }
      }
    }
  }

  private static IpAddress ip(byte[] key) {
    return IpAddress.of(key, 1, key.length - 1);
  }

  private interface SqlAction {
    void run() throws SQLException;
  }

  private static void sql(SqlAction a) {
    try {
      a.run();
    } catch (SQLException e) {
      throw new UncheckedIOException(new IOException(e.getMessage(), e));
    }
  }
}
