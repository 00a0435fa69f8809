package org.dnslens.engine.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExplainTest {
  @Test
  void formatsNumbersTheSameEverywhere() {
    assertThat(Explain.count(1840)).isEqualTo("1 840");
    assertThat(Explain.count(999)).isEqualTo("999");
    assertThat(Explain.count(1_234_567)).isEqualTo("1 234 567");
    assertThat(Explain.count(-1000)).isEqualTo("-1 000");
    assertThat(Explain.bytes(9300)).isEqualTo("9.3 kB");
    assertThat(Explain.bytes(512)).isEqualTo("512 B");
    assertThat(Explain.bytes(2_500_000)).isEqualTo("2.5 MB");
    assertThat(Explain.duration(37 * 60 * TxFixtures.SECOND)).isEqualTo("37 min");
    assertThat(Explain.duration(45 * TxFixtures.SECOND)).isEqualTo("45 s");
    assertThat(Explain.duration(3 * 3600 * TxFixtures.SECOND)).isEqualTo("3.0 h");
    assertThat(Explain.percent(0.974)).isEqualTo("97 %");
    assertThat(Explain.interval(299.6)).isEqualTo("300 s");
    assertThat(Explain.interval(900)).isEqualTo("15.0 min");
    assertThat(Explain.probability(0.25)).isEqualTo("0.25");
    assertThat(Explain.probability(3.2e-9)).isEqualTo("3e-09");
    assertThat(Explain.probability(0)).isEqualTo("< 1e-300");
  }
}
