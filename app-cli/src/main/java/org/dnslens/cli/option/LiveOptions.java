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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dnslens.cli.DnslensCli;
import org.dnslens.cli.error.ExitCodes;
import org.dnslens.cli.error.UserFacingException;
import org.dnslens.engine.decode.DecoderConfig;
import org.dnslens.engine.export.TransactionJsonWriter;
import org.dnslens.engine.export.TransactionTextWriter;
import org.dnslens.engine.export.TransactionWriter;
import org.dnslens.engine.export.WriterSink;
import org.dnslens.engine.ingest.IngestPipeline;
import org.dnslens.engine.ingest.IngestStats;
import org.dnslens.engine.ingest.LiveFeed;
import org.dnslens.engine.ingest.LivePipeline;
import org.dnslens.engine.ingest.SourceInfo;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.engine.model.Transaction;
import org.dnslens.engine.pairing.PairingConfig;
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

  /** Longest wait, after a signal, for the run to flush before the process ends anyway. */
  static final long MAX_SHUTDOWN_WAIT_SECONDS = 30;

  @Option(names = "--format", defaultValue = "json", description = "json (NDJSON) or text. Default: ${DEFAULT-VALUE}.")
  Format format;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
  Path output;

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
    CountDownLatch done = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              stop.set(true);
              try {
                if (done.await(MAX_SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS)) {
                  // The run flushed everything: end with 0 rather than the signal's 128+n status.
                  Runtime.getRuntime().halt(ExitCodes.OK);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "dnslens-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    LiveFeed feed = new LiveFeed(LiveFeed.DEFAULT_CAPACITY);
    OutputStream out = openOutput(spec);
    IngestStats stats;
    try (Source source = opener.open(feed);
        WriterSink sink = new WriterSink(new FlushingWriter(writer(out)))) {
      err.println("dnslens: reading " + label + " (Ctrl-C to stop)");
      err.flush();
      Thread ticker = statsThread(err, source, stop);
      try {
        stats =
            new LivePipeline(config)
                .run(
                    new SourceInfo(0, null, label, null, -1),
                    feed,
                    sink,
                    IngestPipeline.MessageListener.NONE,
                    LivePipeline.Ticker.NONE,
                    0,
                    stop::get);
      } finally {
        stop.set(true);
        if (ticker != null) {
          ticker.interrupt();
        }
      }
      err.println(summary(stats, source.sourceStats()));
      err.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCodes.INTERRUPTED;
    } finally {
      out.flush();
      if (output != null) {
        out.close();
      }
      done.countDown();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running: it ends the process with 0 now that we are done
    }
    return ExitCodes.OK;
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

  private TransactionWriter writer(OutputStream out) throws IOException {
    return format == Format.text ? new TransactionTextWriter(out) : new TransactionJsonWriter(out, id -> "live");
  }

  private OutputStream openOutput(CommandSpec spec) throws IOException {
    if (output == null) {
      return new BufferedOutputStream(new NonClosing(DnslensCli.stdout(spec)), 1 << 16);
    }
    Path parent = output.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      throw new UserFacingException("cannot write " + output + ": no such directory", ExitCodes.BAD_INPUT);
    }
    return new BufferedOutputStream(Files.newOutputStream(output), 1 << 16);
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
