package org.dnslens.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.dnslens.cli.error.ExitCodes;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.ingest.SegmentCompaction;
import org.dnslens.storage.layout.BlobCodec;
import org.dnslens.storage.layout.SegmentPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4 (smaller aggregate pages): a case written before schema V5 (kept in {@code v4case/}, see its
 * README) answers {@code pdns} and the passive-DNS export exactly as the code that wrote it did, before
 * and after {@code compact} rewrites its aggregate pages in the new format.
 */
class Issue4PageFormatTest {
  private static final String RESOURCES = "/org/dnslens/cli/command/v4case/";

  @Test
  void oldCaseAnswersAsBeforeAndCompactsIntoTheNewFormat(@TempDir Path dir) throws Exception {
    Path caseFile = unpackCase("case.mv.db.gz", dir);
    String c = dir.resolve("case").toString();
    assertAnswersAsTheOldCode(c, dir.resolve("before.jsonl"));
    assertThat(pageFormats(caseFile)).as("the old case's aggregate pages, read in place")
        .containsOnlyKeys(SegmentPage.FORMAT_PLAIN);

    ReadCommandTest.Run compact = ReadCommandTest.run("compact", "--case", c);
    assertThat(compact.exit()).as(compact.err()).isEqualTo(ExitCodes.OK);
    assertThat(compact.err()).contains("compacted the segments of 4 runs");
    // since V8, PDNS_IP and NAME_BY_CLIENT pages name names by ordinal (Issue4NameTableTest); since V9
    // PDNS_IP pages are postings without times (Issue4PdnsPostingsTest); since V11 NAME_BY_CLIENT pages too
    // (Issue4ClientPostingsTest)
    // Flaky under heavy load (session 19, docs/STORAGE.md "Concurrency"): the old pages seen again after a
    // compaction that reported success. Say what the case held and what compact printed when it happens.
    Map<Integer, Integer> after = pageFormats(caseFile);
    assertThat(after).as("after compaction (compact printed: %s; the case now: %s)", compact.err().strip(),
            after.containsKey(SegmentPage.FORMAT_PLAIN) ? runsAndPages(caseFile) : "")
        .containsOnlyKeys(SegmentPage.FORMAT_COMPACT, SegmentPage.FORMAT_NAME_POSTINGS,
            SegmentPage.FORMAT_DATA_REF_PREFIXES, SegmentPage.FORMAT_CLIENT_POSTINGS);
    assertAnswersAsTheOldCode(c, dir.resolve("after.jsonl"));
  }

  @Test
  void oneRunOfOldPagesIsRewrittenByCompactOnce(@TempDir Path dir) throws Exception {
    Path caseFile = unpackCase("one-run.mv.db.gz", dir);
    String c = dir.resolve("case").toString();
    String[] name = {"pdns", "name", "*", "--case", c, "--format", "json", "--limit", "100000"};
    String[] ip = {"pdns", "ip", "0.0.0.0/0", "--by-client", "--case", c, "--format", "json", "--limit", "100000"};
    assertThat(pageFormats(caseFile)).containsOnlyKeys(SegmentPage.FORMAT_PLAIN);

    // one owner: before V5 there was nothing to compact; its old pages are now worth rewriting
    ReadCommandTest.Run compact = ReadCommandTest.run("compact", "--case", c);
    assertThat(compact.exit()).as(compact.err()).isEqualTo(ExitCodes.OK);
    assertThat(compact.err()).contains("compacted the segments of 1 runs");
    assertThat(pageFormats(caseFile)).containsOnlyKeys(SegmentPage.FORMAT_COMPACT, SegmentPage.FORMAT_NAME_POSTINGS,
        SegmentPage.FORMAT_DATA_REF_PREFIXES, SegmentPage.FORMAT_CLIENT_POSTINGS);
    assertThat(ReadCommandTest.run(name).lines()).containsExactlyElementsOf(golden("one-run-pdns-name"));
    assertThat(ReadCommandTest.run(ip).lines()).containsExactlyElementsOf(golden("one-run-pdns-ip4-by-client"));

    ReadCommandTest.Run again = ReadCommandTest.run("compact", "--case", c);
    assertThat(again.exit()).isEqualTo(ExitCodes.OK);
    assertThat(again.err()).contains("nothing to compact");
  }

