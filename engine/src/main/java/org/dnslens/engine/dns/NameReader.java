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

  /** Names remembered per message for {@link #read}'s reuse: a reply rarely has more distinct owners. */
  static final int REUSE_SLOTS = 8;

  private final byte[] scratch = new byte[DnsName.MAX_NAME_WIRE_BYTES];
  /** Offset just after the name as it sits at its start position (after the first pointer, if any). */
  private int next;

  // Names read in the current message by start offset, with the pointers each took. A name that is a
  // bare pointer to one of these offsets (an answer's owner "c00c", the owner after a CNAME whose
  // target was read) is that same name: the same checks passed on the same bytes, plus this one
  // pointer. Reusing the instance saves the copy and the object for most owner names (the largest
  // allocation of DNS decoding in the JFR samples; docs/PERFORMANCE.md).
  private final int[] reuseOffset = new int[REUSE_SLOTS];
  private final int[] reuseJumps = new int[REUSE_SLOTS];
  private final DnsName[] reuseName = new DnsName[REUSE_SLOTS];
  private int reuseCount;
  private int reuseNextSlot;
  /** The message the remembered names belong to (identity), so they never leak into another. */
  private byte[] reuseMessage;

  /** Forgets the names of the previous message. */
  void startMessage() {
    reuseCount = 0;
    reuseNextSlot = 0;
    reuseMessage = null;
  }

  /**
   * Reads the name starting at {@code start}. Its uncompressed bytes must end before {@code limit};
   * pointer targets may be anywhere in {@code [12, start)}.
   *
   * @param truncatedReason the reason when the name runs past {@code limit}
   */
  DnsName read(byte[] msg, int start, int limit, int messageEnd, IssueReason truncatedReason)
      throws DecodeException {
    if (msg != reuseMessage) {
      startMessage();
      reuseMessage = msg;
    }
    DnsName reused = reusedPointerName(msg, start, limit);
    if (reused != null) {
      next = start + 2;
      return reused;
    }
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
        DnsName name = DnsName.fromWire(scratch, 0, len);
        remember(start, name, jumps);
        return name;
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

  /**
   * The remembered name when the name at {@code start} is a single valid pointer (the same checks as
   * the loop below: inside {@code limit}, strictly backwards, not into the header, jump limit) to a
   * name read earlier in this message; else null, and the loop reads it (and reports any fault).
   */
  private DnsName reusedPointerName(byte[] msg, int start, int limit) {
    if (reuseCount == 0 || start + 2 > limit || (msg[start] & LABEL_TYPE_MASK) != POINTER) {
      return null;
    }
    int target = ((msg[start] & 0x3f) << 8) | (msg[start + 1] & 0xff);
    if (target >= start || target < DnsMessageDecoder.HEADER_BYTES) {
      return null;
    }
    for (int i = 0; i < reuseCount; i++) {
      if (reuseOffset[i] == target && reuseJumps[i] + 1 <= MAX_COMPRESSION_JUMPS) {
        return reuseName[i];
      }
    }
    return null;
  }

  private void remember(int start, DnsName name, int jumps) {
    int slot = reuseNextSlot;
    reuseOffset[slot] = start;
    reuseJumps[slot] = jumps;
    reuseName[slot] = name;
    reuseNextSlot = (slot + 1) % REUSE_SLOTS;
    if (reuseCount < REUSE_SLOTS) {
      reuseCount++;
    }
  }

  /** Offset just after the name last read, where the next field starts. */
  int next() {
    return next;
  }
}
