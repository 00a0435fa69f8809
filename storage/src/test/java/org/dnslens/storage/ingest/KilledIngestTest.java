package org.dnslens.storage.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dnslens.engine.ingest.SourceInfo;
import org.dnslens.storage.ChildJvm;
import org.dnslens.storage.TxFixtures;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.layout.RunWriter;
import org.dnslens.storage.search.SearchQuery;
import org.dnslens.storage.search.TransactionSearch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test: a real ingest process killed mid-way (SIGKILL, no shutdown hooks) leaves
 * a case that opens, shows nothing of the dead run, and re-running the ingest stores every transaction
 * exactly once.
 */
class KilledIngestTest {
  /** Past the run writer's reorder heap, so chunks are committed while the run goes on. */
  static final int TRANSACTIONS = RunWriter.REORDER_TRANSACTIONS + 3 * DatabaseSink.CHUNK_TRANSACTIONS + 123;

  static List<TxFixtures.Spec> specs() {
    List<TxFixtures.Spec> out = new ArrayList<>();
    for (int i = 0; i < TRANSACTIONS; i++) {
      out.add(TxFixtures.answered(2L * i + 1, 1_000_000L * i, "10.0.0." + (i % 200), "n" + i + ".example.com",
          "198.51.100." + (i % 250)));
    }
    return out;
  }

  static List<SourceInfo> sources() {
    return List.of(TxFixtures.source(0, TxFixtures.sha(99)));
  }

  /** The child process: ingests until at least one chunk is committed, says so, then dawdles until killed. */
  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
    CaseDatabase db = CaseDatabase.open(Path.of(args[0]));
    DatabaseSink sink = DatabaseSink.open(db);
    sink.begin(sources());
    List<TxFixtures.Spec> specs = specs();
    boolean told = false;
    for (int i = 0; i < specs.size(); i++) {
      sink.transaction(TxFixtures.build(specs.get(i)));
      if (!told && i > RunWriter.REORDER_TRANSACTIONS + 2 * DatabaseSink.CHUNK_TRANSACTIONS) {
        while (DatabaseSinkTest.stored(db) == 0) {
          Thread.sleep(20);
        }
        out.println("COMMITTED " + DatabaseSinkTest.stored(db));
        told = true;
      }
      if (told) {
        Thread.sleep(5);
      }
    }
    Thread.sleep(600_000);
  }

  @Test
  void killedIngestRecoversExactlyOnce(@TempDir Path dir) throws Exception {
    Path casePath = dir.resolve("killed");
    try (ChildJvm child = ChildJvm.start(KilledIngestTest.class, casePath.toString())) {
      child.awaitLine("COMMITTED");
      // H2 writes commits to the file within its write delay (0.5 s); wait past it so the dead run's
      // chunks are really on disk, then kill -9 while the run is still going.
      Thread.sleep(3_000);
      child.kill();
    }

    try (CaseDatabase db = CaseDatabase.open(casePath)) {
      assertThat(db.alreadyIngested(TxFixtures.sha(99))).isFalse();
      assertThat(new TransactionSearch(db).count(SearchQuery.all())).isZero();
      assertThat(DatabaseSinkTest.stored(db)).as("the dead run's committed chunks").isPositive();
      try (DatabaseSink sink = DatabaseSink.open(db)) {
        assertThat(sink.removedIncompleteRuns()).isEqualTo(1);
        TxFixtures.ingest(sink, sources(), specs());
      }
      assertThat(DatabaseSinkTest.stored(db)).isEqualTo(TRANSACTIONS);
      assertThat(new TransactionSearch(db).count(SearchQuery.all())).isEqualTo(TRANSACTIONS);
      assertThat(new TransactionSearch(db).count(SearchQuery.all().withIp("198.51.100.0/24"))).isEqualTo(TRANSACTIONS);
      long distinct =
          new TransactionSearch(db).search(SearchQuery.all().withLimit(SearchQuery.MAX_LIMIT)).stream()
              .map(t -> t.queryFrame()).distinct().count();
      assertThat(distinct).isEqualTo(TRANSACTIONS);
      assertThat(db.alreadyIngested(TxFixtures.sha(99))).isTrue();
    }
  }
}
