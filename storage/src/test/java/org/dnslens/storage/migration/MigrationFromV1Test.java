package org.dnslens.storage.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.casefile.NameKeys;
import org.dnslens.storage.ingest.DatabaseSink;
import org.dnslens.storage.search.CaseInfo;
import org.dnslens.storage.search.PassiveDnsQuery;
import org.dnslens.storage.search.SearchQuery;
import org.dnslens.storage.search.StoredTransaction;
import org.dnslens.storage.search.TransactionSearch;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real case file made with the released V1 (and V1+V2) schema by Flyway {@code target}, filled with rows
 * the way the row-layout ingest wrote them, then opened by this version: V3/V4 move every transaction,
 * answer address, other reply and passive-DNS aggregate of complete runs into blocks and segments, drop
 * the dead run, and searches find everything with the same ids and bytes.
 */
class MigrationFromV1Test {
  @TempDir Path dir;

  static final byte[] Q1 = {0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0};
  static final byte[] R1 = {0x12, 0x34, (byte) 0x81, (byte) 0x80, 0, 1, 0, 1, 0, 0, 0, 0};
  static final byte[] OTHER = {0x12, 0x34, (byte) 0x81, (byte) 0x83, 0, 1, 0, 0, 0, 0, 0, 0};

  @ParameterizedTest
  @ValueSource(strings = {"1", "2"})
  void oldCaseIsMovedIntoBlocks(String version) throws Exception {
    Path base = dir.resolve("old");
    Flyway.configure()
        .dataSource("jdbc:h2:file:" + base, "sa", "")
        .table("dnslens_schema_history")
        .locations("classpath:db/migration")
        .target(version)
        .load()
        .migrate();
    try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + base, "sa", "");
        Statement st = c.createStatement()) {
      st.execute("INSERT INTO ingest_run (id, status, first_tx_id, transactions, records) VALUES (1, 'complete', 1, 3, 5)");
      st.execute("INSERT INTO ingest_run (id, status, first_tx_id) VALUES (2, 'running', 4)");
      st.execute("INSERT INTO source (id, run_id, label, sha256, size_bytes, transactions) VALUES"
          + " (1, 1, 'old.pcap', '" + "a".repeat(64) + "', 1000, 3), (2, 2, 'dead.pcap', '" + "b".repeat(64) + "', 5, 1)");
      st.execute("INSERT INTO dns_name (id, name, lname, rname) VALUES (1, 'WWW.Example.com', 'www.example.com',"
          + " 'com.example.www'), (2, 'mail.example.org', 'mail.example.org', 'org.example.mail')");
      insertIp(c, 1, "10.0.0.5");
      insertIp(c, 2, "192.0.2.53");
      insertIp(c, 3, "198.51.100.7");
      insertIp(c, 4, "2001:db8::1");
      st.execute("INSERT INTO rdata (id, data) VALUES (1, '198.51.100.7')");
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO tx (id, run_id, source_id, query_frame, reply_frame, ts, reply_ts, client_ip_id, client_port,"
              + " server_ip_id, server_port, transport, port_class, dns_id, qname_id, qtype, qclass, rcode, status,"
              + " role, query_flags, reply_flags, retransmissions, identical_replies, reason, query_issue,"
              + " reply_issue, query_wire, reply_wire) VALUES (?, ?, 1, ?, ?, ?, ?, ?, 50000, 2, 53, 0, 0, 4660,"
              + " ?, 1, 1, ?, 0, 0, 256, ?, 0, 0, NULL, NULL, NULL, ?, ?)")) {
        Object[][] rows = {
          {1L, 1, 1L, 2L, 1_000L, 2_000L, 1, 1, 0, 33152, Q1, R1},
          {2L, 1, 3L, null, 5_000L, null, 4, 2, -1, null, Q1, null},
          {3L, 1, 4L, 5L, 9_000L, 9_500L, 1, 1, 0, 33152, Q1, R1},
          {4L, 2, 7L, 8L, 20_000L, 20_100L, 1, 1, 0, 33152, Q1, R1},
        };
        for (Object[] r : rows) {
          for (int i = 0; i < r.length; i++) {
            ps.setObject(i + 1, r[i]);
          }
          ps.executeUpdate();
        }
      }
      st.execute("INSERT INTO tx_answer_ip (tx_id, ip_id) VALUES (1, 3), (3, 3), (4, 3)");
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO tx_other_reply (tx_id, ord, ts, frame, server_ip_id, wire) VALUES (3, 0, 9600, 6, 2, ?)")) {
        ps.setBytes(1, OTHER);
        ps.executeUpdate();
      }
      st.execute("INSERT INTO pdns (run_id, name_id, rtype, data_id, ip_id, first_ts, last_ts, cnt) VALUES"
          + " (1, 1, 1, 1, 3, 2000, 9500, 2), (2, 1, 1, 1, 3, 20100, 20100, 1)");
      st.execute("INSERT INTO pdns_client (run_id, client_ip_id, name_id, first_ts, last_ts, cnt) VALUES"
          + " (1, 1, 1, 1000, 9000, 2), (1, 4, 2, 5000, 5000, 1), (2, 1, 1, 20000, 20000, 1)");
      st.execute("INSERT INTO issue_count (run_id, reason, cnt) VALUES (1, 'udp-truncated', 4)");
    }

    try (CaseDatabase db = CaseDatabase.open(base)) {
      TransactionSearch s = new TransactionSearch(db);
      assertThat(s.count(SearchQuery.all())).isEqualTo(3);
      List<StoredTransaction> all = s.search(SearchQuery.all());
      assertThat(all).extracting(StoredTransaction::id).containsExactly(1L, 2L, 3L);
      StoredTransaction first = all.get(0);
      assertThat(first.qname()).isEqualTo("WWW.Example.com");
      assertThat(first.clientIp()).isEqualTo(IpAddress.parse("10.0.0.5"));
      assertThat(first.serverIp()).isEqualTo(IpAddress.parse("192.0.2.53"));
      assertThat(first.sourceLabel()).isEqualTo("old.pcap");
      assertThat(first.queryWire()).isEqualTo(Q1);
      assertThat(first.replyWire()).isEqualTo(R1);
      assertThat(first.replyFlags()).isEqualTo(33152);
      assertThat(all.get(1).replyWire()).isNull();
      assertThat(all.get(1).rcode()).isEqualTo(-1);
      assertThat(all.get(1).clientIp()).isEqualTo(IpAddress.parse("2001:db8::1"));
      assertThat(all.get(2).replyWire()).isEqualTo(R1); // the other reply stays apart
      assertThat(s.search(SearchQuery.all().withName("www.example.com"))).extracting(StoredTransaction::id)
          .containsExactly(1L, 3L);
      assertThat(s.search(SearchQuery.all().withDomain("example.org"))).extracting(StoredTransaction::id)
          .containsExactly(2L);
      assertThat(s.search(SearchQuery.all().withIp("198.51.100.0/24"))).extracting(StoredTransaction::id)
          .containsExactly(1L, 3L);
      assertThat(s.search(SearchQuery.all().withIp("2001:db8::/32"))).extracting(StoredTransaction::id)
          .containsExactly(2L);
      var pdns = new PassiveDnsQuery(db).byName("www.example.com", 10);
      assertThat(pdns).hasSize(1);
      assertThat(pdns.get(0).count()).isEqualTo(2);
      assertThat(pdns.get(0).data()).isEqualTo("198.51.100.7");
      assertThat(new PassiveDnsQuery(db).namesForClient("10.0.0.5", 10)).extracting(e -> e.count())
          .containsExactly(2L);
      CaseInfo info = CaseInfo.load(db);
      assertThat(info.transactions()).isEqualTo(3);
      assertThat(info.sources()).extracting(CaseInfo.Source::label).containsExactly("old.pcap");
      assertThat(info.issues()).containsEntry("udp-truncated", 4L);
      assertThat(info.topNames().get(0).key()).isEqualTo("WWW.Example.com");
      assertThat(info.firstNanos()).isEqualTo(1_000L);
      assertThat(db.alreadyIngested("a".repeat(64))).isTrue();
      assertThat(db.alreadyIngested("b".repeat(64))).isFalse();
      // The old row tables are gone; a new ingest continues after the kept ids.
      int oldTables = db.jdbi().withHandle(h -> h.createQuery(
              "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME IN ('TX', 'PDNS', 'DNS_NAME')")
          .mapTo(Integer.class).one());
      assertThat(oldTables).isZero();
      try (DatabaseSink sink = DatabaseSink.open(db)) {
        org.dnslens.storage.TxFixtures.ingest(sink, List.of(org.dnslens.storage.TxFixtures.source(0,
            org.dnslens.storage.TxFixtures.sha(5))), List.of(org.dnslens.storage.TxFixtures.answered(1, 50_000,
            "10.0.0.9", "new.example.com", "203.0.113.1")));
      }
      assertThat(s.search(SearchQuery.all().withName("new.example.com"))).extracting(StoredTransaction::id)
          .containsExactly(4L);
      assertThat(s.count(SearchQuery.all().withDomain("example.com"))).isEqualTo(3);
    }
  }

  private static void insertIp(Connection c, int id, String text) throws Exception {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO ip_addr (id, ip_key, text) VALUES (?, ?, ?)")) {
      ps.setInt(1, id);
      ps.setBytes(2, NameKeys.ipKey(IpAddress.parse(text)));
      ps.setString(3, text);
      ps.executeUpdate();
    }
  }
}
