package org.dnslens.engine.export;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.dnslens.engine.model.DnsName;
import org.dnslens.engine.model.EdnsOption;
import org.dnslens.engine.model.IpAddress;

/**
 * A reusable byte buffer in which a writer renders a piece of JSON itself (printable ASCII only) and
 * hands it to Jackson as one raw value ({@code JsonGenerator.writeRawValue(SerializableString)}, which
 * copies the bytes into its own buffer).
 *
 * <p>Why: with Jackson's streaming calls every field costs a name write, a context check, a value
 * check and an escaping scan; the record arrays of a transaction are about 40 of those per line, and
 * {@code dnslens bench} put Jackson's per-call overhead at the top of the NDJSON profile. Rendering a
 * record array here is a few byte copies per field.
 *
 * <p>Only printable ASCII (0x20–0x7e) is accepted: for it JSON needs no escapes but {@code \"} and
 * {@code \\}, exactly what Jackson writes, so the output stays byte-identical. Any other character
 * makes {@link #appendString} return false, and the caller writes that value through Jackson instead.
 * Not thread-safe: one per writer.
 */
final class AsciiJsonBuffer implements SerializableString {
  /** Digits of a long: 19, plus room for nothing else (the sign is appended on its own). */
  private static final int MAX_LONG_DIGITS = 19;

  /** "00" to "99", the two digits of each pair at {@code 2 * pair}. */
  private static final byte[] DIGIT_PAIRS = new byte[200];

  static {
    for (int i = 0; i < 100; i++) {
      DIGIT_PAIRS[2 * i] = (byte) ('0' + i / 10);
      DIGIT_PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
    }
  }

  private byte[] buf = new byte[4096];
  private int len;
  /** The whole second {@link #appendEpochSeconds} wrote last (≥ 0 when set) and its digits. */
  private long lastEpochSecond = -1;
  private final byte[] lastEpochSecondDigits = new byte[MAX_LONG_DIGITS];
  private int lastEpochSecondLength;

  // Names written since the last reset and where their text sits in buf: see appendName.
  private static final int NAME_MEMO_SLOTS = 4;
  private final DnsName[] memoName = new DnsName[NAME_MEMO_SLOTS];
  private final int[] memoStart = new int[NAME_MEMO_SLOTS];
  private final int[] memoLength = new int[NAME_MEMO_SLOTS];
  private int memoCount;
  private int memoNext;

  void reset() {
    len = 0;
    memoCount = 0;
    memoNext = 0;
    Arrays.fill(memoName, null); // no line keeps the names of the previous one reachable
  }

  int length() {
    return len;
  }

  private void ensure(int more) {
    if (len + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
    }
  }

