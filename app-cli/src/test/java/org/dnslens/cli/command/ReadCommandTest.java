package org.dnslens.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dnslens.cli.DnslensCli;
import org.dnslens.cli.error.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code dnslens read} as a user runs it: real captures in, NDJSON/text out, exit codes, one-sentence errors. */
class ReadCommandTest {
  static final Path SAMPLE = Path.of("..", "testdata", "sample", "incident-sample.pcapng.gz");
  static final Path WIKIPEDIA = Path.of("..", "testdata", "pcaps", "zeek", "wikipedia.pcap");

  @TempDir Path dir;

  record Run(int exit, String out, String err) {
    List<String> lines() {
      return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }
  }

  static Run run(String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = DnslensCli.newCommandLine(bytes);
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    int exit = cmd.execute(args);
    return new Run(exit, bytes.toString(StandardCharsets.UTF_8) + out, err.toString());
  }

  @Test
  void writesOneJsonTransactionPerLineWithTheDocumentedFields() throws IOException {
    Run r = run("read", WIKIPEDIA.toString());
    assertThat(r.exit()).isEqualTo(ExitCodes.OK);
    assertThat(r.lines()).hasSize(22);
    ObjectMapper json = new ObjectMapper();
    JsonNode answered = null;
    for (String line : r.lines()) {
      JsonNode n = json.readTree(line);
      assertThat(n.has("client_addr") && n.has("server_addr") && n.has("tx_id") && n.has("status")).isTrue();
      if (n.get("tx_id").asInt() == 26096) {
        answered = n;
      }
    }
    assertThat(answered).isNotNull();
    assertThat(answered.get("status").asText()).isEqualTo("answered");
    assertThat(answered.get("qname").asText()).isEqualTo("upload.wikimedia.org");
    assertThat(answered.get("rtt_ms").asDouble()).isEqualTo(0.392);
    assertThat(answered.get("source").get("file").asText()).isEqualTo("wikipedia.pcap");
    assertThat(answered.get("reply").toString()).contains("208.80.152.3");
  }

  @Test
  void recordsAndMessagesAreFlatLogs() {
    Run records = run("read", "--records", WIKIPEDIA.toString());
    Run messages = run("read", "--messages", WIKIPEDIA.toString());
    assertThat(records.exit()).isZero();
    assertThat(messages.exit()).isZero();
    assertThat(messages.lines()).hasSize(40); // tshark's dns_msgs for this trace (NBNS on 137 is not DNS)
    assertThat(records.lines()).allMatch(l -> l.contains("\"msg_type\":") && l.contains("\"section\":"));
  }

  @Test
  void textFormatAndStatsOnAGzippedPcapng() {
    Run r = run("read", "--format", "text", "--stats", SAMPLE.toString());
    assertThat(r.exit()).isZero();
    assertThat(r.lines()).hasSize(4375);
    assertThat(r.err()).contains("transactions         4375").contains("pcapng+gzip").contains("issues               none");
  }

  @Test
  void writesToAFileWithDashO() throws IOException {
    Path out = dir.resolve("tx.json");
    Run r = run("read", "-o", out.toString(), WIKIPEDIA.toString());
    assertThat(r.exit()).isZero();
    assertThat(Files.readAllLines(out)).hasSize(22);
  }

  @Test
  void aMissingCaptureIsOneSentenceAndExitFour() {
    Run r = run("read", dir.resolve("nope.pcap").toString());
    assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.err().strip()).startsWith("dnslens: no such capture:").doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void aFileThatIsNotACaptureIsNamedAndSkipped() throws IOException {
    Path notes = dir.resolve("notes.txt");
    Files.writeString(notes, "this is not a capture\n");
    Run r = run("read", notes.toString(), WIKIPEDIA.toString());
    assertThat(r.exit()).isZero();
    assertThat(r.lines()).hasSize(22);
    assertThat(r.err()).contains("notes.txt is not a pcap or pcapng capture");
  }

  @Test
  void badOptionValuesAreUsageErrors() {
    assertThat(run("read", "--resolver", "not-an-ip", WIKIPEDIA.toString()).exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(run("read", "--timeout", "-1", WIKIPEDIA.toString()).exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(run("read", "--records", "--messages", WIKIPEDIA.toString()).exit()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void resolverOptionGivesRoles() {
    Run r = run("read", "--resolver", "141.142.2.2", WIKIPEDIA.toString());
    assertThat(r.lines()).filteredOn(l -> l.contains("\"server_addr\":\"141.142.2.2\""))
        .isNotEmpty()
        .allMatch(l -> l.contains("\"role\":\"client\""));
  }

  @Test
  void iocListsMarkHitsOnTheFlyIncludingCnameTargets() throws IOException {
    Path list = dir.resolve("iocs.txt");
    // upload.wikimedia.org is a CNAME to upload.pmtpa.wikimedia.org: listing the target must hit the query
    Files.writeString(list, "pmtpa.wikimedia[.]org\n");
    Run r = run("read", "--ioc", list.toString(), WIKIPEDIA.toString());
    assertThat(r.exit()).isZero();
    // upload.wikimedia.org (4 lookups) and meta.wikimedia.org (2, via text.pmtpa.wikimedia.org)
    assertThat(r.lines()).filteredOn(l -> l.contains("\"ioc_hits\"")).hasSize(6)
        .allMatch(l -> l.contains("\"where\":\"cname_target\"") && l.contains(".pmtpa.wikimedia.org\""))
        .anyMatch(l -> l.contains("\"qname\":\"upload.wikimedia.org\""));
    assertThat(r.err()).contains("IOC hit(s) marked");
  }
}
