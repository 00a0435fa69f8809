package org.dnslens.storage.layout;

import java.util.Arrays;

/**
 * Rows of {@code width} longs, numbered from 0, kept in chunks of {@value #CHUNK_ROWS} rows: the run
 * writer's tables that hold an entry per distinct value (aggregates, address slots) until the run's end.
 *
 * <p>Why chunks and not one array grown by doubling: such an array of a 1 M ingest reached 16-100 MB, and
 * every doubling left the previous array dead in the old generation after the young collections had copied
 * it there, and zeroed a new one twice as large as needed on average: on this VM each first touch of a page
 * is dear (PERFORMANCE.md, sessions 25-27), and the young collections' pauses were mostly such copies and
 * touches. A chunk is allocated once, filled, and copied once at most. Why rows and not a chunk per field:
 * a look-up that finds an entry reads and writes all its fields, and fields in separate arrays were a
 * cache miss each (first, last and count of an aggregate: three; its key columns: up to four more).
 *
 * <p>Callers on hot paths take a row's chunk and offset ({@link #chunk}, {@link #at}) and index it
 * themselves; the bounds checks are the arrays' own.
 */
final class LongRows {
  static final int CHUNK_BITS = 13;
  static final int CHUNK_ROWS = 1 << CHUNK_BITS;
  private static final int ROW_MASK = CHUNK_ROWS - 1;

  private final int width;
  private long[][] chunks = new long[16][];
  private int chunkCount;

  LongRows(int width) {
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
    chunks[c] = new long[CHUNK_ROWS * width];
    chunkCount = c + 1;
  }

  /** The chunk holding {@code row} (made by {@link #ensure}). */
  long[] chunk(int row) {
    return chunks[row >>> CHUNK_BITS];
  }

  /** Where {@code row} starts in its {@link #chunk}. */
  int at(int row) {
    return (row & ROW_MASK) * width;
  }

  long get(int row, int field) {
    return chunks[row >>> CHUNK_BITS][(row & ROW_MASK) * width + field];
  }

  void set(int row, int field, long value) {
    chunks[row >>> CHUNK_BITS][(row & ROW_MASK) * width + field] = value;
  }
}
