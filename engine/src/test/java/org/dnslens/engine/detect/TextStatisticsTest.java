package org.dnslens.engine.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TextStatisticsTest {
  @Test
  void shannonEntropyByHand() {
    assertThat(TextStatistics.shannonEntropy("")).isZero();
    assertThat(TextStatistics.shannonEntropy("aaaa")).isZero();
    assertThat(TextStatistics.shannonEntropy("aabb")).isCloseTo(1.0, within(1e-12));
    assertThat(TextStatistics.shannonEntropy("abcd")).isCloseTo(2.0, within(1e-12));
    // -(2/3 log2 2/3 + 1/3 log2 1/3) = 0.918296
    assertThat(TextStatistics.shannonEntropy("aab")).isCloseTo(0.9182958, within(1e-6));
    assertThat(TextStatistics.shannonEntropy("0123456789abcdef")).isCloseTo(4.0, within(1e-12));
  }
}
