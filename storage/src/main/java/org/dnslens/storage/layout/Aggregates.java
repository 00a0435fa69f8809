package org.dnslens.storage.layout;

import java.util.Arrays;

/**
 * First seen, last seen and count per key, for a run's passive-DNS and per-client aggregates: an open
 * addressing table over primitive arrays, written by hand instead of a {@code HashMap}.
 *
 * <p>Why: a run holds millions of aggregates (almost every answer of a capture is a distinct (name, type,
 * data)); as map entries they were five objects each, and the garbage collector copied every one of them
 * through the survivor spaces: the JFR of a 1 M ingest showed more CPU in young collections than in the
 * sink's own code. Here an entry is a row of a few parallel arrays, so a growing aggregate is a handful of
 * large arrays whatever its size. Subclasses say what a key is ({@link #sameKey}) and store its columns.
 */
abstract class Aggregates {
  private long[] table = new long[1024];
  long[] first = new long[512];
  long[] last = new long[512];
  long[] count = new long[512];
  int size;

  /** Entries held. */
  final int size() {
    return size;
  }

  /** Whether entry {@code e} has the key the caller is looking up (its columns are in the subclass). */
  abstract boolean sameKey(int e);

  /** Stores the key the caller is looking up as entry {@code e} (arrays have room: see {@link #grow}). */
  abstract void storeKey(int e);

  /** Enlarges the subclass's key columns to {@code capacity} entries. */
  abstract void growKeys(int capacity);

  /**
   * Adds (first, last, n) to the entry of the current key with this hash, creating it when new.
   *
   * <p>The table holds each entry's mixed hash beside its number ({@code hash << 32 | entry + 1}, 0 =
   * empty): a probe passes over other keys without reading their columns, which lie in as many arrays as
   * the key has parts (a cache miss each; {@code sameKey} was most of this method's profile), and a rehash
   * needs no key at all.
   */
  final void add(int hash, long firstSeen, long lastSeen, long n) {
    int h = mix(hash);
    int mask = table.length - 1;
    int slot = h & mask;
    while (true) {
      long x = table[slot];
      if (x == 0) {
        break;
      }
      if ((int) (x >>> 32) == h) {
        int e = (int) x - 1;
        if (sameKey(e)) {
          first[e] = Math.min(first[e], firstSeen);
          last[e] = Math.max(last[e], lastSeen);
          count[e] += n;
          return;
        }
      }
      slot = (slot + 1) & mask;
    }
    if (size == first.length) {
      int cap = size * 2;
      first = Arrays.copyOf(first, cap);
      last = Arrays.copyOf(last, cap);
      count = Arrays.copyOf(count, cap);
      growKeys(cap);
    }
    int e = size++;
    storeKey(e);
    first[e] = firstSeen;
    last[e] = lastSeen;
    count[e] = n;
    table[slot] = ((long) h << 32) | (e + 1);
    if (size * 2 > table.length) {
      rehash();
    }
  }

  private void rehash() {
    long[] t = new long[table.length * 2];
    int mask = t.length - 1;
    for (long x : table) {
      if (x == 0) {
        continue;
      }
      int slot = (int) (x >>> 32) & mask;
      while (t[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      t[slot] = x;
    }
    table = t;
  }

  /** Forgets every entry (the arrays are kept for the next part). */
  void clear() {
    Arrays.fill(table, 0);
    size = 0;
  }

  /** Murmur3's finaliser: linear probing needs well spread low bits. */
  static int mix(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }
}
