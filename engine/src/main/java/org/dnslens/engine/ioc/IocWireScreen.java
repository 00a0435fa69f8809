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
  /** Names per message remembered as matching nothing below them (owners mostly point at a few names). */
  private static final int REMEMBERED_NAMES = 8;
  /** Letters, digits, '-' and '_': the bytes the presentation form writes as they are (a table for C1). */
  private static final boolean[] PLAIN = new boolean[256];

  static {
    for (int c = 0; c < 256; c++) {
      PLAIN[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }
  }

  private final IocMatcher matcher;
  private final DomainSuffixTable domains;
  private final boolean ipIndicators;
  private final int[] labelStart = new int[MAX_LABELS];
  private final int[] labelLength = new int[MAX_LABELS];
  private int labels;
  /** Where the name just read starts, and the first pointer it followed (-1: none, its labels are in place). */
  private int nameStart;
  private int firstTarget;
  /**
   * Offsets in the current message where a name starts that no indicator matches, nor any name ending
   * with it ({@link DomainSuffixTable#NO_MATCH_BELOW}): a name that points there matches nothing either.
   * Record owners are mostly pointers to the question or to a CNAME target, so most owners cost a lookup
   * here instead of a walk of their labels.
   */
  private final int[] belowNothing = new int[REMEMBERED_NAMES];
  private int belowNothingCount;
  private int belowNothingNext;
  /**
   * The last message's first question when it matched nothing below it and sat in place: its bytes, from
   * the first label byte to the root's zero. A reply repeats its query's question, so the second costs a
   * byte comparison.
   */
  private byte[] lastQuestion;
  private int lastQuestionStart;
  private int lastQuestionEnd;

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
    belowNothingCount = 0;
    belowNothingNext = 0;
    for (int i = 0; i < questions; i++) {
      p = readName(b, offset, end, p);
      if (p < 0 || p + 4 > end) {
        return true;
      }
      if (i == 0 && firstTarget < 0 && sameAsLastQuestion(b, nameStart, p)) {
        remember(nameStart);
        if (arpaMayMatch(b)) {
          return true;
        }
      } else {
        int verdict = nameVerdict(b, true);
        if (verdict == DomainSuffixTable.MAY_MATCH) {
          return true;
        }
        if (i == 0) {
          keepQuestion(b, verdict == DomainSuffixTable.NO_MATCH_BELOW && firstTarget < 0, p);
        }
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
      if (type != RrType.OPT && nameVerdict(b, false) == DomainSuffixTable.MAY_MATCH) {
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
            && matcher.matchesAnyIp(b, rdata, rdLength);
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
    return readName(b, msg, end, nameAt) < 0 || nameVerdict(b, false) == DomainSuffixTable.MAY_MATCH;
  }

  /**
   * Reads the (possibly compressed) name at {@code p} into the label arrays; returns the offset just after
   * it where it sits, or -1 when it does not read cleanly.
   */
  private int readName(byte[] b, int msg, int end, int p) {
    labels = 0;
    nameStart = p;
    firstTarget = -1;
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
          firstTarget = target;
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

  /**
   * Whether the name just read might match ({@link DomainSuffixTable#MAY_MATCH}), and if not, whether names
   * ending with it might ({@link DomainSuffixTable#NO_MATCH_BELOW} when not); {@code question}: reverse-lookup
   * names count as addresses.
   */
  private int nameVerdict(byte[] b, boolean question) {
    if (labels == 0) {
      return DomainSuffixTable.NO_MATCH; // the root matches nothing
    }
    int verdict;
    if (firstTarget >= 0 && remembered(firstTarget)) {
      // It ends with a name no indicator ends with: whatever its own first labels hold, escaped or not, the
      // matcher's walk from the right stops inside that name.
      verdict = DomainSuffixTable.NO_MATCH_BELOW;
    } else {
      if (hasEscapedByte(b)) {
        return DomainSuffixTable.MAY_MATCH; // escaped in presentation form: let the matcher see the decoded name
      }
      verdict = domains.screen(b, labelStart, labelLength, labels);
      if (verdict == DomainSuffixTable.MAY_MATCH) {
        return verdict;
      }
    }
    if (verdict == DomainSuffixTable.NO_MATCH_BELOW) {
      remember(nameStart);
    }
    if (question && arpaMayMatch(b)) {
      return DomainSuffixTable.MAY_MATCH;
    }
    return verdict;
  }

  /** Whether the question name just read is a reverse lookup of an address an indicator holds. */
  private boolean arpaMayMatch(byte[] b) {
    if (ipIndicators && labels > 0 && isArpa(b, labelStart[labels - 1], labelLength[labels - 1])) {
      if (hasEscapedByte(b)) {
        return true; // as before the memo: such a name is the matcher's to judge
      }
      if (labels == 6 && isInAddr(b, labelStart[4], labelLength[4])) {
        // d.c.b.a.in-addr.arpa: no IPv4 indicator reaches a.b.0.0/16, so none holds the address
        int a = decimalOctet(b, labelStart[3], labelLength[3]);
        int second = decimalOctet(b, labelStart[2], labelLength[2]);
        if (a >= 0 && second >= 0 && !matcher.mayHoldIpv4((a << 8) | second)) {
          return false;
        }
      }
      IpAddress reversed = ReverseName.address(text(b));
      return reversed != null && matcher.matchesAnyIp(reversed);
    }
    return false;
  }

  /** Whether a label of the name just read holds a byte its presentation form escapes. */
  private boolean hasEscapedByte(byte[] b) {
    for (int k = 0; k < labels; k++) {
      for (int i = labelStart[k], e = i + labelLength[k]; i < e; i++) {
        if (!PLAIN[b[i] & 0xff]) {
          return true;
        }
      }
    }
    return false;
  }

  private boolean remembered(int offset) {
    for (int i = 0; i < belowNothingCount; i++) {
      if (belowNothing[i] == offset) {
        return true;
      }
    }
    return false;
  }

  private void remember(int offset) {
    if (remembered(offset)) {
      return;
    }
    belowNothing[belowNothingNext] = offset;
    belowNothingNext = (belowNothingNext + 1) % REMEMBERED_NAMES;
    belowNothingCount = Math.min(belowNothingCount + 1, REMEMBERED_NAMES);
  }

  /** Keeps the question just read (ending before {@code after}) for the next message, or forgets the last. */
  private void keepQuestion(byte[] b, boolean keep, int after) {
    lastQuestion = keep ? b : null;
    lastQuestionStart = nameStart;
    lastQuestionEnd = after;
  }

  /** Whether the bytes of the in-place name {@code b[start, end)} are the last message's first question. */
  private boolean sameAsLastQuestion(byte[] b, int start, int end) {
    byte[] last = lastQuestion;
    if (last == null || end - start != lastQuestionEnd - lastQuestionStart) {
      return false;
    }
    for (int i = start, j = lastQuestionStart; i < end; i++, j++) {
      if (b[i] != last[j]) {
        return false;
      }
    }
    return true;
  }

  private static boolean isInAddr(byte[] b, int at, int len) {
    return len == 7
        && (b[at] | 0x20) == 'i'
        && (b[at + 1] | 0x20) == 'n'
        && b[at + 2] == '-'
        && (b[at + 3] | 0x20) == 'a'
        && (b[at + 4] | 0x20) == 'd'
        && (b[at + 5] | 0x20) == 'd'
        && (b[at + 6] | 0x20) == 'r';
  }

  /** A label of 1-3 decimal digits worth at most 255 (as {@link ReverseName} reads it), else -1. */
  private static int decimalOctet(byte[] b, int at, int len) {
    if (len < 1 || len > 3) {
      return -1;
    }
    int v = 0;
    for (int i = at; i < at + len; i++) {
      if (b[i] < '0' || b[i] > '9') {
        return -1;
      }
      v = v * 10 + (b[i] - '0');
    }
    return v <= 255 ? v : -1;
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
