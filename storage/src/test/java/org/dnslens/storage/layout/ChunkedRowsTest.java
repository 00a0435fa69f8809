package org.dnslens.storage.layout;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Rows written across several chunks (and a growth of the chunk list) read back as written. */
class ChunkedRowsTest {
  private static final int ROWS = 20 * LongRows.CHUNK_ROWS + 7; // more chunks than the first chunk list holds

  @Test
  void longRowsKeepEveryFieldOfEveryRow() {
    LongRows rows = new LongRows(3);
    for (int r = 0; r < ROWS; r++) {
      rows.ensure(r);
      for (int f = 0; f < 3; f++) {
        rows.set(r, f, (long) r * 31 + f - (1L << 40));
      }
    }
    int wrong = 0;
    for (int r = 0; r < ROWS; r++) {
      long[] chunk = rows.chunk(r);
      for (int f = 0; f < 3; f++) {
        long want = (long) r * 31 + f - (1L << 40);
        if (rows.get(r, f) != want || chunk[rows.at(r) + f] != want) {
          wrong++;
        }
      }
    }
    assertThat(wrong).isZero();
  }

  @Test
  void intRowsKeepEveryFieldOfEveryRow() {
    IntRows rows = new IntRows(12);
    for (int r = 0; r < ROWS; r++) {
      rows.ensure(r);
      for (int f = 0; f < 12; f++) {
        rows.set(r, f, r * 13 + f);
      }
    }
    int wrong = 0;
    for (int r = 0; r < ROWS; r++) {
      int[] chunk = rows.chunk(r);
      for (int f = 0; f < 12; f++) {
        if (chunk[rows.at(r) + f] != r * 13 + f || rows.get(r, f) != r * 13 + f) {
          wrong++;
        }
      }
    }
    assertThat(wrong).isZero();
  }
}
