package org.dnslens.storage.layout;

import java.util.Arrays;

/**
 * The block postings of a run's name and address slots, in two shared arrays: each slot keeps only the
 * first and last entry of its chain (ints in its own row or fields), entries link forward. A run posts a
 * few million (slot, block) pairs, one for each block a name or address occurs in; as a growing list per
 * slot they were two objects for each of ~1.6 M slots, all alive until the part is written, which the
 * young collections copied. Entries are numbered from 1 so that 0 means "no chain" / "end".
 */
final class PostingChains {
  /**
   * Entry {@code e} (from 1) is {@code entries[2e - 2]}, its block id, and {@code entries[2e - 1]}, the next
   * entry (0: end). One array, not one per field: chains are appended in time order and read in key order,
   * so each entry read is a cache miss, and with the fields in two arrays it was two (a third of the 1 M
   * ingest's address-postings pages' time went to {@link #read}, session 28).
   */
  private int[] entries = new int[8192];
  private int size;

  /**
   * Appends {@code blockId} to the chain ending at {@code tail} (0: a new chain) and returns the new
   * tail; when {@code tail} was 0 the returned entry is also the chain's head.
   */
  int append(int tail, int blockId) {
    if (2 * size == entries.length) {
      entries = Arrays.copyOf(entries, entries.length * 2);
    }
    int e = size++;
    entries[2 * e] = blockId;
    entries[2 * e + 1] = 0;
    if (tail != 0) {
      entries[2 * tail - 1] = e + 1;
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
    int[] en = entries;
    for (int e = head; e != 0; e = en[2 * e - 1]) {
      if (n == a.length) {
        a = Arrays.copyOf(a, n * 2);
        into[0] = a;
      }
      a[n++] = en[2 * e - 2];
    }
    return n;
  }

  /** Forgets every chain (a part was written); callers forget their heads and tails. */
  void clear() {
    size = 0;
  }
}
