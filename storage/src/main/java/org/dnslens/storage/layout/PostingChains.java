package org.dnslens.storage.layout;

import java.util.Arrays;

/**
 * The block postings of a run's name and address slots, in one shared table: each slot keeps only the
 * first and last entry of its chain (ints in its own row or fields), entries link forward. A run posts a
 * few million (slot, block) pairs, one for each block a name or address occurs in; as a growing list per
 * slot they were two objects for each of ~1.6 M slots, all alive until the part is written, which the
 * young collections copied. Entries are numbered from 1 so that 0 means "no chain" / "end".
 */
final class PostingChains {
  /**
   * Entry {@code e} (from 1) is row {@code e - 1}: its block id and the next entry (0: end). One row, not
   * an array per field: chains are appended in time order and read in key order, so each entry read is a
   * cache miss, and with the fields in two arrays it was two (a third of the 1 M ingest's address-postings
   * pages' time went to {@link #read}, session 28). Chunked ({@link IntRows}): a run posts millions.
   */
  private final IntRows entries = new IntRows(2);
  private int size;

  /**
   * Appends {@code blockId} to the chain ending at {@code tail} (0: a new chain) and returns the new
   * tail; when {@code tail} was 0 the returned entry is also the chain's head.
   */
  int append(int tail, int blockId) {
    int e = size++;
    entries.ensure(e);
    int[] row = entries.chunk(e);
    int at = entries.at(e);
    row[at] = blockId;
    row[at + 1] = 0;
    if (tail != 0) {
      entries.set(tail - 1, 1, e + 1);
    }
    return e + 1;
  }

  /**
   * The block ids of the chain starting at {@code head}, in the order appended, into {@code into[0]}
   * (replaced by a larger array when short); returns how many.
   */
  int read(int head, int[][] into) {
    int n = 0;
    int[] a = into[0];
    for (int e = head; e != 0; ) {
      if (n == a.length) {
        a = Arrays.copyOf(a, n * 2);
        into[0] = a;
      }
      int[] row = entries.chunk(e - 1);
      int at = entries.at(e - 1);
      a[n++] = row[at];
      e = row[at + 1];
    }
    return n;
  }

  /** Forgets every chain (a part was written); callers forget their heads and tails. */
  void clear() {
    size = 0;
  }
}
