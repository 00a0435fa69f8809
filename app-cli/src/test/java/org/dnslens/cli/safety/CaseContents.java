package org.dnslens.cli.safety;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.dnslens.cli.DnslensCli;
import picocli.CommandLine;

/**
 * A case's transactions as a multiset of identities, from {@code dnslens search}, and what a capture
 * should contribute, from {@code dnslens read} of the same file: equal multisets mean every transaction
 * is in the case exactly once. The identity is what both outputs share: file, frames, ends, DNS id,
 * name and status.
 */
final class CaseContents {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Far above the generated captures; {@code search} refuses more than its own maximum. */
  private static final String SEARCH_LIMIT = "1000000";

  private CaseContents() {}

  /** A command run in this JVM (fast) through the same command line as the child's. */
  record Run(int exit, String out, String err) {}

  static Run inProcess(String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CommandLine cmd = DnslensCli.newCommandLine(bytes);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int exit = cmd.execute(args);
    return new Run(exit, out + bytes.toString(UTF_8), err.toString());
  }

  /** The transactions {@code dnslens read} finds in {@code capture}. */
  static Map<String, Long> ofCapture(Path capture) {
    Run r = inProcess("read", "--format", "json", capture.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    return identities(r.out());
  }

  /** The transactions {@code dnslens search} finds in the case. */
  static Map<String, Long> ofCase(Path casePath) {
    Run r = inProcess("search", "--case", casePath.toString(), "--format", "json", "--limit", SEARCH_LIMIT);
    assertThat(r.exit()).as("search of the case: %s", r.err()).isZero();
    assertThat(r.err()).doesNotContain("Exception", "\tat ");
    return identities(r.out());
  }

  static Map<String, Long> union(Map<String, Long> a, Map<String, Long> b) {
    Map<String, Long> out = new TreeMap<>(a);
    b.forEach((k, v) -> out.merge(k, v, Long::sum));
    return out;
  }

  /**
   * A short account of how {@code actual} differs from {@code expected} (an assertion message that does
   * not print 20 000 transactions).
   */
  static String difference(Map<String, Long> expected, Map<String, Long> actual) {
    long missing = 0;
    long extra = 0;
    String firstMissing = null;
    String firstExtra = null;
    for (Map.Entry<String, Long> e : expected.entrySet()) {
      long d = e.getValue() - actual.getOrDefault(e.getKey(), 0L);
      if (d > 0) {
        missing += d;
        firstMissing = firstMissing == null ? e.getKey() : firstMissing;
      }
    }
    for (Map.Entry<String, Long> e : actual.entrySet()) {
      long d = e.getValue() - expected.getOrDefault(e.getKey(), 0L);
      if (d > 0) {
        extra += d;
        firstExtra = firstExtra == null ? e.getKey() : firstExtra;
      }
    }
    return String.format("expected %d transactions, found %d: %d missing (first %s), %d extra or duplicated (first %s)",
        total(expected), total(actual), missing, firstMissing, extra, firstExtra);
  }

  static long total(Map<String, Long> multiset) {
    return multiset.values().stream().mapToLong(Long::longValue).sum();
  }

  private static Map<String, Long> identities(String ndjson) {
    Map<String, Long> out = new TreeMap<>();
    for (String line : ndjson.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      try {
        JsonNode t = JSON.readTree(line);
        JsonNode source = t.path("source");
        String file = Path.of(source.path("file").asText()).getFileName().toString();
        String key = String.join("|", file, source.path("query_frame").asText("-"),
            source.path("reply_frame").asText("-"), t.path("client_addr").asText(), t.path("client_port").asText(),
            t.path("server_addr").asText(), t.path("server_port").asText(), t.path("tx_id").asText(),
            t.path("qname").asText(), t.path("status").asText());
        out.merge(key, 1L, Long::sum);
      } catch (IOException e) {
        throw new UncheckedIOException("not a JSON line: " + line, e);
      }
    }
    return out;
  }

  /** Copies a case's folder (whatever files the case consists of) to a new folder. */
  static void copyFolder(Path from, Path to) throws IOException {
    deleteFolder(to);
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
  }

  static void deleteFolder(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
