package org.dnslens.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class IpAddressCacheTest {
  @Test
  void sharesOneInstancePerAddressFromItsSecondSightingEqualToAFreshOne() {
    IpAddressCache cache = new IpAddressCache();
    IpAddress first = cache.ipv4(0xC0000201);
    IpAddress a = cache.ipv4(0xC0000201);
    assertThat(a).isNotSameAs(first).isEqualTo(first);
    assertThat(cache.ipv4(0xC0000201)).isSameAs(a);
    assertThat(a).isEqualTo(IpAddress.parse("192.0.2.1")).hasSameHashCodeAs(IpAddress.parse("192.0.2.1"));
    cache.ipv6(0x20010db800000000L, 1L);
    IpAddress v6 = cache.ipv6(0x20010db800000000L, 1L);
    assertThat(cache.of(v6.toBytes(), 0, 16)).isSameAs(v6);
    assertThat(v6).isEqualTo(IpAddress.parse("2001:db8::1"));
    assertThat(v6.toString()).isEqualTo("2001:db8::1");
    assertThat(cache.of(new byte[] {9, (byte) 192, 0, 2, 1}, 1, 4)).isSameAs(a);
  }

  @Test
  void aOneOffAddressDoesNotEvictTheSharedOne() {
    IpAddressCache cache = new IpAddressCache();
    cache.ipv4(7);
    IpAddress shared = cache.ipv4(7);
    // Addresses that land in every slot once each (as random A answers do) leave the table alone.
    for (int i = 8; i < 8 + 4 * IpAddressCache.SLOTS; i++) {
      assertThat(cache.ipv4(i).toIpv4Int()).isEqualTo(i);
    }
    assertThat(cache.ipv4(7)).isSameAs(shared);
  }

  @Test
  void collidingAddressesAreNeverConfused() {
    IpAddressCache cache = new IpAddressCache();
    for (int i = 0; i < 3 * IpAddressCache.SLOTS; i++) {
      assertThat(cache.ipv4(i).toIpv4Int()).isEqualTo(i);
      assertThat(cache.ipv6(i, ~i).isIpv6(i, ~i)).isTrue();
    }
  }

  @Test
  void cachedTextIsTheCanonicalText() {
    IpAddress mapped = IpAddress.parse("::ffff:192.0.2.1");
    assertThat(mapped.toString()).isEqualTo("::ffff:192.0.2.1").isSameAs(mapped.toString());
  }

  @Test
  void namePresentationBytesEqualToString() {
    for (String text : new String[] {".", "example.com", "a\\.b.c", "\\000\\255x.\\\"q\\\"", "xn--bcher-kva.example"}) {
      DnsName n = DnsName.parse(text);
      byte[] buf = new byte[DnsName.MAX_PRESENTATION_BYTES + 3];
      int len = n.writePresentation(buf, 3);
      assertThat(new String(buf, 3, len, StandardCharsets.US_ASCII)).isEqualTo(n.toString());
    }
    byte[] worst = new byte[DnsName.MAX_NAME_WIRE_BYTES];
    for (int p = 0; p + 64 <= worst.length - 1; p += 64) {
      worst[p] = 63;
    }
    // 3 labels of 63 bytes 0x00 plus a last one filling 255 bytes: every byte escaped as \DDD
    worst[192] = (byte) (255 - 192 - 2);
    DnsName n = DnsName.fromWire(worst);
    byte[] buf = new byte[DnsName.MAX_PRESENTATION_BYTES];
    assertThat(new String(buf, 0, n.writePresentation(buf, 0), StandardCharsets.US_ASCII)).isEqualTo(n.toString());
  }

  @Test
  void flagNamesTableMatchesTheFlags() {
    assertThat(new DnsHeader(1, 0x8180, 0, 1, 1, 0, 0).flagNames()).isEqualTo("qr rd ra");
    assertThat(new DnsHeader(1, 0x0100, 0, 1, 0, 0, 0).flagNames()).isEqualTo("rd");
    assertThat(new DnsHeader(1, 0xFFF0, 0, 1, 0, 0, 0).flagNames()).isEqualTo("qr aa tc rd ra z ad cd");
    assertThat(new DnsHeader(1, 0x7800, 0, 1, 0, 0, 0).flagNames()).isEmpty();
  }
}
