package org.dnslens.engine.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.dnslens.engine.model.Edns;
import org.dnslens.engine.model.EdnsOption;
import org.junit.jupiter.api.Test;

/**
 * The decoder keeps option bytes and makes the texts on first use: whether an option is malformed is
 * decided up front by {@code wellFormed}, so it must agree with {@code render} on every input, and a
 * lazy option must read and compare exactly as the eager one the decoder used to build.
 */
class EdnsDecoderTest {
  /** Codes with a form (ECS, cookie, NSID, keepalive, padding, EDE) and one without. */
  private static final int[] CODES = {8, 10, 3, 11, 12, 15, 65001};

  @Test
  void wellFormedAgreesWithRenderForEveryCodeAndLength() {
    Random random = new Random(18);
    int checked = 0;
    int malformed = 0;
    for (int code : CODES) {
      for (int n = 0; n <= 44; n++) {
        for (int trial = 0; trial < 40; trial++) {
          byte[] b = new byte[n + 3];
          random.nextBytes(b);
          if (code == 8 && n >= 4) {
            // ECS: families 1 and 2 with prefixes around their limits, and a bad family now and then
            b[1] = 0;
            b[2] = (byte) (trial % 7 == 0 ? 3 : 1 + trial % 2);
            b[3] = (byte) random.nextInt(140);
            b[4] = (byte) random.nextInt(140);
          }
          boolean rendered = EdnsDecoder.render(code, b, 1, n, PresentationText.hex(b, 1, n)) != null;
          assertThat(EdnsDecoder.wellFormed(code, b, 1, n))
              .as("code %d, %d bytes %s", code, n, HexFormat.of().formatHex(b, 1, 1 + n))
              .isEqualTo(rendered);
          checked++;
          malformed += rendered ? 0 : 1;
        }
      }
    }
    // Both answers occur, or the comparison above would prove little.
    assertThat(malformed).isBetween(1, checked - 1);
  }

  @Test
  void writtenTextIsTheDataTextForEveryCodeAndLength() {
    // The NDJSON writer takes COOKIE and ECS text from writeData instead of data(): it must be the same
    // text, and -1 (ask data()) for everything else, malformed cookies and subnets included.
    Random random = new Random(20);
    int written = 0;
    int declined = 0;
    byte[] dst = new byte[EdnsOption.MAX_WRITTEN_DATA_BYTES + 8];
    for (int code : CODES) {
      for (int n = 0; n <= 44; n++) {
        for (int trial = 0; trial < 40; trial++) {
          byte[] b = new byte[n];
          random.nextBytes(b);
          if (code == 8 && n >= 4) {
            b[0] = 0;
            b[1] = (byte) (trial % 7 == 0 ? 3 : 1 + trial % 2);
            b[2] = (byte) random.nextInt(140);
            b[3] = (byte) random.nextInt(140);
          }
          byte[] rdata = new byte[4 + n];
          rdata[0] = (byte) (code >>> 8);
          rdata[1] = (byte) code;
          rdata[3] = (byte) n;
          System.arraycopy(b, 0, rdata, 4, n);
          EdnsOption lazy = new EdnsDecoder().decode(1232, 0, rdata, 0, rdata.length).options().get(0);
          java.util.Arrays.fill(dst, (byte) '#');
          int len = lazy.writeData(dst, 3);
          String what = "code " + code + ", " + n + " bytes " + HexFormat.of().formatHex(b);
          if (len < 0) {
            declined++;
            assertThat(len).as(what).isEqualTo(-1);
          } else {
            written++;
            assertThat(code).as(what).isIn(8, 10);
            assertThat(new String(dst, 3, len, java.nio.charset.StandardCharsets.US_ASCII))
                .as(what)
                .isEqualTo(lazy.data());
            assertThat(dst[3 + len]).as("nothing past the count: " + what).isEqualTo((byte) '#');
            assertThat(dst[2]).as(what).isEqualTo((byte) '#');
          }
          // Once the text was made, writeData leaves it to data() (-1): same text either way.
          assertThat(lazy.writeData(dst, 3)).as(what).isEqualTo(-1);
        }
      }
    }
    assertThat(written).isGreaterThan(500);
    assertThat(declined).isGreaterThan(500);
  }

  @Test
  void lazyOptionsReadAndCompareAsEagerOnes() {
    byte[] rdata = HexFormat.of().parseHex(
        "000a0008" + "0102030405060708" // cookie, client only
            + "000b0001" + "ff" // keepalive of one byte: malformed, data is the hex
            + "0008000700011800c63364" // ECS 198.51.100.0/24/0
            + "fde90000"); // an unknown code without data
    EdnsDecoder decoder = new EdnsDecoder();
    Edns e = decoder.decode(1232, 0, rdata, 0, rdata.length);
    assertThat(decoder.malformed()).isTrue();
    assertThat(decoder.malformedOffset()).isEqualTo(12);
    List<EdnsOption> expected = List.of(
        new EdnsOption(10, "COOKIE", "client=0102030405060708", "0102030405060708"),
        new EdnsOption(11, "TCP-KEEPALIVE", "FF", "FF"),
        new EdnsOption(8, "ECS", "198.51.100.0/24/0", "00011800C63364"),
        new EdnsOption(65001, "OPT65001", "", ""));
    assertThat(e.options()).isEqualTo(expected);
    assertThat(expected).isEqualTo(e.options());
    assertThat(e.options().hashCode()).isEqualTo(expected.hashCode());
    assertThat(e.options().get(2)).hasToString(
        "EdnsOption[code=8, name=ECS, data=198.51.100.0/24/0, hex=00011800C63364]");
    assertThat(e.options().get(0).data()).isSameAs(e.options().get(0).data()); // made once
  }

  @Test
  void singleOptionAndNoOptionListsAreNotCopied() {
    byte[] rdata = HexFormat.of().parseHex("000a00080102030405060708");
    EdnsDecoder decoder = new EdnsDecoder();
    assertThat(decoder.decode(512, 0, rdata, 0, 0).options()).isEmpty();
    List<EdnsOption> one = decoder.decode(512, 0, rdata, 0, rdata.length).options();
    assertThat(one).hasSize(1);
    assertThat(one.getClass()).isEqualTo(List.of(1).getClass());
    assertThat(decoder.malformed()).isFalse();
  }
}
