package org.dnslens.storage.layout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The run's tops (run_count rows) are the items a full sort would give: positive counts only, highest
 * first, ties in item order, at most {@link RunWriter#TOP_PER_RUN} of them, so which of several equal
 * counts at the cut is kept no longer depends on a heap's layout.
 */
class RunWriterTopProperties {

  /**
   * Counts from a small range (many ties, zeros and negatives): fewer items than the top holds, or up to
   * three times as many (then equal counts straddle the cut: which of them are kept is what can go wrong).
   */
  @Provide
  Arbitrary<long[]> counts() {
    Arbitrary<Long> count = Arbitraries.longs().between(-2, 12);
    return Arbitraries.oneOf(
        count.array(long[].class).ofMaxSize(50),
        count.array(long[].class).ofMinSize(RunWriter.TOP_PER_RUN).ofMaxSize(3 * RunWriter.TOP_PER_RUN));
  }

  @Property(tries = 30, edgeCases = EdgeCasesMode.NONE)
  void theTopIsTheFullSortsPrefix(@ForAll("counts") long[] counts) {
    List<Integer> expected = IntStream.range(0, counts.length).boxed()
        .filter(i -> counts[i] > 0)
        .sorted(Comparator.<Integer>comparingLong(i -> -counts[i]).thenComparing(Comparator.naturalOrder()))
        .limit(RunWriter.TOP_PER_RUN)
        .toList();
    assertThat(RunWriter.top(counts.length, i -> counts[i])).containsExactly(expected.stream().mapToInt(i -> i).toArray());
  }

  @Example
  void equalCountsAtTheCutKeepTheEarliest() {
    long[] counts = new long[3 * RunWriter.TOP_PER_RUN];
    java.util.Arrays.fill(counts, 5);
    counts[2_500] = 6;
    int[] top = RunWriter.top(counts.length, i -> counts[i]);
    assertThat(top).hasSize(RunWriter.TOP_PER_RUN);
    assertThat(top[0]).isEqualTo(2_500);
    assertThat(top).containsSequence(IntStream.range(0, RunWriter.TOP_PER_RUN - 1).toArray());
  }
}
