package org.dnslens.storage.casefile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.dnslens.storage.ChildJvm;
import org.dnslens.storage.search.SearchQuery;
import org.dnslens.storage.search.TransactionSearch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process killed (SIGKILL) while it creates a new case leaves either no case or a whole one: the next
 * open works. Guards {@code CaseDatabase.createWhole}: H2 commits DDL as it runs, so a case built in
 * place and killed between the schema and Flyway's history row would be refused by every later open
 * ("CASE_META already exists", seen once in KilledCliIngestTest). The window is narrow (H2 must also
 * have stored its pages in it): the in-place creation passed these ten kills too when tried, so this
 * test shows the property holds, and the linking design is what closes the window.
 */
class KilledCaseCreationTest {
  private static final int KILLS = 10;

  /** The child: says when it starts creating, creates the case, says when it is done. */
  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
    out.println("OPENING");
    CaseDatabase.open(Path.of(args[0])).close();
    out.println("CREATED");
    Thread.sleep(600_000);
  }

  @Test
  void aKillDuringCreationLeavesNoCaseOrAWholeOne(@TempDir Path dir) throws Exception {
    // How long creation takes here, so that the kills land inside it whatever the machine's speed.
    long creationNanos = run(dir.resolve("timed"), Long.MAX_VALUE);
    assertThat(creationNanos).isPositive();
    int killedMidway = 0;
    for (int i = 0; i < KILLS; i++) {
      Path casePath = dir.resolve("killed" + i);
      long killAfter = creationNanos * (i + 1) / (KILLS + 1);
      if (run(casePath, killAfter) < 0) {
        killedMidway++;
      }
      try (CaseDatabase db = CaseDatabase.open(casePath)) {
        assertThat(new TransactionSearch(db).count(SearchQuery.all())).isZero();
      }
    }
    assertThat(killedMidway).as("kills that landed before the child had created its case").isPositive();
  }

  /**
   * Runs the child on {@code casePath} and kills it {@code killAfterNanos} after it starts creating;
   * returns the creation time when it finished first, -1 when the kill came first.
   */
  private static long run(Path casePath, long killAfterNanos) throws Exception {
    try (ChildJvm child = ChildJvm.start(KilledCaseCreationTest.class, casePath.toString())) {
      child.awaitLine("OPENING");
      long start = System.nanoTime();
      if (killAfterNanos == Long.MAX_VALUE) {
        child.awaitLine("CREATED");
        return System.nanoTime() - start;
      }
      TimeUnit.NANOSECONDS.sleep(killAfterNanos);
      boolean finished = child.hasPrinted("CREATED");
      child.kill();
      return finished ? 0 : -1;
    }
  }
}
