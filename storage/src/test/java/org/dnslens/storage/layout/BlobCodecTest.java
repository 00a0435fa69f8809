package org.dnslens.storage.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BlobCodecTest {
  /** Compressible and not, like a block's wire: repeated names and counters beside random bytes. */
  private static byte[] sample(int n, long seed) {
    byte[] raw = new byte[n];
    Random r = new Random(seed);
    for (int i = 0; i < raw.length; i++) {
      raw[i] = (byte) (i % 97 < 60 ? r.nextInt(8) : r.nextInt(256));
    }
    return raw;
  }

  @Test
  void aPrefixDecompressesToTheFirstBytesOfTheBlobWithEitherCodec() {
    // 300 kB: more than two zstd blocks (128 KiB each), so a prefix stops inside the frame.
    byte[] raw = sample(300_000, 7);
    try (BlobCodec c = new BlobCodec()) {
      for (byte[] blob : new byte[][] {c.compress(raw, raw.length), c.compressDeflate(raw, raw.length)}) {
        assertThat(c.decompress(blob)).isEqualTo(raw);
        for (int n : new int[] {0, 1, 4_095, 65_536, 131_072, 131_073, 262_145, raw.length - 1, raw.length,
            raw.length + 10, Integer.MAX_VALUE}) {
          assertThat(c.decompress(blob, n)).as("first %d", n).isEqualTo(Arrays.copyOf(raw, Math.min(n, raw.length)));
        }
        assertThat(c.decompress(blob, -1)).isEmpty();
        assertThat(c.decompress(blob)).isEqualTo(raw); // a stopped stream leaves nothing behind
      }
    }
  }

  @Test
  void newBlobsAreTaggedZstdAndSmallerThanDeflateOnRepetitiveData() {
    byte[] raw = sample(100_000, 3);
    try (BlobCodec c = new BlobCodec()) {
      byte[] blob = c.compress(raw, raw.length, 4);
      assertThat(blob[0]).isEqualTo((byte) BlobCodec.TAG);
      assertThat(blob[1]).isEqualTo((byte) BlobCodec.CODEC_ZSTD);
      // then the raw length varint (100000 = a0 8d 06) and the zstd magic number 28 b5 2f fd
      assertThat(Arrays.copyOfRange(blob, 2, 9)).isEqualTo(HexFormat.of().parseHex("a08d0628b52ffd"));
      assertThat(blob.length).isLessThan(c.compressDeflate(raw, raw.length).length);
    }
  }

  @Test
  void readsBlobsWrittenByTheDeflateCodecOfEarlierVersions() {
    // Made by the Deflate class of main before V6 (the bytes as stored; not re-made by this code).
    byte[] old =
        HexFormat.of()
            .parseHex(
                "612b2f2fd74bad48cc2dc849d54bcecfd55330363050f0f453705430b434d233d033d233b456282746516e62660eaa51be11"
                    + "0a860600");
    String text =
        "www.example.com. 300 IN A 192.0.2.1; www.example.com. 300 IN A 192.0.2.1; mail.example.com. MX 10";
    try (BlobCodec c = new BlobCodec()) {
      assertThat(new String(c.decompress(old), StandardCharsets.US_ASCII)).isEqualTo(text);
      assertThat(new String(c.decompress(old, 16), StandardCharsets.US_ASCII)).isEqualTo(text.substring(0, 16));
      // The one old blob that starts with 0x00: empty input (length 0, an empty final block). No case
      // holds one (blocks and pages are never empty) but it is still told apart from a tagged blob.
      assertThat(c.decompress(HexFormat.of().parseHex("000300"))).isEmpty();
      assertThat(c.compressDeflate(new byte[0], 0)).isEqualTo(HexFormat.of().parseHex("000300"));
    }
  }

  @Test
  void everyTruncationOfAZstdBlobIsADamagedCaseError() {
    byte[] raw = sample(20_000, 11);
    try (BlobCodec c = new BlobCodec()) {
      byte[] blob = c.compress(raw, raw.length);
      for (int len = 0; len < blob.length; len++) {
        byte[] cut = Arrays.copyOf(blob, len);
        assertThatThrownBy(() -> c.decompress(cut))
            .as("cut to %d of %d", len, blob.length)
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("(damaged case file?)");
      }
      assertThat(c.decompress(blob)).isEqualTo(raw); // the context survived every failure
    }
  }

  @Test
  void aBitFlippedZstdBlobFailsAsADamagedCaseOrKeepsItsLength() {
    // A zstd frame has no checksum here (nor had DEFLATE): a flip in a literal can decode to other bytes.
    // What must hold is that nothing but the damaged-case error escapes and a blob that decodes has its
    // raw length, whatever bit of the length, frame header, block headers, tables or sequences flips.
    byte[] raw = sample(6_000, 5);
    try (BlobCodec c = new BlobCodec()) {
      byte[] blob = c.compress(raw, raw.length);
      int failures = 0;
      for (int bit = 0; bit < blob.length * 8; bit++) {
        byte[] bad = blob.clone();
        bad[bit / 8] ^= (byte) (1 << (bit % 8));
        for (int atMost : new int[] {Integer.MAX_VALUE, 3_000}) {
          try {
            byte[] out = c.decompress(bad, atMost);
            assertThat(out.length).as("bit %d", bit).isEqualTo(Math.min(atMost, raw.length));
          } catch (IllegalStateException e) {
            assertThat(e).hasMessageContaining("(damaged case file?)");
            failures++;
          }
        }
      }
      assertThat(failures).as("flips the decoder noticed").isGreaterThan(blob.length);
      assertThat(c.decompress(blob)).isEqualTo(raw);
    }
  }

  @Test
  void anUnknownCodecIsADamagedCaseError() {
    try (BlobCodec c = new BlobCodec()) {
      assertThatThrownBy(() -> c.decompress(new byte[] {0, 9, 1, 0}))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("unknown codec 9");
      assertThatThrownBy(() -> c.decompress(new byte[] {0}))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("(damaged case file?)");
      assertThatThrownBy(() -> c.decompress(new byte[0]))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("(damaged case file?)");
    }
  }
}
