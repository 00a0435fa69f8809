package org.dnslens.engine.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.dnslens.engine.model.DnsName;
import org.junit.jupiter.api.Test;

/**
 * Hand-rendered number text against the JDK's: every digit count, sign and edge of int and long; names
 * written again in a line (copied from the line's earlier text) against each name's own text.
 */
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

  /**
   * A line of names as a writer makes it: the same objects again, other objects with the same bytes,
   * names that differ only in case or in an escaped byte, the root, more distinct names than appendName
   * remembers, and resets between lines. Every name's text must be what it writes on its own.
   */
  @Property(tries = 2000)
  void namesWrittenAgainAreTheirOwnText(@ForAll("namePicks") List<Integer> picks) {
    List<DnsName> pool = namePool();
    AsciiJsonBuffer b = new AsciiJsonBuffer();
    StringBuilder expected = new StringBuilder();
    for (int pick : picks) {
      if (pick < 0) { // a new line: what was written before is gone
        b.reset();
        expected.setLength(0);
        continue;
      }
      DnsName name = pool.get(pick % pool.size());
      boolean absolute = pick >= pool.size();
      b.appendName(name, absolute);
      b.appendByte(',');
      expected.append(ownText(name, absolute)).append(',');
    }
    assertThat(b.getValue()).isEqualTo(expected.toString());
  }

  /** The text of {@code name} written into a fresh buffer (nothing to copy from). */
  private static String ownText(DnsName name, boolean absolute) {
    AsciiJsonBuffer fresh = new AsciiJsonBuffer();
    fresh.appendName(name, absolute);
    return fresh.getValue();
  }

  private static List<DnsName> namePool() {
    List<DnsName> pool = new ArrayList<>();
    for (String text :
        new String[] {
          "www.example.com", "WWW.example.com", "example.com", "com", "mx1.harbormatrix.io",
          "a\\\"b.example", "tab\\009x.example", "e5177.x17.azureedge-cdn.net", "."
        }) {
      DnsName name = DnsName.parse(text);
      pool.add(name);
      pool.add(DnsName.fromWire(name.toWire())); // equal bytes, another object
    }
    return pool;
  }

  @Provide
  Arbitrary<List<Integer>> namePicks() {
    int poolSize = namePool().size();
    return Arbitraries.oneOf(
            Arbitraries.integers().between(0, 2 * poolSize - 1), Arbitraries.just(-1))
        .list()
        .ofMaxSize(60);
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
