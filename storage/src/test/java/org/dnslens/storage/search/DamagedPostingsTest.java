package org.dnslens.storage.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

/**
 * Postings damaged by builds 1abc1a9 to be77dcb (a name's later blocks stored as zeros) still find every block
 * that may hold the key: the ascending prefix, then every block after its last good id.
 */
class DamagedPostingsTest {
  private static final int[] CASE_BLOCKS = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

  @Test
  void anAscendingListIsTakenAsItIs() {
    BitSet acc = new BitSet();
    CaseDirectory.addPostings(acc, new int[] {2, 5, 9}, CASE_BLOCKS);
    assertThat(acc.stream().toArray()).containsExactly(2, 5, 9);
  }

  @Test
  void aListWithZerosAfterItsPrefixMayHoldEveryLaterBlock() {
    BitSet acc = new BitSet();
    CaseDirectory.addPostings(acc, new int[] {2, 5, 0, 0, 0}, CASE_BLOCKS);
    assertThat(acc.stream().toArray()).containsExactly(2, 5, 6, 7, 8, 9, 10);
  }

  @Test
  void anEmptyListAddsNothing() {
    BitSet acc = new BitSet();
    CaseDirectory.addPostings(acc, new int[0], CASE_BLOCKS);
    assertThat(acc.isEmpty()).isTrue();
  }

  /**
   * Segment compaction merges a key's lists with {@code RunWriter.union}: merged with a damaged list, the
   * result still reads as every block the key may be in (the other list's ids, the damaged one's prefix,
   * every block after it).
   */
  @Test
  void aDamagedListMergedByCompactionStillFindsEveryBlock() {
    int[] damaged = {2, 4, 0, 0}; // the true list went on past 4
    int[] other = {1, 3, 9};
    BitSet acc = new BitSet();
    CaseDirectory.addPostings(acc, org.dnslens.storage.layout.RunWriter.union(damaged, other), CASE_BLOCKS);
    assertThat(acc.stream().toArray()).contains(1, 2, 3, 4, 9).contains(5, 6, 7, 8, 10);
    acc.clear();
    CaseDirectory.addPostings(acc, org.dnslens.storage.layout.RunWriter.union(other, damaged), CASE_BLOCKS);
    assertThat(acc.stream().toArray()).contains(1, 2, 3, 4, 9).contains(5, 6, 7, 8, 10);
  }
}
