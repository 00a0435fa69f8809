package org.dnslens.gui;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dnslens.gui.cases.CaseViewModel;
import org.dnslens.gui.cases.RecentCases;
import org.dnslens.gui.task.SameThreadTaskRunner;
import org.dnslens.storage.casefile.CaseDatabase;

/** Builds a real case from the bundled sample capture (injected tunnel, beacon, DGA...) for GUI tests. */
public final class SampleCase {
  /** Relative to the module directory, Surefire's working directory. */
  public static final Path CAPTURE = Path.of("../testdata/sample/incident-sample.pcapng.gz");
  public static final String TUNNEL_CLIENT = "10.2.0.10";
  public static final String TUNNEL_DOMAIN = "t.fdab4i-sync.net";
  public static final String BEACON_NAME = "status.vbow6ktw-telemetry.com";
  public static final long TRANSACTIONS = 4375;
  public static final long NXDOMAIN = 407;

  /** One ingest per test JVM (it is the slow part); each test class gets its own copy of the file. */
  private static Path built;

  private SampleCase() {}

  /** A copy of the sample case (ingested once per JVM through the GUI's own ingest path) as {@code dir/sample.mv.db}. */
  public static synchronized Path create(Path dir) throws Exception {
    if (built == null) {
      Path home = Files.createTempDirectory("dnslens-sample-case");
      home.toFile().deleteOnExit();
      built = ingest(home);
      Files.deleteIfExists(home.resolve("recent")); // so the directory is empty when the JVM deletes it
      built.toFile().deleteOnExit();
    }
    Path copy = dir.resolve("sample" + CaseDatabase.FILE_SUFFIX);
    Files.copy(built, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return copy;
  }

  private static Path ingest(Path dir) throws Exception {
    if (!Files.isRegularFile(CAPTURE)) {
      throw new IllegalStateException("sample capture missing: " + CAPTURE.toAbsolutePath());
    }
    Path caseFile = dir.resolve("sample" + CaseDatabase.FILE_SUFFIX);
    CaseViewModel vm = new CaseViewModel(new SameThreadTaskRunner(), new RecentCases(dir.resolve("recent")));
    vm.ingest(caseFile, java.util.List.of(CAPTURE));
    if (vm.caseProperty().get() == null) {
      throw new IllegalStateException("ingest failed: " + vm.errorProperty().get());
    }
    vm.close();
    return caseFile;
  }
}
