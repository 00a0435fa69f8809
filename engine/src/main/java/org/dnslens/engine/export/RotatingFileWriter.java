package org.dnslens.engine.export;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.dnslens.engine.model.Transaction;

/**
 * Log files that rotate, for {@code read} and live capture (as gopassivedns's lumberjack and packetlog's
 * hourly files): a file is closed and renamed to a backup when it passes {@code maxBytes}; with {@code
 * hourly}, each capture hour gets its own file ({@code dns-20190826-16.log}); with {@code splitRoles},
 * each leg its own ({@code dns-CQ-...}, {@code dns-CR-...}, {@code dns-SQ-...}, {@code dns-SR-...}, and
 * {@code AQ/AR} authoritative, {@code UQ/UR} unknown role). Per-leg formats (packetlog) write the query line
 * to the Q file and the reply line to the R file; per-transaction formats (JSON, ECS, CSV, msgpack) write
 * the transaction to the file of its query leg.
 *
 * <p>All time decisions — which hour, a backup's age — use the CAPTURE timestamps of the transactions,
 * never the wall clock, so reading an old capture produces the files a live capture would have made then,
 * and the same input always gives the same files. Backups are named {@code FILE.yyyyMMdd-HHmmss} after
 * the capture time of the rotation ({@code -N} added on collisions). Only files this writer closed are
 * pruned ({@code maxBackups} newest kept per stream, and none older than {@code maxAgeNanos} before the
 * latest capture time); files of earlier runs are left alone.
 */
public final class RotatingFileWriter implements TransactionWriter {
  /**
   * Rotation settings.
   *
   * @param dir directory for the files (created if missing)
   * @param baseName file name stem, e.g. {@code dns}
   * @param extension file extension without the dot, e.g. {@code log}, {@code json}
   * @param maxBytes rotate when a file passes this size; 0 for no size limit
   * @param maxAgeNanos delete closed files older than this (capture time); 0 to keep
   * @param maxBackups keep at most this many closed files per stream; 0 to keep all
   * @param hourly one file per capture hour
   * @param splitRoles one file per leg (CQ/CR/SQ/SR...)
   */
  public record Policy(
      Path dir, String baseName, String extension, long maxBytes, long maxAgeNanos, int maxBackups,
      boolean hourly, boolean splitRoles) {}

  /** Opens the format writer for one file; {@code leg} is the stream's leg code, or null when not split. */
  @FunctionalInterface
  public interface Format {
    TransactionWriter open(OutputStream out, String leg) throws IOException;
  }

  private static final DateTimeFormatter HOUR =
      DateTimeFormatter.ofPattern("yyyyMMdd-HH", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final Policy policy;
  private final Format format;
  private final boolean perLeg;
  private final Map<String, Stream> streams = new HashMap<>();
  private long latestNanos = Long.MIN_VALUE;

  /**
   * @param perLeg whether the format writes one line per leg (packetlog) and so splits query and reply
   */
  public RotatingFileWriter(Policy policy, Format format, boolean perLeg) throws IOException {
    this.policy = policy;
    this.format = format;
    this.perLeg = perLeg;
    Files.createDirectories(policy.dir());
  }

  @Override
  public void write(Transaction tx) throws IOException {
    long t = tx.queryTimestampNanos();
    latestNanos = Math.max(latestNanos, t);
    if (!policy.splitRoles()) {
      stream(null, t).write(tx);
      return;
    }
    if (perLeg) {
      if (tx.query() != null) {
        stream(PacketlogWriter.queryCode(tx.role()), t).write(tx);
      }
      if (tx.reply() != null) {
        stream(PacketlogWriter.replyCode(tx.role()), tx.reply().meta().timestampNanos()).write(tx);
      }
    } else {
      stream(PacketlogWriter.queryCode(tx.role()), t).write(tx);
    }
  }

  private Stream stream(String leg, long nanos) throws IOException {
    Stream s = streams.computeIfAbsent(leg == null ? "" : leg, k -> new Stream(leg));
    s.ensureOpen(nanos);
    return s;
  }

  private static Instant instant(long nanos) {
    return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }

  /** One file stream (one leg, or everything). */
  private final class Stream {
    private final String leg;
    private final Deque<Closed> closed = new ArrayDeque<>();
    private String hour;
    private Path path;
    private CountingStream counter;
    private TransactionWriter writer;

    Stream(String leg) {
      this.leg = leg;
    }

    void ensureOpen(long nanos) throws IOException {
      String h = policy.hourly() ? HOUR.format(instant(nanos)) : "";
      if (writer != null && policy.hourly() && !h.equals(hour) && h.compareTo(hour) > 0) {
        // A new capture hour: the old hour's file is finished (kept under its own name).
        finish(nanos, false);
      }
      if (writer == null) {
        hour = writer == null && hour != null && h.compareTo(hour) < 0 ? hour : h;
        StringBuilder name = new StringBuilder(policy.baseName());
        if (leg != null) {
          name.append('-').append(leg);
        }
        if (policy.hourly()) {
          name.append('-').append(hour);
        }
        name.append('.').append(policy.extension());
        path = policy.dir().resolve(name.toString());
        counter = new CountingStream(new BufferedOutputStream(
            Files.newOutputStream(path, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND), 1 << 16),
            Files.exists(path) ? Files.size(path) : 0);
        writer = format.open(counter, leg);
      }
    }

    void write(Transaction tx) throws IOException {
      writer.write(tx);
      // The count covers what the format writer has passed on; its own buffer (at most 64 KiB) is not
      // flushed per line, so a file can pass maxBytes by that much plus one transaction.
      if (policy.maxBytes() > 0 && counter.count >= policy.maxBytes()) {
        finish(tx.queryTimestampNanos(), true);
      }
    }

    /** Closes the current file; a size rotation renames it to a backup. */
    void finish(long nanos, boolean rename) throws IOException {
      writer.close();
      counter.close();
      writer = null;
      Path done = path;
      if (rename) {
        String stem = path.getFileName() + "." + STAMP.format(instant(nanos));
        done = path.resolveSibling(stem);
        for (int n = 1; Files.exists(done); n++) {
          done = path.resolveSibling(stem + "-" + n);
        }
        Files.move(path, done);
      }
      closed.addLast(new Closed(done, nanos));
      prune();
    }

    void prune() throws IOException {
      while (policy.maxBackups() > 0 && closed.size() > policy.maxBackups()) {
        Files.deleteIfExists(closed.removeFirst().path());
      }
      while (policy.maxAgeNanos() > 0 && !closed.isEmpty()
          && closed.peekFirst().nanos() < latestNanos - policy.maxAgeNanos()) {
        Files.deleteIfExists(closed.removeFirst().path());
      }
    }

    void close() throws IOException {
      if (writer != null) {
        writer.close();
        counter.close();
        writer = null;
      }
    }

    void flush() throws IOException {
      if (writer != null) {
        writer.flush();
      }
    }
  }

  private record Closed(Path path, long nanos) {}

  /** Counts bytes written (the file size without a stat per line). */
  private static final class CountingStream extends FilterOutputStream {
    long count;

    CountingStream(OutputStream out, long initial) {
      super(out);
      this.count = initial;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }

  @Override
  public void flush() throws IOException {
    for (Stream s : streams.values()) {
      s.flush();
    }
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (Stream s : streams.values()) {
      try {
        s.close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
