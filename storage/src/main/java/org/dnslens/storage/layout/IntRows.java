package org.dnslens.storage.layout;

import java.util.Arrays;

/**
 * Rows of {@code width} ints in chunks of {@value #CHUNK_ROWS} rows: {@link LongRows} for int fields (why
 * chunks and rows: see there). A copy of it for another element type on purpose: Java has no generics over
 * primitive arrays, and a base class holding the chunks as {@code Object} would cast on every access of the
 * sink thread's hottest look-ups; rows of longs for these int fields would double their memory.
 */
final class IntRows {
  static final int CHUNK_BITS = 13;
  static final int CHUNK_ROWS = 1 << CHUNK_BITS;
  private static final int ROW_MASK = CHUNK_ROWS - 1;

  private final int width;
  private int[][] chunks = new int[16][];
  private int chunkCount;

  IntRows(int width) {
    this.width = width;
  }

  /** Makes room for row {@code row} (rows are added in order: at most one new chunk a call). */
  void ensure(int row) {
    int c = row >>> CHUNK_BITS;
    if (c < chunkCount) {
      return;
    }
    if (c == chunks.length) {
      chunks = Arrays.copyOf(chunks, c * 2);
    }
    chunks[c] = new int[CHUNK_ROWS * width];
    chunkCount = c + 1;
  }

  /** The chunk holding {@code row} (made by {@link #ensure}). */
  int[] chunk(int row) {
    return chunks[row >>> CHUNK_BITS];
  }

  /** Where {@code row} starts in its {@link #chunk}. */
  int at(int row) {
    return (row & ROW_MASK) * width;
  }

  int get(int row, int field) {
    return chunks[row >>> CHUNK_BITS][(row & ROW_MASK) * width + field];
  }

  void set(int row, int field, int value) {
    chunks[row >>> CHUNK_BITS][(row & ROW_MASK) * width + field] = value;
  }
}
