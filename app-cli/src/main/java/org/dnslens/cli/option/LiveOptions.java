package org.dnslens.cli.option;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.time.Instant;
import org.dnslens.cli.DnslensCli;
import org.dnslens.cli.casework.CaseIngest;
import org.dnslens.cli.casework.LiveCaseSink;
import org.dnslens.cli.error.ExitCodes;
import org.dnslens.cli.error.UserFacingException;
import org.dnslens.engine.decode.DecoderConfig;
import org.dnslens.engine.export.TransactionJsonWriter;
import org.dnslens.engine.export.TransactionTextWriter;
import org.dnslens.engine.export.TransactionWriter;
import org.dnslens.engine.export.WriterSink;
import org.dnslens.engine.ingest.CheckpointingSink;
import org.dnslens.engine.ingest.IngestPipeline;
import org.dnslens.engine.ingest.IngestSink;
import org.dnslens.engine.ingest.IngestStats;
import org.dnslens.engine.ingest.LiveFeed;
import org.dnslens.engine.ingest.LivePipeline;
import org.dnslens.engine.ingest.SourceInfo;
import org.dnslens.engine.model.DecodeIssue;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.engine.model.Transaction;
import org.dnslens.engine.pairing.PairingConfig;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.casefile.CaseException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * Output and pairing options of the live commands ({@code dnstap}, {@code capture}), as {@code read} has
 * them, and the run itself: the parsing loop on the calling thread, transactions written (and flushed)
 * as they complete, SIGINT/SIGTERM → stop the sources, flush pending queries as unanswered, exit 0.
 */
public final class LiveOptions {
  /** Output formats, as for {@code read}. */
  public enum Format {
    json,
    text
  }

  /** Longest --commit-every: a day (beyond that a crash loses too much to call it continuous). */
  static final long MAX_COMMIT_EVERY_SECONDS = 86_400;

  @Option(names = "--format", defaultValue = "json", description = "json (NDJSON) or text. Default: ${DEFAULT-VALUE}.")
  Format format;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output ('-': standard output, also with --case).")
  Path output;

  @Option(names = "--case", paramLabel = "CASE", description = "Also write the transactions into this case (created if missing), committed every --commit-every seconds; lines are then written only with -o.")
  Path casePath;

  @Option(names = "--commit-every", paramLabel = "SECONDS", defaultValue = "10", description = "With --case: seconds between commits (each a run of the case; a crash loses at most the last one). Default: ${DEFAULT-VALUE}.")
  long commitEverySeconds;

  @Option(names = "--resolver", paramLabel = "IP", description = "A recursive resolver's address (repeatable).")
  List<String> resolvers = new ArrayList<>();

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10", description = "Time after which a query without reply is unanswered. Default: ${DEFAULT-VALUE}.")
  double timeoutSeconds;

  @Option(names = "--stats-every", paramLabel = "SECONDS", defaultValue = "0", description = "Print running figures to stderr every SECONDS (0: only at the end).")
  long statsEverySeconds;

  /** What a live command plugs into the run. */
  public interface Source extends AutoCloseable {
    /** Figures of the source itself (e.g. pcap_stats), one line, or null. */
    String sourceStats();

    @Override
    void close() throws IOException;
  }

  /** Opens the source that fills {@code feed}. */
  @FunctionalInterface
  public interface SourceOpener {
    Source open(LiveFeed feed) throws IOException;
  }

  IngestPipeline.Config config() {
    if (!(timeoutSeconds > 0 && timeoutSeconds <= CaptureArguments.MAX_TIMEOUT_SECONDS)) {
      throw new UserFacingException("--timeout must be between 0 and " + (long) CaptureArguments.MAX_TIMEOUT_SECONDS + " seconds", ExitCodes.USAGE);
    }
    if (statsEverySeconds < 0) {
      throw new UserFacingException("--stats-every must not be negative", ExitCodes.USAGE);
    }
    if (commitEverySeconds < 1 || commitEverySeconds > MAX_COMMIT_EVERY_SECONDS) {
      throw new UserFacingException("--commit-every must be between 1 and " + MAX_COMMIT_EVERY_SECONDS + " seconds", ExitCodes.USAGE);
    }
    Set<IpAddress> ips = new HashSet<>();
    for (String r : resolvers) {
      if (!IpAddress.isLiteral(r)) {
        throw new UserFacingException("--resolver " + r + " is not an IP address", ExitCodes.USAGE);
      }
      ips.add(IpAddress.parse(r));
    }
    PairingConfig d = PairingConfig.defaults();
    return new IngestPipeline.Config(
        DecoderConfig.defaults(),
        new PairingConfig((long) (timeoutSeconds * 1e9), d.maxPendingQueries(), ips, d.detectResolvers()),
        false);
  }

