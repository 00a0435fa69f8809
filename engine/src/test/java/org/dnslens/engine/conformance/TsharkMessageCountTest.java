package org.dnslens.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dnslens.engine.ingest.CollectingIngestSink;
import org.dnslens.engine.ingest.IngestPipeline;
import org.dnslens.engine.model.IssueReason;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 2's acceptance: for every public capture, the number of DNS messages dnslens finds equals tshark's
 * {@code dns_msgs} in PROVENANCE.tsv, or the difference is listed with its reason in
 * {@code tshark-known-differences.tsv} (path, our count, reason). Every capture also runs through the whole
 * pipeline without an internal bounds fault. A report of all counts is written to
 * target/tshark-conformance.tsv.
 */
class TsharkMessageCountTest {
  private static final Map<String, KnownDifference> KNOWN = new LinkedHashMap<>();
  private static final List<String> REPORT = new ArrayList<>();

  record KnownDifference(long ours, String reason) {}

  @BeforeAll
  static void loadKnownDifferences() throws IOException {
    try (InputStream in = TsharkMessageCountTest.class.getResourceAsStream("tshark-known-differences.tsv")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t", 3);
        KNOWN.put(f[0], new KnownDifference(Long.parseLong(f[1]), f[2]));
      }
    }
  }

  static Stream<PublicCaptures.Capture> captures() throws IOException {
    return PublicCaptures.all().stream()
        .filter(c -> !c.localPath().endsWith(".log") && !c.localPath().endsWith(".out"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("captures")
  void findsAsManyDnsMessagesAsTshark(PublicCaptures.Capture capture) throws IOException {
    CollectingIngestSink sink = PublicCaptures.run(capture.path(), IngestPipeline.Config.defaults());
    long ours = sink.stats().dnsMessages();
    synchronized (REPORT) {
      REPORT.add(capture.localPath() + "\t" + capture.tsharkMessages() + "\t" + ours + "\t" + sink.stats().issues());
    }
    assertThat(sink.stats().issues()).doesNotContainKey(IssueReason.INTERNAL_MISSING_BOUNDS_CHECK);
    if (capture.tsharkMessages() < 0) {
      return; // not a capture tshark counted (dnstap, sidecars): it must only not fail
    }
    KnownDifference known = KNOWN.get(capture.localPath());
    if (known != null) {
      assertThat(ours).as("known difference for %s: %s", capture, known.reason()).isEqualTo(known.ours());
      assertThat(ours).as("a known difference that is no longer one").isNotEqualTo(capture.tsharkMessages());
    } else {
      assertThat(ours).as("DNS messages in %s (tshark: %d)", capture, capture.tsharkMessages())
          .isEqualTo(capture.tsharkMessages());
    }
  }

  @AfterAll
  static void writeReport() throws IOException {
    Path target = Path.of("target");
    Files.createDirectories(target);
    REPORT.sort(null);
    Files.write(target.resolve("tshark-conformance.tsv"), REPORT, StandardCharsets.UTF_8);
  }
}
