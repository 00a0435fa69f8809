package org.dnslens.engine.export;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EpochTimeTest {
  @Test
  void formatsSecondsWithMicroseconds() {
    assertThat(EpochTime.seconds(1_700_000_000_123_456_789L)).isEqualTo("1700000000.123456");
    assertThat(EpochTime.seconds(1_700_000_000_000_001_000L)).isEqualTo("1700000000.000001");
    assertThat(EpochTime.seconds(0)).isEqualTo("0.000000");
    assertThat(EpochTime.seconds(-1_000L)).isEqualTo("-1.999999");
  }

  @Test
  void formatsMillisAndIso() {
    assertThat(EpochTime.millis(1_544_000L)).isEqualTo("1.544");
    assertThat(EpochTime.millis(5_000L)).isEqualTo("0.005");
    assertThat(EpochTime.iso(1_700_000_000_123_456_789L)).isEqualTo("2023-11-14T22:13:20.123456Z");
    assertThat(EpochTime.iso(1_700_000_000_000_000_000L)).isEqualTo("2023-11-14T22:13:20.000000Z");
  }
}
