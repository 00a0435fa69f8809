package org.dnslens.engine.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Hex text (EDNS option data, digests) against the JDK's upper-case hex, every byte value included. */
class PresentationTextTest {
  @Test
  void hexIsUpperCaseBase16OfTheRange() {
    byte[] all = new byte[256];
    for (int i = 0; i < 256; i++) {
      all[i] = (byte) i;
    }
    HexFormat upper = HexFormat.of().withUpperCase();
    assertThat(PresentationText.hex(all, 0, 256)).isEqualTo(upper.formatHex(all));
    Random random = new Random(3);
    for (int n = 0; n < 50; n++) {
      byte[] b = new byte[random.nextInt(40)];
      random.nextBytes(b);
      int off = b.length == 0 ? 0 : random.nextInt(b.length);
      int len = b.length - off;
      assertThat(PresentationText.hex(b, off, len)).isEqualTo(upper.formatHex(b, off, off + len));
    }
    assertThat(PresentationText.hex(all, 7, 0)).isEmpty();
  }
}
