package org.dnslens.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dnslens.cli.error.ExitCodes;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.ingest.SegmentCompaction;
import org.dnslens.testdata.gen.CaptureGenerator;
import org.dnslens.testdata.gen.GeneratorConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dnslens compact --case}: one segment set afterwards, the same search and pdns output. */
class CompactCommandTest {
  @Test
  void compactMergesTheRunsSegmentsAndChangesNoAnswer(@TempDir Path dir) throws Exception {
    Path caseDir = dir.resolve("case");
    for (long seed : new long[] {31, 32, 33}) {
      Path capture = dir.resolve("c" + seed + ".pcap");
      new CaptureGenerator(GeneratorConfig.defaults(seed, 800)).write(capture);
      ReadCommandTest.Run in = ReadCommandTest.run("ingest", "--case", caseDir.toString(), capture.toString());
      assertThat(in.exit()).as(in.err()).isZero();
    }
    String[] search = {"search", "--case", caseDir.toString(), "--domain", "com", "--format", "json", "--limit", "100000"};
    String[] pdns = {"pdns", "name", "*", "--case", caseDir.toString(), "--format", "json", "--limit", "100000"};
    ReadCommandTest.Run searchBefore = ReadCommandTest.run(search);
    ReadCommandTest.Run pdnsBefore = ReadCommandTest.run(pdns);
    assertThat(searchBefore.lines()).isNotEmpty();

    long sizeBefore = Files.size(CaseDatabase.caseFile(caseDir));
    ReadCommandTest.Run c = ReadCommandTest.run("compact", "--case", caseDir.toString());
    assertThat(c.exit()).as(c.err()).isEqualTo(ExitCodes.OK);
    assertThat(c.err()).contains("compacted the segments of 3 runs").contains("rewrote the case file without its free space");
    // #4: the old pages' space is given back, not kept inside the file for reuse
    assertThat(Files.size(CaseDatabase.caseFile(caseDir))).isLessThanOrEqualTo(sizeBefore);
    try (CaseDatabase db = CaseDatabase.openExisting(caseDir)) {
      assertThat(SegmentCompaction.owners(db)).isEqualTo(1);
    }
    assertThat(ReadCommandTest.run(search).lines()).isEqualTo(searchBefore.lines());
    assertThat(ReadCommandTest.run(pdns).lines()).isEqualTo(pdnsBefore.lines());

    ReadCommandTest.Run again = ReadCommandTest.run("compact", "--case", caseDir.toString());
    assertThat(again.exit()).isEqualTo(ExitCodes.OK);
    assertThat(again.err()).contains("nothing to compact");
    // open elsewhere (here: in this JVM, as a GUI would hold it): the file is left alone, and the user is told
    try (CaseDatabase held = CaseDatabase.openExisting(caseDir)) {
      ReadCommandTest.Run open = ReadCommandTest.run("compact", "--case", caseDir.toString());
      assertThat(open.exit()).as(open.err()).isEqualTo(ExitCodes.OK);
      assertThat(open.err()).contains("the case is open in another program");
      assertThat(SegmentCompaction.owners(held)).isEqualTo(1);
    }
    ReadCommandTest.Run missing = ReadCommandTest.run("compact", "--case", dir.resolve("nope").toString());
    assertThat(missing.exit()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(missing.err()).contains("no case at").doesNotContain("Exception");
  }
}
