package org.dnslens.casework;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.dnslens.engine.ingest.IngestPipeline;
import org.dnslens.engine.ingest.IngestSink;
import org.dnslens.engine.ingest.IngestStats;
import org.dnslens.engine.ingest.SourceInfo;
import org.dnslens.engine.model.DecodeIssue;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.model.Transaction;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.ingest.DatabaseSink;
import org.dnslens.storage.layout.TxBlock;
import org.dnslens.storage.search.SearchQuery;
import org.dnslens.storage.search.StoredTransaction;
import org.dnslens.storage.search.TransactionSearch;
import org.dnslens.testdata.gen.CaptureGenerator;
import org.dnslens.testdata.gen.GeneratorConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4 (packed block wire, schema V7): every public capture, the incident sample and a generated capture
 * go into one case, and every transaction's query and reply bytes come back from it exactly as the engine
 * handed them to the case, through the search (row by row) and through the whole-case block scan (the IOC
 * match's path); and the blocks were written packed, so the packing, not a fallback, is what is checked.
 */
class PackedWireCorpusTest {
  @TempDir Path dir;

  @Test
  void everyMessageComesBackByteForByte() throws Exception {
    Path generated = dir.resolve("generated.pcap");
    new CaptureGenerator(GeneratorConfig.defaults(3, 5_000)).write(generated);
    List<Path> captures = new ArrayList<>(List.of(generated, Path.of("../testdata/sample/incident-sample.pcapng.gz")));
    try (Stream<Path> s = Files.walk(Path.of("../testdata/pcaps"))) {
      s.filter(Files::isRegularFile)
          .filter(p -> p.toString().matches(".*\\.(pcap|pcapng|cap)(\\.gz)?$"))
          .sorted()
          .forEach(captures::add);
    }
    List<String> handed = new ArrayList<>();
    try (CaseDatabase db = CaseDatabase.open(dir.resolve("case"))) {
      IngestPipeline pipeline = new IngestPipeline(IngestPipeline.Config.defaults());
      List<SourceInfo> sources = pipeline.describe(captures);
      try (DatabaseSink sink = DatabaseSink.open(db)) {
        pipeline.run(sources, new Tee(sink, handed), IngestPipeline.MessageListener.NONE,
            IngestPipeline.Progress.NONE, () -> false);
      }
      assertThat(handed).hasSizeGreaterThan(10_000);

      TransactionSearch search = new TransactionSearch(db);
      List<String> searched = new ArrayList<>();
      for (StoredTransaction s : search.search(SearchQuery.all().withLimit(SearchQuery.MAX_LIMIT))) {
        searched.add(key(s.queryWire(), s.replyWire()));
      }
      assertThat(searched).hasSameSizeAs(handed).containsExactlyInAnyOrderElementsOf(handed);

      List<String> scanned = new ArrayList<>();
      int[] packed = new int[2];
      search.forEachBlock(block -> {
        TxBlock b = block.summary();
        packed[b.format == TxBlock.FORMAT_PACKED_WIRE ? 1 : 0]++;
        for (int r = 0; r < b.count; r++) {
          scanned.add(key(b.queryWire(block.wire(), r), b.replyWire(block.wire(), r)));
        }
        return true;
      });
      assertThat(scanned).containsExactlyInAnyOrderElementsOf(handed);
      assertThat(packed[0]).as("plain blocks").isZero();
      assertThat(packed[1]).as("packed blocks").isPositive();
    }
  }

  private static String key(byte[] query, byte[] reply) {
    HexFormat hex = HexFormat.of();
    return (query == null ? "-" : hex.formatHex(query)) + "|" + (reply == null ? "-" : hex.formatHex(reply));
  }

  /** Hands every transaction on to the case and remembers its messages' bytes. */
  private record Tee(DatabaseSink sink, List<String> handed) implements IngestSink {
    @Override
    public void begin(List<SourceInfo> sources) throws IOException {
      sink.begin(sources);
    }

    @Override
    public Set<Integer> skippedSourceIds() {
      return sink.skippedSourceIds();
    }

    @Override
    public void transaction(Transaction t) throws IOException {
      sink.transaction(t);
      DnsMessage q = t.query();
      DnsMessage r = t.reply();
      handed.add(key(q == null ? null : q.wire(), r == null ? null : r.wire()));
    }

    @Override
    public void issue(DecodeIssue issue) throws IOException {
      sink.issue(issue);
    }

    @Override
    public void complete(IngestStats stats) throws IOException {
      sink.complete(stats);
    }

    @Override
    public void close() throws IOException {
      sink.close();
    }
  }
}
