package org.dnslens.engine.model;

/**
 * A 48-bit MAC address held in the low bits of a long.
 *
 * <p>A final class rather than a record so it can keep its text: decoders share one instance per
 * address ({@link MacAddressCache}) and output writes both MACs on every line, so the text is built once
 * per host instead of twice per line (a StringBuilder and a String each, about 4 % of the bytes the
 * NDJSON pipeline allocated; docs/PERFORMANCE.md). Equality, hash and accessor are the record's.
 */
public final class MacAddress {
  private static final byte[] HEX = {
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'
  };

  private final long value;
  /** {@link #toString()} once computed; a benign race like {@code IpAddress}'s text. */
  private String text;

  public MacAddress(long value) {
    if ((value & ~0xffff_ffff_ffffL) != 0) {
      throw new IllegalArgumentException("MAC address wider than 48 bits");
    }
    this.value = value;
  }

  /** Reads 6 bytes at {@code offset}. */
  public static MacAddress of(byte[] b, int offset) {
    long v = 0;
    for (int i = 0; i < 6; i++) {
      v = (v << 8) | (b[offset + i] & 0xff);
    }
    return new MacAddress(v);
  }

  public long value() {
    return value;
  }

  /** Lower-case hex octets separated by colons, e.g. {@code 00:1b:21:3c:4d:5e}. */
  @Override
  public String toString() {
    String t = text;
    if (t == null) {
      byte[] b = new byte[17];
      for (int i = 5, o = 0; i >= 0; i--) {
        int octet = (int) (value >>> (8 * i)) & 0xff;
        b[o++] = HEX[octet >>> 4];
        b[o++] = HEX[octet & 0xf];
        if (i > 0) {
          b[o++] = ':';
        }
      }
      t = new String(b, java.nio.charset.StandardCharsets.US_ASCII);
      text = t;
    }
    return t;
  }

  @Override
  public boolean equals(Object o) {
    return o == this || o instanceof MacAddress other && other.value == value;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(value);
  }
}
