package org.dnslens.engine.detect;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;

/**
 * Counts distinct strings in bounded memory: exactly (a set of 64-bit hashes) up to {@link
 * #MAX_EXACT_HASHES}, then as a HyperLogLog estimate (Flajolet et al. 2007, with the small-range linear
 * counting correction) over {@code 2^}{@link #HLL_PRECISION_BITS} one-byte registers, standard error about
 * 1.04 / sqrt(1024) = 3.3 %. Memory stays under 8 kB per counter whatever the input.
 */
final class DistinctCounter {
  /** Exact counting up to this many distinct values (8 bytes each); thresholds below it are exact. */
  static final int MAX_EXACT_HASHES = 512;
  /** HyperLogLog precision p: 2^p registers. */
  static final int HLL_PRECISION_BITS = 10;
  /** Ring of recent hashes kept once estimating, to tell repeats from new values approximately. */
  static final int RECENT_HASHES = 64;

  private static final HashFunction HASH = Hashing.murmur3_128(0x646e736c);
  private static final int REGISTERS = 1 << HLL_PRECISION_BITS;

  /** Open-addressing set of non-zero hashes; null once switched to the estimate. */
  private long[] table = new long[16];
  private int size;
  private byte[] registers;
  private boolean sawZeroHash;
  /** Once estimating: the last hashes seen, so that a repeat of a recent value is not called new. */
  private long[] recent;
  private int recentNext;

  /** The 64-bit hash used for a value. */
  static long hash(CharSequence value) {
    return HASH.hashUnencodedChars(value).asLong();
  }

  /** Adds a value; returns true when it was (or, once estimating, might be) new. */
  boolean add(CharSequence value) {
    return addHash(hash(value));
  }

  /**
   * Adds a value by its hash; returns true when new. Once estimating, "new" means not among the last
   * {@link #RECENT_HASHES} values: tunnels rarely repeat a name (a repeat would be served from a cache).
   */
  boolean addHash(long h) {
    if (registers != null) {
      addToRegisters(h);
      for (long r : recent) {
        if (r == h) {
          return false;
        }
      }
      recent[recentNext] = h;
      recentNext = (recentNext + 1) % RECENT_HASHES;
      return true;
    }
    if (h == 0) {
      // 0 marks an empty slot; remember the one value that hashes to it apart.
      boolean fresh = !sawZeroHash;
      sawZeroHash = true;
      return fresh;
    }
    int mask = table.length - 1;
    int i = (int) (mix(h) & mask);
    while (table[i] != 0) {
      if (table[i] == h) {
        return false;
      }
      i = (i + 1) & mask;
    }
    table[i] = h;
    size++;
    if (size > MAX_EXACT_HASHES) {
      switchToEstimate();
    } else if (size * 2 > table.length) {
      grow();
    }
    return true;
  }

  /** Whether the count is still exact. */
  boolean isExact() {
    return registers == null;
  }

  /** The number of distinct values added: exact while {@link #isExact()}, else an estimate. */
  long count() {
    if (registers == null) {
      return size + (sawZeroHash ? 1 : 0);
    }
    double sum = 0;
    int zeros = 0;
    for (byte r : registers) {
      sum += Math.scalb(1.0, -r);
      if (r == 0) {
        zeros++;
      }
    }
    double m = REGISTERS;
    double alpha = 0.7213 / (1 + 1.079 / m);
    double estimate = alpha * m * m / sum;
    if (estimate <= 2.5 * m && zeros > 0) {
      estimate = m * Math.log(m / zeros);
    }
    // Never report fewer than were counted exactly before switching.
    return Math.max(MAX_EXACT_HASHES + 1L, Math.round(estimate));
  }

  private void grow() {
    long[] old = table;
    table = new long[old.length * 2];
    int mask = table.length - 1;
    for (long h : old) {
      if (h != 0) {
        int i = (int) (mix(h) & mask);
        while (table[i] != 0) {
          i = (i + 1) & mask;
        }
        table[i] = h;
      }
    }
  }

  private void switchToEstimate() {
    registers = new byte[REGISTERS];
    for (long h : table) {
      if (h != 0) {
        addToRegisters(h);
      }
    }
    if (sawZeroHash) {
      addToRegisters(0);
    }
    table = null;
    recent = new long[RECENT_HASHES];
  }

  private void addToRegisters(long h) {
    int idx = (int) (h >>> (64 - HLL_PRECISION_BITS));
    long rest = h << HLL_PRECISION_BITS;
    int rank = rest == 0 ? 64 - HLL_PRECISION_BITS + 1 : Long.numberOfLeadingZeros(rest) + 1;
    if (rank > registers[idx]) {
      registers[idx] = (byte) rank;
    }
  }

  private static long mix(long h) {
    return h ^ (h >>> 29) ^ (h >>> 41);
  }

  @Override
  public String toString() {
    return "DistinctCounter[" + (isExact() ? "exact " : "~") + count() + "]";
  }

  /** For tests: the exact set's capacity (grows with the values added). */
  int exactCapacity() {
    return table == null ? 0 : table.length;
  }
}
