package org.dnslens.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.dnslens.cli.error.ExitCodes;
import org.dnslens.storage.layout.SegmentPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4 ({@code NAME_BY_CLIENT} as postings, schema V11): a case written by the V10 code (kept in {@code
 * v10case/}, see its README; its {@code NAME_BY_CLIENT} pages hold a row with times per client and name)
 * answers {@code pdns} and the passive-DNS export exactly as that code did: as it is, after {@code compact}
 * (postings, the table in output order), and after a new run of postings joins it (the prefix capture: rows
 * in both runs, their counts summed from a row with times and a twin), before and after compaction. The
 * first rows of {@code pdns ip --by-client} with small limits are the golden's first rows: the early stop of
 * a client's names (ascending ordinals are output order) must not drop or reorder any.
 */
class Issue4ClientPostingsTest {
  private static final String RESOURCES = "/org/dnslens/cli/command/v10case/";

  @Test
  void v10CaseAnswersAsBeforeAndAfterCompact(@TempDir Path dir) throws Exception {
    Path caseFile = Issue4PageFormatTest.unpackCase(RESOURCES, "case.mv.db.gz", dir);
    String c = dir.resolve("case").toString();
    assertThat(Issue4NameTableTest.formats(caseFile)).as("read in place").containsExactly(
        Map.entry(5, Set.of(SegmentPage.FORMAT_DATA_REFS)), Map.entry(6, Set.of(SegmentPage.FORMAT_NAME_POSTINGS)),
        Map.entry(7, Set.of(SegmentPage.FORMAT_COMPACT)), Map.entry(8, Set.of(SegmentPage.FORMAT_NAME_ORDINALS)),
        Map.entry(9, Set.of(SegmentPage.FORMAT_PLAIN)));
    assertAnswersAs("v10", c, dir, "before");

    // one owner, but its NAME_BY_CLIENT pages have times: rewritten as postings
    ReadCommandTest.Run compact = ReadCommandTest.run("compact", "--case", c);
    assertThat(compact.exit()).as(compact.err()).isEqualTo(ExitCodes.OK);
    assertThat(compact.err()).contains("compacted the segments of 1 runs");
    assertThat(Issue4NameTableTest.formats(caseFile)).containsExactlyEntriesOf(Issue4NameTableTest.COMPACTED_FORMATS);
    assertAnswersAs("v10", c, dir, "after");
    assertThat(ReadCommandTest.run("compact", "--case", c).err()).contains("nothing to compact");
  }

  @Test
  void newRunOfPostingsBesideAnOldOneAnswersAsTheOldCodeDid(@TempDir Path dir) throws Exception {
    Path caseFile = Issue4PageFormatTest.unpackCase(RESOURCES, "case.mv.db.gz", dir);
    String c = dir.resolve("case").toString();
    Path prefix = dir.resolve("prefix.pcap.gz");
    try (InputStream in = getClass().getResourceAsStream(RESOURCES + "generated-prefix.pcap.gz")) {
      Files.copy(in, prefix);
    }
    ReadCommandTest.Run ingest = ReadCommandTest.run("ingest", "--case", c, prefix.toString());
    assertThat(ingest.exit()).as(ingest.err()).isEqualTo(ExitCodes.OK);
    assertThat(Issue4NameTableTest.formats(caseFile).get(8))
        .containsExactlyInAnyOrder(SegmentPage.FORMAT_NAME_ORDINALS, SegmentPage.FORMAT_CLIENT_POSTINGS);
    assertAnswersAs("v10-plus-run", c, dir, "mixed");

    ReadCommandTest.Run compact = ReadCommandTest.run("compact", "--case", c);
    assertThat(compact.exit()).as(compact.err()).isEqualTo(ExitCodes.OK);
    assertThat(compact.err()).contains("compacted the segments of 2 runs");
    assertThat(Issue4NameTableTest.formats(caseFile)).containsExactlyEntriesOf(Issue4NameTableTest.COMPACTED_FORMATS);
    assertAnswersAs("v10-plus-run", c, dir, "compacted");
  }

  /**
   * The goldens of {@link Issue4NameTableTest#assertAnswersAs}, and the per-client rows of {@code pdns ip
   * --by-client} with small limits, over the whole family and for the busiest client: the golden's first rows.
   */
  private static void assertAnswersAs(String golden, String c, Path dir, String state) throws Exception {
    Issue4NameTableTest.assertAnswersAs(RESOURCES, golden, c, dir.resolve(state + ".jsonl"));
    List<String> all = clientRows(Issue4PageFormatTest.golden(RESOURCES, golden + "-pdns-ip4-by-client"));
    String busiest = all.stream().collect(Collectors.groupingBy(Issue4ClientPostingsTest::client, Collectors.counting()))
        .entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    List<String> ofBusiest = all.stream().filter(l -> client(l).equals(busiest)).toList();
    assertThat(ofBusiest).as("the busiest client has names enough to cut").hasSizeGreaterThan(20);
    for (Map.Entry<String, List<String>> q : Map.of("0.0.0.0/0", all, busiest, ofBusiest).entrySet()) {
      for (int limit : new int[] {1, 2, 7, 20, ofBusiest.size() - 1}) {
        ReadCommandTest.Run r = ReadCommandTest.run("pdns", "ip", q.getKey(), "--by-client", "--case", c, "--format",
            "json", "--limit", Integer.toString(limit));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(clientRows(r.lines())).as(state + " " + q.getKey() + " limit " + limit)
            .containsExactlyElementsOf(q.getValue().subList(0, Math.min(limit, q.getValue().size())));
      }
    }
  }

  private static List<String> clientRows(List<String> lines) {
    return lines.stream().filter(l -> l.startsWith("{\"client\":")).toList();
  }

  private static String client(String line) {
    return line.substring("{\"client\":\"".length(), line.indexOf('"', "{\"client\":\"".length()));
  }
}
