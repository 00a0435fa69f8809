package org.dnslens.engine.model;

/**
 * Hands out one shared {@link IpAddress} per address seen repeatedly, so a capture's few thousand hosts
 * do not become millions of equal objects: fewer allocations, equality by identity first, and each
 * address's text (cached in the instance) built once instead of once per output line.
 *
 * <p>A direct-mapped table of {@link #SLOTS} entries: a lookup is one hash and one comparison of
 * primitives (the keys sit in their own arrays, so a miss does not have to load the cached object); a
 * collision just replaces the slot, so memory is fixed whatever the capture holds.
 *
 * <p><b>Admission on the second sighting.</b> An address enters the table only when it was the last
 * address to miss in its slot: a one-off address (most A/AAAA answers in a large capture) is returned
 * as a fresh instance and never stored. Storing every miss cost a quarter of DNS decoding's CPU in the
 * JFR profile of {@code bench --stages dns} (docs/PERFORMANCE.md): each store put a young object into
 * this long-lived table (a garbage-collector write-barrier slow path, and a card the next young
 * collection must scan) and each comparison loaded a cold object. Identity sharing is an optimisation
 * only: callers compare with {@code equals}.
 *
 * <p>Not thread-safe: one per decoder (the addresses it returns are immutable and may be shared freely).
 */
public final class IpAddressCache {
  /** Slots of the table (a power of two): about 4096 × (2 references + 20 bytes of keys) = 115 KB. */
  public static final int SLOTS = 4096;

  private final IpAddress[] v4 = new IpAddress[SLOTS];
  private final int[] v4Key = new int[SLOTS];
  /** The last IPv4 address that missed in each slot (valid where {@link #v4Missed} is set). */
  private final int[] v4LastMiss = new int[SLOTS];
  private final boolean[] v4Missed = new boolean[SLOTS];

  private final IpAddress[] v6 = new IpAddress[SLOTS];
  private final long[] v6Hi = new long[SLOTS];
  private final long[] v6Lo = new long[SLOTS];
  /** A 32-bit digest of the last IPv6 address that missed in each slot; a false match only admits early. */
  private final int[] v6LastMiss = new int[SLOTS];
  private final boolean[] v6Missed = new boolean[SLOTS];

  /** The IPv4 address with these 32 bits (network order). */
  public IpAddress ipv4(int address) {
    int slot = mix(address) & (SLOTS - 1);
    IpAddress a = v4[slot];
    if (a != null && v4Key[slot] == address) {
      return a;
    }
    a = IpAddress.ofIpv4(address);
    if (v4Missed[slot] && v4LastMiss[slot] == address) {
      v4[slot] = a;
      v4Key[slot] = address;
      v4Missed[slot] = false;
    } else {
      v4LastMiss[slot] = address;
      v4Missed[slot] = true;
    }
    return a;
  }

  /** The IPv6 address with these two 64-bit halves (network order). */
  public IpAddress ipv6(long hi, long lo) {
    int digest = (int) (hi ^ (hi >>> 32) ^ lo ^ (lo >>> 32)) * 31 + (int) lo;
    int slot = mix(digest) & (SLOTS - 1);
    IpAddress a = v6[slot];
    if (a != null && v6Hi[slot] == hi && v6Lo[slot] == lo) {
      return a;
    }
    byte[] b = new byte[16];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (hi >>> (56 - 8 * i));
      b[8 + i] = (byte) (lo >>> (56 - 8 * i));
    }
    a = IpAddress.adopt(b);
    if (v6Missed[slot] && v6LastMiss[slot] == digest) {
      v6[slot] = a;
      v6Hi[slot] = hi;
      v6Lo[slot] = lo;
      v6Missed[slot] = false;
    } else {
      v6LastMiss[slot] = digest;
      v6Missed[slot] = true;
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
