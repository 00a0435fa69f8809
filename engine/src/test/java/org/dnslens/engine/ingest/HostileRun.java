package org.dnslens.engine.ingest;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dnslens.engine.decode.DecoderConfig;
import org.dnslens.engine.model.IssueReason;
import org.dnslens.engine.model.Transaction;
import org.dnslens.engine.pairing.PairingConfig;

/**
 * Runs the ingest pipeline over one capture and keeps what the hostile-input tests assert on: the stats,
 * the transactions (or only their count, for floods) and the bytes the thread allocated meanwhile (a count
 * of work that does not depend on the machine's speed). Also the main of the small-heap child JVM of
 * {@link BoundedMemoryTest}: {@code HostileRun maxPendingQueries file...} prints one line per file.
 */
final class HostileRun {
  final IngestStats stats;
  final List<Transaction> transactions;
  final long allocatedBytes;

  private HostileRun(IngestStats stats, List<Transaction> transactions, long allocatedBytes) {
    this.stats = stats;
    this.transactions = transactions;
    this.allocatedBytes = allocatedBytes;
  }

  static HostileRun run(Path capture, DecoderConfig decoder, PairingConfig pairing, boolean keepTransactions)
      throws IOException {
    IngestPipeline pipeline = new IngestPipeline(new IngestPipeline.Config(decoder, pairing, false));
    CollectingIngestSink sink =
        keepTransactions ? CollectingIngestSink.transactionsOnly() : CollectingIngestSink.statsOnly();
    long before = allocated();
    IngestStats stats =
        pipeline.run(
            pipeline.describe(List.of(capture)),
            sink,
            IngestPipeline.MessageListener.NONE,
            IngestPipeline.Progress.NONE,
            () -> false);
    return new HostileRun(stats, sink.transactions(), allocated() - before);
  }

  long count(IssueReason reason) {
    return stats.issues().getOrDefault(reason, 0L);
  }

  /** frames, messages, transactions and the reasons, as one stable line. */
  String summary() {
    StringBuilder sb = new StringBuilder();
    sb.append("frames=").append(stats.frames()).append(" messages=").append(stats.dnsMessages())
        .append(" transactions=").append(stats.transactions());
    Map<String, Long> sorted = new TreeMap<>();
    stats.issues().forEach((r, n) -> sorted.put(r.label(), n));
    sorted.forEach((r, n) -> sb.append(' ').append(r).append('=').append(n));
    stats.byStatus().forEach((s, n) -> {
      if (n > 0) {
        sb.append(" status:").append(s.label()).append('=').append(n);
      }
    });
    return sb.toString();
  }

  static long allocated() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
  }

  /** The child JVM's entry point: reads each file with default decoder limits and prints its summary. */
  public static void main(String[] args) throws IOException {
    PairingConfig pairing = PairingConfig.defaults().withMaxPendingQueries(Integer.parseInt(args[0]));
    for (int i = 1; i < args.length; i++) {
      HostileRun r = run(Path.of(args[i]), DecoderConfig.defaults(), pairing, false);
      Runtime rt = Runtime.getRuntime();
      System.out.println(Path.of(args[i]).getFileName() + " " + r.summary() + " maxHeapMb=" + rt.maxMemory() / (1 << 20));
    }
  }
}
