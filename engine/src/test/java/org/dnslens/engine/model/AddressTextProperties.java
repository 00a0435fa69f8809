package org.dnslens.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.net.UnknownHostException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Address text, hand-formatted for speed, against Guava's RFC 5952 formatter and the old MAC format. */
class AddressTextProperties {
  @Property(tries = 3000)
  void ipv6TextIsGuavasCanonicalText(@ForAll("ipv6") byte[] bytes) throws UnknownHostException {
    IpAddress a = IpAddress.of(bytes);
    boolean mapped = true;
    for (int i = 0; i < 10; i++) {
      mapped &= bytes[i] == 0;
    }
    if (mapped && (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff) {
      // Guava (through InetAddress) folds these to IPv4; the evidence keeps the IPv6 form.
      assertThat(a.toString()).isEqualTo("::ffff:" + InetAddresses.toAddrString(InetAddress.getByAddress(
          java.util.Arrays.copyOfRange(bytes, 12, 16))));
      return;
    }
    assertThat(a.toString()).isEqualTo(InetAddresses.toAddrString(InetAddress.getByAddress(bytes)));
    assertThat(IpAddress.parse(a.toString())).isEqualTo(a);
  }

  @Property(tries = 2000)
  void ipv4TextIsTheDottedQuad(@ForAll int bits) {
    IpAddress a = IpAddress.ofIpv4(bits);
    assertThat(a.toString())
        .isEqualTo((bits >>> 24) + "." + ((bits >>> 16) & 0xff) + "." + ((bits >>> 8) & 0xff) + "." + (bits & 0xff));
    assertWrittenTextIsToString(a);
  }

  @Property(tries = 2000)
  void writtenIpv6TextIsToString(@ForAll("ipv6") byte[] bytes) {
    assertWrittenTextIsToString(IpAddress.of(bytes));
  }

  /**
   * writeText (the NDJSON writer's path) gives toString's characters, at an offset, and nothing more:
   * the first time (IPv6 formatted straight, before any toString), and again (IPv6 from the cached text).
   */
  private static void assertWrittenTextIsToString(IpAddress a) {
    for (int round = 0; round < 3; round++) {
      byte[] dst = new byte[3 + IpAddress.MAX_TEXT_BYTES + 1];
      java.util.Arrays.fill(dst, (byte) '#');
      int n = a.writeText(dst, 3);
      assertThat(new String(dst, 3, n, java.nio.charset.StandardCharsets.US_ASCII))
          .as("round %d", round)
          .isEqualTo(a.toString());
      assertThat(dst[3 + n]).isEqualTo((byte) '#');
      assertThat(dst[2]).isEqualTo((byte) '#');
    }
  }

  @Property(tries = 2000)
  void macTextIsColonSeparatedLowerCaseHex(@ForAll("mac") long value) {
    StringBuilder expected = new StringBuilder();
    for (int i = 5; i >= 0; i--) {
      expected.append(String.format("%02x", (value >>> (8 * i)) & 0xff));
      if (i > 0) {
        expected.append(':');
      }
    }
    MacAddress mac = new MacAddress(value);
    assertThat(mac.toString()).isEqualTo(expected.toString());
    assertThat(mac.toString()).isSameAs(mac.toString());
    assertThat(mac).isEqualTo(new MacAddress(value)).hasSameHashCodeAs(new MacAddress(value));
  }

  @Test
  void macCacheSharesOneInstancePerAddressAndKeepsValues() {
    MacAddressCache cache = new MacAddressCache();
    for (long v = 0; v < 5 * MacAddressCache.SLOTS; v += 3) {
      assertThat(cache.of(v).value()).isEqualTo(v);
    }
    assertThat(cache.of(0x001b213c4d5eL)).isSameAs(cache.of(0x001b213c4d5eL));
  }

  @Provide
  Arbitrary<byte[]> ipv6() {
    // Mostly zero groups, so that zero runs of every length and position (and ties) come up.
    Arbitrary<Integer> word = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, Arbitraries.just(0)),
        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 0xffff)),
        net.jqwik.api.Tuple.of(1, Arbitraries.of(0xffff, 1, 0x10, 0x100, 0x1000)));
    return word.list().ofSize(8).map(ws -> {
      byte[] b = new byte[16];
      for (int i = 0; i < 8; i++) {
        b[2 * i] = (byte) (ws.get(i) >>> 8);
        b[2 * i + 1] = (byte) (int) ws.get(i);
      }
      return b;
    });
  }

  @Provide
  Arbitrary<Long> mac() {
    return Arbitraries.longs().between(0, 0xffff_ffff_ffffL);
  }
}
