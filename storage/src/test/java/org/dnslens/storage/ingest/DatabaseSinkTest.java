package org.dnslens.storage.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dnslens.storage.TxFixtures.answered;
import static org.dnslens.storage.TxFixtures.build;
import static org.dnslens.storage.TxFixtures.sha;
import static org.dnslens.storage.TxFixtures.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dnslens.engine.ingest.SourceInfo;
import org.dnslens.engine.model.DecodeIssue;
import org.dnslens.engine.model.FrameRef;
import org.dnslens.engine.model.IssueReason;
import org.dnslens.engine.model.RrType;
import org.dnslens.engine.model.Transaction;
import org.dnslens.engine.model.TransactionStatus;
import org.dnslens.storage.TxFixtures;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.casefile.CaseException;
import org.dnslens.storage.search.CaseInfo;
import org.dnslens.storage.search.SearchQuery;
import org.dnslens.storage.search.StoredTransaction;
import org.dnslens.storage.search.TransactionSearch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseSinkTest {
  @TempDir Path dir;

  private static List<TxFixtures.Spec> specs(int n, long base) {
    List<TxFixtures.Spec> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(answered(2L * i + 1, base + i * 1_000_000L, "10.0.0." + (i % 50), "host" + i + ".example.com",
          "198.51.100." + (i % 200)));
    }
    return out;
  }

  /**
   * When complete() returns, the run is in the case file, not only in H2's memory: the file copied then (what a
   * kill -9, or a write that fails a moment later, would leave) opens with the run complete. H2 writes a commit
   * in the background (its write delay) unless told to write it now; a disk filling in that gap was found only by
   * the next statement, after the ingest had said it was complete (seen in CI: DiskFullIngestTest, exit 0).
   */
  @Test
  void aCompletedRunIsInTheFileBeforeTheDatabaseCloses() throws Exception {
    Path file = CaseDatabase.caseFile(dir.resolve("case"));
    Path copy = dir.resolve("copy" + CaseDatabase.FILE_SUFFIX);
    for (int round = 0; round < 3; round++) { // each round's run must be in the file as complete() returns
      try (CaseDatabase db = CaseDatabase.open(dir.resolve("case"))) {
        try (DatabaseSink sink = DatabaseSink.open(db)) {
          TxFixtures.ingest(sink, List.of(source(0, sha(20 + round))), specs(30, 1_000_000_000L * (round + 1)));
          Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
        }
      }
      try (CaseDatabase image = CaseDatabase.open(dir.resolve("copy"))) {
        assertThat(CaseInfo.load(image).transactions()).as("round %d", round).isEqualTo(30L * (round + 1));
        assertThat(image.alreadyIngested(sha(20 + round))).isTrue();
      }
    }
  }

  /** Blob rows of a failed run whose block or page is gone (seen once after a failed last write) are removed. */
  @Test
  void blobsLeftWithoutTheirBlockOrPageDoNotStopTheNextRun() throws Exception {
    try (CaseDatabase db = CaseDatabase.open(dir.resolve("case"))) {
      try (DatabaseSink sink = DatabaseSink.open(db)) {
        TxFixtures.ingest(sink, List.of(source(0, sha(31))), specs(20, 1_000_000_000L));
      }
      db.jdbi().useHandle(h -> {
        // The ids the next run takes first: a leftover there made its insert fail on the primary key.
        h.execute("INSERT INTO tx_block_summary (block_id, data) SELECT MAX(id) + 1, X'00' FROM tx_block");
        h.execute("INSERT INTO tx_block_wire (block_id, data) SELECT MAX(id) + 1, X'00' FROM tx_block");
        h.execute("INSERT INTO seg_page_data (page_id, data) SELECT MAX(id) + 1, X'00' FROM seg_page");
      });
      try (DatabaseSink sink = DatabaseSink.open(db)) {
        TxFixtures.ingest(sink, List.of(source(0, sha(32))), specs(20, 2_000_000_000L));
      }
      assertThat(CaseInfo.load(db).transactions()).isEqualTo(40);
      List<StoredTransaction> all = new TransactionSearch(db).search(SearchQuery.all());
      assertThat(all).hasSize(40);
      assertThat(all.get(39).qname()).isEqualTo("host19.example.com"); // the new run's own summary, decoded
    }
  }

  @Test
  void roundTripKeepsEveryField() throws Exception {
    var specs = List.of(
        TxFixtures.spec(0, 1, 1_700_000_000_000_000_000L, "10.1.2.3", "192.0.2.53", "WWW.Example.COM", RrType.A,
            List.of("198.51.100.7", "198.51.100.8"), TransactionStatus.ANSWERED, 0),
        TxFixtures.spec(0, 5, 1_700_000_001_000_000_000L, "2001:db8::1", "2001:db8::53", "v6.example.org",
            RrType.AAAA, List.of("2001:db8:1::9"), TransactionStatus.ANSWERED, 0),
        TxFixtures.spec(0, 9, 1_700_000_002_000_000_000L, "10.1.2.3", "192.0.2.53", "nx.example.net", RrType.TXT,
            List.of(), TransactionStatus.ANSWERED, 3),
        TxFixtures.spec(0, 11, 1_700_000_003_000_000_000L, "10.1.2.4", "192.0.2.53", "lost.example.net", RrType.A,
            List.of(), TransactionStatus.UNANSWERED, -1),
        TxFixtures.spec(0, 13, 1_700_000_004_000_000_000L, "10.1.2.5", "192.0.2.53", "orphan.example.net",
            RrType.A, List.of("203.0.113.1"), TransactionStatus.ORPHAN_REPLY, 0));
    List<Transaction> built = specs.stream().map(TxFixtures::build).toList();
    List<SourceInfo> sources = List.of(source(0, sha(1)));
    try (CaseDatabase db = CaseDatabase.open(dir.resolve("case"))) {
      try (DatabaseSink sink = DatabaseSink.open(db)) {
        sink.begin(sources);
        for (Transaction t : built) {
          sink.transaction(t);
        }
        sink.complete(TxFixtures.stats(built.size(), sources, Map.of()));
      }
      List<StoredTransaction> got = new TransactionSearch(db).search(SearchQuery.all());
      assertThat(got).hasSize(built.size());
      for (int i = 0; i < built.size(); i++) {
        Transaction t = built.get(i);
        StoredTransaction s = got.get(i);
        assertThat(s.sourceLabel()).isEqualTo("source0.pcap");
        assertThat(s.tsNanos()).isEqualTo(t.queryTimestampNanos());
        assertThat(s.clientIp()).isEqualTo(t.clientIp());
        assertThat(s.clientPort()).isEqualTo(t.clientPort());
        assertThat(s.serverIp()).isEqualTo(t.serverIp());
        assertThat(s.serverPort()).isEqualTo(t.serverPort());
        assertThat(s.transport()).isEqualTo(t.transport());
        assertThat(s.dnsId()).isEqualTo(t.transactionId());
        assertThat(s.qname()).isEqualTo(t.question().name().toString());
        assertThat(s.qtype()).isEqualTo(t.question().type());
        assertThat(s.qclass()).isEqualTo(t.question().dnsClass());
        assertThat(s.rcode()).isEqualTo(t.rcode());
        assertThat(s.status()).isEqualTo(t.status());
        assertThat(s.role()).isEqualTo(t.role());
        assertThat(s.rttNanos()).isEqualTo(t.rttNanos());
        assertThat(s.reason()).isEqualTo(t.reason() != null ? t.reason().label() : null);
        assertThat(s.queryFrame()).isEqualTo(t.query() != null ? t.query().meta().frame().frameNumber() : null);
        assertThat(s.replyFrame()).isEqualTo(t.reply() != null ? t.reply().meta().frame().frameNumber() : null);
        assertThat(s.queryFlags()).isEqualTo(t.query() != null ? t.query().header().flags() : null);
        assertThat(s.replyFlags()).isEqualTo(t.reply() != null ? t.reply().header().flags() : null);
        assertThat(s.queryWire()).isEqualTo(t.query() != null ? t.query().wire() : null);
        assertThat(s.replyWire()).isEqualTo(t.reply() != null ? t.reply().wire() : null);
      }
      CaseInfo info = CaseInfo.load(db);
      assertThat(info.transactions()).isEqualTo(5);
      assertThat(info.records()).isEqualTo(4);
      assertThat(info.sources()).singleElement().satisfies(s -> {
        assertThat(s.sha256()).isEqualTo(sha(1));
        assertThat(s.transactions()).isEqualTo(5);
        assertThat(s.format()).isEqualTo("pcap");
      });
    }
  }

  @Test
  void sameCaptureTwiceAddsNothing() throws Exception {
    List<SourceInfo> sources = List.of(source(0, sha(7)));
    try (CaseDatabase db = CaseDatabase.open(dir.resolve("case"))) {
      try (DatabaseSink sink = DatabaseSink.open(db)) {
        TxFixtures.ingest(sink, sources, specs(12, 1_000_000_000L));
      }
      assertThat(db.alreadyIngested(sha(7))).isTrue();
      assertThat(db.alreadyIngested(sha(8))).isFalse();
      try (DatabaseSink sink = DatabaseSink.open(db)) {
        TxFixtures.ingest(sink, sources, specs(12, 1_000_000_000L));
        assertThat(sink.skippedSourceIds()).containsExactly(0);
      }
      assertThat(new TransactionSearch(db).count(SearchQuery.all())).isEqualTo(12);
      assertThat(CaseInfo.load(db).transactions()).isEqualTo(12);
      assertThat(CaseInfo.load(db).sources()).hasSize(1);
    }
  }

  @Test
  void closeWithoutCompleteLeavesNothing() throws Exception {
    List<SourceInfo> sources = List.of(source(0, sha(3)));
    try (CaseDatabase db = CaseDatabase.open(dir.resolve("case"))) {
      try (DatabaseSink sink = DatabaseSink.open(db)) {
        sink.begin(sources);
        for (var s : specs(3 * DatabaseSink.CHUNK_TRANSACTIONS + 17, 0)) {
          sink.transaction(build(s));
        }
        sink.issue(new DecodeIssue(new FrameRef(0, 3), 5, IssueReason.UDP_TRUNCATED, "offset 8"));
      }
      assertThat(db.alreadyIngested(sha(3))).isFalse();
      assertThat(stored(db)).isZero();
      assertThat(rows(db, "seg_page")).isZero();
      assertThat(rows(db, "run_count")).isZero();
      assertThat(rows(db, "source")).isZero();
      assertThat(rows(db, "issue_sample")).isZero();
      assertThat(rows(db, "ingest_run")).isZero();
      try (DatabaseSink sink = DatabaseSink.open(db)) {
        TxFixtures.ingest(sink, sources, specs(40, 0));
      }
      assertThat(stored(db)).isEqualTo(40);
    }
  }

  /** A process that dies mid-run: committed chunks stay behind, marked 'running'; the next open removes them. */
  @Test
  void abandonedRunIsRemovedByTheNextIngest() throws Exception {
    Path file = dir.resolve("case");
    List<SourceInfo> sources = List.of(source(0, sha(4)));
    // Past the run writer's reorder heap: only then do blocks, and chunks, leave it before the run ends.
    var specs = specs(org.dnslens.storage.layout.RunWriter.REORDER_TRANSACTIONS + 2 * DatabaseSink.CHUNK_TRANSACTIONS + 5, 0);
    CaseDatabase db = CaseDatabase.open(file);
    DatabaseSink sink = DatabaseSink.open(db);
    sink.begin(sources);
    for (var s : specs) {
      sink.transaction(build(s));
    }
    // Wait until the writer committed at least one chunk, then pull the plug without close().
    for (int i = 0; i < 200 && stored(db) == 0; i++) {
      Thread.sleep(50);
    }
    assertThat(stored(db)).isPositive();
    try {
      db.jdbi().useHandle(h -> h.execute("SHUTDOWN IMMEDIATELY"));
    } catch (org.jdbi.v3.core.JdbiException expected) {
      // the database closes under the statement, like a killed process
    }
    try (CaseDatabase again = CaseDatabase.open(file)) {
      assertThat(again.alreadyIngested(sha(4))).isFalse();
      assertThat(new TransactionSearch(again).count(SearchQuery.all())).isZero();
      try (DatabaseSink s2 = DatabaseSink.open(again)) {
        // In this JVM the first sink's writer thread outlives SHUTDOWN IMMEDIATELY: when it fails it may reopen
        // the file through its pool and remove its own run before we get here (a killed process cannot;
        // KilledIngestTest covers that). Either way nothing of the run may remain, which the counts below check.
        assertThat(s2.removedIncompleteRuns()).isBetween(0, 1);
        TxFixtures.ingest(s2, sources, specs);
      }
      assertThat(stored(again)).isEqualTo(specs.size());
      assertThat(new TransactionSearch(again).count(SearchQuery.all())).isEqualTo(specs.size());
      assertThat(rows(again, "tx_block")).isEqualTo(rows(again, "tx_block_wire"));
      long unfinished =
          again.jdbi().withHandle(
              h -> h.createQuery("SELECT COUNT(*) FROM ingest_run WHERE status <> 'complete'").mapTo(Long.class).one());
      assertThat(unfinished).isZero();
    }
  }

  @Test
  void secondIngestWaitsForNoOneAndIsRefused() throws Exception {
    try (CaseDatabase db = CaseDatabase.open(dir.resolve("case"));
        DatabaseSink first = DatabaseSink.open(db)) {
      assertThatThrownBy(() -> DatabaseSink.open(db))
          .isInstanceOf(CaseException.class)
          .hasMessageContaining("another ingest");
      first.begin(List.of());
    }
  }

  @Test
  void passiveDnsMergesAcrossRunsInMemory() throws Exception {
    passiveDnsMergesAcrossRuns(DatabaseSink.MAX_PASSIVE_ENTRIES_IN_MEMORY);
  }

  @Test
  void passiveDnsMergesAcrossRunsWhenSpilled() throws Exception {
    passiveDnsMergesAcrossRuns(1);
  }

  private void passiveDnsMergesAcrossRuns(int maxInMemory) throws Exception {
    try (CaseDatabase db = CaseDatabase.open(dir.resolve("case"))) {
      try (DatabaseSink sink = DatabaseSink.open(db, maxInMemory)) {
        TxFixtures.ingest(sink, List.of(source(0, sha(1))),
            List.of(answered(1, 5_000, "10.0.0.1", "a.example.com", "198.51.100.1")));
      }
      try (DatabaseSink sink = DatabaseSink.open(db, maxInMemory)) {
        TxFixtures.ingest(sink, List.of(source(0, sha(2))),
            List.of(answered(1, 1_000, "10.0.0.1", "a.example.com", "198.51.100.1"),
                answered(3, 9_000, "10.0.0.1", "A.EXAMPLE.COM", "198.51.100.1")));
      }
      var rows = new org.dnslens.storage.search.PassiveDnsQuery(db).byName("a.example.com", 100);
      // Two distinct names (case kept as evidence), same data.
      long total = rows.stream().mapToLong(e -> e.count()).sum();
      assertThat(total).isEqualTo(3);
      var lower = rows.stream().filter(e -> e.name().equals("a.example.com")).findFirst().orElseThrow();
      assertThat(lower.count()).isEqualTo(2);
      assertThat(lower.firstNanos()).isEqualTo(1_000 + 1_500_000);
      assertThat(lower.lastNanos()).isEqualTo(5_000 + 1_500_000);
      var clients = new org.dnslens.storage.search.PassiveDnsQuery(db).namesForClient("10.0.0.1", 100);
      assertThat(clients).extracting(c -> c.count()).containsExactlyInAnyOrder(2L, 1L);
      // by address and by client, names come through the name table of each run's part (one part per
      // transaction when spilled): each entry's own, whatever ordinals the other parts gave the names
      assertThat(clients).extracting(c -> c.name() + "=" + c.count())
          .containsExactly("A.EXAMPLE.COM=1", "a.example.com=2");
      assertThat(new org.dnslens.storage.search.PassiveDnsQuery(db).byIp("198.51.100.1", 100))
          .extracting(e -> e.name() + "=" + e.count()).containsExactly("A.EXAMPLE.COM=1", "a.example.com=2");
      // Passive DNS is kept per run (segments) and summed at query time.
      assertThat(new org.dnslens.storage.search.PassiveDnsQuery(db).clientsForName("a.example.com", 100))
          .extracting(c -> c.count()).containsExactlyInAnyOrder(2L, 1L);
    }
  }

  /** Transactions stored in blocks, of every run (complete or not). */
  static long stored(CaseDatabase db) {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT COALESCE(SUM(tx_count), 0) FROM tx_block").mapTo(Long.class).one());
  }

  static long rows(CaseDatabase db, String table) {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
  }
}
