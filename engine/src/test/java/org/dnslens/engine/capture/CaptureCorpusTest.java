package org.dnslens.engine.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.dnslens.engine.issue.IssueCounter;
import org.dnslens.engine.model.IssueReason;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file of the public corpus: captures give the packet count tshark gave (PROVENANCE.tsv), and
 * everything else is recognised as not a capture. Nothing throws.
 */
class CaptureCorpusTest {
  static final Path CORPUS = Path.of("../testdata/pcaps");

  /** A manifest row: its format column and, where it is a number, its packet count (else -1). */
  record Row(String format, long packets) {}

  static Map<String, Row> manifest() throws IOException {
    Map<String, Row> rows = new HashMap<>();
    List<String> lines = Files.readAllLines(CORPUS.resolve("PROVENANCE.tsv"), StandardCharsets.UTF_8);
    for (String line : lines.subList(1, lines.size())) {
      String[] c = line.split("\t", -1);
      if (c.length < 7) {
        continue;
      }
      long packets = c[6].matches("\\d+") ? Long.parseLong(c[6]) : -1;
      rows.put(c[0], new Row(c[5], packets));
    }
    return rows;
  }

  static Stream<Path> corpusFiles() throws IOException {
    try (Stream<Path> s = Files.walk(CORPUS)) {
      List<Path> files = s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
      assertThat(files).hasSizeGreaterThan(100);
      return files.stream();
    }
  }

  static boolean isCapture(Row row) {
    return row != null
        && (row.format().startsWith("pcap") || row.format().startsWith("nsecpcap"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpusFiles")
  void readsEveryFileWithTheExpectedFrameCount(Path file) throws Exception {
    String key = CORPUS.relativize(file).toString().replace('\\', '/');
    Row row = manifest().get(key);
    IssueCounter issues = new IssueCounter();
    long frames = 0;
    String format;
    try (CaptureReader r = CaptureReaders.open(file, 0, issues)) {
      for (Frame f = r.next(); f != null; f = r.next()) {
        frames++;
        assertThat(f.frameNumber()).isEqualTo(frames);
        assertThat(f.data().position()).isZero();
      }
      format = r.format();
    }
    assertThat(issues.get(IssueReason.INTERNAL_MISSING_BOUNDS_CHECK)).isZero();
    if (isCapture(row)) {
      assertThat(format).isEqualTo(row.format().startsWith("pcapng") ? "pcapng" : "pcap");
      if (row.packets() >= 0) {
        assertThat(frames).as("frames of %s", key).isEqualTo(row.packets());
      }
    } else if (CaptureReaders.DNSTAP_FORMAT.equals(format)) {
      // dnstap files: no link-layer frames; IngestPipeline reads their messages (engine.dnstap).
      assertThat(format).isEqualTo(CaptureReaders.DNSTAP_FORMAT);
      assertThat(frames).isZero();
      assertThat(issues.total()).isZero();
    } else {
      assertThat(format).isEqualTo("unknown");
      assertThat(frames).isZero();
      assertThat(issues.get(IssueReason.CAPTURE_UNKNOWN_FORMAT)).isEqualTo(1);
    }
  }
}
