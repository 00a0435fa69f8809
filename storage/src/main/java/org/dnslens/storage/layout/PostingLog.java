package org.dnslens.storage.layout;

/**
 * The block postings of a run's name slots or (address slot, role) pairs: a log of (owner, block id)
 * entries in the order posted, grouped by owner once, when a part is written ({@link #group}).
 *
 * <p>Why a log and not a chain per owner (session 28; before, {@code PostingChains}): a chain appended an
 * entry by writing the next-link of the owner's previous entry, somewhere in a table of millions, and was
 * read entry by entry, each read waiting for the link before it: a cache miss per entry twice over (about
 * 0.4 s of a 1 M ingest's tail went to the reads alone). A log is appended in place, and grouping it is a
 * counting sort: passes whose memory accesses do not wait for each other. An owner's blocks come out in the
 * order posted, which is ascending: the run writer posts each block once per owner, blocks in order.
 */
final class PostingLog {
  private final IntRows entries = new IntRows(2); // owner, block id
  private int size;

  /** Posts {@code blockId} for {@code owner} (0 or more). */
  void add(int owner, int blockId) {
    int e = size++;
    entries.ensure(e);
    int[] row = entries.chunk(e);
    int at = entries.at(e);
    row[at] = owner;
    row[at + 1] = blockId;
  }

  /** The entries grouped by owner, for owners {@code 0..owners-1} (every owner posted must be below it). */
  Groups group(int owners) {
    int[] start = new int[owners + 1];
    for (int e = 0; e < size; e++) {
      start[entries.get(e, 0) + 1]++;
    }
    for (int o = 1; o <= owners; o++) {
      start[o] += start[o - 1];
    }
    // Scatter with start[o] as owner o's cursor: afterwards start[o] is where o + 1 begins, so one shift
    // right restores the starts without a second array of cursors.
    int[] blocks = new int[size];
    for (int e = 0; e < size; e++) {
      int[] row = entries.chunk(e);
      int at = entries.at(e);
      blocks[start[row[at]]++] = row[at + 1];
    }
    System.arraycopy(start, 0, start, 1, owners);
    start[0] = 0;
    return new Groups(start, blocks);
  }

  /** Forgets every entry (a part was written). */
  void clear() {
    size = 0;
  }

  /** Owner {@code o}'s block ids are {@code blocks[from(o)..to(o))}, ascending. */
  record Groups(int[] start, int[] blocks) {
    int from(int owner) {
      return start[owner];
    }

    int to(int owner) {
      return start[owner + 1];
    }
  }
}
