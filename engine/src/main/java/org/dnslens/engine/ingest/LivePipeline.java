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
 *
 * <p>A {@link CheckpointingSink} is told to make its transactions durable every {@code
 * checkpointEveryNanos} of wall-clock time (when anything happened since the last checkpoint), on this
 * same thread: the capture threads never wait for it, and while it runs the feed's bounded queue absorbs
 * the traffic (drops beyond it are counted {@code live_queue_full}). Pairing state is not part of a
 * checkpoint: a query still pending is emitted, with its reply, into a later one.
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
  private final long checkpointEveryNanos;

  /** A pipeline that never checkpoints (the sink completes once, at the end). */
  public LivePipeline(IngestPipeline.Config config) {
    this(config, 0);
  }

  /**
   * @param checkpointEveryNanos wall-clock time between checkpoints of a {@link CheckpointingSink}; 0:
   *     never
   */
  public LivePipeline(IngestPipeline.Config config, long checkpointEveryNanos) {
    if (checkpointEveryNanos < 0) {
      throw new IllegalArgumentException("checkpoint interval must not be negative");
    }
    this.config = config;
    this.checkpointEveryNanos = checkpointEveryNanos;
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
    // Capture time of the newest message and the wall clock when it came: while the feed is quiet the
    // pairer's clock is moved on by the wall time elapsed since, so transactions leave on time.
    long[] lastMessage = {Long.MIN_VALUE, 0};
    Consumer<RawDnsMessage> dnsStage =
        raw -> {
          DnsMessage m = dns.decode(raw);
          totals[1]++;
          long ts = m.meta().timestampNanos();
          if (ts > lastMessage[0]) {
            lastMessage[0] = ts;
            lastMessage[1] = System.nanoTime();
          }
          try {
            messages.message(m);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          pairer.accept(m);
        };
    PacketDecoder packets = new PacketDecoder(config.decoder(), issues, dnsStage);
    long droppedReported = 0;
    CheckpointingSink checkpoints =
        checkpointEveryNanos > 0 && sink instanceof CheckpointingSink c ? c : null;
    long nextCheckpoint = System.nanoTime() + checkpointEveryNanos;
    long itemsAtCheckpoint = 0;
    long droppedAtCheckpoint = 0;
    long transactionsAtCheckpoint = 0;
    long itemsSeen = 0;
    try {
      while (true) {
        if (checkpoints != null && System.nanoTime() - nextCheckpoint >= 0) {
          long dropped = feed.dropped();
          if (dropped != droppedReported) {
            issues.countOnly(IssueReason.LIVE_QUEUE_FULL, dropped - droppedReported);
            droppedReported = dropped;
          }
          // An idle interval adds nothing to commit (and needs no new run in the case).
          // Transactions count apart from items: they leave the pairer later than their packets came.
          if (itemsSeen != itemsAtCheckpoint
              || totals[2] != transactionsAtCheckpoint
              || droppedReported != droppedAtCheckpoint) {
            checkpoints.checkpoint(stats(totals, byStatus, issues, source));
            itemsAtCheckpoint = itemsSeen;
            transactionsAtCheckpoint = totals[2];
            droppedAtCheckpoint = droppedReported;
          }
          nextCheckpoint = System.nanoTime() + checkpointEveryNanos;
        }
        boolean stopping = stop.getAsBoolean() || feed.isClosed();
        Object item = feed.poll(stopping ? 0 : POLL_MILLIS);
        if (item == null) {
          if (stopping) {
            break;
          }
          if (lastMessage[0] != Long.MIN_VALUE) {
            pairer.advanceTo(lastMessage[0] + (System.nanoTime() - lastMessage[1]));
          }
          continue;
        }
        itemsSeen++;
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
