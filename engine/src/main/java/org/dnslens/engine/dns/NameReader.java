package org.dnslens.engine.dns;

import org.dnslens.engine.issue.DecodeException;
import org.dnslens.engine.model.DnsName;
import org.dnslens.engine.model.IssueReason;

/**
 * Reads a possibly compressed domain name from a DNS message into a {@link DnsName} holding the raw label
 * bytes in their original case. Hand-written rather than dnsjava's {@code Name(DNSInput)} so that every
 * fault maps to its own reason and the owner names of the hot path cost one copy, no parsing objects.
 *
 * <p>Rules (RFC 1035 4.1.4, hardened as dnsjava and Netty do): a pointer must point strictly before the
 * start of the label run that contains it, and not into the 12-byte header, so every chain is finite; a
 * name holds at most {@link #MAX_COMPRESSION_JUMPS} pointers (a pointer-to-pointer chain adds no bytes, so
 * the 255-byte cap alone would not bound the work); labels of type 0x40 and 0x80 are rejected.
 *
 * <p>Not thread-safe: it keeps a scratch buffer. One per {@link DnsMessageDecoder}.
 */
final class NameReader {
  /**
   * Pointers followed for one name. A legitimate name needs at most one per label (127 labels fit in 255
   * bytes); anything beyond is a chain built to burn CPU.
   */
  static final int MAX_COMPRESSION_JUMPS = 127;

  private static final int LABEL_TYPE_MASK = 0xc0;
  private static final int POINTER = 0xc0;

  private final byte[] scratch = new byte[DnsName.MAX_NAME_WIRE_BYTES];
  /** Offset just after the name as it sits at its start position (after the first pointer, if any). */
  private int next;

  /**
   * Reads the name starting at {@code start}. Its uncompressed bytes must end before {@code limit};
   * pointer targets may be anywhere in {@code [12, start)}.
   *
   * @param truncatedReason the reason when the name runs past {@code limit}
   */
  DnsName read(byte[] msg, int start, int limit, int messageEnd, IssueReason truncatedReason)
      throws DecodeException {
    int p = start;
    int runStart = start;
    int runLimit = limit;
    int highestRead = start;
    int len = 0;
    int jumps = 0;
    next = -1;
    while (true) {
      if (p >= runLimit) {
        throw new DecodeException(jumps == 0 ? truncatedReason : IssueReason.DNS_BAD_COMPRESSION_POINTER, p);
      }
      int b = msg[p] & 0xff;
      int kind = b & LABEL_TYPE_MASK;
      if (kind == POINTER) {
        if (p + 2 > runLimit) {
          throw new DecodeException(jumps == 0 ? truncatedReason : IssueReason.DNS_BAD_COMPRESSION_POINTER, p);
        }
        int target = ((b & 0x3f) << 8) | (msg[p + 1] & 0xff);
        if (next < 0) {
          next = p + 2;
        }
        highestRead = Math.max(highestRead, p + 1);
        if (target >= runStart) {
          // A target inside the bytes this name already covered is a loop (including a pointer to
          // itself); one past them is a forward pointer.
          throw new DecodeException(
              target <= highestRead
                  ? IssueReason.DNS_COMPRESSION_LOOP
                  : IssueReason.DNS_BAD_COMPRESSION_POINTER,
              p);
        }
        if (target < DnsMessageDecoder.HEADER_BYTES) {
          throw new DecodeException(IssueReason.DNS_BAD_COMPRESSION_POINTER, p);
        }
        if (++jumps > MAX_COMPRESSION_JUMPS) {
          throw new DecodeException(IssueReason.DNS_COMPRESSION_LOOP, p);
        }
        runStart = target;
        runLimit = messageEnd;
        p = target;
        continue;
      }
      if (kind != 0) {
        throw new DecodeException(IssueReason.DNS_BAD_LABEL_TYPE, p);
      }
      if (b == 0) {
        if (len + 1 > DnsName.MAX_NAME_WIRE_BYTES) {
          throw new DecodeException(IssueReason.DNS_NAME_TOO_LONG, p);
        }
        scratch[len++] = 0;
        if (next < 0) {
          next = p + 1;
        }
        return DnsName.fromWire(scratch, 0, len);
      }
      // Room for this label and at least the root byte after it.
      if (len + 1 + b + 1 > DnsName.MAX_NAME_WIRE_BYTES) {
        throw new DecodeException(IssueReason.DNS_NAME_TOO_LONG, p);
      }
      if (p + 1 + b > runLimit) {
        throw new DecodeException(jumps == 0 ? truncatedReason : IssueReason.DNS_BAD_COMPRESSION_POINTER, p);
      }
      System.arraycopy(msg, p, scratch, len, 1 + b);
      len += 1 + b;
      p += 1 + b;
      highestRead = Math.max(highestRead, p - 1);
    }
  }

  /** Offset just after the name last read, where the next field starts. */
  int next() {
    return next;
  }
}
