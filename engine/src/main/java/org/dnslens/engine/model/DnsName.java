package org.dnslens.engine.model;

import java.net.IDN;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A domain name exactly as it was on the wire: the uncompressed label bytes, original case kept.
 *
 * <p>Evidence is kept raw (labels may hold any byte, including dots, NULs and escape sequences meant for
 * a terminal); text is made only for output, with every byte that is not printable ASCII escaped as
 * {@code \DDD} (RFC 1035 presentation format), so a hostile name can never reach a terminal or a log raw.
 */
public final class DnsName implements Comparable<DnsName> {
  /** RFC 1035 2.3.4: a name is at most 255 bytes in wire form, including length bytes and the root. */
  public static final int MAX_NAME_WIRE_BYTES = 255;
  /** RFC 1035 2.3.4: a label is at most 63 bytes. */
  public static final int MAX_LABEL_BYTES = 63;

  public static final DnsName ROOT = new DnsName(new byte[] {0});

  /**
   * Longest {@link #writePresentation} output: 255 wire bytes of which at most 254 are label bytes, each
   * at most 4 characters ({@code \DDD}), plus dots.
   */
  public static final int MAX_PRESENTATION_BYTES = 4 * MAX_NAME_WIRE_BYTES;

  /** Uncompressed wire form: (length, bytes)* then a zero byte. */
  private final byte[] wire;
  /**
   * Arrays.hashCode of the wire form, computed on first use (0 = not yet): most decoded names are only
   * written out, never hashed, and hashing every name cost measurable time at ingest rates.
   */
  private int hash;
  /**
   * Whether a label is an IDNA A-label, found while the wire form is checked: writers ask it of every
   * name they write (up to three times for a question name), and asking meant a walk over the labels
   * each time (about 6 % of the NDJSON thread's samples in a cold read of gen1m.pcap).
   */
  private final boolean internationalized;

  private DnsName(byte[] wire, boolean internationalized) {
    this.wire = wire;
    this.internationalized = internationalized;
  }

  private DnsName(byte[] wire) {
    this(wire, hasAceLabel(wire, 0));
  }

  /**
   * A name from its uncompressed wire form (length-prefixed labels ending in a zero byte). The bytes are
   * copied and checked.
   *
   * @throws IllegalArgumentException if the form is not a well-formed name within the RFC limits
   */
  public static DnsName fromWire(byte[] wire) {
    return fromWire(wire, 0, wire.length);
  }

  /** Like {@link #fromWire(byte[])} over {@code length} bytes at {@code offset}. */
  public static DnsName fromWire(byte[] source, int offset, int length) {
    if (length < 1 || length > MAX_NAME_WIRE_BYTES) {
      throw new IllegalArgumentException("name wire length " + length + " outside 1.." + MAX_NAME_WIRE_BYTES);
    }
    int p = offset;
    int end = offset + length;
    int aceLabels = 0;
    while (true) {
      if (p >= end) {
        throw new IllegalArgumentException("name wire form does not end with the root label");
      }
      int len = source[p] & 0xff;
      if (len == 0) {
        if (p != end - 1) {
          throw new IllegalArgumentException("bytes after the root label");
        }
        break;
      }
      if (len > MAX_LABEL_BYTES) {
        throw new IllegalArgumentException("label of " + len + " bytes");
      }
      if (len >= 4 && p + 4 < end) {
        aceLabels |= aceLabelAt(source, p);
      }
      p += 1 + len;
    }
    return new DnsName(Arrays.copyOfRange(source, offset, end), aceLabels != 0);
  }

  /** A name from its labels (each 1..63 raw bytes), root last and implicit. */
  public static DnsName fromLabels(List<byte[]> labels) {
    int size = 1;
    for (byte[] l : labels) {
      if (l.length == 0 || l.length > MAX_LABEL_BYTES) {
        throw new IllegalArgumentException("label of " + l.length + " bytes");
      }
      size += 1 + l.length;
    }
    if (size > MAX_NAME_WIRE_BYTES) {
      throw new IllegalArgumentException("name of " + size + " wire bytes");
    }
    byte[] w = new byte[size];
    int p = 0;
    for (byte[] l : labels) {
      w[p++] = (byte) l.length;
      System.arraycopy(l, 0, w, p, l.length);
      p += l.length;
    }
    w[p] = 0;
    return new DnsName(w);
  }

