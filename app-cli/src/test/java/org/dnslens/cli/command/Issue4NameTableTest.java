package org.dnslens.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.dnslens.cli.error.ExitCodes;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.layout.BlobCodec;
import org.dnslens.storage.layout.SegmentPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4 (name tables, schema V8): a case written by the V7 code (kept in {@code v7case/}, see its
 * README; its {@code PDNS_IP} and {@code NAME_BY_CLIENT} pages hold names as text) answers {@code pdns} and
 * the passive-DNS export exactly as that code did: as it is, after {@code compact} rewrites its pages with
 * name ordinals, and after a new run (pages with ordinals) joins the old one, before and after compaction.
 */
class Issue4NameTableTest {
  private static final String RESOURCES = "/org/dnslens/cli/command/v7case/";
  private static final String MORE = "../testdata/pcaps/ndpi/KakaoTalk_chat.pcap";

  @Test
  void v7CaseAnswersAsBeforeAndCompactsIntoNameOrdinals(@TempDir Path dir) throws Exception {
    Path caseFile = unpackCase(dir);
    String c = dir.resolve("case").toString();
    assertAnswersAs(RESOURCES, "v7", c, dir.resolve("before.jsonl"));
    assertThat(formats(caseFile)).as("read in place").containsExactly(
        Map.entry(5, Set.of(SegmentPage.FORMAT_COMPACT)), Map.entry(6, Set.of(SegmentPage.FORMAT_COMPACT)),
        Map.entry(7, Set.of(SegmentPage.FORMAT_COMPACT)), Map.entry(8, Set.of(SegmentPage.FORMAT_COMPACT)));

    // one owner, but its names are text: rewritten with a name table (PDNS_IP as postings since V9)
    ReadCommandTest.Run compact = ReadCommandTest.run("compact", "--case", c);
    assertThat(compact.exit()).as(compact.err()).isEqualTo(ExitCodes.OK);
    assertThat(compact.err()).contains("compacted the segments of 1 runs");
    assertThat(formats(caseFile)).as("after compaction").containsExactlyEntriesOf(COMPACTED_FORMATS);
    assertAnswersAs(RESOURCES, "v7", c, dir.resolve("after.jsonl"));

    ReadCommandTest.Run again = ReadCommandTest.run("compact", "--case", c);
    assertThat(again.exit()).isEqualTo(ExitCodes.OK);
    assertThat(again.err()).contains("nothing to compact");
  }

  @Test
  void newRunBesideAnOldOneAnswersAsTheOldCodeDid(@TempDir Path dir) throws Exception {
    Path caseFile = unpackCase(dir);
    String c = dir.resolve("case").toString();
    ReadCommandTest.Run ingest = ReadCommandTest.run("ingest", "--case", c, MORE);
    assertThat(ingest.exit()).as(ingest.err()).isEqualTo(ExitCodes.OK);
    // the old run's pages with names as text, the new run's with ordinals and its name table
    Map<Integer, Set<Integer>> mixed = formats(caseFile);
    assertThat(mixed.get(6)).containsExactlyInAnyOrder(SegmentPage.FORMAT_COMPACT, SegmentPage.FORMAT_NAME_POSTINGS);
    assertThat(mixed.get(8)).containsExactlyInAnyOrder(SegmentPage.FORMAT_COMPACT, SegmentPage.FORMAT_CLIENT_POSTINGS);
    assertThat(mixed).containsKey(9);
    // the V7 code's answers after the same ingest into the same case
    assertAnswersAs(RESOURCES, "v7-plus-run", c, dir.resolve("mixed.jsonl"));

    ReadCommandTest.Run compact = ReadCommandTest.run("compact", "--case", c);
    assertThat(compact.exit()).as(compact.err()).isEqualTo(ExitCodes.OK);
    assertThat(compact.err()).contains("compacted the segments of 2 runs");
    assertThat(formats(caseFile).get(6)).containsExactly(SegmentPage.FORMAT_NAME_POSTINGS);
    assertAnswersAs(RESOURCES, "v7-plus-run", c, dir.resolve("compacted.jsonl"));
  }

