package org.dnslens.engine.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.dnslens.engine.capture.CaptureReader;
import org.dnslens.engine.capture.CaptureReaders;
import org.dnslens.engine.capture.Frame;
import org.dnslens.engine.decode.DecoderConfig;
import org.dnslens.engine.decode.PacketDecoder;
import org.dnslens.engine.dns.DnsMessageDecoder;
import org.dnslens.engine.dnstap.DnstapReader;
import org.dnslens.engine.issue.IssueCounter;
import org.dnslens.engine.model.DecodeIssue;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.model.RawDnsMessage;
import org.dnslens.engine.model.Transaction;
import org.dnslens.engine.model.TransactionStatus;
import org.dnslens.engine.pairing.PairingConfig;
import org.dnslens.engine.pairing.TransactionPairer;

/**
 * Capture files → frames → DNS messages → transactions → a sink: the one orchestration used by {@code read},
 * {@code ingest} and the GUI. Everything runs on the calling thread, in capture order, so a run is
 * deterministic for its input; each stage catches and counts its own decode faults (STYLE.md 2.4.1), so
 * nothing here needs to.
 */
public final class IngestPipeline {
  /** Progress is reported every this many frames (cheap enough for a terminal bar, rare enough to cost nothing). */
  public static final int PROGRESS_EVERY_FRAMES = 65_536;

  private static final int HASH_BUFFER_BYTES = 1 << 20;

  /**
   * Two: the reader thread and the calling thread. The work splits about evenly there (measured with
   * {@code dnslens bench}: capture + decode + DNS + pairing vs. JSON writing); more threads would need
   * the sequential stages cut further.
   */
  public static final int DEFAULT_THREADS = 2;

  /**
   * What a run is configured with.
   *
   * @param hashSources compute each file's sha256 before reading it (the case database needs it to refuse
   *     duplicates; {@code read} does not)
   * @param threads 1 runs everything on the calling thread; 2 or more adds a reader thread (capture,
   *     packet and DNS decoding, pairing) so the sink (JSON writing, the database) runs beside it on the
   *     calling thread. Output and its order are the same either way.
   */
  public record Config(DecoderConfig decoder, PairingConfig pairing, boolean hashSources, int threads) {
    public Config {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be at least 1, not " + threads);
      }
    }

    /** As before threads were configurable: {@link #DEFAULT_THREADS}. */
    public Config(DecoderConfig decoder, PairingConfig pairing, boolean hashSources) {
      this(decoder, pairing, hashSources, DEFAULT_THREADS);
    }

    public static Config defaults() {
      return new Config(DecoderConfig.defaults(), PairingConfig.defaults(), false, DEFAULT_THREADS);
    }

    public Config withHashSources(boolean hash) {
      return new Config(decoder, pairing, hash, threads);
    }

