package org.dnslens.engine.capture;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.dnslens.engine.issue.IssueCounter;

/**
 * Copies chosen frames out of the original captures into a new file for Wireshark: the bytes as captured,
 * with their capture time (to the nanosecond) and link type. A case stores where each transaction came
 * from (source file + frame number), so the analyst can go from a row back to the packets.
 *
 * <p>Reads each capture (pcap, pcapng, gzip compressed or not) forward once, stopping after its last
 * requested frame. Writes classic pcap with nanosecond timestamps when all frames share a link type (any
 * tool reads it), pcapng otherwise (pcap has one link type per file) or when the output name ends in
 * {@code .pcapng}. Frames are written in capture-time order across sources.
 */
public final class FrameCarver {
  /** Frames carved at most in one go: they are held in memory to be merged by time (a selection, not a case). */
  public static final int MAX_FRAMES = 100_000;

  /** Snap length written in the headers when no frame is longer (tcpdump's default). */
  static final int DEFAULT_SNAPLEN = 262_144;

  private static final int PCAP_NANOS_MAGIC = 0xa1b23c4d;
  private static final int PCAPNG_SHB = 0x0A0D0D0A;
  private static final int PCAPNG_BYTE_ORDER_MAGIC = 0x1A2B3C4D;
  private static final int PCAPNG_IDB = 1;
  private static final int PCAPNG_EPB = 6;
  private static final short OPT_IF_TSRESOL = 9;

  /** The frames wanted from one capture file (1-based numbers, as Wireshark and the case count them). */
  public record Request(Path capture, SortedSet<Long> frames) {
    public Request {
      frames = new TreeSet<>(frames);
    }
  }

  /**
   * What was written.
   *
   * @param written frames written
   * @param format {@code "pcap"} or {@code "pcapng"}
   * @param notFound per capture, requested frame numbers the file does not hold (a different or cut file)
   */
  public record Result(long written, String format, Map<Path, SortedSet<Long>> notFound) {}

  private record Carved(long timestampNanos, int linkType, byte[] data, int originalLength, int order) {}

  private FrameCarver() {}

  /**
   * Carves the requested frames into {@code out} (replaced if it exists).
   *
   * @throws NoSuchFileException naming the capture when one is no longer where the case says (moved,
   *     renamed or deleted): the caller can ask the user where it is now
   * @throws IllegalArgumentException when more than {@link #MAX_FRAMES} frames are requested
   * @throws IOException when a capture cannot be read or the output written
   */
  public static Result carve(List<Request> requests, Path out) throws IOException {
    long requested = requests.stream().mapToLong(r -> r.frames().size()).sum();
    if (requested > MAX_FRAMES) {
      throw new IllegalArgumentException(
          "at most " + MAX_FRAMES + " frames can be carved at once, not " + requested + "; narrow the selection");
    }
    for (Request r : requests) {
      if (!Files.isRegularFile(r.capture())) {
        throw new NoSuchFileException(r.capture().toString(), null, "the capture is no longer there");
      }
    }
    List<Carved> frames = new ArrayList<>();
    Map<Path, SortedSet<Long>> notFound = new LinkedHashMap<>();
    for (Request r : requests) {
      SortedSet<Long> missing = read(r, frames);
      if (!missing.isEmpty()) {
        notFound.put(r.capture(), missing);
      }
    }
    // Stable: frames with equal times keep source-then-frame order.
    frames.sort(Comparator.comparingLong(Carved::timestampNanos).thenComparingInt(Carved::order));
    boolean oneLinkType = frames.stream().mapToInt(Carved::linkType).distinct().count() <= 1;
    boolean pcapng = !oneLinkType || out.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".pcapng");
    try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
      if (pcapng) {
        writePcapng(frames, os);
      } else {
        writePcap(frames, os);
      }
    }
    return new Result(frames.size(), pcapng ? "pcapng" : "pcap", notFound);
  }

  private static SortedSet<Long> read(Request r, List<Carved> into) throws IOException {
    TreeSet<Long> missing = new TreeSet<>(r.frames());
    if (missing.isEmpty()) {
      return missing;
    }
    long last = missing.last();
    // Container faults are counted by the reader and end the read early; the frames not reached are reported.
    try (CaptureReader reader = CaptureReaders.open(r.capture(), 0, new IssueCounter())) {
      Frame f;
      while ((f = reader.next()) != null && f.frameNumber() <= last) {
        if (missing.remove(f.frameNumber())) {
          byte[] data = new byte[f.capturedLength()];
          f.data().duplicate().get(data);
          into.add(new Carved(f.timestampNanos(), f.linkType(), data, f.originalLength(), into.size()));
        }
      }
    }
    return missing;
  }

  private static int snaplen(List<Carved> frames) {
    return Math.max(DEFAULT_SNAPLEN, frames.stream().mapToInt(c -> c.data().length).max().orElse(0));
  }

  private static void writePcap(List<Carved> frames, OutputStream os) throws IOException {
    ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    h.putInt(PCAP_NANOS_MAGIC).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0);
    h.putInt(snaplen(frames)).putInt(frames.isEmpty() ? 1 : frames.get(0).linkType());
    os.write(h.array());
    ByteBuffer rec = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    for (Carved c : frames) {
      rec.clear();
      // Unsigned 32-bit seconds: good until 2106, as for every classic pcap.
      rec.putInt((int) Math.floorDiv(c.timestampNanos(), 1_000_000_000L));
      rec.putInt((int) Math.floorMod(c.timestampNanos(), 1_000_000_000L));
      rec.putInt(c.data().length).putInt(Math.max(c.originalLength(), c.data().length));
      os.write(rec.array());
      os.write(c.data());
    }
  }

  private static void writePcapng(List<Carved> frames, OutputStream os) throws IOException {
    ByteBuffer shb = ByteBuffer.allocate(28).order(ByteOrder.LITTLE_ENDIAN);
    shb.putInt(PCAPNG_SHB).putInt(28).putInt(PCAPNG_BYTE_ORDER_MAGIC).putShort((short) 1).putShort((short) 0);
    shb.putLong(-1L).putInt(28);
    os.write(shb.array());
    // One interface per link type, each with nanosecond resolution (if_tsresol = 9).
    Map<Integer, Integer> interfaceOf = new LinkedHashMap<>();
    int snaplen = snaplen(frames);
    for (Carved c : frames) {
      if (!interfaceOf.containsKey(c.linkType())) {
        interfaceOf.put(c.linkType(), interfaceOf.size());
        ByteBuffer idb = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        idb.putInt(PCAPNG_IDB).putInt(32).putShort((short) c.linkType()).putShort((short) 0).putInt(snaplen);
        idb.putShort(OPT_IF_TSRESOL).putShort((short) 1).put((byte) 9).put(new byte[3]);
        idb.putShort((short) 0).putShort((short) 0); // opt_endofopt
        idb.putInt(32);
        os.write(idb.array());
      }
    }
    for (Carved c : frames) {
      int padded = (c.data().length + 3) & ~3;
      int total = 32 + padded;
      ByteBuffer epb = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
      epb.putInt(PCAPNG_EPB).putInt(total).putInt(interfaceOf.get(c.linkType()));
      epb.putInt((int) (c.timestampNanos() >>> 32)).putInt((int) c.timestampNanos());
      epb.putInt(c.data().length).putInt(Math.max(c.originalLength(), c.data().length));
      epb.put(c.data());
      epb.position(28 + padded);
      epb.putInt(total);
      os.write(epb.array());
    }
  }
}