  /**
   * Asserts that the pdns commands and the pdns export answer on case {@code c} as the goldens {@code golden-*}
   * of resource folder {@code folder} say (the old code's answers); shared with {@link Issue4PdnsPostingsTest}.
   */
  static void assertAnswersAs(String folder, String golden, String c, Path export) throws IOException {
    String[][] commands = {
      {"pdns-name", "pdns", "name", "*"},
      {"pdns-name-by-client", "pdns", "name", "*", "--by-client"},
      {"pdns-ip4", "pdns", "ip", "0.0.0.0/0"},
      {"pdns-ip4-by-client", "pdns", "ip", "0.0.0.0/0", "--by-client"},
      {"pdns-ip6-by-client", "pdns", "ip", "::/0", "--by-client"},
    };
    for (String[] cmd : commands) {
      List<String> args = new ArrayList<>(List.of(cmd).subList(1, cmd.length));
      args.addAll(List.of("--case", c, "--format", "json", "--limit", "100000"));
      ReadCommandTest.Run r = ReadCommandTest.run(args.toArray(String[]::new));
      assertThat(r.exit()).as(r.err()).isZero();
      List<String> expected = Issue4PageFormatTest.golden(folder, golden + "-" + cmd[0]);
      assertThat(expected).as(cmd[0]).isNotEmpty();
      assertThat(r.lines()).as(golden + "-" + cmd[0]).containsExactlyElementsOf(expected);
    }
    ReadCommandTest.Run r =
        ReadCommandTest.run("export", "--case", c, "--what", "pdns", "--format", "json", "-o", export.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(Files.readAllLines(export))
        .containsExactlyElementsOf(Issue4PageFormatTest.golden(folder, golden + "-export-pdns"));
  }

  private static Path unpackCase(Path dir) throws IOException {
    return Issue4PageFormatTest.unpackCase(RESOURCES, "case.mv.db.gz", dir);
  }

  /**
   * The page format of each passive-DNS kind (5-9) once this code's {@code compact} has rewritten an old
   * case: the same for every fixture, so a new page format changes this one map, not every test.
   */
  static final SortedMap<Integer, Set<Integer>> COMPACTED_FORMATS =
      Collections.unmodifiableSortedMap(new TreeMap<>(Map.of(
          5, Set.of(SegmentPage.FORMAT_DATA_REF_PREFIXES), 6, Set.of(SegmentPage.FORMAT_NAME_POSTINGS),
          7, Set.of(SegmentPage.FORMAT_COMPACT), 8, Set.of(SegmentPage.FORMAT_CLIENT_POSTINGS),
          9, Set.of(SegmentPage.FORMAT_PLAIN))));

  /** Page formats of the pages of kinds 5-9 of complete runs, by kind. */
  static Map<Integer, Set<Integer>> formats(Path caseFile) throws Exception {
    Map<Integer, Set<Integer>> formats = new TreeMap<>();
    try (CaseDatabase db = CaseDatabase.openExisting(caseFile);
        BlobCodec codec = new BlobCodec()) {
      db.jdbi().useHandle(h -> h.createQuery(
              "SELECT p.kind, d.data FROM seg_page p JOIN seg_page_data d ON d.page_id = p.id"
                  + " JOIN ingest_run r ON r.id = p.run_id AND r.status = 'complete' WHERE p.kind >= 5")
          .map((rs, ctx) -> Map.entry(rs.getInt(1), rs.getBytes(2)))
          .forEach(e -> formats.computeIfAbsent(e.getKey(), k -> new TreeSet<>())
              .add(SegmentPage.format(codec.decompress(e.getValue())))));
    }
    return formats;
  }
}
