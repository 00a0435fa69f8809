package org.dnslens.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.dnslens.cli.error.ExitCodes;
import org.dnslens.storage.layout.SegmentPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4 ({@code PDNS_IP} postings, schema V9): a case written by the V8 code (kept in {@code v8case/}, see
 * its README; its {@code PDNS_IP} pages hold first/last seen and counts) answers {@code pdns} and the
 * passive-DNS export exactly as that code did: as it is, after {@code compact} rewrites its {@code PDNS_IP}
 * pages as postings without times, and after a new run (postings) joins the old one, before and after
 * compaction (a row of an old and a new run at once: see the v8case README).
 */
class Issue4PdnsPostingsTest {
  private static final String RESOURCES = "/org/dnslens/cli/command/v8case/";
  private static final String KAKAO = "../testdata/pcaps/ndpi/KakaoTalk_chat.pcap";

  @Test
  void v8CaseAnswersAsBeforeAndCompactsIntoPostings(@TempDir Path dir) throws Exception {
    Path caseFile = unpackCase(dir);
    String c = dir.resolve("case").toString();
    Issue4NameTableTest.assertAnswersAs(RESOURCES, "v8", c, dir.resolve("before.jsonl"));
    assertThat(Issue4NameTableTest.formats(caseFile)).as("read in place").containsExactly(
        Map.entry(5, Set.of(SegmentPage.FORMAT_COMPACT)), Map.entry(6, Set.of(SegmentPage.FORMAT_NAME_ORDINALS)),
        Map.entry(7, Set.of(SegmentPage.FORMAT_COMPACT)), Map.entry(8, Set.of(SegmentPage.FORMAT_NAME_ORDINALS)),
        Map.entry(9, Set.of(SegmentPage.FORMAT_PLAIN)));

    // one owner, but its PDNS_IP pages have times: rewritten as postings
    ReadCommandTest.Run compact = ReadCommandTest.run("compact", "--case", c);
    assertThat(compact.exit()).as(compact.err()).isEqualTo(ExitCodes.OK);
    assertThat(compact.err()).contains("compacted the segments of 1 runs");
    assertThat(Issue4NameTableTest.formats(caseFile)).as("after compaction")
        .containsExactlyEntriesOf(Issue4NameTableTest.COMPACTED_FORMATS);
    Issue4NameTableTest.assertAnswersAs(RESOURCES, "v8", c, dir.resolve("after.jsonl"));

    ReadCommandTest.Run again = ReadCommandTest.run("compact", "--case", c);
    assertThat(again.exit()).isEqualTo(ExitCodes.OK);
    assertThat(again.err()).contains("nothing to compact");
  }

  @Test
  void newRunBesideAnOldOneAnswersAsTheOldCodeDid(@TempDir Path dir) throws Exception {
    Path caseFile = unpackCase(dir);
    String c = dir.resolve("case").toString();
    ReadCommandTest.Run ingest = ReadCommandTest.run("ingest", "--case", c, KAKAO);
    assertThat(ingest.exit()).as(ingest.err()).isEqualTo(ExitCodes.OK);
    // the old run's PDNS_IP pages with times, the new run's postings
    Map<Integer, Set<Integer>> mixed = Issue4NameTableTest.formats(caseFile);
    assertThat(mixed.get(6)).as(mixed.toString())
        .containsExactlyInAnyOrder(SegmentPage.FORMAT_NAME_ORDINALS, SegmentPage.FORMAT_NAME_POSTINGS);
    // the V8 code's answers after the same ingest into the same case
    Issue4NameTableTest.assertAnswersAs(RESOURCES, "v8-plus-run", c, dir.resolve("mixed.jsonl"));

    ReadCommandTest.Run compact = ReadCommandTest.run("compact", "--case", c);
    assertThat(compact.exit()).as(compact.err()).isEqualTo(ExitCodes.OK);
    assertThat(compact.err()).contains("compacted the segments of 2 runs");
    assertThat(Issue4NameTableTest.formats(caseFile).get(6)).containsExactly(SegmentPage.FORMAT_NAME_POSTINGS);
    Issue4NameTableTest.assertAnswersAs(RESOURCES, "v8-plus-run", c, dir.resolve("compacted.jsonl"));
  }

  private static Path unpackCase(Path dir) throws IOException {
    return Issue4PageFormatTest.unpackCase(RESOURCES, "case.mv.db.gz", dir);
  }
}
