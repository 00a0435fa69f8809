package org.dnslens.engine.capture;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.dnslens.engine.issue.IssueCounter;
import org.dnslens.engine.model.FrameRef;
import org.dnslens.engine.model.IssueReason;

/**
 * Opens captures by their magic number, never by their name: pcap, pcapng, and either of them gzip
 * compressed. A dnstap Frame Streams file gives a reader with no frames and format {@link #DNSTAP_FORMAT}
 * (its messages are not link-layer frames; the ingest pipeline reads them). Anything else yields a reader with no frames and a counted {@code
 * CAPTURE_UNKNOWN_FORMAT}.
 */
public final class CaptureReaders {
  /** Window per file when merging, so that many rotated files together stay within this budget. */
  static final long MAX_MERGE_WINDOW_TOTAL_BYTES = 64L * 1024 * 1024;

  static final int MIN_MERGE_WINDOW_BYTES = 64 * 1024;

  private static final int GZIP_INPUT_BUFFER_BYTES = 64 * 1024;

  /** The format name of a dnstap Frame Streams file. */
  public static final String DNSTAP_FORMAT = "dnstap";

  /** Frame Streams control frames are at most this long (fstrm's limit). */
  private static final int MAX_FSTRM_CONTROL_BYTES = 512;

  private static final int FSTRM_START = 2;

  private CaptureReaders() {}

  /** Escape (already seen as zero), control length, then START: a Frame Streams file. */
  private static boolean isFrameStreamsStart(ByteSource source) throws IOException {
    if (!source.ensure(12)) {
      return false;
    }
    long length = readInt(source, 4);
    return length >= 4 && length <= MAX_FSTRM_CONTROL_BYTES && readInt(source, 8) == FSTRM_START;
  }

  private static long readInt(ByteSource s, int at) {
    return (long) s.getUnsignedByte(at) << 24
        | s.getUnsignedByte(at + 1) << 16
        | s.getUnsignedByte(at + 2) << 8
        | s.getUnsignedByte(at + 3);
  }

  /**
   * Opens one capture file.
   *
   * @throws IOException if the file cannot be opened or read (not for bad contents, which are counted)
   */
  public static CaptureReader open(Path path, int sourceId, IssueCounter issues) throws IOException {
    return open(path, sourceId, issues, ByteSource.DEFAULT_WINDOW_BYTES);
  }

  static CaptureReader open(Path path, int sourceId, IssueCounter issues, int windowBytes)
      throws IOException {
    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
    boolean success = false;
    try {
      long size = channel.size();
      ByteSource plain = ByteSource.ofChannel(channel, windowBytes);
      CaptureReader reader;
      if (plain.ensure(2)
          && plain.getUnsignedByte(0) == 0x1F
          && plain.getUnsignedByte(1) == 0x8B) {
        channel.close();
        reader = openGzip(Files.newInputStream(path), sourceId, issues, windowBytes, size);
      } else {
        reader = detect(plain, sourceId, issues, "", size);
      }
      success = true;
      return reader;
    } finally {
      if (!success) {
        channel.close();
      }
    }
  }

  /**
   * Opens a capture from a stream (stdin, or bytes in memory), plain or gzip compressed. The reader
   * closes the stream.
   */
  public static CaptureReader open(InputStream in, int sourceId, IssueCounter issues)
      throws IOException {
    return open(in, sourceId, issues, ByteSource.DEFAULT_WINDOW_BYTES);
  }

  /**
   * As {@link #open(InputStream, int, IssueCounter)} with an initial window of {@code windowBytes}
   * (it still grows to what a record needs). Fuzz targets pass {@link ByteSource#MIN_WINDOW_BYTES}:
   * zeroing the default 1 MiB window (and a 64 KiB gzip buffer) for every input of a few hundred bytes
   * was most of their cost.
   */
  static CaptureReader open(InputStream in, int sourceId, IssueCounter issues, int windowBytes)
      throws IOException {
    ByteSource.CountingInputStream counting = new ByteSource.CountingInputStream(in);
    PushbackInputStream pushback = new PushbackInputStream(counting, 2);
    int b0 = pushback.read();
    int b1 = b0 < 0 ? -1 : pushback.read();
    if (b1 >= 0) {
      pushback.unread(b1);
    }
    if (b0 >= 0) {
      pushback.unread(b0);
    }
    if (b0 == 0x1F && b1 == 0x8B) {
      return openGzip(pushback, sourceId, issues, windowBytes, -1);
    }
    return detect(
        ByteSource.ofStream(pushback, counting, windowBytes),
        sourceId,
        issues,
        "",
        -1);
  }

