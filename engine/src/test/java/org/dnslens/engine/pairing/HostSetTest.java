package org.dnslens.engine.pairing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.dnslens.engine.model.IpAddress;
import org.junit.jupiter.api.Test;

/** The resolver-detection set answers as a {@code HashSet<IpAddress>} would, through its growth. */
class HostSetTest {

  @Test
  void answersAsAHashSetForManyAddressesOfBothFamilies() {
    Random random = new Random(17);
    HostSet set = new HostSet();
    Set<IpAddress> expected = new HashSet<>();
    for (int i = 0; i < 50_000; i++) {
      // one /16 mostly (low bits varying, as clients of one site do), some anywhere, some IPv6
      IpAddress a =
          switch (random.nextInt(4)) {
            case 0 -> IpAddress.ofIpv4(random.nextInt());
            case 1 -> randomIpv6(random);
            default -> IpAddress.ofIpv4(0x0a000000 | random.nextInt(1 << 16));
          };
      // a fresh instance with the same bytes: lookups must not depend on identity
      IpAddress probe = IpAddress.of(a.toBytes());
      assertThat(set.contains(probe)).isEqualTo(expected.contains(a));
      assertThat(set.add(a)).isEqualTo(expected.add(a));
      assertThat(set.contains(probe)).isTrue();
      assertThat(set.size()).isEqualTo(expected.size());
    }
    for (int i = 0; i < 20_000; i++) {
      IpAddress a = i % 2 == 0 ? IpAddress.ofIpv4(random.nextInt()) : randomIpv6(random);
      assertThat(set.contains(a)).isEqualTo(expected.contains(a));
    }
  }

  @Test
  void keepsTheZeroAddressApartFromEmptySlots() {
    HostSet set = new HostSet();
    IpAddress zero = IpAddress.parse("0.0.0.0");
    assertThat(set.isEmpty()).isTrue();
    assertThat(set.contains(zero)).isFalse();
    assertThat(set.add(zero)).isTrue();
    assertThat(set.add(zero)).isFalse();
    assertThat(set.contains(zero)).isTrue();
    assertThat(set.contains(IpAddress.parse("::"))).isFalse(); // same bits, other family
    assertThat(set.size()).isEqualTo(1);
    // the IPv4-mapped IPv6 form of an address is another address, as in the evidence
    set.add(IpAddress.parse("192.0.2.1"));
    assertThat(set.contains(IpAddress.parse("::ffff:192.0.2.1"))).isFalse();
    assertThat(set.size()).isEqualTo(2);
  }

  private static IpAddress randomIpv6(Random random) {
    byte[] b = new byte[16];
    random.nextBytes(b);
    b[15] &= 0x0f; // few enough distinct values that some repeat
    for (int i = 2; i < 15; i++) {
      b[i] = 0;
    }
    return IpAddress.of(b);
  }
}
