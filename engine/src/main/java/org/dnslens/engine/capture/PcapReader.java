package org.dnslens.engine.capture;

import java.io.IOException;
import java.nio.ByteOrder;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import org.dnslens.engine.issue.IssueCounter;
import org.dnslens.engine.model.FrameRef;
import org.dnslens.engine.model.IssueReason;

/**
 * Classic libpcap files: either byte order, microsecond ({@code a1b2c3d4}), nanosecond ({@code
 * a1b23c4d}) and Kuznetzov's modified ({@code a1b2cd34}, 8 more bytes per record header) magics.
 *
 * <p>A record whose captured length is shorter than its original length is normal snaplen truncation
 * and is not counted here: the frame carries {@code originalLength} and the decoders count what the
 * missing bytes cost them.
 */
public final class PcapReader implements CaptureReader {
  /**
   * Largest captured length accepted for one record. libpcap's own MAXIMUM_SNAPLEN is 262144; a bigger
   * claim means the file is corrupt (or hostile), and the rest of it is skipped.
   */
  public static final int MAX_PCAP_CAPLEN_BYTES = 262_144;

  static final int FILE_HEADER_BYTES = 24;
  static final int MAGIC_MICROS = 0xA1B2C3D4;
  static final int MAGIC_NANOS = 0xA1B23C4D;
  static final int MAGIC_MODIFIED = 0xA1B2CD34;

  /** libpcap's LT_LINKTYPE: the upper bits carry the FCS length and the F bit, not the link type. */
  static final int LINKTYPE_MASK = 0x03FF_FFFF;

  private final ByteSource source;
  private final int sourceId;
  private final IssueCounter issues;
  private final String format;
  private final long totalBytes;
  private final Set<Integer> linkTypes = new TreeSet<>();
  private final Set<Integer> linkTypesView = Collections.unmodifiableSet(linkTypes);

  private boolean headerRead;
  private boolean done;
  private boolean nanos;
  private int recordHeaderBytes = 16;
  private long snaplen;
  private int linkType;
  private long frameNumber;
  private long lastTimestampNanos;

  /**
   * @param format the name {@link #format()} reports ({@code "pcap"} or {@code "pcap+gzip"})
   * @param totalBytes size of the underlying file, or -1
   */
  public PcapReader(
      ByteSource source, int sourceId, IssueCounter issues, String format, long totalBytes) {
    this.source = source;
    this.sourceId = sourceId;
    this.issues = issues;
    this.format = format;
    this.totalBytes = totalBytes;
  }

  /** A plain pcap over bytes in memory. */
  public static PcapReader of(byte[] bytes, int sourceId, IssueCounter issues) {
    return new PcapReader(ByteSource.ofBytes(bytes), sourceId, issues, "pcap", bytes.length);
  }

  @Override
  public Frame next() throws IOException {
    if (done) {
      return null;
    }
    if (!headerRead) {
      headerRead = true;
      if (!readHeader()) {
        done = true;
        return null;
      }
    }
    if (!source.ensure(recordHeaderBytes)) {
      return end(IssueReason.PCAP_TRUNCATED_RECORD);
    }
    long seconds = source.getUnsignedInt(0);
    long fraction = source.getUnsignedInt(4);
    long caplen = source.getUnsignedInt(8);
    long len = source.getUnsignedInt(12);
    long number = frameNumber + 1;
    long ts = seconds * 1_000_000_000L + (nanos ? fraction : fraction * 1_000L);
    if (caplen > MAX_PCAP_CAPLEN_BYTES) {
      count(IssueReason.PCAP_CAPLEN_TOO_LARGE, number, ts, source.offset());
      done = true;
      return null;
    }
    int cap = (int) caplen;
    if (!source.ensure(recordHeaderBytes + cap)) {
      return end(IssueReason.PCAP_TRUNCATED_RECORD);
    }
    if (snaplen != 0 && caplen > snaplen) {
      count(IssueReason.PCAP_CAPLEN_ABOVE_SNAPLEN, number, ts, source.offset());
    }
    if (caplen > len) {
      count(IssueReason.PCAP_CAPLEN_ABOVE_LEN, number, ts, source.offset());
    }
    Frame f =
        new Frame(
            sourceId,
            number,
            ts,
            linkType,
            0,
            source.slice(recordHeaderBytes, cap),
            (int) Math.min(len, Integer.MAX_VALUE));
    source.skip(recordHeaderBytes + cap);
    frameNumber = number;
    lastTimestampNanos = ts;
    return f;
  }

  private boolean readHeader() throws IOException {
    if (!source.ensure(FILE_HEADER_BYTES)) {
      if (source.corrupt()) {
        count(IssueReason.GZIP_CORRUPT, 0, 0, source.offset() + source.available());
      } else {
        count(IssueReason.PCAP_TRUNCATED_FILE_HEADER, 0, 0, source.available());
      }
      return false;
    }
    source.order(ByteOrder.BIG_ENDIAN);
    int magic = source.getInt(0);
    if (!isMagic(magic)) {
      source.order(ByteOrder.LITTLE_ENDIAN);
      magic = source.getInt(0);
      if (!isMagic(magic)) {
        count(IssueReason.CAPTURE_UNKNOWN_FORMAT, 0, 0, 0);
        return false;
      }
    }
    nanos = magic == MAGIC_NANOS;
    recordHeaderBytes = magic == MAGIC_MODIFIED ? 24 : 16;
    snaplen = source.getUnsignedInt(16);
    linkType = source.getInt(20) & LINKTYPE_MASK;
    linkTypes.add(linkType);
    source.skip(FILE_HEADER_BYTES);
    return true;
  }

  static boolean isMagic(int magic) {
    return magic == MAGIC_MICROS || magic == MAGIC_NANOS || magic == MAGIC_MODIFIED;
  }

  /** The data ended: cleanly, cut short mid-record, or because the gzip stream broke. */
  private Frame end(IssueReason truncation) {
    done = true;
    long number = frameNumber + 1;
    if (source.corrupt()) {
      count(IssueReason.GZIP_CORRUPT, number, lastTimestampNanos, source.offset() + source.available());
    } else if (source.available() > 0) {
      count(truncation, number, lastTimestampNanos, source.offset());
    }
    return null;
  }

  private void count(IssueReason reason, long number, long ts, long offset) {
    issues.count(reason, new FrameRef(sourceId, number), ts, "offset " + offset);
  }

  @Override
  public String format() {
    return format;
  }

  @Override
  public Set<Integer> linkTypes() {
    return linkTypesView;
  }

  @Override
  public long bytesRead() {
    return source.rawBytesRead();
  }

  @Override
  public long totalBytes() {
    return totalBytes;
  }

  @Override
  public void close() throws IOException {
    done = true;
    source.close();
  }
}
