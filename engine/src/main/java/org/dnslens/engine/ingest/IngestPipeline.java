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
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.dnslens.engine.capture.CaptureReader;
import org.dnslens.engine.capture.CaptureReaders;
import org.dnslens.engine.capture.Frame;
import org.dnslens.engine.decode.DecoderConfig;
import org.dnslens.engine.decode.PacketDecoder;
import org.dnslens.engine.dnstap.DnstapReader;
import org.dnslens.engine.dns.DnsMessageDecoder;
import org.dnslens.engine.issue.IssueCounter;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.model.RawDnsMessage;
import org.dnslens.engine.model.Transaction;
import org.dnslens.engine.model.TransactionStatus;
import org.dnslens.engine.pairing.PairingConfig;
import org.dnslens.engine.pairing.TransactionPairer;

/**
 * Capture files (pcap, pcapng, dnstap Frame Streams) → frames → DNS messages → transactions → a sink: the
 * one orchestration used by {@code read},
 * {@code ingest} and the GUI. Everything runs on the calling thread, in capture order, so a run is
 * deterministic for its input; each stage catches and counts its own decode faults (STYLE.md 2.4.1), so
 * nothing here needs to.
 */
public final class IngestPipeline {
  /** Progress is reported every this many frames (cheap enough for a terminal bar, rare enough to cost nothing). */
  public static final int PROGRESS_EVERY_FRAMES = 65_536;

  private static final int HASH_BUFFER_BYTES = 1 << 20;

  /**
   * What a run is configured with.
   *
   * @param hashSources compute each file's sha256 before reading it (the case database needs it to refuse
   *     duplicates; {@code read} does not)
   */
  public record Config(DecoderConfig decoder, PairingConfig pairing, boolean hashSources) {
    public static Config defaults() {
      return new Config(DecoderConfig.defaults(), PairingConfig.defaults(), false);
    }

    public Config withHashSources(boolean hash) {
      return new Config(decoder, pairing, hash);
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
   * @param cancelled polled between frames; true stops the run
   */
  public IngestStats run(
      List<SourceInfo> sources,
      IngestSink sink,
      MessageListener messages,
      Progress progress,
      BooleanSupplier cancelled)
      throws IOException {
    sink.begin(sources);
    IssueCounter issues =
        new IssueCounter(
            issue -> {
              try {
                sink.issue(issue);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    SourceCounters[] perSource = new SourceCounters[sources.size()];
    for (int i = 0; i < perSource.length; i++) {
      perSource[i] = new SourceCounters();
    }
    Map<TransactionStatus, Long> byStatus = new EnumMap<>(TransactionStatus.class);
    for (TransactionStatus s : TransactionStatus.values()) {
      byStatus.put(s, 0L);
    }
    long[] totals = new long[3]; // frames, messages, transactions
    TransactionPairer pairer =
        new TransactionPairer(
            config.pairing(),
            issues,
            tx -> {
              totals[2]++;
              byStatus.merge(tx.status(), 1L, Long::sum);
              emit(sink, tx);
            });
    DnsMessageDecoder dnsDecoder = new DnsMessageDecoder(issues);
    Consumer<RawDnsMessage> dnsStage =
        (RawDnsMessage raw) -> {
          DnsMessage m = dnsDecoder.decode(raw);
          totals[1]++;
          perSource[raw.meta().frame().sourceId()].messages++;
          try {
            messages.message(m);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          pairer.accept(m);
        };
    PacketDecoder packetDecoder = new PacketDecoder(config.decoder(), issues, dnsStage);
    long bytesRead = 0;
    boolean finished = false;
    String[] formats = new String[sources.size()];
    long totalBytes = sources.stream().mapToLong(s -> Math.max(0, s.sizeBytes())).sum();
    // dnstap files carry DNS messages, not link-layer frames: the capture reader yields nothing for them
    // (format "dnstap") and their messages are merged here by time with the captured frames.
    List<DnstapReader> dnstap = new ArrayList<>();
    Set<Integer> skipped = sink.skippedSourceIds(); // already in the case: not read at all
    List<Path> toRead = new ArrayList<>(sources.size());
    for (SourceInfo s : sources) {
      toRead.add(skipped.contains(s.id()) ? null : s.path());
    }
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
      while (true) {
        int best = -1;
        for (int i = 0; i < heads.length; i++) {
          if (heads[i] != null
              && (best < 0 || heads[i].meta().timestampNanos() < heads[best].meta().timestampNanos())) {
            best = i;
          }
        }
        if (frame != null
            && (best < 0 || frame.timestampNanos() <= heads[best].meta().timestampNanos())) {
          perSource[frame.sourceId()].frame(frame.timestampNanos(), frame.linkType());
          packetDecoder.decode(frame);
          frame = reader.next();
        } else if (best >= 0) {
          RawDnsMessage m = heads[best];
          perSource[m.meta().frame().sourceId()].dnstapMessage(m.meta().timestampNanos());
          dnsStage.accept(m);
          heads[best] = dnstap.get(best).next();
        } else {
          finished = true;
          break;
        }
        if (++totals[0] % PROGRESS_EVERY_FRAMES == 0) {
          progress.update(
              reader.bytesRead() + dnstapBytes(dnstap), totalBytes, totals[0], totals[1], totals[2]);
          if (cancelled.getAsBoolean()) {
            break;
          }
        }
      }
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
      progress.update(bytesRead, totalBytes, totals[0], totals[1], totals[2]);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } finally {
      for (DnstapReader d : dnstap) {
        d.close();
      }
    }
    List<SourceStats> sourceStats = new ArrayList<>(sources.size());
    for (int i = 0; i < sources.size(); i++) {
      SourceCounters sc = perSource[i];
      sourceStats.add(
          new SourceStats(i, formats[i], sc.linkTypes, sc.frames, sc.messages, sc.first, sc.last));
    }
    IngestStats stats =
        new IngestStats(
            bytesRead, totals[0], totals[1], totals[2], byStatus, issues.snapshot(), sourceStats);
    if (finished) {
      sink.complete(stats);
    }
    return stats;
  }

  private static long dnstapBytes(List<DnstapReader> readers) {
    long n = 0;
    for (DnstapReader d : readers) {
      n += d.bytesRead();
    }
    return n;
  }

  private static void emit(IngestSink sink, Transaction tx) {
    try {
      sink.transaction(tx);
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

    /** A dnstap message: no link type; the frame count is taken from the reader at the end. */
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
