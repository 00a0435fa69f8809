package org.dnslens.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dnslens.cli.error.ExitCodes;
import org.dnslens.engine.model.Finding;
import org.dnslens.engine.model.IocHitSummary;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.findings.FindingStore;
import org.dnslens.storage.findings.IocHitStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;

/**
 * {@code export --case} on a real case file (the bundled sample, analyzed: transactions, passive DNS,
 * findings and IOC hits), parsed back with readers that share no code with the writers (Jackson databind,
 * msgpack-core, Jackson's CSV module) and compared with what {@code read}, {@code search}, {@code pdns} and
 * the stores give for the same capture.
 */
class ExportCaseCommandTest {
  @TempDir static Path dir;
  static Path caseFile;
  static List<String> readTransactions;
  static List<String> readRecords;
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void analyzeAndReadTheSample() throws IOException {
    caseFile = dir.resolve("sample");
    Path iocs = dir.resolve("iocs.txt");
    Files.writeString(iocs, "vbow6ktw-telemetry[.]com\n8.8.8.8\n");
    ReadCommandTest.Run a = ReadCommandTest.run("analyze", "--case", caseFile.toString(), "--ioc", iocs.toString(),
        ReadCommandTest.SAMPLE.toString());
    assertThat(a.exit()).as(a.err()).isEqualTo(ExitCodes.OK);
    readTransactions = ReadCommandTest.run("read", "--format", "json", ReadCommandTest.SAMPLE.toString()).lines();
    readRecords = ReadCommandTest.run("read", "--format", "json", "--records", ReadCommandTest.SAMPLE.toString()).lines();
    assertThat(readTransactions).hasSize(4375);
  }

  static ReadCommandTest.Run export(String... args) {
    List<String> all = new ArrayList<>(List.of("export", "--case", caseFile.toString()));
    all.addAll(List.of(args));
    return ReadCommandTest.run(all.toArray(String[]::new));
  }

  /**
   * Link-layer fields of the transaction log: the case keeps IP and above plus the DNS wire bytes, not
   * MACs, VLAN tags or tunnel hops (docs/EXPORT.md), so an export of a case cannot have them.
   */
  static final List<String> LINK_LAYER = List.of("client_mac", "vlan", "tunnels");

  /**
   * JSON lines as canonical strings (object keys sorted, numbers as doubles, link-layer fields dropped),
   * sorted: an order-free comparison (read writes in pairing order, export in capture-time order).
   */
  @SuppressWarnings("unchecked")
  static List<String> canonical(List<?> values) {
    List<String> out = new ArrayList<>();
    for (Object v : values) {
      Map<String, Object> m = (Map<String, Object>) plain(v instanceof String s ? parse(s) : v);
      LINK_LAYER.forEach(m::remove);
      out.add(String.valueOf(m));
    }
    out.sort(null);
    return out;
  }

