package org.dnslens.storage.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.storage.ChildJvm;
import org.dnslens.storage.TxFixtures;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.search.CaseInfo;
import org.dnslens.storage.search.CaseKeys;
import org.dnslens.storage.search.PassiveDnsQuery;
import org.dnslens.storage.search.PassiveDnsScan;
import org.dnslens.storage.search.SearchQuery;
import org.dnslens.storage.search.StoredTransaction;
import org.dnslens.storage.search.TransactionSearch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * #4: compaction merges the segments of many runs (live parts) into one set; every search, passive DNS
 * query, info and export answer is the same before and after, and a compaction killed at any point (a
 * real child JVM, SIGKILL) leaves the case with the same answers and compactable again.
 */
class SegmentCompactionTest {
  static final int RUNS = 55;

  /** Run r: a few transactions sharing names, clients and answers with other runs, some case variants. */
  static List<TxFixtures.Spec> run(int r) {
    List<TxFixtures.Spec> out = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      long ts = 1_000_000_000L * (r * 12L + i);
      String name = switch (i % 4) {
        case 0 -> "www.example.com";
        case 1 -> "n" + (r % 7) + ".example.com";
        case 2 -> (r % 2 == 0 ? "WWW.Example.COM" : "api.example.net");
        default -> "host" + r + "-" + i + ".example.org";
      };
      out.add(TxFixtures.answered(i + 1, ts, "10.0." + (r % 3) + "." + (i % 5), name,
          "198.51.100." + ((r + i) % 9), "203.0.113." + (i % 4)));
    }
    return out;
  }

  static void ingestRuns(CaseDatabase db, int from, int to) throws Exception {
    for (int r = from; r < to; r++) {
      // every fifth run spills its aggregates into parts (a bound of 5 entries), as a big run does
      try (DatabaseSink sink = r % 5 == 0 ? DatabaseSink.open(db, 5) : DatabaseSink.open(db)) {
        TxFixtures.ingest(sink, List.of(TxFixtures.source(0, TxFixtures.sha(1000 + r))), run(r));
      }
    }
  }

  /** Everything a reader can ask, as comparable text. */
  static List<String> answers(CaseDatabase db) throws Exception {
    List<String> out = new ArrayList<>();
    TransactionSearch s = new TransactionSearch(db);
    for (SearchQuery q : List.of(SearchQuery.all(), SearchQuery.all().withName("www.example.com"),
        SearchQuery.all().withDomain("example.com"), SearchQuery.all().withPattern("*.example.*"),
        SearchQuery.all().withIp("198.51.100.3"), SearchQuery.all().withIp("203.0.113.0/24"),
        SearchQuery.all().withClient("10.0.1.0/24"), SearchQuery.all().withServer("192.0.2.53"))) {
      out.add("count " + s.count(q));
      for (StoredTransaction t : s.search(q.withLimit(SearchQuery.MAX_LIMIT))) {
        out.add("tx " + t.id() + " " + t.sourceLabel() + " " + t.queryFrame() + " " + t.tsNanos() + " " + t.qname()
            + " " + t.clientIp());
      }
    }
    PassiveDnsQuery p = new PassiveDnsQuery(db);
    p.byName("*", 0).forEach(e -> out.add("pdns " + e));
    p.byName("*.example.com", 0).forEach(e -> out.add("pdns-sub " + e));
    p.byIp("198.51.100.0/24", 0).forEach(e -> out.add("pdns-ip " + e));
    p.clientsForName("*", 0).forEach(e -> out.add("clients " + e));
    p.namesForClient("10.0.0.0/8", 0).forEach(e -> out.add("names " + e));
    new PassiveDnsScan(db).all(e -> out.add("export " + e));
    CaseKeys k = new CaseKeys(db);
    k.forEachName(n -> out.add("name " + n));
    k.forEachAddress((IpAddress a) -> out.add("address " + a));
    CaseInfo info = CaseInfo.load(db);
    out.add("info " + info.transactions() + " " + info.records() + " " + info.topNames() + " " + info.topClients()
        + " " + info.sources().size());
    return out;
  }

  static long orphanPageData(CaseDatabase db) {
    return db.jdbi().withHandle(h -> h.createQuery(
        "SELECT COUNT(*) FROM seg_page_data WHERE page_id NOT IN (SELECT id FROM seg_page)").mapTo(Long.class).one());
  }

  @Test
  void fiftyFiveRunsCompactIntoOneSetWithTheSameAnswers(@TempDir Path dir) throws Exception {
    try (CaseDatabase db = CaseDatabase.open(dir.resolve("many"))) {
      ingestRuns(db, 0, RUNS);
      List<String> before = answers(db);
      int pagesBefore = SegmentCompaction.pages(db);
      assertThat(SegmentCompaction.owners(db)).isEqualTo(RUNS);

      SegmentCompaction.Result r = SegmentCompaction.compact(db);
      assertThat(r.owners()).isEqualTo(RUNS);
      assertThat(r.pagesBefore()).isEqualTo(pagesBefore);
      assertThat(SegmentCompaction.owners(db)).isEqualTo(1);
      assertThat(SegmentCompaction.pages(db)).isEqualTo(r.pagesAfter()).isLessThan(pagesBefore / 10);
      assertThat(orphanPageData(db)).isZero();
      assertThat(answers(db)).containsExactlyElementsOf(before);

      // An ingest after a compaction, then a second compaction that takes the first one's set in.
      ingestRuns(db, RUNS, RUNS + 3);
      List<String> more = answers(db);
      assertThat(more).isNotEqualTo(before);
      assertThat(SegmentCompaction.compact(db).owners()).isEqualTo(4);
      assertThat(SegmentCompaction.owners(db)).isEqualTo(1);
      assertThat(answers(db)).containsExactlyElementsOf(more);
      long runRows = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM ingest_run").mapTo(Long.class).one());
      assertThat(runRows).as("the first compaction's run went with its pages").isEqualTo(RUNS + 3 + 1);
      assertThat(SegmentCompaction.compact(db).owners()).as("one set: nothing to do").isZero();
      assertThat(db.alreadyIngested(TxFixtures.sha(1000))).isTrue();
    }
  }

  @Test
  void compactIfNeededCompactsPastTheThresholdOnly(@TempDir Path dir) throws Exception {
    try (CaseDatabase db = CaseDatabase.open(dir.resolve("few"))) {
      ingestRuns(db, 0, SegmentCompaction.AUTO_COMPACT_OWNERS);
      assertThat(SegmentCompaction.compactIfNeeded(db)).isNull();
      assertThat(SegmentCompaction.owners(db)).isEqualTo(SegmentCompaction.AUTO_COMPACT_OWNERS);
      ingestRuns(db, SegmentCompaction.AUTO_COMPACT_OWNERS, SegmentCompaction.AUTO_COMPACT_OWNERS + 1);
      SegmentCompaction.Result r = SegmentCompaction.compactIfNeeded(db);
      assertThat(r).isNotNull();
      assertThat(r.owners()).isEqualTo(SegmentCompaction.AUTO_COMPACT_OWNERS + 1);
      assertThat(SegmentCompaction.owners(db)).isEqualTo(1);
    }
  }

  /** The child: compacts the case and stops at the checkpoint named in args[1] until it is killed. */
  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    CaseDatabase db = CaseDatabase.open(Path.of(args[0]));
    Runnable stop = () -> {
      out.println("AT " + args[1]);
      try {
        Thread.sleep(600_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
    SegmentCompaction.compact(db, new SegmentCompaction.Checkpoints() {
      @Override
      public void pagesCommitted() {
        if (args[1].equals("pages")) {
          stop.run();
        }
      }

      @Override
      public void switched() {
        if (args[1].equals("switched")) {
          stop.run();
        }
      }
    });
    out.println("NOT STOPPED");
  }

  @Test
  void aCompactionKilledWhileWritingLeavesTheCaseAsItWas(@TempDir Path dir) throws Exception {
    killedAt("pages", dir);
  }

  @Test
  void aCompactionKilledAfterTheSwitchLeavesTheCompactedCase(@TempDir Path dir) throws Exception {
    killedAt("switched", dir);
  }

  private static void killedAt(String checkpoint, Path dir) throws Exception {
    Path casePath = dir.resolve("killed-" + checkpoint);
    List<String> before;
    try (CaseDatabase db = CaseDatabase.open(casePath)) {
      ingestRuns(db, 0, RUNS);
      before = answers(db);
    }
    try (ChildJvm child = ChildJvm.start(SegmentCompactionTest.class, casePath.toString(), checkpoint)) {
      assertThat(child.awaitLine("AT ")).isEqualTo("AT " + checkpoint);
      Thread.sleep(3_000); // past H2's write delay, so what the child committed is on disk
      child.kill();
    }
    try (CaseDatabase db = CaseDatabase.open(casePath)) {
      assertThat(answers(db)).containsExactlyElementsOf(before);
      assertThat(SegmentCompaction.owners(db)).isEqualTo(checkpoint.equals("pages") ? RUNS : 1);
      if (checkpoint.equals("switched")) {
        assertThat(orphanPageData(db)).as("old pages' data the kill left").isPositive();
      }
      SegmentCompaction.Result again = SegmentCompaction.compact(db);
      assertThat(again.removedIncompleteRuns()).isEqualTo(checkpoint.equals("pages") ? 1 : 0);
      assertThat(SegmentCompaction.owners(db)).isEqualTo(1);
      assertThat(orphanPageData(db)).isZero();
      assertThat(answers(db)).containsExactlyElementsOf(before);
      // and an ingest still works after it
      ingestRuns(db, RUNS, RUNS + 1);
      assertThat(new TransactionSearch(db).count(SearchQuery.all())).isEqualTo((RUNS + 1) * 12L);
    }
  }
}
