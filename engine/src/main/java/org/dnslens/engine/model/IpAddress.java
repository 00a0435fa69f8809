package org.dnslens.engine.model;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 address as raw bytes, with value equality.
 *
 * <p>Why not {@link InetAddress}: its {@code toString} is not the RFC 5952 canonical form, and {@code
 * getByName} may resolve names. Text parsing and formatting delegate to Guava's {@link InetAddresses},
 * which never touches the resolver.
 */
public final class IpAddress implements Comparable<IpAddress> {
  /** Longest text: 8 groups of 4 hex digits and 7 colons ({@code ::ffff:255.255.255.255} is shorter). */
  public static final int MAX_TEXT_BYTES = 39;

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] MAPPED_PREFIX = "::ffff:".getBytes(StandardCharsets.US_ASCII);

  private final byte[] bytes;
  /**
   * Arrays.hashCode of the bytes, computed on first use (0 = not yet; a benign race like {@link #text}).
   * Most addresses — the A/AAAA rdata of every answer — are only written out, never hashed, and the
   * eager hash was the largest self-time frame of DNS decoding in the profile (docs/PERFORMANCE.md).
   */
  private int hash;
  /**
   * {@link #toString()} once computed. Output writes each address on every line, and decoders share one
   * instance per address (see {@link IpAddressCache}), so the text is built once per address, not per
   * line. A benign race: threads that both see null each compute the same immutable String.
   */
  private String text;
  /** Whether {@link #writeText} ran before (a benign race: a thread that misses it formats again). */
  private boolean writtenOnce;

  private IpAddress(byte[] bytes) {
    this.bytes = bytes;
  }

  /** An IPv4 address from its 32 bits in network order. */
  public static IpAddress ofIpv4(int address) {
    return new IpAddress(
        new byte[] {
          (byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address
        });
  }

  /** Wraps bytes the caller gives up (4 or 16, already checked): for {@link IpAddressCache}. */
  static IpAddress adopt(byte[] address) {
    return new IpAddress(address);
  }

  /** A copy of 4 (IPv4) or 16 (IPv6) bytes. */
  public static IpAddress of(byte[] address) {
    if (address.length != 4 && address.length != 16) {
      throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + address.length);
    }
    return new IpAddress(address.clone());
  }

  /** 4 or 16 bytes at {@code offset} of {@code source}. */
  public static IpAddress of(byte[] source, int offset, int length) {
    if (length != 4 && length != 16) {
      throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + length);
    }
    return new IpAddress(Arrays.copyOfRange(source, offset, offset + length));
  }

  /**
   * Parses a literal IPv4 or IPv6 address (no name resolution; an IPv4-mapped IPv6 literal stays IPv6).
   *
   * @throws IllegalArgumentException if {@code text} is not an IP literal
   */
  public static IpAddress parse(String text) {
    String t = text.strip();
    // charAt, not startsWith/endsWith: those are hooked under the fuzzer, and every list entry comes here.
    if (t.length() >= 2 && t.charAt(0) == '[' && t.charAt(t.length() - 1) == ']') {
      t = t.substring(1, t.length() - 1);
    }
    int zone = t.indexOf('%');
    if (zone >= 0) {
      t = t.substring(0, zone);
    }
    byte[] raw = InetAddresses.forString(t).getAddress();
    if (raw.length == 4 && t.indexOf(':') >= 0) {
      // Guava folds ::ffff:a.b.c.d to IPv4; the evidence said IPv6, so keep 16 bytes.
      byte[] v6 = new byte[16];
      v6[10] = (byte) 0xff;
      v6[11] = (byte) 0xff;
      System.arraycopy(raw, 0, v6, 12, 4);
      raw = v6;
    }
    return new IpAddress(raw);
  }

  /** Whether {@code text} is an IP literal that {@link #parse} accepts. */
  public static boolean isLiteral(String text) {
    String t = text.strip();
    // charAt, not startsWith/endsWith: those are hooked under the fuzzer, and every list entry comes here.
    if (t.length() >= 2 && t.charAt(0) == '[' && t.charAt(t.length() - 1) == ']') {
      t = t.substring(1, t.length() - 1);
    }
    int zone = t.indexOf('%');
    return InetAddresses.isInetAddress(zone >= 0 ? t.substring(0, zone) : t);
  }

  public boolean isIpv4() {
    return bytes.length == 4;
  }

  public boolean isIpv6() {
    return bytes.length == 16;
  }

  /** Address length in bytes: 4 or 16. */
  public int length() {
    return bytes.length;
  }

  /** The byte at {@code index} (0-based, network order), unsigned. */
  public int byteAt(int index) {
    return bytes[index] & 0xff;
  }

  /** Whether this address is the IPv6 address with these two 64-bit halves. */
  boolean isIpv6(long hi, long lo) {
    return bytes.length == 16 && half(0) == hi && half(8) == lo;
  }

  private long half(int at) {
    long v = 0;
    for (int i = at; i < at + 8; i++) {
      v = (v << 8) | (bytes[i] & 0xff);
    }
    return v;
  }

  /**
   * Whether this address has the {@code length} bytes at {@code offset} of {@code source}: a compare
   * without the copy {@link #toBytes} makes (the case's block encoder matches each A/AAAA rdata so).
   */
  public boolean sameBytes(byte[] source, int offset, int length) {
    return bytes.length == length
        && Arrays.equals(bytes, 0, length, source, offset, offset + length);
  }

  /** A copy of the address bytes. */
  public byte[] toBytes() {
    return bytes.clone();
  }

  /** The IPv4 address as a 32-bit int in network order. */
  public int toIpv4Int() {
    if (!isIpv4()) {
      throw new IllegalStateException("not an IPv4 address: " + this);
    }
    return ((bytes[0] & 0xff) << 24) | ((bytes[1] & 0xff) << 16) | ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff);
  }

  /** The first four bytes as an int in network order; for IPv4 addresses the address itself. */
  int toIpv4IntUnchecked() {
    return ((bytes[0] & 0xff) << 24) | ((bytes[1] & 0xff) << 16) | ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff);
  }

  /** A {@link InetAddress} for socket APIs; never resolves. */
  public InetAddress toInetAddress() {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException("4 or 16 bytes are always a valid address", e);
    }
  }

  /** Whether the first {@code prefixLength} bits equal those of {@code network} (same family only). */
  public boolean inPrefix(IpAddress network, int prefixLength) {
    if (network.bytes.length != bytes.length || prefixLength < 0 || prefixLength > bytes.length * 8) {
      return false;
    }
    int full = prefixLength / 8;
    for (int i = 0; i < full; i++) {
      if (bytes[i] != network.bytes[i]) {
        return false;
      }
    }
    int rest = prefixLength % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (bytes[full] & mask) == (network.bytes[full] & mask);
  }

  /**
   * RFC 5952 canonical text for IPv6 (lower case, longest zero run compressed, IPv4-mapped addresses as
   * {@code ::ffff:a.b.c.d}), dotted quad for IPv4. Formatted here because {@link InetAddress} folds
   * IPv4-mapped IPv6 addresses into IPv4, which would misreport the evidence.
   */
  @Override
  public String toString() {
    String t = text;
    if (t == null) {
      t = format();
      text = t;
    }
    return t;
  }

  /**
   * Formats into one byte array and one String: string concatenation and {@code Integer.toHexString}
   * per group made up to nine temporary objects per address, and every AAAA answer is a new address.
   */
  private String format() {
    byte[] out = new byte[MAX_TEXT_BYTES];
    return new String(out, 0, formatInto(out, 0), StandardCharsets.US_ASCII);
  }

  /** Writes the text at {@code o} of {@code out} (room for {@link #MAX_TEXT_BYTES}); returns the end. */
  private int formatInto(byte[] out, int o) {
    if (isIpv4()) {
      o = appendDecimal(out, o, byteAt(0));
      for (int i = 1; i < 4; i++) {
        out[o++] = '.';
        o = appendDecimal(out, o, byteAt(i));
      }
      return o;
    }
    boolean mapped = true;
    for (int i = 0; i < 10; i++) {
      mapped &= bytes[i] == 0;
    }
    if (mapped && byteAt(10) == 0xff && byteAt(11) == 0xff) {
      for (byte c : MAPPED_PREFIX) {
        out[o++] = c;
      }
      o = appendDecimal(out, o, byteAt(12));
      for (int i = 13; i < 16; i++) {
        out[o++] = '.';
        o = appendDecimal(out, o, byteAt(i));
      }
      return o;
    }
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      if (word(i) != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && word(j) == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    int start = o;
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out[o++] = ':';
        out[o++] = ':';
        i += bestLen - 1;
        continue;
      }
      if (o > start && out[o - 1] != ':') {
        out[o++] = ':';
      }
      // Lower-case hex without leading zeros, as Integer.toHexString writes it.
      int w = word(i);
      for (int shift = 12; shift >= 0; shift -= 4) {
        if (shift == 0 || (w >>> shift) != 0) {
          out[o++] = HEX[(w >>> shift) & 0xf];
        }
      }
    }
    return o;
  }

  private int word(int i) {
    return (byteAt(2 * i) << 8) | byteAt(2 * i + 1);
  }

  /**
   * Writes {@code v} (0-255) in decimal as ASCII at {@code o} of {@code out} and returns the next offset:
   * an octet of an address here, a prefix length in the EDNS client-subnet text.
   */
  public static int appendDecimal(byte[] out, int o, int v) {
    if (v >= 100) {
      out[o++] = (byte) ('0' + v / 100);
    }
    if (v >= 10) {
      out[o++] = (byte) ('0' + (v / 10) % 10);
    }
    out[o++] = (byte) ('0' + v % 10);
    return o;
  }

  /**
   * Writes {@link #toString()} as ASCII bytes at {@code offset} of {@code dst} (room for {@link
   * #MAX_TEXT_BYTES} needed) and returns the count. IPv4 is formatted straight into {@code dst}: the
   * NDJSON writer puts two addresses on every line, and an address the decoder's cache did not share
   * would otherwise make its String only to be copied out once. IPv6 too the first time: most AAAA
   * answers are written once, and making their String was ~4 % of the NDJSON thread's samples in a
   * cold read of gen1m (docs/PERFORMANCE.md, session 20); from the second time on (a shared client or
   * server address) the cached String is copied, since the zero-run search costs more than the copy.
   */
  public int writeText(byte[] dst, int offset) {
    if (isIpv4()) {
      return formatInto(dst, offset) - offset; // no store: shared IPv4 objects stay read-only here
    }
    if (!writtenOnce && text == null) {
      writtenOnce = true;
      return formatInto(dst, offset) - offset;
    }
    String t = toString();
    for (int i = 0, n = t.length(); i < n; i++) {
      dst[offset + i] = (byte) t.charAt(i);
    }
    return t.length();
  }

  @Override
  public boolean equals(Object o) {
    return o == this || o instanceof IpAddress other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = Arrays.hashCode(bytes);
      hash = h;
    }
    return h;
  }

  /** IPv4 before IPv6, then unsigned byte order. */
  @Override
  public int compareTo(IpAddress o) {
    if (bytes.length != o.bytes.length) {
      return Integer.compare(bytes.length, o.bytes.length);
    }
    return Arrays.compareUnsigned(bytes, o.bytes);
  }
}