  private static void assertAnswersAsTheOldCode(String c, Path export) throws IOException {
    String[][] commands = {
      {"pdns-name", "pdns", "name", "*"},
      {"pdns-name-by-client", "pdns", "name", "*", "--by-client"},
      {"pdns-ip4", "pdns", "ip", "0.0.0.0/0"},
      {"pdns-ip6", "pdns", "ip", "::/0"},
      {"pdns-ip4-by-client", "pdns", "ip", "0.0.0.0/0", "--by-client"},
      {"pdns-ip6-by-client", "pdns", "ip", "::/0", "--by-client"},
    };
    for (String[] cmd : commands) {
      List<String> args = new ArrayList<>(List.of(cmd).subList(1, cmd.length));
      args.addAll(List.of("--case", c, "--format", "json", "--limit", "100000"));
      ReadCommandTest.Run r = ReadCommandTest.run(args.toArray(String[]::new));
      assertThat(r.exit()).as(r.err()).isZero();
      List<String> golden = golden(cmd[0]);
      assertThat(golden).as(cmd[0]).isNotEmpty();
      assertThat(r.lines()).as(cmd[0]).containsExactlyElementsOf(golden);
    }
    ReadCommandTest.Run r =
        ReadCommandTest.run("export", "--case", c, "--what", "pdns", "--format", "json", "-o", export.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(Files.readAllLines(export)).containsExactlyElementsOf(golden("export-pdns"));
  }

  /** A case of {@code v4case/} unpacked as {@code dir/case.mv.db} (Issue4BlockFormatTest uses it too). */
  static Path unpackCase(String resource, Path dir) throws IOException {
    return unpackCase(RESOURCES, resource, dir);
  }

  /** The gzipped case {@code folder + resource} (a resource path) unpacked as {@code dir/case.mv.db}. */
  static Path unpackCase(String folder, String resource, Path dir) throws IOException {
    Path caseFile = dir.resolve("case.mv.db");
    // gzipped: the repository ignores *.mv.db (cases are outputs, never committed by accident)
    try (InputStream in = new GZIPInputStream(Issue4PageFormatTest.class.getResourceAsStream(folder + resource))) {
      Files.copy(in, caseFile);
    }
    return caseFile;
  }

  /** A golden output of {@code v4case/}, one line per element. */
  static List<String> golden(String name) throws IOException {
    return golden(RESOURCES, name);
  }

  /** The lines of the gzipped golden file {@code folder + name + ".golden.jsonl.gz"}. */
  static List<String> golden(String folder, String name) throws IOException {
    try (InputStream in = Issue4PageFormatTest.class.getResourceAsStream(folder + name + ".golden.jsonl.gz");
        BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8))) {
      return r.lines().toList();
    }
  }

  /** Every run with its status and its pages (count, lowest and highest id), and the file's size. */
  private static String runsAndPages(Path caseFile) throws Exception {
    try (CaseDatabase db = CaseDatabase.openExisting(caseFile)) {
      return Files.size(caseFile) + " bytes, runs " + db.jdbi().withHandle(h -> h.createQuery(
              "SELECT r.id, r.status, COUNT(p.id), MIN(p.id), MAX(p.id) FROM ingest_run r"
                  + " LEFT JOIN seg_page p ON p.run_id = r.id GROUP BY r.id, r.status ORDER BY r.id")
          .map((rs, ctx) -> rs.getInt(1) + " " + rs.getString(2) + " pages " + rs.getInt(3) + " ids "
              + rs.getLong(4) + "-" + rs.getLong(5))
          .list());
    }
  }

  /** Pages of the aggregate kinds (5-8) of complete runs, counted by page format. */
  private static Map<Integer, Integer> pageFormats(Path caseFile) throws Exception {
    Map<Integer, Integer> formats = new TreeMap<>();
    try (CaseDatabase db = CaseDatabase.openExisting(caseFile);
        BlobCodec codec = new BlobCodec()) {
      assertThat(SegmentCompaction.owners(db)).isPositive();
      db.jdbi().useHandle(h -> h.createQuery(
              "SELECT d.data FROM seg_page p JOIN seg_page_data d ON d.page_id = p.id"
                  + " JOIN ingest_run r ON r.id = p.run_id AND r.status = 'complete' WHERE p.kind BETWEEN 5 AND 8")
          .map((rs, ctx) -> rs.getBytes(1))
          .forEach(blob -> formats.merge(SegmentPage.format(codec.decompress(blob)), 1, Integer::sum)));
    }
    return formats;
  }
}
