package org.dnslens.cli.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.dnslens.cli.error.ExitCodes;
import org.dnslens.testdata.gen.CaptureGenerator;
import org.dnslens.testdata.gen.GeneratorConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * #10: the disk fills up during {@code dnslens ingest} (a child JVM), for real: a file-size limit on the
 * process ({@code ulimit -f}: the JVM ignores SIGXFSZ, so the write fails with EFBIG) everywhere, and a
 * size-limited tmpfs (ENOSPC) when the test runs as root. Either way: one sentence on stderr, exit code
 * {@link ExitCodes#CANNOT_WRITE}, no stack trace; the case still opens and holds exactly what it held
 * before the run; and once there is room a re-run completes with every transaction exactly once.
 */
class DiskFullIngestTest {
  /** What the case holds before: must survive the failed run. */
  static final int BEFORE_TRANSACTIONS = 300;
  /**
   * Several MB of case data: far more than the room left, also in the compact block layout (whose case file
   * first reuses the free pages H2 keeps inside the file, so 11 000 transactions fitted in the headroom).
   */
  static final int BIG_TRANSACTIONS = 60_000;
  /** Room left above the case as it was, in KiB: less than the big capture needs. */
  static final long HEADROOM_KIB = 512;
  /** {@link #fileSizeLimitMetByTheRunsLastWrite}: the limit, in % of the case the big run makes without one. */
  static final long LAST_WRITE_LIMIT_PERCENT = 85;
  /** {@link #fileSizeLimitMetByTheRunsLastWrite}: a run this long has hung (it takes seconds). */
  static final long HANG_MINUTES = 2;

  @TempDir static Path dir;
  static Path before;
  static Path big;
  static Path baseFolder;
  static Map<String, Long> expectBefore;
  static Map<String, Long> expectAll;

  @BeforeAll
  static void captures() throws IOException {
    before = dir.resolve("before.pcap");
    big = dir.resolve("big.pcap");
    new CaptureGenerator(GeneratorConfig.defaults(303, BEFORE_TRANSACTIONS)).write(before);
    new CaptureGenerator(GeneratorConfig.defaults(404, BIG_TRANSACTIONS)).write(big);
    expectBefore = CaseContents.ofCapture(before);
    expectAll = CaseContents.union(expectBefore, CaseContents.ofCapture(big));
    baseFolder = dir.resolve("base");
    Files.createDirectories(baseFolder);
    CaseContents.Run r =
        CaseContents.inProcess("ingest", "--case", baseFolder.resolve("case").toString(), "--no-progress", before.toString());
    assertThat(r.exit()).as(r.err()).isZero();
  }

  @Test
  void fileSizeLimitDuringIngest() throws Exception {
    Path folder = dir.resolve("fsize");
    CaseContents.copyFolder(baseFolder, folder);
    long limitKib = largestFileBytes(folder) / 1024 + HEADROOM_KIB;
    ChildCli cli = fileSizeLimited(dir.resolve("fsize-child"), limitKib);
    ChildCli.Outcome o = cli.run("ingest", "--case", folder.resolve("case").toString(), "--no-progress", big.toString());
    assertOneSentenceCannotWrite(o);
    // typed by storage (CaseWriteException: an I/O failure on a disk with room), not recognised by its text
    assertThat(o.stderr()).contains("the write failed (");
    assertUnchangedThenCompletes(folder);
  }

  /**
   * The limit falls between what the run has written while it ran and what it holds at its end, so the write
   * that fails is the run's last one (H2 writes commits in the background; the sink writes the completed run
   * before it returns). Before that write was made in the sink, this ingest said it had ingested 62,766
   * transactions, exited 0 and left the case without them; the first fix hung in H2's rollback after the failed
   * write. A run that does not end within {@link #HANG_MINUTES} is a failure here, not a 10-minute wait.
   */
  @Test
  void fileSizeLimitMetByTheRunsLastWrite() throws Exception {
    Path full = dir.resolve("unlimited");
    CaseContents.copyFolder(baseFolder, full);
    CaseContents.Run r =
        CaseContents.inProcess("ingest", "--case", full.resolve("case").toString(), "--no-progress", big.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    long limitKib = largestFileBytes(full) / 1024 * LAST_WRITE_LIMIT_PERCENT / 100;
    Path folder = dir.resolve("fsize-last");
    CaseContents.copyFolder(baseFolder, folder);
    ChildCli cli = fileSizeLimited(dir.resolve("fsize-last-child"), limitKib);
    Process p = cli.start("ingest", "--case", folder.resolve("case").toString(), "--no-progress", big.toString());
    if (!p.waitFor(HANG_MINUTES, TimeUnit.MINUTES)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError("the ingest did not end within " + HANG_MINUTES + " min (limit " + limitKib + " KiB)");
    }
    ChildCli.Outcome o = cli.outcome(p.exitValue());
    assertOneSentenceCannotWrite(o);
    assertThat(o.stderr()).contains("the write failed (");
    assertUnchangedThenCompletes(folder);
  }

  @Test
  void fullFilesystemDuringIngest() throws Exception {
    Path mount = dir.resolve("tmpfs");
    Files.createDirectories(mount);
    long sizeKib = largestFileBytes(baseFolder) / 1024 + HEADROOM_KIB;
    String why = mountTmpfs(mount, sizeKib);
    assumeTrue(why == null, () -> {
      System.out.println("DiskFullIngestTest.fullFilesystemDuringIngest skipped: " + why);
      return why;
    });
    try {
      Path folder = mount.resolve("case-folder");
      CaseContents.copyFolder(baseFolder, folder);
      ChildCli cli = ChildCli.sameUser(dir.resolve("tmpfs-child"));
      ChildCli.Outcome o = cli.run("ingest", "--case", folder.resolve("case").toString(), "--no-progress", big.toString());
      assertOneSentenceCannotWrite(o);
      assertThat(o.stderr()).containsIgnoringCase("no space left");
      // Still full: read commands open the case without writing (CaseDatabase.openReadOnly), so they work.
      ChildCli.Outcome info = ChildCli.sameUser(dir.resolve("tmpfs-info")).run("info", "--case", folder.resolve("case").toString());
      assertThat(info.exit()).as(info.stderr()).isZero();
      Map<String, Long> now = CaseContents.ofCase(folder.resolve("case"));
      assertThat(now).as(CaseContents.difference(expectBefore, now)).isEqualTo(expectBefore);
      // Room again: move the case off the full filesystem and complete the ingest there.
      Path moved = dir.resolve("moved");
      CaseContents.copyFolder(folder, moved);
      CaseContents.deleteFolder(folder);
      assertUnchangedThenCompletes(moved);
    } finally {
      run("umount", mount.toString());
    }
  }

  /** The CLI with a file-size limit of {@code limitKib}. */
  private static ChildCli fileSizeLimited(Path scratch, long limitKib) {
    // ulimit -f counts 1024-byte blocks in bash; exec keeps the limit for the JVM.
    return ChildCli.sameUser(scratch)
        .wrappedIn(List.of("bash", "-c", "ulimit -f " + limitKib + " && exec \"$@\"", "ulimit-f"));
  }

  private static void assertOneSentenceCannotWrite(ChildCli.Outcome o) {
    assertThat(o.exit()).as(o.stderr()).isEqualTo(ExitCodes.CANNOT_WRITE);
    String err = o.stderr().strip();
    assertThat(err).as("one line").doesNotContain("\n");
    assertThat(err).startsWith("dnslens: ").doesNotContain("Exception", "\tat ", "internal error", "org.h2");
  }

  private static void assertUnchangedThenCompletes(Path folder) throws Exception {
    Path casePath = folder.resolve("case");
    CaseContents.Run info = CaseContents.inProcess("info", "--case", casePath.toString());
    assertThat(info.exit()).as(info.err()).isZero();
    Map<String, Long> now = CaseContents.ofCase(casePath);
    assertThat(now).as(CaseContents.difference(expectBefore, now)).isEqualTo(expectBefore);
    ChildCli.Outcome again = ChildCli.sameUser(folder.resolveSibling(folder.getFileName() + "-rerun"))
        .run("ingest", "--case", casePath.toString(), "--no-progress", big.toString());
    assertThat(again.exit()).as(again.stderr()).isZero();
    Map<String, Long> after = CaseContents.ofCase(casePath);
    assertThat(after).as(CaseContents.difference(expectAll, after)).isEqualTo(expectAll);
  }

  static long largestFileBytes(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      long max = 0;
      for (Path f : (Iterable<Path>) files::iterator) {
        max = Math.max(max, Files.size(f));
      }
      return max;
    }
  }

  /** Mounts a tmpfs of {@code sizeKib} at {@code mount}; null when done, else why not. */
  static String mountTmpfs(Path mount, long sizeKib) throws IOException, InterruptedException {
    if (!"root".equals(System.getProperty("user.name"))) {
      return "mounting a size-limited tmpfs needs root (the file-size-limit case still runs)";
    }
    String out = run("mount", "-t", "tmpfs", "-o", "size=" + sizeKib + "k", "tmpfs", mount.toString());
    return out == null ? null : "mount -t tmpfs failed (" + out.strip() + "); the file-size-limit case still runs";
  }

  /** Runs a system command; null when it exits 0, else its output. */
  static String run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (!p.waitFor(1, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      return "timed out";
    }
    return p.exitValue() == 0 ? null : out;
  }
}
