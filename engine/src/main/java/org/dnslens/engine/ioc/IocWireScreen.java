package org.dnslens.engine.ioc;

import java.util.Locale;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.engine.model.RrType;

/**
 * A conservative screen of a raw DNS message against an {@link IocMatcher}: it answers false only when no
 * name or address that {@link IocMatcher#match} would look at in the decoded message (question names,
 * record owners, CNAME/DNAME/NS/MX/PTR/SRV/SVCB/HTTPS targets and A/AAAA data in every section, reverse
 * lookup names) can match an indicator. Anything it cannot read the way the decoder does (a label byte
 * that the presentation form escapes, a bad pointer, counts beyond the bytes, an over-long name) answers
 * true, so the caller decodes that message and lets the matcher decide. A retroactive case match runs it
 * on every stored message and decodes only the few that pass: the result is the full match's, without
 * building a million messages.
 *
 * <p>Written by hand rather than with the engine's decoder or dnsjava because it exists to avoid their
 * per-message objects: it walks the wire bytes in place, follows compression pointers, hashes label-aligned
 * suffixes straight from the bytes into the matcher's suffix table, and allocates nothing for a message
 * without a possible hit (when the matcher has IP indicators, an address and a small lookup per A/AAAA
 * record; measured cheap enough beside reading the blocks, see docs/STORAGE.md).
 * Not thread-safe: one per thread ({@link IocMatcher#wireScreen()}).
 */
public final class IocWireScreen {
  /** DNS header bytes (RFC 1035 4.1.1). */
  private static final int HEADER_BYTES = 12;
  /** Labels of the longest legal name (255 bytes: 127 one-byte labels and the root). */
  private static final int MAX_LABELS = 127;
  /** Wire length of the longest legal name (RFC 1035 3.1). */
  private static final int MAX_NAME_BYTES = 255;
  /** Pointers followed per name, as the decoder's name reader allows. */
  private static final int MAX_COMPRESSION_JUMPS = 127;
  /** Type, class, TTL and rdata length after a record's owner name. */
  private static final int RECORD_FIXED_BYTES = 10;

  private final IocMatcher matcher;
  private final DomainSuffixTable domains;
  private final boolean ipIndicators;
  private final int[] labelStart = new int[MAX_LABELS];
  private final int[] labelLength = new int[MAX_LABELS];
  private int labels;

  IocWireScreen(IocMatcher matcher) {
    this.matcher = matcher;
    this.domains = matcher.domainTable();
    this.ipIndicators = matcher.hasIpIndicators();
  }

  /**
   * Whether the DNS message in {@code b[offset, offset + length)} might hold a hit; false is a promise that
   * {@link IocMatcher#match} finds none in it (endpoints aside: they are not in the message).
   */
  public boolean mayMatch(byte[] b, int offset, int length) {
    int end = offset + length;
    if (length < HEADER_BYTES || offset < 0 || end > b.length) {
      return true;
    }
    int questions = u16(b, offset + 4);
    int records = u16(b, offset + 6) + u16(b, offset + 8) + u16(b, offset + 10);
    int p = offset + HEADER_BYTES;
    for (int i = 0; i < questions; i++) {
      p = readName(b, offset, end, p);
      if (p < 0 || p + 4 > end || nameMayMatch(b, true)) {
        return true;
      }
      p += 4;
    }
    for (int i = 0; i < records; i++) {
      p = readName(b, offset, end, p);
      if (p < 0 || p + RECORD_FIXED_BYTES > end) {
        return true;
      }
      int type = u16(b, p);
      int rdLength = u16(b, p + 8);
      int rdata = p + RECORD_FIXED_BYTES;
      p = rdata + rdLength;
      if (p > end) {
        return true;
      }
      if (type != RrType.OPT && nameMayMatch(b, false)) {
        return true;
      }
      if (rdataMayMatch(b, offset, end, type, rdata, rdLength)) {
        return true;
      }
    }
    return false;
  }

