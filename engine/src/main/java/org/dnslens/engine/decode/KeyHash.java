package org.dnslens.engine.decode;

/**
 * The hash of the decoders' flow and fragment keys: every 64-bit word multiplied in and the sum mixed
 * (the finaliser of MurmurHash3), so that each input bit moves the bucket. Written by hand because the
 * keys are plain longs (no library hash without boxing or a byte array per lookup), and kept at least as
 * spread as the {@code 31 * h + field} of a record's generated hash, which captures could aim at.
 */
final class KeyHash {
  private static final long MULTIPLIER = 0x9E3779B97F4A7C15L; // 2^64 / golden ratio, odd

  private KeyHash() {}

  static int of(long a, long b, long c, long d, long e, long f) {
    long h = a;
    h = h * MULTIPLIER + b;
    h = h * MULTIPLIER + c;
    h = h * MULTIPLIER + d;
    h = h * MULTIPLIER + e;
    h = h * MULTIPLIER + f;
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    h *= 0xC4CEB9FE1A85EC53L;
    h ^= h >>> 33;
    return (int) h;
  }
}
