package org.dnslens.engine.model;

/**
 * Hands out one shared {@link IpAddress} per address seen recently, so a capture's few thousand hosts do
 * not become millions of equal objects: fewer allocations, equality by identity first, and each
 * address's text (cached in the instance) built once instead of once per output line.
 *
 * <p>A direct-mapped table of {@link #SLOTS} entries: a lookup is one hash and one comparison; a
 * collision just replaces the slot, so memory is fixed whatever the capture holds. Not thread-safe: one
 * per decoder (the addresses it returns are immutable and may be shared freely).
 */
public final class IpAddressCache {
  /** Slots of the table (a power of two): 2 × 4096 references, about 32 KB with compressed oops. */
  public static final int SLOTS = 4096;

  private final IpAddress[] v4 = new IpAddress[SLOTS];
  private final IpAddress[] v6 = new IpAddress[SLOTS];

  /** The IPv4 address with these 32 bits (network order). */
  public IpAddress ipv4(int address) {
    int slot = mix(address) & (SLOTS - 1);
    IpAddress a = v4[slot];
    if (a == null || a.toIpv4IntUnchecked() != address) {
      a = IpAddress.ofIpv4(address);
      v4[slot] = a;
    }
    return a;
  }

  /** The IPv6 address with these two 64-bit halves (network order). */
  public IpAddress ipv6(long hi, long lo) {
    int slot = mix((int) (hi ^ (hi >>> 32) ^ lo ^ (lo >>> 32)) * 31 + (int) lo) & (SLOTS - 1);
    IpAddress a = v6[slot];
    if (a == null || !a.isIpv6(hi, lo)) {
      byte[] b = new byte[16];
      for (int i = 0; i < 8; i++) {
        b[i] = (byte) (hi >>> (56 - 8 * i));
        b[8 + i] = (byte) (lo >>> (56 - 8 * i));
      }
      a = IpAddress.adopt(b);
      v6[slot] = a;
    }
    return a;
  }

  /**
   * The address held in 4 or 16 bytes at {@code offset} of {@code source}.
   *
   * @throws IllegalArgumentException if {@code length} is neither 4 nor 16
   */
  public IpAddress of(byte[] source, int offset, int length) {
    if (length == 4) {
      return ipv4(
          ((source[offset] & 0xff) << 24)
              | ((source[offset + 1] & 0xff) << 16)
              | ((source[offset + 2] & 0xff) << 8)
              | (source[offset + 3] & 0xff));
    }
    if (length == 16) {
      return ipv6(readLong(source, offset), readLong(source, offset + 8));
    }
    throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + length);
  }

  private static long readLong(byte[] b, int at) {
    long v = 0;
    for (int i = at; i < at + 8; i++) {
      v = (v << 8) | (b[i] & 0xff);
    }
    return v;
  }

  /** Spreads the bits so that addresses differing only in high bytes do not share a slot. */
  private static int mix(int h) {
    h *= 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