  private static CaptureReader openGzip(
      InputStream raw, int sourceId, IssueCounter issues, int windowBytes, long size)
      throws IOException {
    ByteSource.CountingInputStream counting =
        raw instanceof ByteSource.CountingInputStream
            ? (ByteSource.CountingInputStream) raw
            : new ByteSource.CountingInputStream(raw);
    GZIPInputStream gz;
    try {
      // Never more than the window: merged files get at least MIN_MERGE_WINDOW_BYTES, so only a
      // deliberately small window (fuzzing) gets a smaller inflater buffer.
      int inflaterBuffer = Math.min(GZIP_INPUT_BUFFER_BYTES, Math.max(ByteSource.MIN_WINDOW_BYTES, windowBytes));
      gz = new GZIPInputStream(counting, inflaterBuffer);
    } catch (ZipException | java.io.EOFException e) {
      issues.count(IssueReason.GZIP_CORRUPT, new FrameRef(sourceId, 0), 0, "offset 0");
      return new EmptyCaptureReader(counting, counting.count(), size);
    } catch (IOException | RuntimeException e) {
      counting.close();
      throw e;
    }
    return detect(ByteSource.ofStream(gz, counting, windowBytes), sourceId, issues, "+gzip", size);
  }

  private static CaptureReader detect(
      ByteSource source, int sourceId, IssueCounter issues, String suffix, long size)
      throws IOException {
    if (source.ensure(4)) {
      int b0 = source.getUnsignedByte(0);
      int b1 = source.getUnsignedByte(1);
      int b2 = source.getUnsignedByte(2);
      int b3 = source.getUnsignedByte(3);
      int magicBe = b0 << 24 | b1 << 16 | b2 << 8 | b3;
      if (magicBe == PcapngReader.SHB) {
        return new PcapngReader(source, sourceId, issues, "pcapng" + suffix, size);
      }
      if (PcapReader.isMagic(magicBe) || PcapReader.isMagic(Integer.reverseBytes(magicBe))) {
        return new PcapReader(source, sourceId, issues, "pcap" + suffix, size);
      }
      if (magicBe == 0 && suffix.isEmpty() && isFrameStreamsStart(source)) {
        // A dnstap Frame Streams file: no link-layer frames here; IngestPipeline reads its messages.
        return new EmptyCaptureReader(source, 0, size, DNSTAP_FORMAT);
      }
    }
    if (source.corrupt()) {
      issues.count(IssueReason.GZIP_CORRUPT, new FrameRef(sourceId, 0), 0, "offset 0");
    } else {
      issues.count(IssueReason.CAPTURE_UNKNOWN_FORMAT, new FrameRef(sourceId, 0), 0, "offset 0");
    }
    return new EmptyCaptureReader(source, source.rawBytesRead(), size);
  }

  /**
   * Expands arguments: a directory becomes its regular, non-hidden files sorted by name (not
   * recursively); anything else is kept as given.
   */
  public static List<Path> expand(List<Path> args) throws IOException {
    List<Path> out = new ArrayList<>();
    for (Path p : args) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.list(p)) {
          out.addAll(
              s.filter(f -> Files.isRegularFile(f) && !f.getFileName().toString().startsWith("."))
                  .sorted(Comparator.comparing(f -> f.getFileName().toString()))
                  .collect(Collectors.toList()));
        }
      } else {
        out.add(p);
      }
    }
    return out;
  }

  /**
   * Opens several files as one capture merged by timestamp; source ids are 0..n-1 in argument order.
   * Each file is peeked once at open (first timestamp and format), then opened again when the merge
   * reaches it and closed when drained, so rotated files are read one at a time.
   *
   * <p>A null entry keeps its source id but is not read (its format is {@code "skipped"}): the case
   * database skips captures it already holds.
   *
   * @throws IOException if a file cannot be opened or read
   */
  public static CaptureReader openMerged(List<Path> files, IssueCounter issues) throws IOException {
    if (files.size() == 1 && files.get(0) != null) {
      return open(files.get(0), 0, issues);
    }
    int window =
        (int)
            Math.max(
                MIN_MERGE_WINDOW_BYTES,
                Math.min(
                    ByteSource.DEFAULT_WINDOW_BYTES,
                    MAX_MERGE_WINDOW_TOTAL_BYTES / Math.max(1, files.size())));
    return new MergedCaptureReader(files, issues, window);
  }
}
