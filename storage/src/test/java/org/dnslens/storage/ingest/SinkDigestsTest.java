package org.dnslens.storage.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dnslens.storage.TxFixtures.answered;
import static org.dnslens.storage.TxFixtures.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.dnslens.engine.ingest.SourceDigests;
import org.dnslens.engine.ingest.SourceInfo;
import org.dnslens.storage.TxFixtures;
import org.dnslens.storage.casefile.CaseDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Captures that come without their sha256 ({@link DatabaseSink#open(CaseDatabase, SourceDigests)}): one
 * that could be a duplicate (its size is in the case, or twice in the run) is hashed before its reading
 * begins and skipped when it is one; every other gets its digest when the run completes; a capture that
 * cannot be hashed fails the run and leaves nothing. Real files, real H2 cases, the real hashing thread.
 */
class SinkDigestsTest {
  @TempDir Path dir;

  @Test
  void aCaptureOfANewSizeGetsItsDigestWhenTheRunCompletes() throws Exception {
    Path a = file("a.pcap", 100, 1);
    List<SourceInfo> sources = List.of(source(0, a));
    try (CaseDatabase db = CaseDatabase.open(dir.resolve("case"));
        SourceDigests digests = SourceDigests.start(sources);
        DatabaseSink sink = DatabaseSink.open(db, digests)) {
      sink.begin(sources);
      assertThat(storedShas(db)).containsExactly((String) null); // not needed yet: nothing of its size
      feed(sink, 5);
      sink.complete(TxFixtures.stats(5, sources, Map.of()));
      assertThat(storedShas(db)).containsExactly(sha256(a));
      assertThat(db.alreadyIngested(sha256(a))).isTrue();
    }
  }

  @Test
  void aCaptureOfASizeInTheCaseIsHashedFirstAndSkippedWhenItIsTheSame() throws Exception {
    Path a = file("a.pcap", 100, 1);
    Path sameBytes = Files.copy(a, dir.resolve("renamed.pcap"));
    Path sameSize = file("b.pcap", 100, 2);
    try (CaseDatabase db = CaseDatabase.open(dir.resolve("case"))) {
      ingest(db, List.of(source(0, a)), 5);
      List<SourceInfo> second = List.of(source(0, sameSize), source(1, sameBytes));
      try (SourceDigests digests = SourceDigests.start(second);
          DatabaseSink sink = DatabaseSink.open(db, digests)) {
        sink.begin(second);
        // b's digest was needed at once (a capture of its size is in the case), and stored then
        assertThat(storedShas(db)).containsExactlyInAnyOrder(sha256(a), sha256(sameSize));
        assertThat(sink.skippedSourceIds()).containsExactly(1);
        feed(sink, 3);
        sink.complete(TxFixtures.stats(3, second, Map.of()));
      }
      assertThat(storedShas(db)).containsExactlyInAnyOrder(sha256(a), sha256(sameSize));
      assertThat(SinkDigestsTest.transactions(db)).isEqualTo(8);
    }
  }

  @Test
  void twoCapturesOfOneSizeInARunAreHashedFirst() throws Exception {
    Path a = file("a.pcap", 300, 1);
    Path copy = Files.copy(a, dir.resolve("copy.pcap"));
    Path other = file("c.pcap", 301, 3);
    List<SourceInfo> sources = List.of(source(0, a), source(1, other), source(2, copy));
    try (CaseDatabase db = CaseDatabase.open(dir.resolve("case"));
        SourceDigests digests = SourceDigests.start(sources);
        DatabaseSink sink = DatabaseSink.open(db, digests)) {
      sink.begin(sources);
      assertThat(sink.skippedSourceIds()).containsExactly(2);
      assertThat(storedShas(db)).containsExactlyInAnyOrder(sha256(a), null);
      feed(sink, 4);
      sink.complete(TxFixtures.stats(4, sources, Map.of()));
      assertThat(storedShas(db)).containsExactlyInAnyOrder(sha256(a), sha256(other));
    }
  }

  @Test
  void aCaptureThatCannotBeHashedFailsTheRunAndLeavesNothing() throws Exception {
    Path gone = dir.resolve("gone.pcap"); // described, then removed before it was hashed
    List<SourceInfo> sources = List.of(new SourceInfo(0, gone, "gone.pcap", null, 50));
    try (CaseDatabase db = CaseDatabase.open(dir.resolve("case"))) {
      try (SourceDigests digests = SourceDigests.start(sources);
          DatabaseSink sink = DatabaseSink.open(db, digests)) {
        sink.begin(sources);
        feed(sink, 5);
        assertThatThrownBy(() -> sink.complete(TxFixtures.stats(5, sources, Map.of())))
            .isInstanceOf(IOException.class)
            .hasMessageContaining("cannot read gone.pcap to hash it");
      }
      assertThat(DatabaseSinkTest.rows(db, "source")).isZero();
      assertThat(DatabaseSinkTest.rows(db, "ingest_run")).isZero();
      assertThat(transactions(db)).isZero();
      // the same when its digest is needed first: refused before anything is read
      Path present = file("present.pcap", 50, 4);
      ingest(db, List.of(source(0, present)), 2);
      try (SourceDigests digests = SourceDigests.start(sources);
          DatabaseSink sink = DatabaseSink.open(db, digests)) {
        assertThatThrownBy(() -> sink.begin(sources))
            .isInstanceOf(IOException.class)
            .hasMessageContaining("cannot read gone.pcap to hash it");
      }
      assertThat(DatabaseSinkTest.rows(db, "source")).isEqualTo(1);
      assertThat(transactions(db)).isEqualTo(2);
    }
  }

  private void ingest(CaseDatabase db, List<SourceInfo> sources, int n) throws Exception {
    try (SourceDigests digests = SourceDigests.start(sources);
        DatabaseSink sink = DatabaseSink.open(db, digests)) {
      sink.begin(sources);
      feed(sink, n);
      sink.complete(TxFixtures.stats(n, sources, Map.of()));
    }
  }

  /** {@code n} answered transactions of run source 0. */
  private static void feed(DatabaseSink sink, int n) throws IOException {
    for (int i = 0; i < n; i++) {
      sink.transaction(build(answered(2L * i + 1, 1_000_000_000L + i, "10.0.0.1", "h" + i + ".example.com", "192.0.2.1")));
    }
  }

  private Path file(String name, int size, int fill) throws IOException {
    byte[] bytes = new byte[size];
    Arrays.fill(bytes, (byte) fill);
    return Files.write(dir.resolve(name), bytes);
  }

  private static SourceInfo source(int id, Path file) throws IOException {
    return new SourceInfo(id, file, file.getFileName().toString(), null, Files.size(file));
  }

  private static List<String> storedShas(CaseDatabase db) {
    return db.jdbi().withHandle(h -> {
      List<String> shas = new ArrayList<>();
      h.createQuery("SELECT sha256 FROM source ORDER BY id").map((rs, ctx) -> rs.getString(1)).forEach(shas::add);
      return shas;
    });
  }

  private static long transactions(CaseDatabase db) {
    return db.jdbi().withHandle(
        h -> h.createQuery("SELECT COALESCE(SUM(transactions), 0) FROM ingest_run WHERE status = 'complete'")
            .mapTo(Long.class)
            .one());
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
