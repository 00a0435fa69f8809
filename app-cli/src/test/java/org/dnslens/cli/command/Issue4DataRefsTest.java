package org.dnslens.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.dnslens.cli.error.ExitCodes;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.layout.AggregateCodec;
import org.dnslens.storage.layout.BlobCodec;
import org.dnslens.storage.layout.ByteReader;
import org.dnslens.storage.layout.SegmentKind;
import org.dnslens.storage.layout.SegmentPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4 ({@code PDNS_NAME} data references, schema V10): a case written by the V9 code (kept in {@code
 * v9case/}, see its README; its {@code PDNS_NAME} pages hold every TXT text) answers {@code pdns} and the
 * passive-DNS export exactly as that code did: as it is, after {@code compact}, and after a new run whose long
 * TXT data are references into its blocks joins it (48 TXT rows are in both runs: their counts add up across
 * a text and a reference), before and after compaction. And two runs of this code whose TXT rows are equal
 * (two references to different blocks) are summed into one row, by query and by compaction alike.
 */
class Issue4DataRefsTest {
  private static final String RESOURCES = "/org/dnslens/cli/command/v9case/";

  @Test
  void v9CaseAnswersAsBeforeAndAfterCompact(@TempDir Path dir) throws Exception {
    Path caseFile = Issue4PageFormatTest.unpackCase(RESOURCES, "case.mv.db.gz", dir);
    String c = dir.resolve("case").toString();
    Issue4NameTableTest.assertAnswersAs(RESOURCES, "v9", c, dir.resolve("before.jsonl"));
    assertThat(Issue4NameTableTest.formats(caseFile).get(5)).containsExactly(SegmentPage.FORMAT_COMPACT);
    assertThat(references(caseFile)).isZero();

    // one owner, but its PDNS_NAME pages are of an older format: rewritten (texts stay texts: an old page
    // does not say which block row holds them)
    ReadCommandTest.Run compact = ReadCommandTest.run("compact", "--case", c);
    assertThat(compact.exit()).as(compact.err()).isEqualTo(ExitCodes.OK);
    assertThat(compact.err()).contains("compacted the segments of 1 runs");
    assertThat(Issue4NameTableTest.formats(caseFile))
        .containsExactlyEntriesOf(Issue4NameTableTest.COMPACTED_FORMATS);
    Issue4NameTableTest.assertAnswersAs(RESOURCES, "v9", c, dir.resolve("after.jsonl"));
    assertThat(ReadCommandTest.run("compact", "--case", c).err()).contains("nothing to compact");
  }

  @Test
  void newRunWithReferencesBesideAnOldOneAnswersAsTheOldCodeDid(@TempDir Path dir) throws Exception {
    Path caseFile = Issue4PageFormatTest.unpackCase(RESOURCES, "case.mv.db.gz", dir);
    String c = dir.resolve("case").toString();
    ReadCommandTest.Run ingest = ReadCommandTest.run("ingest", "--case", c, prefix(dir, true).toString());
    assertThat(ingest.exit()).as(ingest.err()).isEqualTo(ExitCodes.OK);
    assertThat(Issue4NameTableTest.formats(caseFile).get(5))
        .containsExactlyInAnyOrder(SegmentPage.FORMAT_COMPACT, SegmentPage.FORMAT_DATA_REF_PREFIXES);
    long refs = references(caseFile);
    assertThat(refs).as("the new run's long TXT data are references").isGreaterThanOrEqualTo(35);
    Issue4NameTableTest.assertAnswersAs(RESOURCES, "v9-plus-run", c, dir.resolve("mixed.jsonl"));

    ReadCommandTest.Run compact = ReadCommandTest.run("compact", "--case", c);
    assertThat(compact.exit()).as(compact.err()).isEqualTo(ExitCodes.OK);
    assertThat(compact.err()).contains("compacted the segments of 2 runs");
    assertThat(Issue4NameTableTest.formats(caseFile).get(5)).containsExactly(SegmentPage.FORMAT_DATA_REF_PREFIXES);
    // a row of a text and a reference is one row, stored once, as the reference
    assertThat(references(caseFile)).isEqualTo(refs);
    Issue4NameTableTest.assertAnswersAs(RESOURCES, "v9-plus-run", c, dir.resolve("compacted.jsonl"));
  }

