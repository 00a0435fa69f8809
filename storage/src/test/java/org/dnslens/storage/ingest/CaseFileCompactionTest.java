package org.dnslens.storage.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Random;
import org.dnslens.storage.ChildJvm;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.casefile.CaseFileCompaction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * #4 (case size): after a segment compaction the file holds the freed space of every old page; the file
 * compaction gives it back, changes no answer, leaves a case open elsewhere alone, and a process killed in
 * the middle of it (a real child JVM, SIGKILL) leaves a case that opens and answers as before.
 */
class CaseFileCompactionTest {
  private static final String TEMP_SUFFIX = ".tempFile";

  @Test
  void theFileShrinksAfterASegmentCompactionAndAnswersStayTheSame(@TempDir Path dir) throws Exception {
    Path casePath = dir.resolve("many");
    List<String> before;
    try (CaseDatabase db = CaseDatabase.open(casePath)) {
      SegmentCompactionTest.ingestRuns(db, 0, SegmentCompactionTest.RUNS);
      before = SegmentCompactionTest.answers(db);
      SegmentCompaction.compact(db);
    }
    Path file = CaseDatabase.caseFile(casePath);
    long grown = Files.size(file);

    Object inode = fileKey(file);
    CaseFileCompaction.Result r = CaseFileCompaction.compact(casePath);
    assertThat(r.compacted()).isTrue();
    assertThat(fileKey(file)).as("a rewritten file").isNotEqualTo(inode);
    assertThat(r.bytesBefore()).isEqualTo(grown);
    assertThat(r.bytesAfter()).isEqualTo(Files.size(file)).isLessThan(grown);
    assertThat(dir.resolve("many.mv.db" + TEMP_SUFFIX)).doesNotExist();
    try (CaseDatabase db = CaseDatabase.openExisting(casePath)) {
      assertThat(SegmentCompactionTest.answers(db)).containsExactlyElementsOf(before);
      // still a writable case: an ingest after the rewrite works and is seen
      SegmentCompactionTest.ingestRuns(db, SegmentCompactionTest.RUNS, SegmentCompactionTest.RUNS + 1);
      assertThat(SegmentCompactionTest.answers(db)).isNotEqualTo(before);
    }
  }

  @Test
  void aCaseOpenInThisProcessIsLeftAlone(@TempDir Path dir) throws Exception {
    Path casePath = dir.resolve("open");
    try (CaseDatabase db = CaseDatabase.open(casePath)) {
      SegmentCompactionTest.ingestRuns(db, 0, 6);
      SegmentCompaction.compact(db);
      List<String> answers = SegmentCompactionTest.answers(db);
      Object inode = fileKey(db.file());

      CaseFileCompaction.Result r = CaseFileCompaction.compact(casePath);
      assertThat(r.compacted()).isFalse();
      assertThat(fileKey(db.file())).as("not replaced by a rewritten file").isEqualTo(inode);
      // SHUTDOWN would have closed this session's database: it still answers
      assertThat(SegmentCompactionTest.answers(db)).containsExactlyElementsOf(answers);
    }
  }

  @Test
  void aCaseOpenInAnotherProcessIsLeftAlone(@TempDir Path dir) throws Exception {
    Path casePath = dir.resolve("other");
    try (CaseDatabase db = CaseDatabase.open(casePath)) {
      SegmentCompactionTest.ingestRuns(db, 0, 6);
      SegmentCompaction.compact(db);
    }
    Path file = CaseDatabase.caseFile(casePath);
    try (ChildJvm child = ChildJvm.start(CaseFileCompactionTest.class, casePath.toString(), "hold")) {
      assertThat(child.awaitLine("OPEN")).isEqualTo("OPEN");
      // the child writes to the file itself (its open), so its size says nothing: the rewrite would be a new file
      Object inode = fileKey(file);
      CaseFileCompaction.Result r = CaseFileCompaction.compact(casePath);
      assertThat(r.compacted()).isFalse();
      assertThat(fileKey(file)).isEqualTo(inode);
      child.kill();
    }
    // once nobody holds it, it is compacted
    assertThat(CaseFileCompaction.compact(casePath).compacted()).isTrue();
  }

  /** The file's identity (device and inode on Linux): H2's rewrite renames a new file over the case. */
  private static Object fileKey(Path file) throws IOException {
    return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
  }

  /**
   * The child: "hold" opens the case and waits to be killed; "compact" prints COMPACTING and rewrites the
   * file (the parent kills it in the middle).
   */
  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    if (args[1].equals("hold")) {
      try (CaseDatabase db = CaseDatabase.open(Path.of(args[0]))) {
        out.println(db.isReadOnly() ? "READ-ONLY" : "OPEN");
        Thread.sleep(600_000);
      }
      return;
    }
    out.println("COMPACTING");
    CaseFileCompaction.compact(Path.of(args[0]));
    out.println("NOT STOPPED");
  }

  @Test
  void aFileCompactionKilledInTheMiddleLeavesACaseThatAnswersAsBefore(@TempDir Path dir) throws Exception {
    Path casePath = dir.resolve("killed");
    List<String> before;
    try (CaseDatabase db = CaseDatabase.open(casePath)) {
      SegmentCompactionTest.ingestRuns(db, 0, SegmentCompactionTest.RUNS);
      SegmentCompaction.compact(db);
      // 48 MB that LZF cannot shrink, so the rewrite lasts long enough to be killed in the middle of it
      // (the test case itself is a few hundred KB, copied in milliseconds); no reader ever looks at it
      db.jdbi().useHandle(h -> {
        h.execute("CREATE TABLE kill_test_filler (id INT PRIMARY KEY, data VARBINARY(1048576))");
        Random random = new Random(4);
        for (int i = 0; i < 48; i++) {
          byte[] data = new byte[1 << 20];
          random.nextBytes(data);
          h.execute("INSERT INTO kill_test_filler VALUES (?, ?)", i, data);
        }
      });
      before = SegmentCompactionTest.answers(db);
    }
    Path file = CaseDatabase.caseFile(casePath);
    Path temp = Path.of(file + TEMP_SUFFIX);
    long size = Files.size(file);
    try (ChildJvm child = ChildJvm.start(CaseFileCompactionTest.class, casePath.toString(), "compact")) {
      assertThat(child.awaitLine("COMPACTING")).isEqualTo("COMPACTING");
      long deadline = System.nanoTime() + 120_000_000_000L;
      // kill once the copy has begun and is not finished: a part of the new file exists beside the old one
      while (!(Files.exists(temp) && Files.size(temp) > (1 << 20)) && System.nanoTime() < deadline) {
        Thread.sleep(2);
      }
      assertThat(temp).as("the rewrite's copy, before the kill").exists();
      child.kill();
    }
    // killed before H2's rename: the partial copy is still beside the (old, whole) case
    assertThat(temp).exists();
    assertThat(Files.size(temp)).isLessThan(size);
    try (CaseDatabase db = CaseDatabase.openExisting(casePath)) {
      assertThat(SegmentCompactionTest.answers(db)).containsExactlyElementsOf(before);
    }
    // the next file compaction drops the stray copy and finishes the job
    CaseFileCompaction.Result r = CaseFileCompaction.compact(casePath);
    assertThat(r.compacted()).isTrue();
    assertThat(temp).doesNotExist();
    try (CaseDatabase db = CaseDatabase.openExisting(casePath)) {
      assertThat(SegmentCompactionTest.answers(db)).containsExactlyElementsOf(before);
    }
  }
}
