package org.dnslens.storage.casefile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    Process p =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Djava.io.tmpdir=" + missing,
                    "-DZstdTempFolder=" + missing,
                    "-cp",
                    System.getProperty("java.class.path"),
                    CaseOpenWithoutZstdTest.class.getName(),
                    caseFile.toString()))
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(out.lines().filter(l -> l.startsWith("REFUSED"))).as(out).singleElement().satisfies(l -> {
      assertThat(l).contains("cannot open the case", "zstd native library", "-Djava.io.tmpdir");
    });
    assertThat(Files.exists(CaseDatabase.caseFile(caseFile))).as("refused before creating anything").isFalse();
  }
}