  @Test
  void equalDataOfTwoRunsIsOneRowByQueryAndByCompaction(@TempDir Path dir) throws Exception {
    Path caseFile = dir.resolve("case.mv.db");
    String c = dir.resolve("case").toString();
    // the same capture twice (gzipped and plain: two sha256, so both are ingested): every row twice
    for (boolean gzip : new boolean[] {true, false}) {
      ReadCommandTest.Run ingest = ReadCommandTest.run("ingest", "--case", c, prefix(dir, gzip).toString());
      assertThat(ingest.exit()).as(ingest.err()).isEqualTo(ExitCodes.OK);
    }
    long refs = references(caseFile);
    assertThat(refs).as("both runs refer to their own blocks").isGreaterThanOrEqualTo(70);
    Path before = dir.resolve("before.jsonl");
    ReadCommandTest.Run export =
        ReadCommandTest.run("export", "--case", c, "--what", "pdns", "--format", "json", "-o", before.toString());
    assertThat(export.exit()).as(export.err()).isZero();
    List<String> rows = Files.readAllLines(before);
    List<String> txt = rows.stream().filter(l -> l.contains("\"rrtype\":\"TXT\"")).toList();
    assertThat(txt).hasSizeGreaterThanOrEqualTo(35).allMatch(l -> !l.contains("\"count\":1,") && !l.endsWith("\"count\":1}"));
    List<String> byName = ReadCommandTest.run("pdns", "name", "*", "--case", c, "--format", "json", "--limit", "100000")
        .lines();
    assertThat(byName).hasSize(rows.size());

    ReadCommandTest.Run compact = ReadCommandTest.run("compact", "--case", c);
    assertThat(compact.exit()).as(compact.err()).isEqualTo(ExitCodes.OK);
    assertThat(references(caseFile)).as("equal rows merged into one reference each").isEqualTo(refs / 2);
    Path after = dir.resolve("after.jsonl");
    ReadCommandTest.run("export", "--case", c, "--what", "pdns", "--format", "json", "-o", after.toString());
    assertThat(Files.readAllLines(after)).containsExactlyElementsOf(rows);
    assertThat(ReadCommandTest.run("pdns", "name", "*", "--case", c, "--format", "json", "--limit", "100000").lines())
        .containsExactlyElementsOf(byName);
  }

  /**
   * {@code pdns name} with a limit judges rows whose data is a reference before reading any block (a row that
   * {@code limit} rows already held come before is not read): for every name with TXT rows, and for
   * wildcards, each limit's rows must be exactly the first rows of the unlimited answer, whatever mix of
   * references and texts (two runs, one of texts and one of references, and the same after compaction).
   */
  @Test
  void limitedRowsArePrefixesOfTheWholeAnswerWithReferences(@TempDir Path dir) throws Exception {
    assertLimitedRowsArePrefixesOfTheWholeAnswer(dir, RESOURCES);
  }

  /**
   * The same over the V10 case of {@code Issue4ClientPostingsTest} (references without prefixes) with a run of
   * this code beside it (references with prefixes, schema V13), before and after compacting both into pages
   * that hold both kinds.
   */
  @Test
  void limitedRowsArePrefixesOfTheWholeAnswerWithReferencesOfBothFormats(@TempDir Path dir) throws Exception {
    assertLimitedRowsArePrefixesOfTheWholeAnswer(dir, "/org/dnslens/cli/command/v10case/");
  }

