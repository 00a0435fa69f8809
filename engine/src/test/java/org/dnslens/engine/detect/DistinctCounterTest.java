package org.dnslens.engine.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DistinctCounterTest {
  @Test
  void countsExactlyUpToTheCap() {
    DistinctCounter c = new DistinctCounter();
    for (int i = 0; i < DistinctCounter.MAX_EXACT_HASHES; i++) {
      assertThat(c.add("n" + i + ".example.com")).isTrue();
      assertThat(c.add("n" + i + ".example.com")).isFalse();
    }
    assertThat(c.isExact()).isTrue();
    assertThat(c.count()).isEqualTo(DistinctCounter.MAX_EXACT_HASHES);
  }

  @Test
  void estimatesBeyondTheCapWithinTenPercentAndBoundedMemory() {
    DistinctCounter c = new DistinctCounter();
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      c.add("x" + i + ".tunnel.example");
      c.add("x" + i + ".tunnel.example"); // an immediate repeat is recognised
    }
    assertThat(c.isExact()).isFalse();
    assertThat(c.exactCapacity()).isZero();
    assertThat(c.count()).isBetween((long) (n * 0.9), (long) (n * 1.1));
  }

  @Test
  void recentRepeatsAreNotNewOnceEstimating() {
    DistinctCounter c = new DistinctCounter();
    for (int i = 0; i <= DistinctCounter.MAX_EXACT_HASHES; i++) {
      c.add("v" + i);
    }
    assertThat(c.isExact()).isFalse();
    assertThat(c.add("fresh")).isTrue();
    assertThat(c.add("fresh")).isFalse();
  }
}
