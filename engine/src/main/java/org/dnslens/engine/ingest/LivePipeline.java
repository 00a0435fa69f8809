package org.dnslens.engine.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.dnslens.engine.capture.Frame;
import org.dnslens.engine.decode.PacketDecoder;
import org.dnslens.engine.dns.DnsMessageDecoder;
import org.dnslens.engine.issue.IssueCounter;
import org.dnslens.engine.model.DecodeIssue;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.model.IssueReason;
import org.dnslens.engine.model.RawDnsMessage;
import org.dnslens.engine.model.TransactionStatus;
import org.dnslens.engine.pairing.TransactionPairer;

/**
 * The live counterpart of {@link IngestPipeline}: takes frames and dnstap messages from a {@link
 * LiveFeed} (filled by capture or socket threads) on the calling thread, decodes, pairs and writes
 * transactions to the sink as they complete. Expiry runs on the messages' own (capture or dnstap) time.
 * When {@code stop} turns true or the feed is closed and drained, what is queued is still processed,
 * pending queries are emitted unanswered ({@code PAIRING_END_OF_CAPTURE}), and the sink is completed.
 */
public final class LivePipeline {
  /** How long the parsing thread waits for an item before checking {@code stop} again. */
  public static final long POLL_MILLIS = 100;

  /** Told the running figures now and then (on the pipeline thread; must be quick). */
  @FunctionalInterface
  public interface Ticker {
    Ticker NONE = stats -> {};

    void tick(IngestStats soFar);
  }

  private final IngestPipeline.Config config;

  public LivePipeline(IngestPipeline.Config config) {
    this.config = config;
  }

  /**
   * Runs until {@code stop} is true or the feed is closed and empty.
   *
   * @param ticks how many items between calls of {@code ticker} (0: never)
   */
  public IngestStats run(
      SourceInfo source,
      LiveFeed feed,
      IngestSink sink,
      IngestPipeline.MessageListener messages,
      Ticker ticker,
      long ticks,
      BooleanSupplier stop)
      throws IOException, InterruptedException {
    sink.begin(List.of(source));
    IssueCounter issues =
        new IssueCounter(
            issue -> {
              try {
                sink.issue(issue);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    Map<TransactionStatus, Long> byStatus = new EnumMap<>(TransactionStatus.class);
    for (TransactionStatus s : TransactionStatus.values()) {
      byStatus.put(s, 0L);
    }
    long[] totals = new long[3];
    TransactionPairer pairer =
        new TransactionPairer(
            config.pairing(),
            issues,
            tx -> {
              totals[2]++;
              byStatus.merge(tx.status(), 1L, Long::sum);
              try {
                sink.transaction(tx);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    DnsMessageDecoder dns = new DnsMessageDecoder(issues);
    Consumer<RawDnsMessage> dnsStage =
        raw -> {
          DnsMessage m = dns.decode(raw);
          totals[1]++;
          try {
            messages.message(m);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          pairer.accept(m);
        };
    PacketDecoder packets = new PacketDecoder(config.decoder(), issues, dnsStage);
    long droppedReported = 0;
    try {
      while (true) {
        boolean stopping = stop.getAsBoolean() || feed.isClosed();
        Object item = feed.poll(stopping ? 0 : POLL_MILLIS);
        if (item == null) {
          if (stopping) {
            break;
          }
          continue;
        }
        if (item instanceof Frame f) {
          totals[0]++;
          packets.decode(f);
        } else if (item instanceof RawDnsMessage m) {
          totals[0]++;
          dnsStage.accept(m);
        } else if (item instanceof DecodeIssue i) {
          issues.count(i.reason(), i.frame(), i.timestampNanos(), i.detail());
        }
        long dropped = feed.dropped();
        if (dropped != droppedReported) {
          issues.countOnly(IssueReason.LIVE_QUEUE_FULL, dropped - droppedReported);
          droppedReported = dropped;
        }
        if (ticks > 0 && totals[0] % ticks == 0) {
          ticker.tick(stats(totals, byStatus, issues, source));
        }
      }
      long dropped = feed.dropped();
      if (dropped != droppedReported) {
        issues.countOnly(IssueReason.LIVE_QUEUE_FULL, dropped - droppedReported);
      }
      packets.finish();
      pairer.finish();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    IngestStats stats = stats(totals, byStatus, issues, source);
    sink.complete(stats);
    return stats;
  }

  private static IngestStats stats(
      long[] totals, Map<TransactionStatus, Long> byStatus, IssueCounter issues, SourceInfo source) {
    return new IngestStats(
        0,
        totals[0],
        totals[1],
        totals[2],
        byStatus,
        issues.snapshot(),
        List.of(
            new SourceStats(
                source.id(),
                source.label().startsWith("dnstap:") ? "dnstap" : "live",
                java.util.Set.of(),
                totals[0],
                totals[1],
                0,
                0)));
  }
}