  static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new AssertionError(line, e);
    }
  }

  /** A JSON tree or msgpack value as plain Java values: maps sorted by key, every number a double. */
  static Object plain(Object v) {
    if (v instanceof Value m) {
      return plain(parse(m.toJson()));
    }
    JsonNode n = (JsonNode) v;
    if (n.isObject()) {
      Map<String, Object> m = new TreeMap<>();
      n.properties().forEach(e -> m.put(e.getKey(), plain(e.getValue())));
      return m;
    }
    if (n.isArray()) {
      List<Object> l = new ArrayList<>();
      n.forEach(e -> l.add(plain(e)));
      return l;
    }
    if (n.isNumber()) {
      return n.doubleValue();
    }
    return n.isNull() ? null : n.isBoolean() ? n.booleanValue() : n.asText();
  }

  static List<Value> msgpack(Path file) throws IOException {
    List<Value> out = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file); MessageUnpacker u = MessagePack.newDefaultUnpacker(in)) {
      while (u.hasNext()) {
        out.add(u.unpackValue());
      }
    }
    return out;
  }

  static List<Map<String, String>> csv(Path file) throws IOException {
    CsvMapper m = new CsvMapper();
    m.enable(CsvParser.Feature.WRAP_AS_ARRAY);
    List<Map<String, String>> rows = new ArrayList<>();
    try (MappingIterator<Map<String, String>> it =
        m.readerFor(Map.class).with(CsvSchema.emptySchema().withHeader()).readValues(file.toFile())) {
      while (it.hasNext()) {
        rows.add(new LinkedHashMap<>(it.next()));
      }
    }
    return rows;
  }

  @Test
  void transactionsAsJsonEqualWhatReadWroteForTheCapture() throws IOException {
    Path out = dir.resolve("tx.ndjson");
    ReadCommandTest.Run r = export("--what", "transactions", "--format", "json", "-o", out.toString());
    assertThat(r.exit()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.err()).contains("4,375 transactions exported to " + out);
    assertThat(canonical(Files.readAllLines(out))).isEqualTo(canonical(readTransactions));
    // and the link-layer fields really are the only difference
    assertThat(readTransactions).anyMatch(l -> l.contains("\"client_mac\""));
    assertThat(Files.readAllLines(out)).noneMatch(l -> l.contains("\"client_mac\""));
  }

  @Test
  void recordsToStandardOutputEqualReadsRecordLog() {
    ReadCommandTest.Run r = export("--what", "records", "--format", "json", "-o", "-");
    assertThat(r.exit()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.lines()).hasSameSizeAs(readRecords).hasSizeGreaterThan(4375);
    assertThat(canonical(r.lines())).isEqualTo(canonical(readRecords));
  }

  @Test
  void msgpackMapsEqualTheJsonTransactions() throws IOException {
    Path out = dir.resolve("tx.msgpack");
    ReadCommandTest.Run r = export("--format", "msgpack", "-o", out.toString());
    assertThat(r.exit()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(canonical(msgpack(out))).isEqualTo(canonical(readTransactions));
  }

  @Test
  void fluentdRecordsAreTaggedTriplesOfTheRecordLog() throws IOException {
    Path out = dir.resolve("rec.fluentd");
    ReadCommandTest.Run r = export("--what", "records", "--format", "fluentd", "-o", out.toString());
    assertThat(r.exit()).as(r.err()).isEqualTo(ExitCodes.OK);
    List<Object> records = new ArrayList<>();
    for (Value v : msgpack(out)) {
      assertThat(v.asArrayValue().size()).isEqualTo(3);
      assertThat(v.asArrayValue().get(0).asStringValue().asString()).isEqualTo("dnslens.dns.record");
      assertThat(v.asArrayValue().get(1).isExtensionValue()).isTrue(); // EventTime
      records.add(v.asArrayValue().get(2));
    }
    assertThat(canonical(records)).isEqualTo(canonical(readRecords));
  }

  @Test
  void ecsCsvAndTextEqualWhatReadWritesInTheSameFormat() throws IOException {
    for (String format : List.of("ecs", "csv", "gopassivedns", "passivedns", "packetlog", "text")) {
      Path out = dir.resolve("tx." + format);
      ReadCommandTest.Run r = export("--format", format, "-o", out.toString());
      assertThat(r.exit()).as(format + r.err()).isEqualTo(ExitCodes.OK);
      List<String> fromRead = ReadCommandTest.run("read", "--format", format, ReadCommandTest.SAMPLE.toString()).lines();
      List<String> exported = Files.readAllLines(out);
      if (format.equals("csv")) {
        // the header first, then the same rows in capture-time order instead of pairing order
        assertThat(exported.get(0)).isEqualTo(fromRead.get(0).strip());
        List<Map<String, String>> rows = csv(out);
        assertThat(rows).hasSize(4375);
        assertThat(rows.get(0)).containsKeys("qname", "client_addr");
        List<String> a = new ArrayList<>(exported.subList(1, exported.size()));
        List<String> b = new ArrayList<>();
        fromRead.subList(1, fromRead.size()).forEach(l -> b.add(l.strip()));
        a.sort(null);
        b.sort(null);
        assertThat(a).as(format).isEqualTo(b);
      } else if (format.equals("ecs") || format.equals("gopassivedns")) {
        assertThat(canonical(exported)).as(format).isEqualTo(canonical(fromRead));
      } else {
        List<String> a = new ArrayList<>(exported);
        List<String> b = new ArrayList<>(fromRead);
        a.sort(null);
        b.sort(null);
        assertThat(a).as(format).isEqualTo(b);
      }
    }
  }

  @Test
  void searchFiltersAndLimitAreHonoured() {
    String[] filter = {"--domain", "vbow6ktw-telemetry.com", "--qtype", "A", "--client", "10.2.0.0/16"};
    List<String> args = new ArrayList<>(List.of("--format", "json"));
    args.addAll(List.of(filter));
    ReadCommandTest.Run exported = export(args.toArray(String[]::new));
    List<String> searchArgs = new ArrayList<>(List.of("search", "--case", caseFile.toString(), "--format", "json", "--limit", "100000"));
    searchArgs.addAll(List.of(filter));
    ReadCommandTest.Run searched = ReadCommandTest.run(searchArgs.toArray(String[]::new));
    assertThat(exported.exit()).as(exported.err()).isEqualTo(ExitCodes.OK);
    assertThat(searched.lines()).isNotEmpty();
    assertThat(keys(exported.lines())).isEqualTo(keys(searched.lines()));
    for (String line : exported.lines()) {
      JsonNode n = parse(line);
      assertThat(n.get("qname").asText().toLowerCase()).endsWith("vbow6ktw-telemetry.com");
      assertThat(n.get("qtype").asText()).isEqualTo("A");
    }

    ReadCommandTest.Run limited = export("--format", "json", "--limit", "7", "--rcode", "NXDOMAIN");
    assertThat(limited.lines()).hasSize(7).allMatch(l -> parse(l).get("rcode_name").asText().equals("NXDOMAIN"));
  }

  /** What identifies a transaction in both search and export JSON, in order. */
  static List<String> keys(List<String> lines) {
    List<String> out = new ArrayList<>();
    for (String l : lines) {
      JsonNode n = parse(l);
      out.add(n.get("query_ts").asText() + " " + n.get("client_addr").asText() + " " + n.get("tx_id").asText());
    }
    return out;
  }

  @Test
  void passiveDnsEqualsThePdnsQuery() throws IOException {
    for (String pattern : List.of("*", "*.vbow6ktw-telemetry.com")) {
      ReadCommandTest.Run pdns = ReadCommandTest.run("pdns", "name", pattern, "--case", caseFile.toString(), "--format", "json", "--limit", "100000");
      ReadCommandTest.Run cof = export("--what", "pdns", "--format", "cof", "--pattern", pattern);
      assertThat(cof.exit()).as(cof.err()).isEqualTo(ExitCodes.OK);
      assertThat(pdns.lines()).isNotEmpty();
      // The export streams in key order (labels reversed) and the interactive query sorts by name: same rows.
      List<String> fromQuery = new ArrayList<>();
      for (String l : pdns.lines()) {
        JsonNode q = parse(l);
        fromQuery.add(String.join("|", q.get("rrname").asText(), q.get("rrtype").asText(), q.get("rdata").asText(),
            q.get("count").asText(), Long.toString((long) Math.floor(q.get("time_first").asDouble())),
            Long.toString((long) Math.floor(q.get("time_last").asDouble()))));
      }
      List<String> exported = new ArrayList<>();
      for (String l : cof.lines()) {
        JsonNode e = parse(l);
        exported.add(String.join("|", e.get("rrname").asText(), e.get("rrtype").asText(), e.get("rdata").asText(),
            e.get("count").asText(), e.get("time_first").asText(), e.get("time_last").asText()));
      }
      assertThat(exported).containsExactlyInAnyOrderElementsOf(fromQuery);
    }
    Path out = dir.resolve("pdns.csv");
    assertThat(export("--what", "pdns", "--format", "csv", "-o", out.toString()).exit()).isEqualTo(ExitCodes.OK);
    ReadCommandTest.Run all = ReadCommandTest.run("pdns", "name", "*", "--case", caseFile.toString(), "--format", "json", "--limit", "100000");
    List<Map<String, String>> rows = csv(out);
    assertThat(rows).hasSameSizeAs(all.lines());
    assertThat(rows).extracting(r -> r.get("rdata"))
        .containsExactlyInAnyOrderElementsOf(all.lines().stream().map(l -> parse(l).get("rdata").asText()).toList());
  }

  @Test
  void findingsAndIocHitsEqualTheStoredOnes() throws Exception {
    List<Finding> findings;
    List<IocHitSummary> hits;
    try (CaseDatabase db = CaseDatabase.openExisting(caseFile)) {
      findings = new FindingStore(db).list(0, null);
      hits = new IocHitStore(db).list();
    }
    assertThat(findings).isNotEmpty();
    assertThat(hits).hasSize(2);

    ReadCommandTest.Run f = export("--what", "findings", "--format", "json");
    assertThat(f.exit()).as(f.err()).isEqualTo(ExitCodes.OK);
    assertThat(f.lines()).hasSameSizeAs(findings);
    for (int i = 0; i < findings.size(); i++) {
      JsonNode n = parse(f.lines().get(i));
      Finding s = findings.get(i);
      assertThat(n.get("kind").asText()).isEqualTo(s.kind().label());
      assertThat(n.get("score").asInt()).isEqualTo(s.score());
      assertThat(n.get("client").isNull() ? null : n.get("client").asText())
          .isEqualTo(s.client() != null ? s.client().toString() : null);
      assertThat(n.get("domain").isNull() ? null : n.get("domain").asText()).isEqualTo(s.domain());
      assertThat(n.get("explanation").asText()).isEqualTo(s.explanation());
      assertThat(n.get("metrics").size()).isEqualTo(s.metrics().size());
      assertThat(n.get("evidence").size()).isEqualTo(s.evidence().size());
      if (!s.evidence().isEmpty()) {
        assertThat(n.get("evidence").get(0).asText())
            .isEqualTo("incident-sample.pcapng.gz:" + s.evidence().get(0).frameNumber());
      }
    }

    Path out = dir.resolve("hits.msgpack");
    assertThat(export("--what", "ioc-hits", "--format", "msgpack", "-o", out.toString()).exit()).isEqualTo(ExitCodes.OK);
    List<Value> packed = msgpack(out);
    assertThat(packed).hasSameSizeAs(hits);
    for (int i = 0; i < hits.size(); i++) {
      JsonNode n = parse(packed.get(i).toJson());
      IocHitSummary h = hits.get(i);
      assertThat(n.get("ioc").asText()).isEqualTo(h.ioc().value());
      assertThat(n.get("matched").asText()).isEqualTo(h.matchedValue());
      assertThat(n.get("count").asLong()).isEqualTo(h.count());
      assertThat(n.get("clients").size()).isEqualTo(h.clients().size());
      assertThat(n.get("where").asText()).isEqualTo(h.where().label());
    }
    Path csvOut = dir.resolve("hits.csv");
    assertThat(export("--what", "ioc-hits", "--format", "csv", "-o", csvOut.toString()).exit()).isEqualTo(ExitCodes.OK);
    List<Map<String, String>> rows = csv(csvOut);
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).get("ioc")).isEqualTo(hits.get(0).ioc().value());
  }

  @Test
  void formatsThatDoNotFitAreRefusedInOneSentence() {
    String[][] refused = {
      {"--what", "records", "--format", "csv"},
      {"--what", "transactions", "--format", "cof"},
      {"--what", "findings", "--format", "packetlog"},
      {"--what", "pdns", "--client", "10.0.0.1"},
      {"--what", "findings", "--domain", "example.com"},
      {"--what", "nothing"},
      {"--format", "xml"},
      {"--since", "yesterday-ish"},
    };
    for (String[] args : refused) {
      List<String> all = new ArrayList<>(List.of(args));
      if (!all.contains("--format") && (all.contains("pdns"))) {
        all.addAll(List.of("--format", "cof"));
      }
      if (!all.contains("--format") && all.contains("findings")) {
        all.addAll(List.of("--format", "json"));
      }
      ReadCommandTest.Run r = export(all.toArray(String[]::new));
      assertThat(r.exit()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(ExitCodes.USAGE);
      assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
      assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
      assertThat(r.out()).isEmpty();
    }
  }

  @Test
  void aFailedExportLeavesNoFileAndAnExistingOneUntouched() throws IOException {
    Path out = dir.resolve("keep.json");
    Files.writeString(out, "old\n");
    ReadCommandTest.Run r = export("--format", "json", "--ip", "not-an-address", "-o", out.toString());
    assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(Files.readString(out)).isEqualTo("old\n");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
    }
  }
}
