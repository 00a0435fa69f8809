package org.dnslens.engine.capture;

import java.io.IOException;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.dnslens.engine.issue.IssueCounter;
import org.dnslens.engine.model.FrameRef;
import org.dnslens.engine.model.IssueReason;

/**
 * pcapng files: several sections (each with its own byte order and interface ids), interface
 * descriptions with {@code if_tsresol} and {@code if_tsoffset}, and the enhanced, simple and obsolete
 * packet blocks. Every other block is skipped.
 *
 * <p>A block with an impossible length (below 12, not a multiple of 4, above {@link
 * #MAX_PCAPNG_BLOCK_BYTES}, or a trailing length that disagrees) ends the file: the framing is lost and
 * guessing where the next block starts could invent frames. A block cut short by the end of the file
 * is {@code PCAPNG_TRUNCATED_BLOCK}. Bad packet blocks (unknown interface, data past the block) are
 * skipped on their own and do not consume a frame number.
 */
public final class PcapngReader implements CaptureReader {
  /** Largest block accepted: far above any real packet (Wireshark uses 16 MiB too). */
  public static final int MAX_PCAPNG_BLOCK_BYTES = 16 * 1024 * 1024;

  /** Interface descriptions kept per section; more means a hostile file growing our tables. */
  public static final int MAX_PCAPNG_INTERFACES = 65_536;

  /** Distinct unknown block types reported per file; beyond that they are skipped silently. */
  static final int MAX_REPORTED_UNKNOWN_BLOCK_TYPES = 64;

  static final int SHB = 0x0A0D0D0A;
  static final int IDB = 0x00000001;
  static final int OPB = 0x00000002;
  static final int SPB = 0x00000003;
  static final int NRB = 0x00000004;
  static final int ISB = 0x00000005;
  static final int EPB = 0x00000006;
  static final int DSB = 0x0000000A;
  static final int CUSTOM_COPY = 0x00000BAD;
  static final int CUSTOM_NOCOPY = 0x40000BAD;
  static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;

  private static final int OPT_ENDOFOPT = 0;
  private static final int OPT_IF_TSRESOL = 9;
  private static final int OPT_IF_TSOFFSET = 14;

  private final ByteSource source;
  private final int sourceId;
  private final IssueCounter issues;
  private final String format;
  private final long totalBytes;
  private final Set<Integer> linkTypes = new TreeSet<>();
  private final Set<Integer> linkTypesView = Collections.unmodifiableSet(linkTypes);
  private final Set<Integer> reportedUnknownTypes = new HashSet<>();

  // Interfaces of the current section, as parallel primitive arrays (grown on demand).
  private int interfaceCount;
  private int[] ifLinkType = new int[4];
  private long[] ifSnaplen = new long[4];
  private boolean[] ifBinary = new boolean[4];
  private int[] ifResolExponent = new int[4];
  private long[] ifOffsetNanos = new long[4];
  private boolean tooManyReported;

  private boolean inSection;
  private boolean done;
  private long frameNumber;
  private long lastTimestampNanos;

  /**
   * @param format the name {@link #format()} reports ({@code "pcapng"} or {@code "pcapng+gzip"})
   * @param totalBytes size of the underlying file, or -1
   */
  public PcapngReader(
      ByteSource source, int sourceId, IssueCounter issues, String format, long totalBytes) {
    this.source = source;
    this.sourceId = sourceId;
    this.issues = issues;
    this.format = format;
    this.totalBytes = totalBytes;
  }

  /** A plain pcapng over bytes in memory. */
  public static PcapngReader of(byte[] bytes, int sourceId, IssueCounter issues) {
    return new PcapngReader(ByteSource.ofBytes(bytes), sourceId, issues, "pcapng", bytes.length);
  }

  @Override
  public Frame next() throws IOException {
    while (!done) {
      if (!source.ensure(8)) {
        return end();
      }
      int type = source.getInt(0);
      if (type == SHB) {
        if (!source.ensure(12)) {
          return end();
        }
        int bom =
            source.getUnsignedByte(8) << 24
                | source.getUnsignedByte(9) << 16
                | source.getUnsignedByte(10) << 8
                | source.getUnsignedByte(11);
        if (bom == BYTE_ORDER_MAGIC) {
          source.order(ByteOrder.BIG_ENDIAN);
        } else if (Integer.reverseBytes(bom) == BYTE_ORDER_MAGIC) {
          source.order(ByteOrder.LITTLE_ENDIAN);
        } else {
          issue(IssueReason.PCAPNG_BAD_SECTION_HEADER, source.offset());
          done = true;
          return null;
        }
      } else if (!inSection) {
        issue(IssueReason.PCAPNG_BAD_SECTION_HEADER, source.offset());
        done = true;
        return null;
      }
      long blockLength = source.getUnsignedInt(4);
      if (blockLength < 12 || (blockLength & 3) != 0 || blockLength > MAX_PCAPNG_BLOCK_BYTES) {
        issue(IssueReason.PCAPNG_BAD_BLOCK_LENGTH, source.offset());
        done = true;
        return null;
      }
      int len = (int) blockLength;
      if (!source.ensure(len)) {
        return end();
      }
      if (source.getUnsignedInt(len - 4) != blockLength) {
        issue(IssueReason.PCAPNG_BAD_BLOCK_LENGTH, source.offset() + len - 4);
        done = true;
        return null;
      }
      Frame f = block(type, len);
      source.skip(len);
      if (f != null) {
        return f;
      }
    }
    return null;
  }

