package org.dnslens.storage.layout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DeflateTest {
  @Test
  void aPrefixInflatesToTheFirstBytesOfTheBlob() {
    byte[] raw = new byte[200_000];
    Random r = new Random(7);
    for (int i = 0; i < raw.length; i++) {
      raw[i] = (byte) (i % 97 < 60 ? r.nextInt(8) : r.nextInt(256)); // compressible and not
    }
    Deflate d = new Deflate();
    byte[] blob = d.compress(raw, raw.length);
    assertThat(d.inflate(blob)).isEqualTo(raw);
    for (int n : new int[] {0, 1, 4_095, 65_536, 123_457, raw.length, raw.length + 10, Integer.MAX_VALUE}) {
      assertThat(d.inflate(blob, n)).as("first %d", n).isEqualTo(Arrays.copyOf(raw, Math.min(n, raw.length)));
    }
    assertThat(d.inflate(blob, -1)).isEmpty();
    assertThat(d.inflate(blob)).isEqualTo(raw); // the inflater is reset after a partial read
  }
}
