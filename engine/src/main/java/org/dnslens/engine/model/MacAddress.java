package org.dnslens.engine.model;

/** A 48-bit MAC address held in the low bits of a long. */
public record MacAddress(long value) {
  public MacAddress {
    if ((value & ~0xffff_ffff_ffffL) != 0) {
      throw new IllegalArgumentException("MAC address wider than 48 bits");
    }
  }

  /** Reads 6 bytes at {@code offset}. */
  public static MacAddress of(byte[] b, int offset) {
    long v = 0;
    for (int i = 0; i < 6; i++) {
      v = (v << 8) | (b[offset + i] & 0xff);
    }
    return new MacAddress(v);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(17);
    for (int i = 5; i >= 0; i--) {
      int octet = (int) (value >>> (8 * i)) & 0xff;
      sb.append(Character.forDigit(octet >>> 4, 16)).append(Character.forDigit(octet & 0xf, 16));
      if (i > 0) {
        sb.append(':');
      }
    }
    return sb.toString();
  }
}
