package org.dnslens.cli.command;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.dnslens.cli.DnslensCli;
import org.dnslens.engine.model.IssueReason;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every file of the public corpus (captures of every link type, fuzzed captures, dnstap streams, text
 * sidecars, licences) goes through {@code dnslens read --stats --format text} in-process: exit 0, no
 * stack trace, no raw control character on stdout or stderr, and its figures (frames, DNS messages,
 * transactions, count per issue reason) equal to the line in {@code read-reasons.golden.tsv}. A change
 * in any decoder that moves a count shows up here as a diff to review. Regenerate with {@code
 * -Ddnslens.golden.update=true} (never in CI), then read the diff.
 */
class ReadReasonsGoldenTest {
  private static final Path CORPUS = Path.of("../testdata/pcaps");
  private static final Path GOLDEN =
      Path.of("src/test/resources/org/dnslens/cli/command/read-reasons.golden.tsv");
  private static final String HEADER = "# path\tframes\tdns_messages\ttransactions\treasons (label=count, by label)";
  private static final Pattern REASON_LINE = Pattern.compile("^  ([a-z0-9_]+) +(\\d+)  .*$");
  private static final Pattern TOTAL_LINE = Pattern.compile("^(frames read|dns messages|transactions) +(\\d+)$");

  @Test
  void everyPublicFileReadsCleanlyWithItsRecordedReasonCounts() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(CORPUS)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThan(300);
    List<String> lines = new ArrayList<>();
    lines.add(HEADER);
    for (Path f : files) {
      lines.add(CORPUS.relativize(f).toString().replace('\\', '/') + "\t" + read(f));
    }
    String actual = String.join("\n", lines) + "\n";
    if (Boolean.getBoolean("dnslens.golden.update")) {
      Files.writeString(GOLDEN, actual, UTF_8);
    }
    assertThat(GOLDEN).as("golden file; create it with -Ddnslens.golden.update=true").exists();
    assertThat(actual).isEqualTo(Files.readString(GOLDEN, UTF_8));
  }

  /** Runs read on one file and returns its golden columns. */
  private static String read(Path file) {
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = DnslensCli.newCommandLine(stdout);
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int exit = cmd.execute("read", "--stats", "--format", "text", file.toString());
    String stderr = err.toString();
    String text = stdout.toString(UTF_8);
    assertThat(exit).as("exit code of %s; stderr: %s", file, stderr).isZero();
    assertThat(stderr).as("stderr of %s", file).doesNotContain("Exception", "\tat ", "internal error");
    TerminalSafety.assertNoRawControls(text, "stdout of " + file);
    TerminalSafety.assertNoRawControls(stderr, "stderr of " + file);
    long[] totals = new long[3];
    TreeMap<String, Long> reasons = new TreeMap<>();
    for (String line : stderr.split("\n", -1)) {
      Matcher t = TOTAL_LINE.matcher(line);
      if (t.matches()) {
        int i = switch (t.group(1)) {
          case "frames read" -> 0;
          case "dns messages" -> 1;
          default -> 2;
        };
        totals[i] = Long.parseLong(t.group(2));
      }
      Matcher r = REASON_LINE.matcher(line);
      if (r.matches() && IssueReason.fromLabel(r.group(1)) != null) {
        reasons.put(r.group(1), Long.parseLong(r.group(2)));
      }
    }
    assertThat(reasons).as("%s", file).doesNotContainKey(IssueReason.INTERNAL_MISSING_BOUNDS_CHECK.label());
    StringBuilder sb = new StringBuilder();
    sb.append(totals[0]).append('\t').append(totals[1]).append('\t').append(totals[2]).append('\t');
    if (reasons.isEmpty()) {
      sb.append('-');
    }
    reasons.forEach((k, v) -> sb.append(sb.charAt(sb.length() - 1) == '\t' ? "" : ",").append(k).append('=').append(v));
    return sb.toString();
  }
}