  private boolean rdataMayMatch(byte[] b, int msg, int end, int type, int rdata, int rdLength) {
    int nameAt;
    switch (type) {
      case RrType.A:
      case RrType.AAAA:
        // Any other length is not an address to the decoder (it keeps such a record as hex).
        return ipIndicators
            && rdLength == (type == RrType.A ? 4 : 16)
            && matcher.matchesAnyIp(IpAddress.of(b, rdata, rdLength));
      case RrType.NS:
      case 3: // MD
      case 4: // MF
      case RrType.CNAME:
      case 7: // MB
      case 8: // MG
      case 9: // MR
      case RrType.PTR:
      case RrType.DNAME:
        nameAt = rdata;
        break;
      case RrType.MX:
      case RrType.SVCB:
      case RrType.HTTPS:
        nameAt = rdata + 2;
        break;
      case RrType.SRV:
        nameAt = rdata + 6;
        break;
      default:
        return false; // the matcher looks at no other rdata
    }
    if (nameAt >= rdata + rdLength) {
      return false; // too short to hold the name: the decoder keeps it as hex
    }
    return readName(b, msg, end, nameAt) < 0 || nameMayMatch(b, false);
  }

  /**
   * Reads the (possibly compressed) name at {@code p} into the label arrays; returns the offset just after
   * it where it sits, or -1 when it does not read cleanly.
   */
  private int readName(byte[] b, int msg, int end, int p) {
    labels = 0;
    int after = -1;
    int jumps = 0;
    int bytes = 1;
    while (true) {
      if (p >= end) {
        return -1;
      }
      int len = b[p] & 0xff;
      if (len == 0) {
        return after >= 0 ? after : p + 1;
      }
      if ((len & 0xc0) == 0xc0) {
        if (p + 1 >= end || ++jumps > MAX_COMPRESSION_JUMPS) {
          return -1;
        }
        int target = msg + (((len & 0x3f) << 8) | (b[p + 1] & 0xff));
        if (after < 0) {
          after = p + 2;
        }
        if (target >= p) {
          return -1; // forward or self pointer: never followed, so the walk always ends
        }
        p = target;
        continue;
      }
      if ((len & 0xc0) != 0 || labels == MAX_LABELS || p + 1 + len > end) {
        return -1;
      }
      bytes += len + 1;
      if (bytes > MAX_NAME_BYTES) {
        return -1;
      }
      labelStart[labels] = p + 1;
      labelLength[labels] = len;
      labels++;
      p += 1 + len;
    }
  }

  /** Whether the name just read might match; {@code question}: reverse-lookup names count as addresses. */
  private boolean nameMayMatch(byte[] b, boolean question) {
    if (labels == 0) {
      return false; // the root matches nothing
    }
    for (int k = 0; k < labels; k++) {
      for (int i = labelStart[k], e = i + labelLength[k]; i < e; i++) {
        if (!plain(b[i])) {
          return true; // escaped in presentation form: let the matcher see the decoded name
        }
      }
    }
    if (domains.mayMatch(b, labelStart, labelLength, labels)) {
      return true;
    }
    if (question && ipIndicators && isArpa(b, labelStart[labels - 1], labelLength[labels - 1])) {
      IpAddress reversed = ReverseName.address(text(b));
      return reversed != null && matcher.matchesAnyIp(reversed);
    }
    return false;
  }

  private static boolean plain(byte c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  }

  private static boolean isArpa(byte[] b, int at, int len) {
    return len == 4
        && (b[at] | 0x20) == 'a'
        && (b[at + 1] | 0x20) == 'r'
        && (b[at + 2] | 0x20) == 'p'
        && (b[at + 3] | 0x20) == 'a';
  }

  /** The name just read as lower-case presentation text (plain labels only, so nothing to escape). */
  private String text(byte[] b) {
    StringBuilder sb = new StringBuilder(64);
    for (int k = 0; k < labels; k++) {
      if (k > 0) {
        sb.append('.');
      }
      for (int i = labelStart[k], e = i + labelLength[k]; i < e; i++) {
        sb.append((char) b[i]);
      }
    }
    return sb.toString().toLowerCase(Locale.ROOT);
  }

  private static int u16(byte[] b, int at) {
    return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
  }
}
