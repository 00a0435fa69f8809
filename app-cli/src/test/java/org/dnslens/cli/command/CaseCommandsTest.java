package org.dnslens.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dnslens.cli.DnslensCli;
import org.dnslens.cli.error.ExitCodes;
import org.dnslens.engine.ingest.IngestStats;
import org.dnslens.engine.ingest.SourceInfo;
import org.dnslens.engine.ingest.SourceStats;
import org.dnslens.engine.model.DnsHeader;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.model.DnsName;
import org.dnslens.engine.model.FrameRef;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.engine.model.IssueReason;
import org.dnslens.engine.model.PacketMeta;
import org.dnslens.engine.model.ParseStatus;
import org.dnslens.engine.model.PortClass;
import org.dnslens.engine.model.Question;
import org.dnslens.engine.model.RData;
import org.dnslens.engine.model.ResourceRecord;
import org.dnslens.engine.model.Role;
import org.dnslens.engine.model.RrType;
import org.dnslens.engine.model.Section;
import org.dnslens.engine.model.Transaction;
import org.dnslens.engine.model.TransactionStatus;
import org.dnslens.engine.model.Transport;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.ingest.DatabaseSink;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CaseCommandsTest {
  private static final long T0 = 1_700_000_000_000_000_000L;
  private static final long SEC = 1_000_000_000L;
  private static Path casePath;

  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    CommandLine cmd = DnslensCli.newCommandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    int exit = cmd.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @BeforeAll
  static void makeCase(@TempDir Path dir) throws Exception {
    casePath = dir.resolve("case");
    List<Transaction> txs = new ArrayList<>();
    txs.add(tx(1, T0, "10.0.0.1", "www.example.com", 0, "198.51.100.1"));
    txs.add(tx(3, T0 + 3600 * SEC, "10.0.0.2", "mail.example.com", 0, "198.51.100.2"));
    txs.add(tx(5, T0 + 2 * 3600 * SEC, "10.0.0.1", "bad.evil.test", 3));
    txs.add(tx(7, T0 + 3 * 3600 * SEC, "10.0.0.3", "x,\"y\".example.com", 0, "203.0.113.7"));
    SourceInfo src = new SourceInfo(0, Path.of("/c/a.pcap"), "a.pcap", "ab".repeat(32), 100);
    try (CaseDatabase db = CaseDatabase.open(casePath); DatabaseSink sink = DatabaseSink.open(db)) {
      sink.begin(List.of(src));
      for (Transaction t : txs) {
        sink.transaction(t);
      }
      Map<TransactionStatus, Long> byStatus = new HashMap<>();
      for (TransactionStatus s : TransactionStatus.values()) {
        byStatus.put(s, 0L);
      }
      sink.complete(new IngestStats(100, 8, 8, txs.size(), byStatus, Map.of(IssueReason.UDP_TRUNCATED, 2L),
          List.of(new SourceStats(0, "pcap", Set.of(1), 8, 8, T0, T0 + 3 * 3600 * SEC))));
    }
  }

  static Transaction tx(long frame, long ts, String client, String qname, int rcode, String... answers) {
    DnsName name = DnsName.parse(qname);
    IpAddress c = IpAddress.parse(client);
    IpAddress s = IpAddress.parse("192.0.2.53");
    Question q = new Question(name, RrType.A, 1);
    DnsMessage query = new DnsMessage(meta(frame, ts, c, 5000, s, 53), new DnsHeader(7, 0x0100, 0, 1, 0, 0, 0),
        List.of(q), List.of(), List.of(), List.of(), null, ParseStatus.COMPLETE, null, new byte[] {0, 7, 1, 0});
    List<ResourceRecord> rrs = new ArrayList<>();
    for (String a : answers) {
      IpAddress ip = IpAddress.parse(a);
      rrs.add(new ResourceRecord(Section.ANSWER, name, RrType.A, 1, 60, a, new RData.Address(ip)));
    }
    DnsMessage reply = new DnsMessage(meta(frame + 1, ts + 2_000_000, s, 53, c, 5000),
        new DnsHeader(7, 0x8180 | rcode, rcode, 1, rrs.size(), 0, 0), List.of(q), rrs, List.of(), List.of(), null,
        ParseStatus.COMPLETE, null, new byte[] {0, 7, (byte) 0x81, (byte) 0x80});
    return new Transaction(TransactionStatus.ANSWERED, query, reply, List.of(), 0, 0, Role.CLIENT, null);
  }

  static PacketMeta meta(long frame, long ts, IpAddress src, int sp, IpAddress dst, int dp) {
    return new PacketMeta(new FrameRef(0, frame), frame, ts, Transport.UDP, src, sp, dst, dp, null, null, List.of(),
        List.of(), PortClass.DNS, null);
  }

  @Test
  void searchByDomainAsJsonLines() throws Exception {
    Run r = run("search", "--case", casePath.toString(), "--domain", "example.com", "--format", "json");
    assertThat(r.exit()).as(r.err()).isEqualTo(ExitCodes.OK);
    String[] lines = r.out().strip().split("\n");
    assertThat(lines).hasSize(3);
    assertThat(lines[0]).contains("\"qname\":\"www.example.com\"", "\"client_addr\":\"10.0.0.1\"",
        "\"server_addr\":\"192.0.2.53\"", "\"qtype\":\"A\"", "\"rcode\":0", "\"status\":\"answered\"",
        "\"query_ts\":1700000000.000000", "\"file\":\"a.pcap\"");
  }

  @Test
  void searchTableCsvAndFilters() {
    Run table = run("search", "--case", casePath.toString(), "--rcode", "NXDOMAIN");
    assertThat(table.exit()).isZero();
    assertThat(table.out()).contains("bad.evil.test", "NXDOMAIN", "1 transaction");
    Run csv = run("search", "--case", casePath.toString(), "--ip", "203.0.113.0/24", "--format", "csv");
    assertThat(csv.exit()).isZero();
    assertThat(csv.out().strip().split("\n")).hasSize(2);
    // The name's presentation form escapes the quotes (x,\"y\".example.com); CSV then doubles them.
    assertThat(csv.out()).contains("\"x,\\\"\"y\\\"\".example.com\"");
  }

  @Test
  void relativeTimesCountBackFromTheLastCapture() {
    Run r = run("search", "--case", casePath.toString(), "--since", "-1h", "--format", "csv");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out().strip().split("\n")).hasSize(3); // header + the last two hours' ends
    Run iso = run("search", "--case", casePath.toString(), "--until", "2023-11-14T22:13:20Z", "--format", "csv");
    assertThat(iso.out().strip().split("\n")).hasSize(2);
  }

  @Test
  void filterExpressionIsTheGuiFilterBarSyntax() {
    Run r = run("search", "--case", casePath.toString(), "--filter", "domain:example.com since:-90m", "--format", "csv");
    assertThat(r.exit()).as(r.err()).isZero();
    // example.com names in the last 90 minutes: only the one at T0+3h (www at T0, mail at T0+1h are older).
    assertThat(r.out().strip().split("\n")).hasSize(2);
    assertThat(r.out()).contains("example.com").doesNotContain("mail.example.com");
    Run nx = run("search", "--case", casePath.toString(), "--filter", "rcode:NXDOMAIN client:10.0.0.1");
    assertThat(nx.out()).contains("bad.evil.test", "1 transaction");
    // An explicit option wins over the same key in the expression.
    Run both = run("search", "--case", casePath.toString(), "--filter", "domain:evil.test", "--domain",
        "example.com", "--format", "csv");
    assertThat(both.out()).contains("www.example.com").doesNotContain("evil.test");
    Run bad = run("search", "--case", casePath.toString(), "--filter", "rcode:BOGUS");
    assertThat(bad.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.err()).contains("--filter", "BOGUS").doesNotContain("Exception");
  }

  @Test
  void userErrorsAreOneSentence() {
    Run badCidr = run("search", "--case", casePath.toString(), "--ip", "10.0.0.0/40");
    assertThat(badCidr.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(badCidr.err()).startsWith("dnslens: ").contains("/40").doesNotContain("Exception");
    Run badTime = run("search", "--case", casePath.toString(), "--since", "yesterday-ish");
    assertThat(badTime.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(badTime.err()).contains("is not a time");
    Run noCase = run("info", "--case", casePath.resolveSibling("missing").toString());
    assertThat(noCase.exit()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(noCase.err()).contains("no case at");
    assertThat(noCase.err().strip().split("\n")).hasSize(1);
  }

  @Test
  void infoJsonHasIntegerCounts() throws Exception {
    Run r = run("info", "--case", casePath.toString(), "--format", "json");
    assertThat(r.exit()).as(r.err()).isZero();
    Map<String, Object> top = new HashMap<>();
    try (JsonParser p = new JsonFactory().createParser(r.out())) {
      assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String f = p.currentName();
        JsonToken v = p.nextToken();
        if (v == JsonToken.VALUE_NUMBER_INT) {
          top.put(f, p.getLongValue());
        } else {
          top.put(f, v);
          p.skipChildren();
        }
      }
    }
    assertThat(top).containsEntry("transactions", 4L).containsEntry("records", 3L);
    assertThat(r.out()).contains("\"udp_truncated\":2", "\"NXDOMAIN\":1", "\"sha256\":\"" + "ab".repeat(32));
    Run text = run("info", "--case", casePath.toString());
    assertThat(text.out()).contains("transactions:  4", "a.pcap", "top names:");
  }

  @Test
  void pdnsByNameIpAndClient() {
    Run name = run("pdns", "name", "*.example.com", "--case", casePath.toString(), "--format", "json");
    assertThat(name.exit()).as(name.err()).isZero();
    assertThat(name.out()).contains("\"rrname\":\"www.example.com\"", "\"rdata\":\"198.51.100.1\"", "\"count\":1");
    Run ip = run("pdns", "ip", "198.51.100.0/24", "--case", casePath.toString());
    assertThat(ip.out()).contains("www.example.com", "mail.example.com", "2 passive DNS records");
    Run byClient = run("pdns", "name", "www.example.com", "--by-client", "--case", casePath.toString());
    assertThat(byClient.out()).contains("10.0.0.1", "1 client/name pair");
    Run bad = run("pdns", "ip", "nonsense", "--case", casePath.toString());
    assertThat(bad.exit()).isEqualTo(ExitCodes.USAGE);
  }
}
