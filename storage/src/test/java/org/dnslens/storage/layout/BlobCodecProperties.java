package org.dnslens.storage.layout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * Round trips through both codecs: whatever a blob holds, the new code reads back exactly it and any
 * prefix of it, from zstd blobs at any level and from DEFLATE blobs as cases before V6 hold them.
 */
class BlobCodecProperties {
  private final BlobCodec codec = new BlobCodec();

  @AfterProperty
  void closeCodec() {
    codec.close();
  }

  /** Short runs of a few byte values repeated, like names and counters, or plain random bytes. */
  @Provide
  Arbitrary<byte[]> blobs() {
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(5_000);
    Arbitrary<byte[]> repetitive =
        Combinators.combine(
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(40),
                Arbitraries.integers().between(1, 20_000))
            .as(
                (unit, n) -> {
                  byte[] b = new byte[n];
                  for (int i = 0; i < n; i++) {
                    b[i] = (byte) (unit[i % unit.length] + i / 1000);
                  }
                  return b;
                });
    return Arbitraries.oneOf(random, repetitive);
  }

  @Property(tries = 400)
  void zstdBlobsRoundTrip(
      @ForAll("blobs") byte[] raw, @ForAll @IntRange(min = 1, max = 6) int level, @ForAll @IntRange(max = 25_000) int atMost) {
    byte[] blob = codec.compress(raw, raw.length, level);
    assertThat(codec.decompress(blob)).isEqualTo(raw);
    assertThat(codec.decompress(blob, atMost)).isEqualTo(Arrays.copyOf(raw, Math.min(atMost, raw.length)));
  }

  @Property(tries = 400)
  void deflateBlobsOfOlderCasesRoundTrip(@ForAll("blobs") byte[] raw, @ForAll @IntRange(max = 25_000) int atMost) {
    byte[] blob = codec.compressDeflate(raw, raw.length);
    assertThat(codec.decompress(blob)).isEqualTo(raw);
    assertThat(codec.decompress(blob, atMost)).isEqualTo(Arrays.copyOf(raw, Math.min(atMost, raw.length)));
  }

  @Property(tries = 200)
  void onlyAPrefixOfTheInputIsCompressed(@ForAll("blobs") byte[] raw, @ForAll @IntRange(max = 25_000) int len) {
    int n = Math.min(len, raw.length);
    assertThat(codec.decompress(codec.compress(raw, n))).isEqualTo(Arrays.copyOf(raw, n));
    assertThat(codec.decompress(codec.compressDeflate(raw, n))).isEqualTo(Arrays.copyOf(raw, n));
  }
}