  private static void assertLimitedRowsArePrefixesOfTheWholeAnswer(Path dir, String resources) throws Exception {
    Path caseFile = Issue4PageFormatTest.unpackCase(resources, "case.mv.db.gz", dir);
    String c = dir.resolve("case").toString();
    ReadCommandTest.Run ingest = ReadCommandTest.run("ingest", "--case", c, prefix(dir, true, resources).toString());
    assertThat(ingest.exit()).as(ingest.err()).isEqualTo(ExitCodes.OK);
    assertThat(references(caseFile)).isGreaterThanOrEqualTo(35);
    for (boolean compacted : new boolean[] {false, true}) {
      if (compacted) {
        assertThat(ReadCommandTest.run("compact", "--case", c).exit()).isEqualTo(ExitCodes.OK);
      }
      List<String> all = ReadCommandTest.run("pdns", "name", "*", "--case", c, "--format", "json", "--limit",
          "100000").lines();
      java.util.Set<String> txtNames = new java.util.TreeSet<>();
      for (String l : all) {
        if (l.contains("\"rrtype\":\"TXT\"")) {
          int at = l.indexOf("\"rrname\":\"") + 10;
          txtNames.add(l.substring(at, l.indexOf('"', at)));
        }
      }
      assertThat(txtNames).isNotEmpty();
      List<String> patterns = new ArrayList<>(txtNames.stream().limit(8).toList());
      patterns.add("*");
      patterns.add("*." + txtNames.iterator().next().replaceFirst("^[^.]*\\.", ""));
      for (String pattern : patterns) {
        List<String> whole = ReadCommandTest.run("pdns", "name", pattern, "--case", c, "--format", "json",
            "--limit", "100000").lines();
        assertThat(whole).as(pattern).isNotEmpty();
        for (int limit : new int[] {1, 2, 3, 5, 8, 13, 40, 150}) {
          List<String> rows = ReadCommandTest.run("pdns", "name", pattern, "--case", c, "--format", "json",
              "--limit", String.valueOf(limit)).lines();
          assertThat(rows).as(pattern + " limit " + limit + (compacted ? " compacted" : ""))
              .containsExactlyElementsOf(whole.subList(0, Math.min(limit, whole.size())));
        }
      }
    }
  }

  /** The generated capture the v9case README names (a prefix of the case's own), unpacked or not. */
  private static Path prefix(Path dir, boolean gzip) throws Exception {
    return prefix(dir, gzip, RESOURCES);
  }

  private static Path prefix(Path dir, boolean gzip, String resources) throws Exception {
    Path p = dir.resolve(gzip ? "prefix.pcap.gz" : "prefix.pcap");
    try (InputStream in = Issue4DataRefsTest.class.getResourceAsStream(resources + "generated-prefix.pcap.gz")) {
      if (gzip) {
        Files.copy(in, p);
      } else {
        try (InputStream plain = new GZIPInputStream(in)) {
          Files.copy(plain, p);
        }
      }
    }
    return p;
  }

  /** {@code PDNS_NAME} entries of complete runs whose data is a reference into a block. */
  static long references(Path caseFile) throws Exception {
    long[] n = {0};
    AggregateCodec codec = AggregateCodec.of(SegmentKind.PDNS_NAME);
    try (CaseDatabase db = CaseDatabase.openExisting(caseFile);
        BlobCodec blobs = new BlobCodec()) {
      db.jdbi().useHandle(h -> h.createQuery(
              "SELECT d.data FROM seg_page p JOIN seg_page_data d ON d.page_id = p.id"
                  + " JOIN ingest_run r ON r.id = p.run_id AND r.status = 'complete' WHERE p.kind = 5")
          .map((rs, ctx) -> rs.getBytes(1))
          .forEach(b -> SegmentPage.scan(blobs.decompress(b), null, null, (key, len, d, off, vlen) -> {
            ByteReader r = codec.open(d, off, vlen);
            r.readString();
            r.readInt();
            if (codec.readData(r) == null) {
              n[0]++;
            }
            return true;
          })));
    }
    return n[0];
  }
}
