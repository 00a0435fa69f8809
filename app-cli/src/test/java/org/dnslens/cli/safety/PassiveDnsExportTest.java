package org.dnslens.cli.safety;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dnslens.cli.error.ExitCodes;
import org.dnslens.testdata.gen.CaptureGenerator;
import org.dnslens.testdata.gen.GeneratorConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * #7: {@code dnslens export --case C --what pdns} exports a case's whole passive DNS, merged across
 * ingest runs, with no row cap, in bounded memory. The expected rows are aggregated here, independently
 * of storage, from {@code dnslens read} of the same captures (every answer record of every reply, other
 * replies included: first = min, last = max, count = occurrences).
 */
class PassiveDnsExportTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The row cap the interactive query keeps and the export used to stop at. */
  private static final int OLD_CAP = 100_000;

  @TempDir Path dir;

  @Test
  void wholeCaseExportEqualsAnIndependentAggregationOfItsCaptures() throws IOException {
    Path caseDir = dir.resolve("case");
    Map<String, long[]> expected = new HashMap<>();
    Map<String, Integer> capturesPerRow = new HashMap<>();
    for (long seed : new long[] {71, 72, 73}) {
      Path capture = dir.resolve("gen" + seed + ".pcap");
      new CaptureGenerator(GeneratorConfig.defaults(seed, 3_000)).write(capture);
      CaseContents.Run read = CaseContents.inProcess("read", "--format", "json", capture.toString());
      assertThat(read.exit()).as(read.err()).isZero();
      Set<String> seen = new HashSet<>();
      aggregateAnswers(read.out(), expected, seen);
      seen.forEach(k -> capturesPerRow.merge(k, 1, Integer::sum));
      CaseContents.Run ingest = CaseContents.inProcess("ingest", "--case", caseDir.toString(), capture.toString());
      assertThat(ingest.exit()).as(ingest.err()).isZero();
    }
    // The captures share names and data (same generator hour): the export must merge rows across runs.
    assertThat(capturesPerRow.values()).filteredOn(n -> n > 1).isNotEmpty();

    CaseContents.Run export = CaseContents.inProcess(
        "export", "--case", caseDir.toString(), "--what", "pdns", "--format", "cof");
    assertThat(export.exit()).as(export.err()).isEqualTo(ExitCodes.OK);
    assertThat(cofRows(export.out())).containsExactlyInAnyOrderElementsOf(cofRowsOf(expected));
    assertThat(export.err()).contains(String.format("%,d passive DNS rows exported", expected.size()));

    // A --domain export is the same aggregation restricted to the domain and its subdomains.
    String domain = mostCommonDomain(expected);
    CaseContents.Run part = CaseContents.inProcess(
        "export", "--case", caseDir.toString(), "--what", "pdns", "--format", "cof", "--domain", domain);
    assertThat(part.exit()).as(part.err()).isEqualTo(ExitCodes.OK);
    Map<String, long[]> inDomain = new HashMap<>();
    expected.forEach((k, v) -> {
      String name = k.substring(0, k.indexOf('\0')).toLowerCase(java.util.Locale.ROOT);
      if (name.equals(domain) || name.endsWith("." + domain)) {
        inDomain.put(k, v);
      }
    });
    assertThat(inDomain).isNotEmpty();
    assertThat(cofRows(part.out())).containsExactlyInAnyOrderElementsOf(cofRowsOf(inDomain));
  }

  @Test
  void aCaseOfTwoHundredThousandTransactionsExportsWholeInASmallHeap() throws Exception {
    Path caseDir = dir.resolve("big");
    for (long seed : new long[] {81, 82}) {
      Path capture = dir.resolve("big" + seed + ".pcap");
      new CaptureGenerator(GeneratorConfig.defaults(seed, 100_000)).write(capture);
      CaseContents.Run ingest = CaseContents.inProcess("ingest", "--case", caseDir.toString(), capture.toString());
      assertThat(ingest.exit()).as(ingest.err()).isZero();
      Files.delete(capture);
    }
    Path small = dir.resolve("small-heap.cof");
    ChildCli.Outcome child = ChildCli.sameUser(dir.resolve("child")).withHeap("64m")
        .run("export", "--case", caseDir.toString(), "--what", "pdns", "--format", "cof", "-o", small.toString());
    assertThat(child.exit()).as(child.stderr()).isEqualTo(ExitCodes.OK);
    assertThat(child.stderr()).doesNotContain("out of memory", "Exception");

    Path large = dir.resolve("this-heap.cof");
    CaseContents.Run here = CaseContents.inProcess(
        "export", "--case", caseDir.toString(), "--what", "pdns", "--format", "cof", "-o", large.toString());
    assertThat(here.exit()).as(here.err()).isEqualTo(ExitCodes.OK);
    List<String> rows = Files.readAllLines(small, UTF_8);
    assertThat(rows).hasSizeGreaterThan(OLD_CAP);
    assertThat(rows).isEqualTo(Files.readAllLines(large, UTF_8));
    // Each (name, type, data) once: the runs were merged, not concatenated.
    Set<String> keys = new HashSet<>();
    for (String l : rows) {
      JsonNode n = parse(l);
      assertThat(keys.add(n.get("rrname").asText() + "|" + n.get("rrtype").asText() + "|" + n.get("rdata").asText()))
          .as(l).isTrue();
    }
  }

  /** Adds every answer record of every reply in a transaction log to {@code into}. */
  private static void aggregateAnswers(String ndjson, Map<String, long[]> into, Set<String> seen) {
    for (String line : ndjson.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode t = parse(line);
      if (t.has("reply_ts") && !t.get("reply_ts").isNull()) {
        answers(t.get("reply_ts"), t.path("reply"), into, seen);
      }
      for (JsonNode other : t.path("other_replies")) {
        answers(other.get("ts"), other.path("reply"), into, seen);
      }
    }
  }

  private static void answers(JsonNode ts, JsonNode records, Map<String, long[]> into, Set<String> seen) {
    long seconds = (long) Math.floor(ts.asDouble());
    for (JsonNode r : records) {
      if (!"answer".equals(r.path("section").asText())) {
        continue;
      }
      String key = r.get("name").asText() + "\0" + r.get("type").asText() + "\0" + r.path("data").asText("");
      seen.add(key);
      into.merge(key, new long[] {seconds, seconds, 1},
          (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1]), a[2] + b[2]});
    }
  }

  private static List<String> cofRowsOf(Map<String, long[]> aggregated) {
    List<String> out = new ArrayList<>();
    aggregated.forEach((k, v) -> out.add(k.replace('\0', '|') + "|" + v[0] + "|" + v[1] + "|" + v[2]));
    return out;
  }

  private static List<String> cofRows(String ndjson) {
    List<String> out = new ArrayList<>();
    for (String line : ndjson.split("\n")) {
      if (!line.isBlank()) {
        JsonNode n = parse(line);
        out.add(String.join("|", n.get("rrname").asText(), n.get("rrtype").asText(), n.get("rdata").asText(),
            n.get("time_first").asText(), n.get("time_last").asText(), n.get("count").asText()));
      }
    }
    return out;
  }

  /** The registered domain (last two labels) with the most rows. */
  private static String mostCommonDomain(Map<String, long[]> aggregated) {
    Map<String, Integer> n = new HashMap<>();
    for (String k : aggregated.keySet()) {
      String[] labels = k.substring(0, k.indexOf('\0')).toLowerCase(java.util.Locale.ROOT).split("\\.");
      if (labels.length >= 2) {
        n.merge(labels[labels.length - 2] + "." + labels[labels.length - 1], 1, Integer::sum);
      }
    }
    return n.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new UncheckedIOException(line, e);
    }
  }
}