  /** Runs until SIGINT/SIGTERM (or the source ends); returns the exit code. */
  public int run(CommandSpec spec, String label, SourceOpener opener) throws IOException {
    IngestPipeline.Config config = config();
    PrintWriter err = spec.commandLine().getErr();
    AtomicBoolean stop = new AtomicBoolean();
    StopSignals signals = StopSignals.install(stop);
    LiveFeed feed = new LiveFeed(LiveFeed.DEFAULT_CAPACITY);
    CaseDatabase db = null;
    LiveCaseSink caseSink = null;
    OutputStream out = null;
    IngestStats stats;
    try {
      if (casePath != null) {
        // Opened before the source, so a read-only or busy case is reported before capture starts.
        db = CaseIngest.open(casePath);
        caseSink = openCaseSink(db);
      }
      out = casePath == null || output != null ? openOutput(spec) : null;
      try (Source source = closingOnce(opener.open(feed));
          IngestSink sink = sinks(out, caseSink)) {
        err.println("dnslens: reading " + label + (casePath != null ? " into " + casePath : "") + " (Ctrl-C to stop)");
        err.flush();
        Thread ticker = statsThread(err, source, stop);
        // A stop request ends the source first (a capture reads what its kernel ring still holds), and
        // only then the pipeline, which processes everything the source handed over: nothing captured
        // is thrown away at Ctrl-C.
        AtomicBoolean sourceEnded = new AtomicBoolean();
        Thread stopper = stopperThread(err, source, stop, sourceEnded);
        try {
          stats =
              new LivePipeline(config, commitEverySeconds * 1_000_000_000L)
                  .run(
                      new SourceInfo(0, null, label, null, -1),
                      feed,
                      sink,
                      IngestPipeline.MessageListener.NONE,
                      LivePipeline.Ticker.NONE,
                      0,
                      sourceEnded::get);
        } finally {
          stop.set(true);
          if (ticker != null) {
            ticker.interrupt();
          }
        }
        stopper.join();
        err.println(summary(stats, source.sourceStats()));
        if (caseSink != null) {
          if (caseSink.removedIncompleteRuns() > 0) {
            err.println("dnslens: removed what " + caseSink.removedIncompleteRuns() + " interrupted ingest(s) had left in the case");
          }
          err.println("dnslens: " + caseSink.committedParts() + " part(s) committed to " + casePath);
        }
        err.flush();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCodes.INTERRUPTED;
    } finally {
      try {
        if (out != null) {
          out.flush();
          if (output != null && !isStdout(output)) {
            out.close();
          }
        }
      } finally {
        if (db != null) {
          db.close();
        }
        signals.close();
      }
    }
    return ExitCodes.OK;
  }

  /** How often the stopper looks at the stop flag (set by a signal handler, which must not block). */
  private static final long STOP_POLL_MILLIS = 50;

  private static Thread stopperThread(PrintWriter err, Source source, AtomicBoolean stop, AtomicBoolean sourceEnded) {
    Thread t =
        new Thread(
            () -> {
              try {
                while (!stop.get()) {
                  Thread.sleep(STOP_POLL_MILLIS);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              try {
                source.close();
              } catch (IOException | RuntimeException e) {
                synchronized (err) {
                  err.println("dnslens: stopping the source: " + e.getMessage());
                }
              } finally {
                sourceEnded.set(true);
              }
            },
            "dnslens-stopper");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** The stopper and try-with-resources may both close the source: the first one does. */
  private static Source closingOnce(Source inner) {
    AtomicBoolean closed = new AtomicBoolean();
    return new Source() {
      @Override
      public String sourceStats() {
        return inner.sourceStats();
      }

      @Override
      public void close() throws IOException {
        if (closed.compareAndSet(false, true)) {
          inner.close();
        }
      }
    };
  }

  private Thread statsThread(PrintWriter err, Source source, AtomicBoolean stop) {
    if (statsEverySeconds <= 0) {
      return null;
    }
    Thread t =
        new Thread(
            () -> {
              while (!stop.get()) {
                try {
                  Thread.sleep(statsEverySeconds * 1000);
                } catch (InterruptedException e) {
                  return;
                }
                String s = source.sourceStats();
                if (s != null) {
                  synchronized (err) {
                    err.println("dnslens: " + s);
                    err.flush();
                  }
                }
              }
            },
            "dnslens-stats");
    t.setDaemon(true);
    t.start();
    return t;
  }

  static String summary(IngestStats s, String sourceStats) {
    StringBuilder b = new StringBuilder("dnslens: stopped; ");
    b.append(s.frames()).append(" frames, ").append(s.dnsMessages()).append(" DNS messages, ")
        .append(s.transactions()).append(" transactions");
    if (!s.issues().isEmpty()) {
      b.append("; issues ").append(s.issues());
    }
    if (sourceStats != null) {
      b.append("; ").append(sourceStats);
    }
    return b.toString();
  }

  private static LiveCaseSink openCaseSink(CaseDatabase db) {
    try {
      return LiveCaseSink.open(db, Instant.now());
    } catch (CaseException e) {
      db.close();
      throw new UserFacingException(e.getMessage(), ExitCodes.BAD_INPUT, e);
    }
  }

  /** The line writer, the case, or both. */
  private IngestSink sinks(OutputStream out, LiveCaseSink caseSink) throws IOException {
    WriterSink lines = out == null ? null : new WriterSink(new FlushingWriter(writer(out)));
    if (caseSink == null) {
      return lines;
    }
    return lines == null ? caseSink : new LinesAndCase(lines, caseSink);
  }

  private static boolean isStdout(Path p) {
    return p.toString().equals("-");
  }

  private TransactionWriter writer(OutputStream out) throws IOException {
    return format == Format.text ? new TransactionTextWriter(out) : new TransactionJsonWriter(out, id -> "live");
  }

  private OutputStream openOutput(CommandSpec spec) throws IOException {
    if (output == null || isStdout(output)) {
      return new BufferedOutputStream(new NonClosing(DnslensCli.stdout(spec)), 1 << 16);
    }
    Path parent = output.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      throw new UserFacingException("cannot write " + output + ": no such directory", ExitCodes.BAD_INPUT);
    }
    return new BufferedOutputStream(Files.newOutputStream(output), 1 << 16);
  }

  /** Lines and case together: lines as transactions complete, the case at each checkpoint. */
  private static final class LinesAndCase implements CheckpointingSink {
    private final WriterSink lines;
    private final LiveCaseSink caseSink;

    LinesAndCase(WriterSink lines, LiveCaseSink caseSink) {
      this.lines = lines;
      this.caseSink = caseSink;
    }

    @Override
    public void begin(List<SourceInfo> sources) throws IOException {
      lines.begin(sources);
      caseSink.begin(sources);
    }

    @Override
    public void transaction(Transaction tx) throws IOException {
      lines.transaction(tx);
      caseSink.transaction(tx);
    }

    @Override
    public void issue(DecodeIssue issue) throws IOException {
      lines.issue(issue);
      caseSink.issue(issue);
    }

    @Override
    public void checkpoint(IngestStats soFar) throws IOException {
      caseSink.checkpoint(soFar);
    }

    @Override
    public void complete(IngestStats stats) throws IOException {
      lines.complete(stats);
      caseSink.complete(stats);
    }

    @Override
    public void close() throws IOException {
      try {
        lines.close();
      } finally {
        caseSink.close();
      }
    }
  }

  /** Live output is read as it happens: flush after every transaction. */
  private static final class FlushingWriter implements TransactionWriter {
    private final TransactionWriter inner;

    FlushingWriter(TransactionWriter inner) {
      this.inner = inner;
    }

    @Override
    public void write(Transaction t) throws IOException {
      inner.write(t);
      inner.flush();
    }

    @Override
    public void flush() throws IOException {
      inner.flush();
    }

    @Override
    public void close() throws IOException {
      inner.close();
    }
  }

  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
