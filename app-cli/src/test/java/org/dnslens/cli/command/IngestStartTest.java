package org.dnslens.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.dnslens.cli.error.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start of an ingest: the captures are hashed on a thread of their own while the case opens and the
 * reading runs ({@code CaseIngest.prepare}, {@code SourceDigests}); only a capture that could be a
 * duplicate (its size is in the case or twice in the run) is hashed before it is read. What the analyst
 * sees must be what it was when everything was hashed first: a capture error before any case file exists,
 * a case error in one sentence, the sha256 of every capture recorded, and a capture given twice or already
 * in the case skipped, while one of the same size but other bytes is ingested.
 */
class IngestStartTest {
  private static final Path SAMPLE = ReadCommandTest.SAMPLE;

  @Test
  void missingCaptureCreatesNoCase(@TempDir Path dir) {
    Path kase = dir.resolve("new");
    CaseCommandsTest.Run r = CaseCommandsTest.run("ingest", "--no-progress", "--case", kase.toString(), dir.resolve("nope.pcap").toString());
    assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.err()).contains("no such capture").doesNotContain("\tat ");
    assertThat(dir.resolve("new.mv.db")).doesNotExist();
  }

  @Test
  void directoryWithoutCapturesCreatesNoCase(@TempDir Path dir) throws Exception {
    Path empty = Files.createDirectory(dir.resolve("empty"));
    Path kase = dir.resolve("new");
    CaseCommandsTest.Run r = CaseCommandsTest.run("ingest", "--no-progress", "--case", kase.toString(), empty.toString());
    assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.err()).contains("no capture files").doesNotContain("\tat ");
    assertThat(dir.resolve("new.mv.db")).doesNotExist();
  }

  @Test
  void caseErrorMetWhileHashingIsOneSentence(@TempDir Path dir) throws Exception {
    // a plain capture, so the case is opened on the second thread: its refusal must still reach the user
    Path notACase = Files.writeString(dir.resolve("notes.mv.db"), "these are my notes, not a case\n".repeat(100));
    CaseCommandsTest.Run r = CaseCommandsTest.run("ingest", "--no-progress", "--case", notACase.toString(), SAMPLE.toString());
    assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.err().strip()).startsWith("dnslens:").contains("not a dnslens case").doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(Files.readString(notACase)).startsWith("these are my notes");
  }

  @Test
  void ingestRecordsTheCapturesSha256AndSkipsItTheSecondTime(@TempDir Path dir) throws Exception {
    Path kase = dir.resolve("case");
    CaseCommandsTest.Run first = CaseCommandsTest.run("ingest", "--no-progress", "--case", kase.toString(), SAMPLE.toString());
    assertThat(first.exit()).as(first.err()).isZero();
    String sha = sha256(SAMPLE);
    CaseCommandsTest.Run info = CaseCommandsTest.run("info", "--case", kase.toString(), "--format", "json");
    JsonNode sources = new ObjectMapper().readTree(info.out()).get("sources");
    assertThat(sources).hasSize(1);
    assertThat(sources.get(0).toString()).contains(sha);
    CaseCommandsTest.Run again = CaseCommandsTest.run("ingest", "--no-progress", "--case", kase.toString(), SAMPLE.toString());
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.err()).contains("already in the case (same sha256)");
  }

  @Test
  void capturesOfDifferentSizesIntoANewCaseAllGetTheirSha256(@TempDir Path dir) throws Exception {
    Path kase = dir.resolve("case");
    Path other = ReadCommandTest.WIKIPEDIA;
    CaseCommandsTest.Run first =
        CaseCommandsTest.run("ingest", "--no-progress", "--case", kase.toString(), SAMPLE.toString(), other.toString());
    assertThat(first.exit()).as(first.err()).isZero();
    CaseCommandsTest.Run info = CaseCommandsTest.run("info", "--case", kase.toString(), "--format", "json");
    JsonNode sources = new ObjectMapper().readTree(info.out()).get("sources");
    assertThat(sources).hasSize(2);
    assertThat(sources.toString()).contains(sha256(SAMPLE)).contains(sha256(other));
    CaseCommandsTest.Run again = CaseCommandsTest.run("ingest", "--no-progress", "--case", kase.toString(), other.toString());
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.err()).contains("already in the case (same sha256)");
  }

  @Test
  void aCaptureGivenTwiceIntoANewCaseIsReadOnce(@TempDir Path dir) throws Exception {
    Path copy = Files.copy(SAMPLE, dir.resolve("copy-" + SAMPLE.getFileName()));
    Path kase = dir.resolve("case");
    CaseCommandsTest.Run r =
        CaseCommandsTest.run("ingest", "--no-progress", "--case", kase.toString(), SAMPLE.toString(), copy.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).contains("already in the case (same sha256)");
    JsonNode json = new ObjectMapper().readTree(CaseCommandsTest.run("info", "--case", kase.toString(), "--format", "json").out());
    assertThat(json.get("sources")).hasSize(1);
    Path single = dir.resolve("single");
    CaseCommandsTest.Run once = CaseCommandsTest.run("ingest", "--no-progress", "--case", single.toString(), SAMPLE.toString());
    assertThat(once.exit()).as(once.err()).isZero();
    JsonNode one = new ObjectMapper().readTree(CaseCommandsTest.run("info", "--case", single.toString(), "--format", "json").out());
    assertThat(json.get("transactions").asLong()).isEqualTo(one.get("transactions").asLong());
  }

  @Test
  void aCaptureOfTheSameSizeAsOneInTheCaseButOtherBytesIsIngested(@TempDir Path dir) throws Exception {
    Path original = ReadCommandTest.WIKIPEDIA;
    byte[] bytes = Files.readAllBytes(original);
    bytes[bytes.length - 1] ^= 0x01; // the last packet's last payload byte: still a valid capture
    Path altered = Files.write(dir.resolve("altered.pcap"), bytes);
    Path kase = dir.resolve("case");
    CaseCommandsTest.Run first = CaseCommandsTest.run("ingest", "--no-progress", "--case", kase.toString(), original.toString());
    assertThat(first.exit()).as(first.err()).isZero();
    CaseCommandsTest.Run second = CaseCommandsTest.run("ingest", "--no-progress", "--case", kase.toString(), altered.toString());
    assertThat(second.exit()).as(second.err()).isZero();
    assertThat(second.err()).doesNotContain("already in the case");
    JsonNode sources = new ObjectMapper().readTree(CaseCommandsTest.run("info", "--case", kase.toString(), "--format", "json").out()).get("sources");
    assertThat(sources).hasSize(2);
    assertThat(sources.toString()).contains(sha256(original)).contains(sha256(altered));
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
