package org.dnslens.storage.layout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The run writer's primitive key sort gives exactly what a stable sort of the slot indexes by unsigned
 * key order gives (the order before it, and the order the stored pages depend on: equal keys, the case
 * variants of a name, stay in slot order).
 */
class SortedByKeyProperties {

  /**
   * Keys over a tiny alphabet with bytes at both ends of the unsigned range (0x00, 0x80, 0xff), many
   * sharing long prefixes, many equal, some empty, and prefixes of each other: the cases where a chunked
   * sort can go wrong (a chunk boundary, a key ending inside or exactly at a chunk, a signed compare).
   */
  @Provide
  Arbitrary<List<byte[]>> keyLists() {
    Arbitrary<Byte> b = Arbitraries.of((byte) 0, (byte) 1, (byte) 0x7f, (byte) 0x80, (byte) 0xff, (byte) 'c');
    Arbitrary<byte[]> key =
        Arbitraries.oneOf(
            b.array(byte[].class).ofMaxSize(13),
            // a shared 8-byte prefix, then a short tail: "com.exam"-like groups
            b.array(byte[].class).ofMaxSize(5).map(t -> concat("com.exam".getBytes(java.nio.charset.StandardCharsets.US_ASCII), t)));
    return key.list().ofMaxSize(300);
  }

  private static byte[] concat(byte[] a, byte[] t) {
    byte[] k = Arrays.copyOf(a, a.length + t.length);
    System.arraycopy(t, 0, k, a.length, t.length);
    return k;
  }

  @Property(tries = 500)
  void ordersLikeAStableSortOfTheKeys(@ForAll("keyLists") List<byte[]> keys) {
    int[] got = RunWriter.sortedByKey(keys.size(), keys::get);

    Integer[] expected = new Integer[keys.size()];
    Arrays.setAll(expected, i -> i);
    Arrays.sort(expected, (x, y) -> Arrays.compareUnsigned(keys.get(x), keys.get(y))); // stable (TimSort)
    assertThat(got).containsExactly(Arrays.stream(expected).mapToInt(Integer::intValue).toArray());
  }

  /**
   * Texts over an alphabet with case pairs, the escape and dot, a Latin-1 letter with a case pair (É/é), and
   * now and then a char the byte keys cannot hold (a 0, an 'Ω'): prefixes of each other, case variants of
   * one name, and the fallback to the comparator.
   */
  @Provide
  Arbitrary<List<String>> nameTexts() {
    Arbitrary<Character> c = Arbitraries.of('a', 'A', 'b', 'B', '.', '\\', '0', '\u00c9', '\u00e9', '\u00ff');
    Arbitrary<String> plain = c.list().ofMaxSize(9).map(SortedByKeyProperties::join);
    Arbitrary<String> odd = Arbitraries.of("a\u0000b", "\u03a9.example", "\u03c9.example");
    return Arbitraries.frequencyOf(Tuple.of(30, plain), Tuple.of(1, odd))
        .list().ofMaxSize(200).uniqueElements();
  }

  /** The name table's order: lower-case text, then text, by {@code String.compareTo}. */
  @Property(tries = 500)
  void nameTableOrderIsLowerCaseThenTextOrder(@ForAll("nameTexts") List<String> texts) {
    int[] got = RunWriter.lowerThenTextOrder(texts);

    Integer[] expected = new Integer[texts.size()];
    Arrays.setAll(expected, i -> i);
    Arrays.sort(expected, (x, y) -> {
      int d = texts.get(x).toLowerCase(Locale.ROOT).compareTo(texts.get(y).toLowerCase(Locale.ROOT));
      return d != 0 ? d : texts.get(x).compareTo(texts.get(y));
    });
    assertThat(got).containsExactly(Arrays.stream(expected).mapToInt(Integer::intValue).toArray());
  }

  private static String join(List<Character> cs) {
    StringBuilder b = new StringBuilder();
    cs.forEach(b::append);
    return b.toString();
  }
}
