package org.dnslens.storage.layout;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.dnslens.storage.casefile.NameKeys;

/**
 * {@link PdnsSmallestName.Smallest}, which compares names in place, picks the name the definition picks: the
 * smallest by {@link String#compareTo} of each offer made a {@code String} and lower-cased (a key through
 * {@link NameKeys#forward}), as the page's smallest name was computed before (and as {@code pdns name} orders
 * its rows). Texts mix upper case, dots, escapes ({@code \.}, a trailing {@code \}) and non-ASCII now and then.
 */
class PdnsSmallestNameProperties {

  record Offer(boolean key, String text) {}

  @Provide
  Arbitrary<List<Offer>> offers() {
    Arbitrary<String> text = Arbitraries.strings()
        .withChars("aAbBzZ09.-_\\")
        .withChars('é', 'Ω', '\uFF21')
        .ofMaxLength(24);
    Arbitrary<String> common = Arbitraries.of("com", "com.example", "com.example.www", "COM.Example", "a\\.b.c",
        "", ".", "x.", "\\", "jp.co.a", "ab", "a");
    Arbitrary<String> any = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, text), net.jqwik.api.Tuple.of(2, common));
    return Arbitraries.of(true, false).flatMap(k -> any.map(t -> new Offer(k, t))).list().ofMinSize(1).ofMaxSize(40);
  }

  @Property
  void picksTheNameStringOrderPicks(@ForAll("offers") List<Offer> offers) {
    PdnsSmallestName.Smallest min = new PdnsSmallestName.Smallest();
    String expected = null;
    for (Offer o : offers) {
      byte[] utf8 = o.text().getBytes(StandardCharsets.UTF_8);
      // Offered from inside a larger array, as the page's bytes hold them.
      byte[] within = new byte[utf8.length + 5];
      System.arraycopy(utf8, 0, within, 3, utf8.length);
      String lower;
      if (o.key()) {
        byte[] key = new byte[utf8.length + 2];
        System.arraycopy(utf8, 0, key, 0, utf8.length);
        min.offerKey(key, utf8.length);
        lower = NameKeys.forward(o.text()).toLowerCase(Locale.ROOT);
      } else {
        min.offerName(within, 3, utf8.length);
        lower = o.text().toLowerCase(Locale.ROOT);
      }
      if (expected == null || lower.compareTo(expected) < 0) {
        expected = lower;
      }
    }
    assertThat(min.text).isEqualTo(expected);
  }
}