  /**
   * Parses presentation format: labels separated by dots, {@code \.}, {@code \\} and {@code \DDD} escapes,
   * an optional final dot; {@code "."} and {@code ""} are the root.
   *
   * @throws IllegalArgumentException on a bad escape, an empty label or a name beyond the RFC limits
   */
  public static DnsName parse(String text) {
    if (text.isEmpty() || text.equals(".")) {
      return ROOT;
    }
    List<byte[]> labels = new ArrayList<>();
    byte[] label = new byte[MAX_LABEL_BYTES + 1];
    int len = 0;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      int b;
      if (c == '.') {
        if (len == 0) {
          throw new IllegalArgumentException("empty label in \"" + SafeText.escape(text) + "\"");
        }
        labels.add(Arrays.copyOf(label, len));
        len = 0;
        continue;
      } else if (c == '\\') {
        if (i + 1 >= n) {
          throw new IllegalArgumentException("dangling backslash");
        }
        char d = text.charAt(i + 1);
        if (d >= '0' && d <= '9') {
          if (i + 3 >= n) {
            throw new IllegalArgumentException("short \\DDD escape");
          }
          int v = 0;
          for (int k = 1; k <= 3; k++) {
            char e = text.charAt(i + k);
            if (e < '0' || e > '9') {
              throw new IllegalArgumentException("bad \\DDD escape");
            }
            v = v * 10 + (e - '0');
          }
          if (v > 255) {
            throw new IllegalArgumentException("\\DDD escape above 255");
          }
          b = v;
          i += 3;
        } else {
          b = d;
          i += 1;
        }
      } else {
        b = c;
      }
      if (b > 0xff) {
        throw new IllegalArgumentException("non-ASCII character in name (use punycode)");
      }
      if (len == MAX_LABEL_BYTES) {
        throw new IllegalArgumentException("label longer than " + MAX_LABEL_BYTES + " bytes");
      }
      label[len++] = (byte) b;
    }
    if (len > 0) {
      labels.add(Arrays.copyOf(label, len));
    }
    return fromLabels(labels);
  }

  /** Number of labels, the root not counted. */
  public int labelCount() {
    int count = 0;
    for (int p = 0; wire[p] != 0; p += 1 + (wire[p] & 0xff)) {
      count++;
    }
    return count;
  }

  /** The raw bytes of label {@code index} (0 is the leftmost). */
  public byte[] label(int index) {
    int p = 0;
    for (int i = 0; i < index; i++) {
      if (wire[p] == 0) {
        throw new IndexOutOfBoundsException(index);
      }
      p += 1 + (wire[p] & 0xff);
    }
    if (wire[p] == 0) {
      throw new IndexOutOfBoundsException(index);
    }
    return Arrays.copyOfRange(wire, p + 1, p + 1 + (wire[p] & 0xff));
  }

  /** Length of the uncompressed wire form, 1..255. */
  public int wireLength() {
    return wire.length;
  }

  /** A copy of the uncompressed wire form. */
  public byte[] toWire() {
    return wire.clone();
  }

  /** Writes the uncompressed wire form at {@code dst[offset]}; returns its length ({@link #wireLength}). */
  public int writeWire(byte[] dst, int offset) {
    System.arraycopy(wire, 0, dst, offset, wire.length);
    return wire.length;
  }

  /** Whether {@code src[offset, offset + wireLength())} is this name's wire form, byte for byte (case too). */
  public boolean wireEquals(byte[] src, int offset) {
    return Arrays.equals(wire, 0, wire.length, src, offset, offset + wire.length);
  }

  public boolean isRoot() {
    return wire.length == 1;
  }

  /**
   * Presentation format without the final dot ({@code "."} for the root), original case, every byte
   * outside printable ASCII and every special character escaped.
   */
  @Override
  public String toString() {
    if (isRoot()) {
      return ".";
    }
    StringBuilder sb = new StringBuilder(wire.length + 8);
    byte[] w = wire;
    // One flat loop over the bytes, length bytes turned into dots: see writeJsonPresentation for why.
    for (int i = 1, nextLength = 1 + (w[0] & 0xff), last = w.length - 1; i < last; i++) {
      if (i == nextLength) {
        sb.append('.');
        nextLength += 1 + (w[i] & 0xff);
      } else {
        appendEscaped(sb, w[i] & 0xff);
      }
    }
    return sb.toString();
  }

  /**
   * Writes {@link #toString()} as ASCII bytes into {@code dst} (at least {@link #MAX_PRESENTATION_BYTES}
   * long from {@code offset}) without making a String: for writers that emit bytes (NDJSON).
   *
   * @return the number of bytes written
   */
  public int writePresentation(byte[] dst, int offset) {
    if (isRoot()) {
      dst[offset] = '.';
      return 1;
    }
    int o = offset;
    int p = 0;
    while (wire[p] != 0) {
      int len = wire[p] & 0xff;
      if (p > 0) {
        dst[o++] = '.';
      }
      o = writeLabelText(wire, p + 1, len, false, dst, o);
      p += 1 + len;
    }
    return o - offset;
  }

  /**
   * Writes the presentation text of the label {@code w[from, from + len)} at {@code dst[o]}, ASCII letters
   * lower-cased when {@code lower}; returns the end. {@link #escapedLength} gives its length beforehand.
   */
  private static int writeLabelText(byte[] w, int from, int len, boolean lower, byte[] dst, int o) {
    for (int i = from; i < from + len; i++) {
      int b = w[i] & 0xff;
      byte kind = ESCAPE[b];
      if (kind == PLAIN) {
        dst[o++] = (byte) (lower ? lower(b) : b);
      } else if (kind == BACKSLASHED) {
        dst[o++] = '\\';
        dst[o++] = (byte) b;
      } else {
        dst[o++] = '\\';
        dst[o++] = (byte) ('0' + b / 100);
        dst[o++] = (byte) ('0' + (b / 10) % 10);
        dst[o++] = (byte) ('0' + b % 10);
      }
    }
    return o;
  }

  /**
   * Longest {@link #writeJsonPresentation} output: every label byte as {@code \\DDD} (5 characters),
   * dots between labels.
   */
  public static final int MAX_JSON_PRESENTATION_BYTES = 5 * MAX_NAME_WIRE_BYTES;

  /** Per byte value: how presentation text writes it (see {@link #writeJsonPresentation}). */
  private static final byte PLAIN = 0;
  private static final byte BACKSLASHED = 1;
  private static final byte DECIMAL = 2;
  private static final byte[] ESCAPE = new byte[256];

  static {
    for (int b = 0; b < 256; b++) {
      ESCAPE[b] = b <= 0x20 || b >= 0x7f ? DECIMAL : isSpecial(b) ? BACKSLASHED : PLAIN;
    }
  }

  /**
   * Writes {@link #toString()} as it appears inside a JSON string ({@code "} and {@code \} escaped with
   * a backslash, as Jackson escapes them) into {@code dst}, which must have {@link
   * #MAX_JSON_PRESENTATION_BYTES} bytes from {@code offset}. One pass with a table instead of
   * presentation text followed by a JSON escaping pass: names are most of an NDJSON line.
   *
   * @return the number of bytes written
   */
  public int writeJsonPresentation(byte[] dst, int offset) {
    if (isRoot()) {
      dst[offset] = '.';
      return 1;
    }
    byte[] w = wire;
    int o = offset;
    // One counted loop over every byte between the first length byte and the root label, the length
    // bytes written as dots, rather than a loop per label: C2 guarded the nested inner loop with a
    // loop-limit predicate that failed on real names (a loop_limit_check deoptimisation in a cold
    // `read` of gen1m.pcap), which threw away and recompiled the NDJSON writer's largest compiled
    // method, DnsJsonFields.appendMessageRecords (this is inlined into it). A well-formed wire form
    // (fromWire checks it) ends with its only zero length byte, so w.length - 1 is the root label.
    for (int i = 1, nextLength = 1 + (w[0] & 0xff), last = w.length - 1; i < last; i++) {
      int b = w[i] & 0xff;
      if (i == nextLength) {
        dst[o++] = '.';
        nextLength += 1 + b;
      } else {
        byte kind = ESCAPE[b];
        if (kind == PLAIN) {
          dst[o++] = (byte) b;
        } else if (kind == BACKSLASHED) {
          dst[o++] = '\\';
          dst[o++] = '\\';
          if (b == '"' || b == '\\') {
            dst[o++] = '\\';
          }
          dst[o++] = (byte) b;
        } else {
          dst[o++] = '\\';
          dst[o++] = '\\';
          dst[o++] = (byte) ('0' + b / 100);
          dst[o++] = (byte) ('0' + (b / 10) % 10);
          dst[o++] = (byte) ('0' + b % 10);
        }
      }
    }
    return o - offset;
  }

  private static boolean isSpecial(int b) {
    return b == '.' || b == '\\' || b == '"' || b == '(' || b == ')' || b == ';' || b == '@' || b == '$';
  }

  /**
   * Writes the {@link #toLowerCaseString()} of this name with its labels in reverse order
   * ({@code com.example.www} for {@code www.Example.com}; {@code "."} for the root) into {@code dst}, which
   * must have {@code 4 * wireLength()} bytes from {@code offset}: the case's name key, once per distinct name
   * of an ingest. Written from the end, the leftmost label last in place, so that neither the labels, the
   * reversed name nor its two Strings are made (2.3 % of a 1 M ingest's allocated bytes, session 27).
   *
   * @return the number of bytes written
   */
  public int writeReversedLowerPresentation(byte[] dst, int offset) {
    if (isRoot()) {
      dst[offset] = '.';
      return 1;
    }
    byte[] w = wire;
    int total = -1; // no dot before the first label written
    for (int p = 0; w[p] != 0; p += 1 + (w[p] & 0xff)) {
      total += 1 + escapedLength(w, p + 1, w[p] & 0xff);
    }
    int end = offset + total;
    for (int p = 0; w[p] != 0; p += 1 + (w[p] & 0xff)) {
      int len = w[p] & 0xff;
      int o = end - escapedLength(w, p + 1, len);
      end = o - 1;
      if (end >= offset) {
        dst[end] = '.';
      }
      writeLabelText(w, p + 1, len, true, dst, o);
    }
    return total;
  }

  /** Bytes of the presentation text of the label {@code w[from, from + len)}. */
  private static int escapedLength(byte[] w, int from, int len) {
    int n = 0;
    for (int i = from; i < from + len; i++) {
      byte kind = ESCAPE[w[i] & 0xff];
      n += kind == PLAIN ? 1 : kind == BACKSLASHED ? 2 : 4;
    }
    return n;
  }

  /** {@link #toString()} with ASCII letters lower-cased: the key for matching and indexing. */
  public String toLowerCaseString() {
    return toString().toLowerCase(Locale.ROOT);
  }

  /** Whether any label is an IDNA A-label ({@code xn--}). */
  public boolean isInternationalized() {
    return internationalized;
  }

  /** Whether any label of the well-formed wire form {@code w} from {@code start} is an A-label. */
  private static boolean hasAceLabel(byte[] w, int start) {
    int aceLabels = 0;
    for (int p = start, len; (len = w[p] & 0xff) != 0; p += 1 + len) {
      if (len >= 4) {
        aceLabels |= aceLabelAt(w, p);
      }
    }
    return aceLabels != 0;
  }

  /**
   * 1 when the label whose length byte is at {@code p} (a label of 4 or more bytes) starts with
   * "xn--" in any case, else 0. The four bytes are compared at once, not as four short-circuit tests: C2
   * compiled the test of the second byte as never true until a label such as "xnet" came along, then
   * deoptimised every method this was inlined into (DnsJsonFields.appendMessageRecords, in every cold
   * `read` of gen1m.pcap, which has no internationalised name at all) and compiled them again.
   */
  private static int aceLabelAt(byte[] w, int p) {
    int diff =
        (((w[p + 1] & 0xff) | 0x20) ^ 'x')
            | (((w[p + 2] & 0xff) | 0x20) ^ 'n')
            | ((w[p + 3] & 0xff) ^ '-')
            | ((w[p + 4] & 0xff) ^ '-');
    return (diff - 1) >>> 31; // diff is 0..255: 1 when it is 0, else 0
  }

  /**
   * The Unicode form of an internationalised name (A-labels decoded), or {@code null} when the name has
   * no A-label or does not decode. Bidi and control characters are neutralised with {@link SafeText}.
   */
  public String toUnicodeString() {
    if (!isInternationalized()) {
      return null;
    }
    String ascii = toString();
    String unicode = IDN.toUnicode(ascii, IDN.ALLOW_UNASSIGNED);
    return unicode.equals(ascii) ? null : SafeText.neutralise(unicode);
  }

  /** Case-insensitive equality (DNS names compare ASCII case-insensitively, RFC 4343). */
  public boolean equalsIgnoreCase(DnsName other) {
    if (other.wire.length != wire.length) {
      return false;
    }
    for (int i = 0; i < wire.length; i++) {
      int a = wire[i] & 0xff;
      int b = other.wire[i] & 0xff;
      if (a != b && lower(a) != lower(b)) {
        return false;
      }
    }
    return true;
  }

  /** A hash consistent with {@link #equalsIgnoreCase}. */
  public int hashCodeIgnoreCase() {
    int h = 1;
    for (byte b : wire) {
      h = 31 * h + lower(b & 0xff);
    }
    return h;
  }

  private static int lower(int b) {
    return b >= 'A' && b <= 'Z' ? b + 32 : b;
  }

  private static void appendEscaped(StringBuilder sb, int b) {
    if (b <= 0x20 || b >= 0x7f) {
      sb.append('\\');
      sb.append((char) ('0' + b / 100));
      sb.append((char) ('0' + (b / 10) % 10));
      sb.append((char) ('0' + b % 10));
    } else if (isSpecial(b)) {
      sb.append('\\').append((char) b);
    } else {
      sb.append((char) b);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DnsName other && Arrays.equals(wire, other.wire);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = Arrays.hashCode(wire);
      hash = h;
    }
    return h;
  }

  /** Byte order of the wire forms (a total order consistent with equals; not DNSSEC canonical order). */
  @Override
  public int compareTo(DnsName o) {
    return Arrays.compareUnsigned(wire, o.wire);
  }
}