  /** Bytes known to be valid JSON (pre-encoded punctuation and field names). */
  void appendRaw(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buf, len, bytes.length);
    len += bytes.length;
  }

  void appendByte(char c) {
    ensure(1);
    buf[len++] = (byte) c;
  }

  /** A decimal number as Jackson's {@code writeNumber(long)} writes it. */
  void appendLong(long v) {
    if (v < 0) {
      if (v == Long.MIN_VALUE) {
        appendAscii(Long.toString(v));
        return;
      }
      appendByte('-');
      v = -v;
    }
    ensure(MAX_LONG_DIGITS);
    if (v < 10) { // ports' octets, flags, counts: most numbers of a line are one digit
      buf[len++] = (byte) ('0' + v);
    } else if (v <= Integer.MAX_VALUE) {
      int end = len + digitCount((int) v);
      writeDigits((int) v, end);
      len = end;
    } else {
      int end = len + digitCount(v);
      writeDigits(v, end);
      len = end;
    }
  }

  // The digits are written backwards from a counted end, two per division (a pair table), and ints
  // divide as ints: the writer thread bounds the pipeline and number text was the top of its profile
  // (appendLong and appendEpochSeconds, about a quarter of its samples, with a long division per digit
  // and a reversal). Long.toString would allocate a String per number.

  private static int digitCount(int v) {
    int n = 1;
    for (int p = 10; n < 10 && v >= p; p *= 10) {
      n++;
    }
    return n;
  }

  private static int digitCount(long v) {
    int n = 1;
    for (long p = 10; n < 19 && v >= p; p *= 10) {
      n++;
    }
    return n;
  }

  /** Writes {@code v} (≥ 0) ending just before {@code end}. */
  private void writeDigits(int v, int end) {
    int p = end;
    while (v >= 100) {
      int r = v % 100;
      v /= 100;
      buf[--p] = DIGIT_PAIRS[2 * r + 1];
      buf[--p] = DIGIT_PAIRS[2 * r];
    }
    if (v >= 10) {
      buf[--p] = DIGIT_PAIRS[2 * v + 1];
      buf[--p] = DIGIT_PAIRS[2 * v];
    } else {
      buf[--p] = (byte) ('0' + v);
    }
  }

  /** As above for values beyond int. */
  private void writeDigits(long v, int end) {
    int p = end;
    while (v > Integer.MAX_VALUE) {
      int r = (int) (v % 100);
      v /= 100;
      buf[--p] = DIGIT_PAIRS[2 * r + 1];
      buf[--p] = DIGIT_PAIRS[2 * r];
    }
    writeDigits((int) v, p);
  }

  /** Epoch seconds with six decimals, the same digits as {@link JsonScratch#epochSeconds}. */
  void appendEpochSeconds(long epochNanos) {
    long micros = Math.floorDiv(epochNanos, 1000L);
    long whole = Math.floorDiv(micros, 1_000_000L);
    if (whole == lastEpochSecond && whole >= 0) {
      // A line has two timestamps and a capture has hundreds of lines per second: the ten digits of
      // the whole second are copied from the last time rather than divided out again.
      ensure(lastEpochSecondLength);
      System.arraycopy(lastEpochSecondDigits, 0, buf, len, lastEpochSecondLength);
      len += lastEpochSecondLength;
      appendFraction((int) Math.floorMod(micros, 1_000_000L), 6);
      return;
    }
    int start = len;
    appendFixed(whole, (int) Math.floorMod(micros, 1_000_000L), 6);
    int digits = len - start - 7; // the whole part's digits: what came before '.' and six decimals
    if (whole >= 0 && digits <= MAX_LONG_DIGITS) {
      System.arraycopy(buf, start, lastEpochSecondDigits, 0, digits);
      lastEpochSecondLength = digits;
      lastEpochSecond = whole;
    }
  }

  /** Milliseconds with three decimals, the same digits as {@link JsonScratch#millis}. */
  void appendMillis(long nanos) {
    long micros = Math.floorDiv(nanos, 1000L);
    appendFixed(Math.floorDiv(micros, 1000L), (int) Math.floorMod(micros, 1000L), 3);
  }

  /** {@code whole.frac} with {@code decimals} digits of {@code frac} (0 ≤ frac < 10^decimals). */
  private void appendFixed(long whole, int frac, int decimals) {
    appendLong(whole); // |whole| ≤ 2^63 / 10^6 here; negative values print their sign as JsonScratch does
    appendFraction(frac, decimals);
  }

  /** {@code .frac} with {@code decimals} digits (0 ≤ frac < 10^decimals). */
  private void appendFraction(int frac, int decimals) {
    ensure(1 + decimals);
    buf[len++] = '.';
    int end = len + decimals;
    int p = end;
    for (int i = decimals; i >= 2; i -= 2) {
      int r = frac % 100;
      frac /= 100;
      buf[--p] = DIGIT_PAIRS[2 * r + 1];
      buf[--p] = DIGIT_PAIRS[2 * r];
    }
    if (p > len) {
      buf[--p] = (byte) ('0' + frac);
    }
    len = end;
  }

  private void appendAscii(String s) {
    ensure(s.length());
    for (int i = 0; i < s.length(); i++) {
      buf[len++] = (byte) s.charAt(i);
    }
  }

  /**
   * The characters of {@code s} as the inside of a JSON string (no quotes), escaped as Jackson does.
   *
   * @return false, leaving the buffer in an unspecified state, when {@code s} holds a character outside
   *     printable ASCII (the caller falls back to Jackson)
   */
  boolean appendString(String s) {
    int n = s.length();
    ensure(2 * n);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return false;
      }
      if (c == '"' || c == '\\') {
        buf[len++] = '\\';
      }
      buf[len++] = (byte) c;
    }
    return true;
  }

  /**
   * A name's presentation text ({@link DnsName#toString()}), JSON-escaped; with {@code absolute}, the
   * trailing dot of zone-file text ({@code "."} alone for the root). Presentation text is printable
   * ASCII by construction, so this never fails.
   */
  void appendName(DnsName value, boolean absolute) {
    ensure(DnsName.MAX_JSON_PRESENTATION_BYTES + 1);
    if (absolute && value.isRoot()) {
      buf[len++] = '.';
      return;
    }
    int start = len;
    int n = -1;
    // A line writes the same name several times (the qname field, the question in the query and in
    // the reply, each answer's owner, a CNAME target that owns the next answers): most are the same
    // object (NameReader reuses a name a pointer leads to) or the same bytes, whose text is already in
    // the line. One bulk copy of it instead of the per-byte escaping loop; the text is a function of
    // the wire bytes alone, so the output is the same.
    for (int i = 0; i < memoCount; i++) {
      DnsName m = memoName[i];
      if (m == value || m.equals(value)) {
        n = memoLength[i];
        System.arraycopy(buf, memoStart[i], buf, start, n);
        break;
      }
    }
    if (n < 0) {
      n = value.writeJsonPresentation(buf, start);
      int slot = memoNext;
      memoName[slot] = value;
      memoStart[slot] = start;
      memoLength[slot] = n;
      memoNext = (slot + 1) % NAME_MEMO_SLOTS;
      if (memoCount < NAME_MEMO_SLOTS) {
        memoCount++;
      }
    }
    len = start + n;
    if (absolute) {
      buf[len++] = '.';
    }
  }

  /** An address's {@link IpAddress#toString()} text (ASCII digits, dots, hex and colons: no escapes). */
  void appendAddress(IpAddress address) {
    ensure(IpAddress.MAX_TEXT_BYTES);
    len += address.writeText(buf, len);
  }

  /**
   * An EDNS option's {@link EdnsOption#data()} inside a JSON string: written from the option's bytes
   * when its presenter can (COOKIE, ECS: printable ASCII without quotes or backslashes), else through
   * {@link #appendString}.
   *
   * @return false, as appendString, when the text is null or not printable ASCII
   */
  boolean appendOptionData(EdnsOption option) {
    ensure(EdnsOption.MAX_WRITTEN_DATA_BYTES);
    int n = option.writeData(buf, len);
    if (n >= 0) {
      len += n;
      return true;
    }
    String d = option.data();
    return d != null && appendString(d);
  }

  /**
   * TXT presentation text ({@code ResourceRecord.txtText}: quoted character-strings separated by spaces,
   * {@code \DDD} for bytes outside printable ASCII) as it appears inside a JSON string, written in one
   * pass from the strings instead of making the text and escaping it again. Presentation text is
   * printable ASCII by construction, so this never fails.
   */
  void appendTxt(List<String> strings) {
    int size = 0;
    for (int s = 0, n = strings.size(); s < n; s++) {
      size += 5 + 5 * strings.get(s).length(); // \" \" and a space; at most \\DDD per char
    }
    ensure(size);
    byte[] b = buf;
    int o = len;
    for (int s = 0, n = strings.size(); s < n; s++) {
      if (s > 0) {
        b[o++] = ' ';
      }
      b[o++] = '\\';
      b[o++] = '"';
      String str = strings.get(s);
      for (int i = 0, m = str.length(); i < m; i++) {
        int c = str.charAt(i);
        if (c < 0x20 || c >= 0x7f) { // presentation \DDD, its backslash escaped for JSON
          b[o++] = '\\';
          b[o++] = '\\';
          b[o++] = (byte) ('0' + c / 100);
          b[o++] = (byte) ('0' + (c / 10) % 10);
          b[o++] = (byte) ('0' + c % 10);
        } else if (c == '"' || c == '\\') { // presentation \" or \\, both characters escaped for JSON
          b[o++] = '\\';
          b[o++] = '\\';
          b[o++] = '\\';
          b[o++] = (byte) c;
        } else {
          b[o++] = (byte) c;
        }
      }
      b[o++] = '\\';
      b[o++] = '"';
    }
    len = o;
  }

  // SerializableString: Jackson's raw-value write uses appendUnquotedUTF8 (or asUnquotedUTF8 when its
  // buffer is too full); the rest is implemented plainly for completeness. The content is ASCII, so
  // chars and UTF-8 bytes are the same.

  @Override
  public String getValue() {
    return new String(buf, 0, len, StandardCharsets.US_ASCII);
  }

  @Override
  public int charLength() {
    return len;
  }

  @Override
  public char[] asQuotedChars() {
    return JsonStringEncoder.getInstance().quoteAsString(getValue());
  }

  @Override
  public byte[] asUnquotedUTF8() {
    return Arrays.copyOf(buf, len);
  }

  @Override
  public byte[] asQuotedUTF8() {
    return JsonStringEncoder.getInstance().quoteAsUTF8(getValue());
  }

  @Override
  public int appendQuotedUTF8(byte[] buffer, int offset) {
    byte[] q = asQuotedUTF8();
    if (offset + q.length > buffer.length) {
      return -1;
    }
    System.arraycopy(q, 0, buffer, offset, q.length);
    return q.length;
  }

  @Override
  public int appendQuoted(char[] buffer, int offset) {
    char[] q = asQuotedChars();
    if (offset + q.length > buffer.length) {
      return -1;
    }
    System.arraycopy(q, 0, buffer, offset, q.length);
    return q.length;
  }

  @Override
  public int appendUnquotedUTF8(byte[] buffer, int offset) {
    if (offset + len > buffer.length) {
      return -1;
    }
    System.arraycopy(buf, 0, buffer, offset, len);
    return len;
  }

  @Override
  public int appendUnquoted(char[] buffer, int offset) {
    if (offset + len > buffer.length) {
      return -1;
    }
    for (int i = 0; i < len; i++) {
      buffer[offset + i] = (char) buf[i];
    }
    return len;
  }

  @Override
  public int writeQuotedUTF8(OutputStream out) throws IOException {
    byte[] q = asQuotedUTF8();
    out.write(q);
    return q.length;
  }

  @Override
  public int writeUnquotedUTF8(OutputStream out) throws IOException {
    out.write(buf, 0, len);
    return len;
  }

  @Override
  public int putQuotedUTF8(ByteBuffer buffer) throws IOException {
    byte[] q = asQuotedUTF8();
    if (q.length > buffer.remaining()) {
      return -1;
    }
    buffer.put(q);
    return q.length;
  }

  @Override
  public int putUnquotedUTF8(ByteBuffer buffer) throws IOException {
    if (len > buffer.remaining()) {
      return -1;
    }
    buffer.put(buf, 0, len);
    return len;
  }

  @Override
  public String toString() {
    return getValue();
  }
}