    public Config withThreads(int n) {
      return new Config(decoder, pairing, hashSources, n);
    }
  }

  /** Told how far a run is. Called on the pipeline's thread; must be quick. */
  @FunctionalInterface
  public interface Progress {
    Progress NONE = (bytesRead, totalBytes, frames, messages, transactions) -> {};

    void update(long bytesRead, long totalBytes, long frames, long messages, long transactions);
  }

  /** Sees every decoded DNS message before pairing ({@code read --messages}). */
  @FunctionalInterface
  public interface MessageListener {
    MessageListener NONE = message -> {};

    void message(DnsMessage message) throws IOException;
  }

  private final Config config;

  public IngestPipeline(Config config) {
    this.config = config;
  }

  /**
   * Describes the files of a run (expanding directories), hashing them when configured. Ids are positions
   * in the returned list.
   */
  public List<SourceInfo> describe(List<Path> paths) throws IOException {
    List<Path> files = CaptureReaders.expand(paths);
    List<SourceInfo> sources = new ArrayList<>(files.size());
    for (Path f : files) {
      long size = Files.size(f);
      String sha = config.hashSources() ? sha256(f) : null;
      sources.add(new SourceInfo(sources.size(), f, f.getFileName().toString(), sha, size));
    }
    return sources;
  }

  /**
   * Reads every source and sends its transactions to {@code sink}. The sink is told {@code complete} only
   * when the run read everything; a cancelled run returns its partial figures without it.
   *
   * <p>With {@link Config#threads()} above 1, capture reading, decoding and pairing run on a reader
   * thread and hand their results (messages for {@code messages}, transactions, issues) in batches
   * through a bounded queue to the calling thread, which makes every call on {@code sink}, {@code
   * messages} and {@code progress} in exactly the order a single-threaded run makes them.
   *
   * @param cancelled polled between frames (between batches when threaded); true stops the run
   */
  public IngestStats run(
      List<SourceInfo> sources,
      IngestSink sink,
      MessageListener messages,
      Progress progress,
      BooleanSupplier cancelled)
      throws IOException {
    sink.begin(sources);
    Reading reading;
    try {
      if (config.threads() <= 1) {
        reading = new Reading(sources, new DirectOutput(sink, messages), sink.skippedSourceIds());
        reading.read(
            () -> {
              progress.update(
                  reading.bytesRead, reading.totalBytes, reading.frames, reading.messages, reading.transactions);
              return cancelled.getAsBoolean();
            },
            () -> false);
      } else {
        reading = new Handoff(sources, sink, messages, progress, cancelled).run();
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    List<SourceStats> sourceStats = new ArrayList<>(sources.size());
    for (int i = 0; i < sources.size(); i++) {
      SourceCounters sc = reading.perSource[i];
      sourceStats.add(
          new SourceStats(i, reading.formats[i], sc.linkTypes, sc.frames, sc.messages, sc.first, sc.last));
    }
    Map<TransactionStatus, Long> byStatus = new EnumMap<>(TransactionStatus.class);
    for (TransactionStatus s : TransactionStatus.values()) {
      byStatus.put(s, reading.byStatus[s.ordinal()]);
    }
    IngestStats stats =
        new IngestStats(
            reading.bytesRead,
            reading.frames,
            reading.messages,
            reading.transactions,
            byStatus,
            reading.issues.snapshot(),
            sourceStats);
    if (reading.finished) {
      sink.complete(stats);
    }
    return stats;
  }

  /** Where the reading stages' results go: straight to the sink, or into a batch for the sink's thread. */
  private interface Output {
    void issue(DecodeIssue issue);

    /** Only called when there is a real {@link MessageListener}. */
    void message(DnsMessage message);

    void transaction(Transaction transaction);
  }

  /** Single-threaded: every result goes to the sink at once. */
  private record DirectOutput(IngestSink sink, MessageListener listener) implements Output {
    @Override
    public void issue(DecodeIssue issue) {
      try {
        sink.issue(issue);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void message(DnsMessage message) {
      try {
        listener.message(message);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void transaction(Transaction transaction) {
      emit(sink, transaction);
    }
  }

  /**
   * Capture → frames → DNS messages → transactions, on one thread, with every counter of the run. Fields
   * are read by the calling thread only after the reading ended (or, for progress, on the same thread).
   */
  private final class Reading {
    final List<SourceInfo> sources;
    /** Sources the sink already holds (same sha256): not read at all. */
    final Set<Integer> skipped;
    final Output output;
    final boolean listening;
    final IssueCounter issues;
    final SourceCounters[] perSource;
    final long[] byStatus = new long[TransactionStatus.values().length];
    final String[] formats;
    final long totalBytes;
    long frames;
    long messages;
    long transactions;
    long bytesRead;
    boolean finished;

    Reading(List<SourceInfo> sources, Output output, Set<Integer> skipped) {
      this.sources = sources;
      this.skipped = skipped;
      this.output = output;
      this.listening = output instanceof DirectOutput d ? d.listener() != MessageListener.NONE : true;
      this.issues = new IssueCounter(output::issue);
      this.perSource = new SourceCounters[sources.size()];
      for (int i = 0; i < perSource.length; i++) {
        perSource[i] = new SourceCounters();
      }
      this.formats = new String[sources.size()];
      this.totalBytes = sources.stream().mapToLong(s -> Math.max(0, s.sizeBytes())).sum();
    }

    /**
     * Reads everything, or until {@code tick} (called every {@link #PROGRESS_EVERY_FRAMES} frames)
     * returns true, or {@code halt} (checked before each frame) does.
     */
    void read(BooleanSupplier tick, BooleanSupplier halt) throws IOException {
      TransactionPairer pairer =
          new TransactionPairer(
              config.pairing(),
              issues,
              tx -> {
                transactions++;
                byStatus[tx.status().ordinal()]++;
                output.transaction(tx);
              });
      DnsMessageDecoder dnsDecoder = new DnsMessageDecoder(issues);
      java.util.function.Consumer<RawDnsMessage> dnsStage =
          (RawDnsMessage raw) -> {
            DnsMessage m = dnsDecoder.decode(raw);
            messages++;
            perSource[raw.meta().frame().sourceId()].messages++;
            if (listening) {
              output.message(m);
            }
            pairer.accept(m);
          };
      PacketDecoder packetDecoder = new PacketDecoder(config.decoder(), issues, dnsStage);
      List<Path> toRead = new ArrayList<>(sources.size());
      for (SourceInfo s : sources) {
        toRead.add(skipped.contains(s.id()) ? null : s.path());
      }
      // dnstap files carry DNS messages, not link-layer frames: the capture reader yields nothing for them
      // (format "dnstap") and their messages are merged here by time with the captured frames.
      List<DnstapReader> dnstap = new ArrayList<>();
      try (CaptureReader reader = CaptureReaders.openMerged(toRead, issues)) {
        for (SourceInfo s : sources) {
          if (s.path() != null && !skipped.contains(s.id()) && Files.isRegularFile(s.path())
              && DnstapReader.isFrameStreams(s.path())) {
            dnstap.add(DnstapReader.open(s.path(), s.id(), issues));
          }
        }
        RawDnsMessage[] heads = new RawDnsMessage[dnstap.size()];
        for (int i = 0; i < heads.length; i++) {
          heads[i] = dnstap.get(i).next();
        }
        Frame frame = reader.next();
        boolean halted = false;
        while (!(halted = halt.getAsBoolean())) {
          int best = -1;
          for (int i = 0; i < heads.length; i++) {
            if (heads[i] != null
                && (best < 0 || heads[i].meta().timestampNanos() < heads[best].meta().timestampNanos())) {
              best = i;
            }
          }
          if (frame != null && (best < 0 || frame.timestampNanos() <= heads[best].meta().timestampNanos())) {
            perSource[frame.sourceId()].frame(frame.timestampNanos(), frame.linkType());
            packetDecoder.decode(frame);
            frame = reader.next();
          } else if (best >= 0) {
            RawDnsMessage m = heads[best];
            perSource[m.meta().frame().sourceId()].dnstapMessage(m.meta().timestampNanos());
            dnsStage.accept(m);
            heads[best] = dnstap.get(best).next();
          } else {
            break;
          }
          if (++frames % PROGRESS_EVERY_FRAMES == 0) {
            bytesRead = reader.bytesRead() + dnstapBytes(dnstap);
            if (tick.getAsBoolean()) {
              halted = true;
              break;
            }
          }
        }
        finished = !halted;
        bytesRead = reader.bytesRead() + dnstapBytes(dnstap);
        for (int i = 0; i < formats.length; i++) {
          formats[i] = reader.formatOf(i);
        }
        for (DnstapReader d : dnstap) {
          perSource[d.sourceId()].frames = d.frames(); // data frames, including undecodable ones
        }
        if (finished) {
          packetDecoder.finish();
          pairer.finish();
        }
        tick.getAsBoolean(); // final progress; a cancel now changes nothing
      } finally {
        for (DnstapReader d : dnstap) {
          d.close();
        }
      }
    }
  }

  /**
   * The threaded run: a reader thread does the {@link Reading}; the calling thread replays its results
   * into the sink. Batches keep the hand-off cost per transaction small; the queue bound keeps memory
   * flat when the sink is slower than reading (the reader then waits).
   */
  private final class Handoff implements Output {
    /** Results per batch: enough to make the queue hand-off cost nothing per transaction. */
    static final int BATCH_EVENTS = 256;
    /**
     * Batches in flight. Small on purpose: everything queued survives young collections and is copied,
     * and with 16 × 512 transactions in flight the threaded run spent more CPU in GC than it saved
     * (dnslens bench, process CPU); 4 × 256 (about 3 MB of transactions) still decouples the threads.
     */
    static final int MAX_QUEUED_BATCHES = 4;

    private final IngestSink sink;
    private final MessageListener listener;
    private final Progress progress;
    private final BooleanSupplier cancelled;
    private final Reading reading;
    private final ArrayBlockingQueue<Batch> queue = new ArrayBlockingQueue<>(MAX_QUEUED_BATCHES);
    /** Set by the calling thread (cancel, or the sink failed): the reader stops at the next frame. */
    private volatile boolean stop;
    private Batch current = new Batch();

    Handoff(
        List<SourceInfo> sources,
        IngestSink sink,
        MessageListener listener,
        Progress progress,
        BooleanSupplier cancelled) {
      this.sink = sink;
      this.listener = listener;
      this.progress = progress;
      this.cancelled = cancelled;
      this.reading = new Reading(sources, this, sink.skippedSourceIds());
    }

    Reading run() throws IOException {
      Thread reader = new Thread(this::readAll, "dnslens-ingest-reader");
      reader.setDaemon(true);
      reader.start();
      Throwable failure = null;
      boolean cancelRequested = false;
      try {
        while (true) {
          Batch b = queue.take();
          if (failure == null) {
            try {
              replay(b);
              if (b.progress) {
                progress.update(b.bytesRead, reading.totalBytes, b.frames, b.messages, b.transactions);
                if (!cancelRequested && !b.end && cancelled.getAsBoolean()) {
                  cancelRequested = true;
                  stop = true;
                }
              }
            } catch (IOException | RuntimeException | Error e) {
              failure = e; // keep draining so the reader thread can end
              stop = true;
            }
          }
          if (b.end) {
            if (failure == null) {
              failure = b.failure;
            }
            break;
          }
        }
        reader.join();
      } catch (InterruptedException e) {
        stop = true;
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while reading captures");
      }
      if (failure instanceof IOException io) {
        throw io;
      } else if (failure instanceof UncheckedIOException u) {
        throw u.getCause();
      } else if (failure instanceof RuntimeException r) {
        throw r;
      } else if (failure instanceof Error err) {
        throw err;
      }
      return reading;
    }

    /** The reader thread's whole life. */
    private void readAll() {
      Throwable failure = null;
      try {
        reading.read(
            () -> {
              current.progress = true;
              handOff();
              return stop;
            },
            () -> stop); // a volatile read per frame: cancel or a failed sink stops the reader at once
      } catch (Throwable t) { // handed to the calling thread, which rethrows it
        failure = t;
      }
      current.end = true; // the last tick of read() already reported the final progress
      current.failure = failure;
      try {
        put(current);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private void replay(Batch b) throws IOException {
      Object[] events = b.events;
      for (int i = 0; i < b.size; i++) {
        Object e = events[i];
        if (e instanceof Transaction tx) {
          sink.transaction(tx, b.prepared[i]);
        } else if (e instanceof DnsMessage m) {
          listener.message(m);
        } else {
          sink.issue((DecodeIssue) e);
        }
      }
    }

    private void add(Object event) {
      add(event, null);
    }

    private void add(Object event, Object prepared) {
      Batch b = current;
      b.prepared[b.size] = prepared;
      b.events[b.size++] = event;
      if (b.size == BATCH_EVENTS) {
        handOff();
      }
    }

    private void handOff() {
      Batch b = current;
      if (b.progress) {
        b.bytesRead = reading.bytesRead;
        b.frames = reading.frames;
        b.messages = reading.messages;
        b.transactions = reading.transactions;
      }
      current = new Batch();
      try {
        put(b);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stop = true;
      }
    }

    /** Waits for room, unless the calling thread gave up (then the batch is dropped). */
    private void put(Batch b) throws InterruptedException {
      while (!queue.offer(b, 100, TimeUnit.MILLISECONDS)) {
        if (stop && !b.end) {
          return;
        }
      }
    }

    @Override
    public void issue(DecodeIssue issue) {
      add(issue);
    }

    @Override
    public void message(DnsMessage message) {
      if (listener != MessageListener.NONE) {
        add(message);
      }
    }

    @Override
    public void transaction(Transaction transaction) {
      // The sink's per-transaction work that needs none of its state runs here, on the reader thread.
      add(transaction, sink.prepare(transaction));
    }
  }

  /** Results of the reader thread in order, plus a progress snapshot or the end of the run. */
  private static final class Batch {
    final Object[] events = new Object[Handoff.BATCH_EVENTS];
    /** What {@link IngestSink#prepare} returned for the transaction at the same index. */
    final Object[] prepared = new Object[Handoff.BATCH_EVENTS];
    int size;
    boolean progress;
    long bytesRead;
    long frames;
    long messages;
    long transactions;
    boolean end;
    Throwable failure;
  }

  private static void emit(IngestSink sink, Transaction tx) {
    try {
      sink.transaction(tx, sink.prepare(tx));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Lower-case hex sha256 of a file's bytes. */
  public static String sha256(Path file) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
    byte[] buf = new byte[HASH_BUFFER_BYTES];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** Per-source figures gathered while reading. */
  private static long dnstapBytes(List<DnstapReader> readers) {
    long n = 0;
    for (DnstapReader d : readers) {
      n += d.bytesRead();
    }
    return n;
  }

  private static final class SourceCounters {
    final Set<Integer> linkTypes = new TreeSet<>();
    int lastLinkType = -1;
    long frames;
    long messages;
    long first;
    long last;

    void frame(long ts, int linkType) {
      if (linkType != lastLinkType) { // a set lookup only when the link type changes, not per frame
        linkTypes.add(linkType);
        lastLinkType = linkType;
      }
      time(ts);
    }

    void dnstapMessage(long ts) {
      time(ts);
    }

    private void time(long ts) {
      if (frames++ == 0) {
        first = ts;
        last = ts;
      } else {
        first = Math.min(first, ts);
        last = Math.max(last, ts);
      }
    }
  }
}