  /** Handles one complete block at the source position; a frame or null. */
  private Frame block(int type, int len) {
    switch (type) {
      case SHB:
        sectionHeader(len);
        return null;
      case IDB:
        interfaceDescription(len);
        return null;
      case EPB:
        if (len < 32) {
          issue(IssueReason.PCAPNG_PACKET_BEYOND_BLOCK, source.offset());
          return null;
        }
        return packet(source.getUnsignedInt(8), source.getUnsignedInt(12), source.getUnsignedInt(16),
            source.getUnsignedInt(20), source.getUnsignedInt(24), len);
      case OPB:
        if (len < 32) {
          issue(IssueReason.PCAPNG_PACKET_BEYOND_BLOCK, source.offset());
          return null;
        }
        return packet(source.getUnsignedShort(8), source.getUnsignedInt(12), source.getUnsignedInt(16),
            source.getUnsignedInt(20), source.getUnsignedInt(24), len);
      case SPB:
        return simplePacket(len);
      case NRB:
      case ISB:
      case DSB:
      case CUSTOM_COPY:
      case CUSTOM_NOCOPY:
        return null;
      default:
        if (reportedUnknownTypes.size() < MAX_REPORTED_UNKNOWN_BLOCK_TYPES
            && reportedUnknownTypes.add(type)) {
          issue(IssueReason.PCAPNG_UNKNOWN_BLOCK, source.offset());
        }
        return null;
    }
  }

  private void sectionHeader(int len) {
    inSection = true;
    interfaceCount = 0;
    tooManyReported = false;
    if (len < 28 || source.getUnsignedShort(12) != 1) {
      // Too short for version and section length, or a major version we do not know: its blocks may
      // mean something else, so none of this section's packets are trusted.
      issue(IssueReason.PCAPNG_BAD_SECTION_HEADER, source.offset());
      done = true;
    }
  }

  private void interfaceDescription(int len) {
    if (len < 20) {
      issue(IssueReason.PCAPNG_BAD_BLOCK_LENGTH, source.offset());
      return;
    }
    if (interfaceCount >= MAX_PCAPNG_INTERFACES) {
      if (!tooManyReported) {
        tooManyReported = true;
        issue(IssueReason.PCAPNG_TOO_MANY_INTERFACES, source.offset());
      }
      return;
    }
    if (interfaceCount == ifLinkType.length) {
      int n = interfaceCount * 2;
      ifLinkType = Arrays.copyOf(ifLinkType, n);
      ifSnaplen = Arrays.copyOf(ifSnaplen, n);
      ifBinary = Arrays.copyOf(ifBinary, n);
      ifResolExponent = Arrays.copyOf(ifResolExponent, n);
      ifOffsetNanos = Arrays.copyOf(ifOffsetNanos, n);
    }
    int i = interfaceCount++;
    int linkType = source.getUnsignedShort(8);
    ifLinkType[i] = linkType;
    ifSnaplen[i] = source.getUnsignedInt(12);
    ifBinary[i] = false;
    ifResolExponent[i] = 6;
    ifOffsetNanos[i] = 0;
    linkTypes.add(linkType);
    // Options: code(2) length(2) value padded to 4, inside [16, len - 4).
    int at = 16;
    int end = len - 4;
    while (at + 4 <= end) {
      int code = source.getUnsignedShort(at);
      int optLen = source.getUnsignedShort(at + 2);
      if (code == OPT_ENDOFOPT) {
        return;
      }
      int padded = (optLen + 3) & ~3;
      if (at + 4 + padded > end) {
        issue(IssueReason.PCAPNG_BAD_OPTION, source.offset() + at);
        return;
      }
      if (code == OPT_IF_TSRESOL) {
        tsresol(i, optLen, at + 4);
      } else if (code == OPT_IF_TSOFFSET) {
        if (optLen != 8) {
          issue(IssueReason.PCAPNG_BAD_OPTION, source.offset() + at);
        } else {
          ifOffsetNanos[i] = source.getLong(at + 4) * 1_000_000_000L;
        }
      }
      at += 4 + padded;
    }
  }

