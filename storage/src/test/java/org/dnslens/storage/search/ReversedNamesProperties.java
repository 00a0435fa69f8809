package org.dnslens.storage.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** The byte-level forward form agrees with {@link TransactionSearch#forward}, escapes included. */
class ReversedNamesProperties {
  @Property(tries = 2000)
  void forwardOfLowerCaseAsciiKeysEqualsTheStringForm(
      @ForAll @StringLength(max = 60) @Chars({'.', '\\', '-', '_', '0', '9'}) @CharRange(from = 'a', to = 'e')
          String key) {
    byte[] k = key.getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[k.length];
    int n = ReversedNames.forwardAscii(k, k.length, out);
    assertThat(n).isEqualTo(k.length);
    assertThat(new String(out, 0, n, StandardCharsets.US_ASCII)).isEqualTo(TransactionSearch.forward(key));
  }

  @Property(tries = 500)
  void upperCaseOrNonAsciiKeysAreLeftToTheStringForm(
      @ForAll @StringLength(min = 1, max = 30) @CharRange(from = 'a', to = 'z') String key, @ForAll boolean upper) {
    String bad = key + "." + (upper ? "Q" : "\u00e9");
    byte[] k = bad.getBytes(StandardCharsets.UTF_8);
    assertThat(ReversedNames.forwardAscii(k, k.length, new byte[k.length])).isEqualTo(-1);
  }

  @Test
  void examples() {
    assertThat(forward("com.example.www")).isEqualTo("www.example.com");
    assertThat(forward("com.ex\\.ample.www")).isEqualTo("www.ex\\.ample.com");
    assertThat(forward("com.a\\046b")).isEqualTo("a\\046b.com");
    assertThat(forward(".")).isEqualTo(".");
    assertThat(forward("jp")).isEqualTo("jp");
  }

  private static String forward(String key) {
    byte[] k = key.getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[k.length];
    return new String(out, 0, ReversedNames.forwardAscii(k, k.length, out), StandardCharsets.US_ASCII);
  }
}
