package org.dnslens.engine.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dnslens.engine.ingest.CollectingIngestSink;
import org.dnslens.engine.ingest.IngestPipeline;
import org.dnslens.engine.ingest.SourceInfo;

/** The public captures under testdata/pcaps and what PROVENANCE.tsv says of them. */
final class PublicCaptures {
  static final Path ROOT = Path.of("..", "testdata", "pcaps");
  private static final Pattern DNS_MSGS = Pattern.compile("dns_msgs\\([^)]*\\)=(\\d+)");

  /** One manifest row. {@code tsharkMessages} is -1 where tshark gave no count. */
  record Capture(String localPath, String format, long tsharkMessages) {
    Path path() {
      return ROOT.resolve(localPath);
    }

    @Override
    public String toString() {
      return localPath;
    }
  }

  private PublicCaptures() {}

  static List<Capture> all() throws IOException {
    List<Capture> out = new ArrayList<>();
    List<String> lines = Files.readAllLines(ROOT.resolve("PROVENANCE.tsv"), StandardCharsets.UTF_8);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split("\t", -1);
      if (f.length < 9 || !Files.isRegularFile(ROOT.resolve(f[0]))) {
        continue;
      }
      Matcher m = DNS_MSGS.matcher(f[8]);
      out.add(new Capture(f[0], f[5], m.find() ? Long.parseLong(m.group(1)) : -1));
    }
    return out;
  }

  /** Runs the whole pipeline over one file. */
  static CollectingIngestSink run(Path file, IngestPipeline.Config config) throws IOException {
    IngestPipeline p = new IngestPipeline(config);
    List<SourceInfo> sources = p.describe(List.of(file));
    CollectingIngestSink sink = new CollectingIngestSink();
    try (sink) {
      p.run(sources, sink, IngestPipeline.MessageListener.NONE, IngestPipeline.Progress.NONE, () -> false);
    }
    return sink;
  }
}
