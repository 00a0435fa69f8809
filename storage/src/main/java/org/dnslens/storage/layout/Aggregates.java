package org.dnslens.storage.layout;

import java.util.Arrays;

/**
 * First seen, last seen and count per key, for a run's passive-DNS and per-client aggregates: an open
 * addressing table over primitive arrays, written by hand instead of a {@code HashMap}.
 *
 * <p>Why: a run holds millions of aggregates (almost every answer of a capture is a distinct (name, type,
 * data)); as map entries they were five objects each, and the garbage collector copied every one of them
 * through the survivor spaces: the JFR of a 1 M ingest showed more CPU in young collections than in the
 * sink's own code. Here an entry is a row of longs in chunks ({@link LongRows}), so a growing aggregate is a
 * few hundred large arrays whatever its size. Subclasses say what a key is ({@link #sameKey}) and store its
 * fields.
 */
abstract class Aggregates {
  /** Fields of an entry's row ({@link LongRows}): its times and count, then the subclass's key fields. */
  static final int FIRST = 0;

  static final int LAST = 1;
  static final int COUNT = 2;
  /** The first of the subclass's key fields. */
  static final int KEY = 3;

  private long[] table = new long[1024];
  private final LongRows rows;
  int size;

  Aggregates(int keyFields) {
    rows = new LongRows(KEY + keyFields);
  }

  /** Entries held. */
  final int size() {
    return size;
  }

  final long first(int e) {
    return rows.get(e, FIRST);
  }

  final long last(int e) {
    return rows.get(e, LAST);
  }

  final long count(int e) {
    return rows.get(e, COUNT);
  }

  /** Key field {@code field} (from 0) of entry {@code e}. */
  final long key(int e, int field) {
    return rows.get(e, KEY + field);
  }

  /** Two int parts of a key in one key field: {@code hi} in the upper half, {@code lo} in the lower. */
  static long pack(int hi, int lo) {
    return ((long) hi << 32) | (lo & 0xffffffffL);
  }

  /** Whether the row at {@code row[at..]} has the key the caller is looking up (key fields from {@link #KEY}). */
  abstract boolean sameKey(long[] row, int at);

  /** Stores the key the caller is looking up in the row at {@code row[at..]}. */
  abstract void storeKey(long[] row, int at);

  /**
   * Adds (first, last, n) to the entry of the current key with this hash, creating it when new.
   *
   * <p>The table holds each entry's mixed hash beside its number ({@code hash << 32 | entry + 1}, 0 =
   * empty): a probe passes over other keys without reading their rows, and a rehash needs no key at all.
   * A hit reads and writes one row (key, times and count together: one cache miss, where a column per
   * field was up to seven).
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
        long[] row = rows.chunk(e);
        int at = rows.at(e);
        if (sameKey(row, at)) {
          row[at + FIRST] = Math.min(row[at + FIRST], firstSeen);
          row[at + LAST] = Math.max(row[at + LAST], lastSeen);
          row[at + COUNT] += n;
          return;
        }
      }
      slot = (slot + 1) & mask;
    }
    int e = size++;
    rows.ensure(e);
    long[] row = rows.chunk(e);
    int at = rows.at(e);
    storeKey(row, at);
    row[at + FIRST] = firstSeen;
    row[at + LAST] = lastSeen;
    row[at + COUNT] = n;
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

  /** Forgets every entry (the rows are kept, and overwritten, for the next part). */
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
