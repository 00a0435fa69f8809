package org.dnslens.cli.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.dnslens.testdata.gen.CaptureGenerator;
import org.dnslens.testdata.gen.GeneratorConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * #10's data-safety acceptance through the real CLI: {@code dnslens ingest} in a child JVM killed with
 * SIGKILL after a seeded random delay, 20 times. The delays spread over a whole uninterrupted
 * run (JVM start, case open and migration, removal of earlier dead runs, decoding, chunk commits, the
 * final commit), and kills follow each other on the same case, so later runs also die while cleaning up
 * after earlier ones. After every kill the case opens and {@code info} and {@code search} work and show
 * exactly the capture ingested before (nothing of the dead run) or, when the kill came after the run's
 * final commit, both captures exactly once: never anything in between. Every {@value #KILLS_PER_ROUND} kills a re-run completes and
 * the case holds every transaction exactly once, compared with {@code dnslens read} of the captures.
 * The base case is made in-process (its ingest is not under test); every killed or re-run ingest is a
 * child JVM.
 * Black-box: it does not know how the case stores things.
 */
class KilledCliIngestTest {
  /** {@code -Ddnslens.kill.count=N} for a shorter or longer series (a re-run also ends the last round). */
  static final int KILLS = Integer.getInteger("dnslens.kill.count", 20);
  static final int KILLS_PER_ROUND = 10;
  /** Seed of the delays; {@code -Ddnslens.kill.seed=N} replays another sequence. */
  static final long SEED = Long.getLong("dnslens.kill.seed", 0x6b696c6c39L);
  /** Small: in the case before the killed runs, must survive all of them untouched. */
  static final int BEFORE_TRANSACTIONS = 300;
  /**
   * Small enough for 20 child runs in CI (a run is mostly JVM start and one commit here; kills between the
   * commits of a multi-chunk run are storage's KilledIngestTest, which looks inside the case).
   */
  static final int KILLED_TRANSACTIONS = 4_000;

  @TempDir Path dir;

  @Test
  @Timeout(value = 30, unit = TimeUnit.MINUTES) // about a minute in CI; generous for a shared, loaded machine
  void randomKillsLeaveACaseThatOpensAndReRunsExactlyOnce() throws Exception {
    Path before = dir.resolve("before.pcap");
    Path killed = dir.resolve("killed.pcap");
    new CaptureGenerator(GeneratorConfig.defaults(101, BEFORE_TRANSACTIONS)).write(before);
    new CaptureGenerator(GeneratorConfig.defaults(202, KILLED_TRANSACTIONS)).write(killed);
    Map<String, Long> expectBefore = CaseContents.ofCapture(before);
    Map<String, Long> expectAll = CaseContents.union(expectBefore, CaseContents.ofCapture(killed));
    assertThat(CaseContents.total(expectAll)).isGreaterThan(KILLED_TRANSACTIONS);

    ChildCli cli = ChildCli.sameUser(dir.resolve("child"));
    Path baseFolder = dir.resolve("base");
    Files.createDirectories(baseFolder);
    CaseContents.Run first =
        CaseContents.inProcess("ingest", "--case", baseFolder.resolve("case").toString(), "--no-progress", before.toString());
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(CaseContents.ofCase(baseFolder.resolve("case"))).isEqualTo(expectBefore);

    // One uninterrupted run sets the range of the kill delays (not asserted on: the machine may be busy).
    Path fullFolder = dir.resolve("full");
    CaseContents.copyFolder(baseFolder, fullFolder);
    long t0 = System.nanoTime();
    ChildCli.Outcome full = cli.run("ingest", "--case", fullFolder.resolve("case").toString(), "--no-progress", killed.toString());
    long runMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertThat(full.exit()).as(full.stderr()).isZero();
    assertThat(CaseContents.ofCase(fullFolder.resolve("case"))).isEqualTo(expectAll);

    SplittableRandom random = new SplittableRandom(SEED);
    Path caseFolder = dir.resolve("killed-case");
    Path casePath = caseFolder.resolve("case");
    int finishedBeforeKill = 0;
    StringBuilder log = new StringBuilder();
    for (int kill = 0; kill < KILLS; kill++) {
      if (kill % KILLS_PER_ROUND == 0) {
        CaseContents.copyFolder(baseFolder, caseFolder);
      }
      // Up to 10% past an uninterrupted run's length: some runs finish first, which must be fine too.
      long delay = random.nextLong(runMillis + runMillis / 10 + 1);
      Process p = cli.start("ingest", "--case", casePath.toString(), "--no-progress", killed.toString());
      p.waitFor(delay, TimeUnit.MILLISECONDS);
      p.destroyForcibly(); // SIGKILL: no shutdown hook, no rollback, no flush
      assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
      int exit = p.exitValue();
      log.append(String.format("kill %d after %d ms: exit %d", kill, delay, exit));
      CaseContents.Run info = CaseContents.inProcess("info", "--case", casePath.toString());
      assertThat(info.exit()).as("info after %s: %s", log, info.err()).isZero();
      Map<String, Long> now = CaseContents.ofCase(casePath);
      if (now.equals(expectAll)) {
        // The kill came after the final commit (or the run had ended): complete, exactly once.
        log.append(", complete\n");
        finishedBeforeKill++;
        CaseContents.copyFolder(baseFolder, caseFolder); // start over so the next kill has work to interrupt
      } else {
        assertThat(exit).as("a run that ended by itself left an incomplete case: %s", log).isNotZero();
        assertThat(now).as("after %s: %s", log, CaseContents.difference(expectBefore, now)).isEqualTo(expectBefore);
        log.append(", as before\n");
      }
      if (kill % KILLS_PER_ROUND == KILLS_PER_ROUND - 1 || kill == KILLS - 1) {
        ChildCli.Outcome rerun = cli.run("ingest", "--case", casePath.toString(), "--no-progress", killed.toString());
        assertThat(rerun.exit()).as(rerun.stderr()).isZero();
        assertThat(rerun.stderr()).doesNotContain("Exception", "\tat ");
        Map<String, Long> after = CaseContents.ofCase(casePath);
        assertThat(after).as("re-run after %s: %s", log, CaseContents.difference(expectAll, after)).isEqualTo(expectAll);
      }
    }
    System.out.printf("KilledCliIngestTest: seed %d, uninterrupted run %d ms, %d of %d kills came after the final commit%n%s",
        SEED, runMillis, finishedBeforeKill, KILLS, log);
  }
}
