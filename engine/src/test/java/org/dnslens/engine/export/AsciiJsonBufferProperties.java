package org.dnslens.engine.export;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Hand-rendered number text against the JDK's: every digit count, sign and edge of int and long. */
class AsciiJsonBufferProperties {
  private static String render(java.util.function.Consumer<AsciiJsonBuffer> append) {
    AsciiJsonBuffer b = new AsciiJsonBuffer();
    b.appendByte('[');
    append.accept(b);
    b.appendByte(']');
    return b.getValue();
  }

  @Property(tries = 5000)
  void longIsLongToString(@ForAll("numbers") long v) {
    assertThat(render(b -> b.appendLong(v))).isEqualTo("[" + v + "]");
  }

  @Property(tries = 5000)
  void epochSecondsAndMillisAreEpochTimes(@ForAll("numbers") long nanos) {
    assertThat(render(b -> b.appendEpochSeconds(nanos))).isEqualTo("[" + EpochTime.seconds(nanos) + "]");
    assertThat(render(b -> b.appendMillis(nanos))).isEqualTo("[" + EpochTime.millis(nanos) + "]");
  }

  /**
   * One buffer over a run of timestamps, as a writer uses it: the whole second is copied from the last
   * call when it repeats, and must still be right when it changes, goes back, or is negative between.
   */
  @Property(tries = 500)
  void epochSecondsInARunOfLinesAreEpochTimes(@ForAll("numbers") long start, @ForAll("steps") long[] steps) {
    AsciiJsonBuffer b = new AsciiJsonBuffer();
    StringBuilder expected = new StringBuilder();
    long t = start;
    for (long step : steps) {
      t += step;
      b.appendEpochSeconds(t);
      b.appendByte(',');
      b.appendMillis(step); // in between, as a line has its rtt between two timestamps
      b.appendByte(';');
      expected.append(EpochTime.seconds(t)).append(',').append(EpochTime.millis(step)).append(';');
    }
    assertThat(b.getValue()).isEqualTo(expected.toString());
  }

  @Provide
  Arbitrary<long[]> steps() {
    return Arbitraries.oneOf(
            Arbitraries.longs().between(-2_000_000_000L, 2_000_000_000L),
            Arbitraries.longs().between(0, 5_000_000L),
            Arbitraries.longs().between(-1_000_000_000_000_000L, 1_000_000_000_000_000L))
        .array(long[].class)
        .ofMaxSize(40);
  }

  @Test
  void edgesOfEveryDigitCount() {
    long p = 1;
    for (int digits = 1; digits <= 19; digits++) {
      for (long v : new long[] {p - 1, p, p + 1, -p, -p + 1, 2 * p - 1}) {
        assertThat(render(b -> b.appendLong(v))).isEqualTo("[" + v + "]");
        assertThat(render(b -> b.appendEpochSeconds(v))).isEqualTo("[" + EpochTime.seconds(v) + "]");
        assertThat(render(b -> b.appendMillis(v))).isEqualTo("[" + EpochTime.millis(v) + "]");
      }
      p *= 10;
    }
    for (long v :
        new long[] {
          0, Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE
        }) {
      assertThat(render(b -> b.appendLong(v))).isEqualTo("[" + v + "]");
      assertThat(render(b -> b.appendEpochSeconds(v))).isEqualTo("[" + EpochTime.seconds(v) + "]");
    }
  }

  @Provide
  Arbitrary<Long> numbers() {
    return Arbitraries.oneOf(
        Arbitraries.longs(),
        Arbitraries.longs().between(-1_000_000, 1_000_000),
        Arbitraries.longs().between(1_600_000_000_000_000_000L, 1_900_000_000_000_000_000L),
        Arbitraries.integers().map(Integer::longValue));
  }
}