  private void tsresol(int i, int optLen, int valueAt) {
    int v = optLen == 1 ? source.getUnsignedByte(valueAt) : -1;
    boolean binary = v >= 0 && (v & 0x80) != 0;
    int exponent = v & 0x7F;
    // Limits keep the conversion in range: 10^-18 and 2^-63 are finer than any real clock.
    if (v < 0 || (binary ? exponent > 63 : exponent > 18)) {
      issue(IssueReason.PCAPNG_BAD_OPTION, source.offset() + valueAt - 4);
      return;
    }
    ifBinary[i] = binary;
    ifResolExponent[i] = exponent;
  }

  private Frame packet(long interfaceId, long tsHigh, long tsLow, long caplen, long len, int blockLen) {
    long number = frameNumber + 1;
    if (interfaceId >= interfaceCount) {
      issue(IssueReason.PCAPNG_UNKNOWN_INTERFACE, source.offset());
      return null;
    }
    int iface = (int) interfaceId;
    long ts = toNanos(iface, (tsHigh << 32) | tsLow);
    if (caplen > blockLen - 32) {
      count(IssueReason.PCAPNG_PACKET_BEYOND_BLOCK, number, ts, source.offset());
      return null;
    }
    if (ifSnaplen[iface] != 0 && caplen > ifSnaplen[iface]) {
      count(IssueReason.PCAP_CAPLEN_ABOVE_SNAPLEN, number, ts, source.offset());
    }
    if (caplen > len) {
      count(IssueReason.PCAP_CAPLEN_ABOVE_LEN, number, ts, source.offset());
    }
    return emit(number, ts, iface, 28, (int) caplen, len);
  }

  private Frame simplePacket(int blockLen) {
    long number = frameNumber + 1;
    if (blockLen < 16) {
      count(IssueReason.PCAPNG_PACKET_BEYOND_BLOCK, number, lastTimestampNanos, source.offset());
      return null;
    }
    if (interfaceCount == 0) {
      issue(IssueReason.PCAPNG_UNKNOWN_INTERFACE, source.offset());
      return null;
    }
    long len = source.getUnsignedInt(8);
    long cap = Math.min(len, blockLen - 16);
    if (ifSnaplen[0] != 0) {
      cap = Math.min(cap, ifSnaplen[0]);
    }
    // A simple packet has no timestamp: it keeps the previous one so a merge leaves it in place.
    return emit(number, lastTimestampNanos, 0, 12, (int) cap, len);
  }

  private Frame emit(long number, long ts, int iface, int dataAt, int caplen, long len) {
    frameNumber = number;
    lastTimestampNanos = ts;
    return new Frame(
        sourceId,
        number,
        ts,
        ifLinkType[iface],
        iface,
        source.slice(dataAt, caplen),
        (int) Math.min(len, Integer.MAX_VALUE));
  }

  /** Interface time units to epoch nanoseconds; wraps rather than throws on absurd values. */
  private long toNanos(int iface, long units) {
    int e = ifResolExponent[iface];
    long nanos;
    if (ifBinary[iface]) {
      if (e == 0) {
        nanos = units * 1_000_000_000L;
      } else {
        long seconds = units >>> e;
        long fraction = units & ((1L << e) - 1);
        long hi = Math.multiplyHigh(fraction, 1_000_000_000L);
        long lo = fraction * 1_000_000_000L;
        long fractionNanos = (lo >>> e) | (hi << (64 - e));
        nanos = seconds * 1_000_000_000L + fractionNanos;
      }
    } else if (e <= 9) {
      nanos = units * powerOfTen(9 - e);
    } else {
      nanos = Long.divideUnsigned(units, powerOfTen(e - 9));
    }
    return nanos + ifOffsetNanos[iface];
  }

  /** 10^n for 0 <= n <= 18 (if_tsresol is checked against that range when read). */
  private static long powerOfTen(int n) {
    long p = 1;
    for (int i = 0; i < n; i++) {
      p *= 10;
    }
    return p;
  }

  /** The data ended: cleanly between blocks, mid-block, or because the gzip stream broke. */
  private Frame end() {
    done = true;
    if (source.corrupt()) {
      issue(IssueReason.GZIP_CORRUPT, source.offset() + source.available());
    } else if (source.available() > 0) {
      issue(IssueReason.PCAPNG_TRUNCATED_BLOCK, source.offset());
    }
    return null;
  }

  private void issue(IssueReason reason, long offset) {
    count(reason, frameNumber + 1, lastTimestampNanos, offset);
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
