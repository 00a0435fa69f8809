package org.dnslens.cli.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dnslens.cli.error.ExitCodes;
import org.dnslens.testdata.gen.CaptureGenerator;
import org.dnslens.testdata.gen.GeneratorConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * #10: {@code dnslens ingest} into a case the user may not write (the case file read-only, or the case in
 * a folder the user may not write) says so in one sentence with exit code {@link ExitCodes#CANNOT_WRITE}
 * and no stack trace, and leaves the case as it was; {@code search}, {@code info}, {@code pdns},
 * {@code export} and {@code ioc hits} on a read-only case or in a read-only folder still work and write
 * nothing. Root ignores file modes, so as root the child runs as {@code nobody} ({@code setpriv}) with
 * a copy of the class path nobody can read; as anyone else the modes are enough.
 */
class ReadOnlyCaseTest {
  static final int TRANSACTIONS = 300;
  static final int NOBODY = 65534;

  static Path area;
  static Path capture;
  static ChildCli cli;
  static Map<String, Long> expect;

  @BeforeAll
  static void setUp() throws Exception {
    // Not @TempDir: as root the other user must be able to reach it (a temp dir is rwx------).
    area = Files.createTempDirectory("dnslens-readonly");
    Files.setPosixFilePermissions(area, PosixFilePermissions.fromString("rwxr-xr-x"));
    capture = area.resolve("capture.pcap");
    new CaptureGenerator(GeneratorConfig.defaults(505, TRANSACTIONS)).write(capture);
    Files.setPosixFilePermissions(capture, PosixFilePermissions.fromString("rw-r--r--"));
    expect = CaseContents.ofCapture(capture);
    cli = ChildCli.sameUser(area.resolve("child-output"));
    if (isRoot()) {
      cli = cli.wrappedIn(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"))
          .withClassPath(readableClassPath(area.resolve("classpath")));
      Files.createDirectories(area.resolve("child-output"));
      chownNobody(area.resolve("child-output"));
    }
  }

  @AfterAll
  static void cleanUp() throws IOException {
    try (Stream<Path> walk = Files.walk(area)) {
      walk.forEach(p -> p.toFile().setWritable(true)); // so the folders' contents can be deleted
    }
    CaseContents.deleteFolder(area);
  }

  @Test
  void readOnlyCaseFile() throws Exception {
    Path folder = caseIn("file");
    Path caseFile = onlyFile(folder);
    if (isRoot()) {
      chownNobody(folder); // the folder is nobody's: only the file's mode stops the write
    }
    Files.setPosixFilePermissions(caseFile, PosixFilePermissions.fromString("r--r--r--"));
    assertRefused(folder, "read-only");
    assertReadable(folder);
  }

  @Test
  void caseInReadOnlyFolder() throws Exception {
    Path folder = caseIn("folder");
    if (isRoot()) {
      chownNobody(onlyFile(folder)); // the file is nobody's and writable: only the folder's mode stops it
    }
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
    assertRefused(folder, "folder");
    // The case file itself is writable here, but no lock file can be made beside it: read commands open it
    // read-only (CaseDatabase.openReadOnly) and write nothing.
    assertReadable(folder);
    // With the case file read-only too (what an evidence copy should be), reading works.
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(onlyFile(folder), PosixFilePermissions.fromString("r--r--r--"));
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
    assertRefused(folder, "read-only");
    assertReadable(folder);
  }

  @Test
  void aReaderInAReadOnlyFolderGoesThroughTheProcessHoldingTheCase() throws Exception {
    Path folder = caseIn("held");
    if (isRoot()) {
      chownNobody(onlyCaseFile(folder)); // the reader may write the file, not the folder
    }
    try (org.dnslens.storage.casefile.CaseDatabase holder =
        org.dnslens.storage.casefile.CaseDatabase.open(folder.resolve("case"))) {
      // This JVM holds the case (AUTO_SERVER, lock file beside it). The reader cannot make a lock file in
      // the folder, opens read-only, finds the lock (H2 refuses a read-only open then) and reads through
      // this JVM's server: the holder's committed data, never the file under a writer's feet.
      Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
      ChildCli.Outcome search = cli.run("search", "--case", folder.resolve("case").toString(), "--format", "json",
          "--limit", "1000");
      assertThat(search.exit()).as(search.stderr()).isZero();
      assertThat(search.stdout().strip().split("\n")).hasSize((int) CaseContents.total(expect));

      // A read-only file held by another process cannot be shared by H2: one sentence, not a wrong answer.
      Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.setPosixFilePermissions(onlyCaseFile(folder), PosixFilePermissions.fromString("r--r--r--"));
      ChildCli.Outcome refused = cli.run("search", "--case", folder.resolve("case").toString(), "--format", "json");
      assertOneSentence(refused, ExitCodes.BAD_INPUT, "open in another program");
      assertThat(holder.isReadOnly()).isFalse();
    } finally {
      Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  private static Path onlyCaseFile(Path folder) {
    return folder.resolve("case.mv.db");
  }

  private static void assertRefused(Path folder, String mentions) throws Exception {
    List<String> before = listing(folder);
    ChildCli.Outcome o = cli.run("ingest", "--case", folder.resolve("case").toString(), "--no-progress", capture.toString());
    assertOneSentence(o, ExitCodes.CANNOT_WRITE, mentions);
    assertThat(listing(folder)).as("nothing written").isEqualTo(before);
  }

  private static void assertOneSentence(ChildCli.Outcome o, int exit, String mentions) {
    String err = o.stderr().strip();
    assertThat(o.exit()).as(err).isEqualTo(exit);
    assertThat(err).as("one line").doesNotContain("\n");
    assertThat(err).startsWith("dnslens: ").contains(mentions).doesNotContain("Exception", "\tat ", "internal error", "org.h2");
  }

  private static void assertReadable(Path folder) throws Exception {
    Path casePath = folder.resolve("case");
    List<String> before = listing(folder);
    ChildCli.Outcome search = cli.run("search", "--case", casePath.toString(), "--format", "json", "--limit", "1000");
    assertThat(search.exit()).as(search.stderr()).isZero();
    assertThat(search.stdout().strip().split("\n")).hasSize((int) CaseContents.total(expect));
    ChildCli.Outcome info = cli.run("info", "--case", casePath.toString());
    assertThat(info.exit()).as(info.stderr()).isZero();
    assertThat(info.stdout()).contains("capture.pcap");
    ChildCli.Outcome pdns = cli.run("pdns", "name", "*", "--case", casePath.toString(), "--format", "json", "--limit", "100000");
    assertThat(pdns.exit()).as(pdns.stderr()).isZero();
    assertThat(pdns.stdout()).contains("\"rrname\"");
    ChildCli.Outcome export = cli.run("export", "--case", casePath.toString(), "--what", "pdns", "--format", "cof");
    assertThat(export.exit()).as(export.stderr()).isZero();
    assertThat(export.stdout().strip().split("\n")).hasSameSizeAs(pdns.stdout().strip().split("\n"));
    ChildCli.Outcome hits = cli.run("ioc", "hits", "--case", casePath.toString(), "--format", "json");
    assertThat(hits.exit()).as(hits.stderr()).isZero();
    assertThat(listing(folder)).as("nothing written by search, info, pdns, export or ioc hits").isEqualTo(before);
  }

  /** A case holding the capture, alone in its own world-readable folder. */
  private static Path caseIn(String name) throws Exception {
    Path folder = area.resolve(name);
    Files.createDirectories(folder);
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
    CaseContents.Run r = CaseContents.inProcess("ingest", "--case", folder.resolve("case").toString(), "--no-progress",
        capture.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(CaseContents.ofCase(folder.resolve("case"))).isEqualTo(expect);
    try (Stream<Path> files = Files.list(folder)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
      }
    }
    return folder;
  }

  private static Path onlyFile(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      List<Path> all = files.toList();
      assertThat(all).as("a closed case is one file").hasSize(1);
      return all.get(0);
    }
  }

  private static List<String> listing(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(f -> {
        try {
          return f.getFileName() + " " + Files.size(f) + " " + Files.getLastModifiedTime(f).toMillis();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).sorted().toList();
    }
  }

  static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static void chownNobody(Path p) throws IOException, InterruptedException {
    String out = DiskFullIngestTest.run("chown", NOBODY + ":" + NOBODY, p.toString());
    assertThat(out).as("chown").isNull();
  }

  /** This JVM's class path copied where another user can read it (root's ~/.m2 is private). */
  private static String readableClassPath(Path to) throws IOException {
    Files.createDirectories(to);
    List<String> entries = new ArrayList<>();
    int i = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path from = Path.of(entry);
      if (!Files.exists(from)) {
        continue;
      }
      Path copy = to.resolve(i++ + "-" + from.getFileName());
      if (Files.isDirectory(from)) {
        try (Stream<Path> walk = Files.walk(from)) {
          for (Path p : (Iterable<Path>) walk::iterator) {
            Path target = copy.resolve(from.relativize(p).toString());
            if (Files.isDirectory(p)) {
              Files.createDirectories(target);
            } else {
              Files.copy(p, target);
            }
          }
        }
      } else {
        Files.copy(from, copy);
      }
      entries.add(copy.toString());
    }
    try (Stream<Path> walk = Files.walk(to)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
    return String.join(File.pathSeparator, entries);
  }
}
