package org.dnslens.storage.casefile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * zstd-jni unpacks its native library into a temporary folder before loading it; where it cannot (here a
 * folder that does not exist, as a read-only or noexec /tmp would do), opening a case must fail with one
 * sentence that says why and what to set, not with an internal error at the first blob. Runs in a child JVM:
 * the library loads once per JVM, and this one has loaded it already.
 */
class CaseOpenWithoutZstdTest {
  /** The child: opens the case and prints what happened on one line. */
  public static void main(String[] args) {
    try (CaseDatabase db = CaseDatabase.open(Path.of(args[0]))) {
      System.out.println("OPENED " + db.file());
    } catch (CaseException e) {
      System.out.println("REFUSED " + e.getMessage());
    }
  }

  @Test
  void aCaseOpenWithoutTheNativeLibraryIsRefusedInOneSentence(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("no-such-folder");
    Path caseFile = dir.resolve("case");
    String l = child(caseFile, "-Djava.io.tmpdir=" + missing, "-DZstdTempFolder=" + missing);
    assertThat(l).startsWith("REFUSED").contains("cannot open the case", "zstd native library", "-Djava.io.tmpdir");
    assertThat(Files.exists(CaseDatabase.caseFile(caseFile))).as("refused before creating anything").isFalse();
  }

  /**
   * The library is unpacked once into the user's cache folder and loaded from there afterwards, so a later
   * run needs no writable temp folder (a full disk, a file-size limit): the first child here unpacks it, the
   * second has only a temp folder that does not exist and still opens the case.
   */
  @Test
  void theLibraryUnpackedOnceServesLaterRunsWithoutATempFolder(@TempDir Path dir) throws Exception {
    Path home = dir.resolve("home");
    Path caseFile = dir.resolve("case");
    Files.createDirectories(dir.resolve("tmp"));
    assertThat(child(caseFile, "-Duser.home=" + home, "-Djava.io.tmpdir=" + dir.resolve("tmp"))).startsWith("OPENED");
    Path cached = home.resolve(".cache").resolve("dnslens");
    try (var files = Files.list(cached)) {
      assertThat(files.map(f -> f.getFileName().toString()).toList())
          .as("one library, no partial copy left")
          .singleElement()
          .satisfies(n -> assertThat(n).startsWith("libzstd-jni-").endsWith(".so"));
    }
    assertThat(child(caseFile, "-Duser.home=" + home, "-Djava.io.tmpdir=" + dir.resolve("no-such-folder")))
        .startsWith("OPENED");
  }

  /** Runs {@link #main} in a child JVM with {@code jvmArgs}; its OPENED or REFUSED line (else all it printed). */
  private static String child(Path caseFile, String... jvmArgs) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(jvmArgs));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), CaseOpenWithoutZstdTest.class.getName(),
        caseFile.toString()));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().remove("XDG_CACHE_HOME"); // the cache folder must be the one under user.home
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    List<String> lines = out.lines().filter(l -> l.startsWith("OPENED") || l.startsWith("REFUSED")).toList();
    assertThat(lines).as(out).hasSizeLessThanOrEqualTo(1);
    return lines.isEmpty() ? out : lines.get(0);
  }
}
