package org.dnslens.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IpAddressTest {
  @Test
  void formatsIpv6InRfc5952CanonicalForm() {
    assertThat(IpAddress.parse("2001:DB8:0:0:1:0:0:1").toString()).isEqualTo("2001:db8::1:0:0:1");
    assertThat(IpAddress.parse("2001:db8:0:0:0:0:2:1").toString()).isEqualTo("2001:db8::2:1");
    assertThat(IpAddress.parse("2001:db8:0:1:1:1:1:1").toString()).isEqualTo("2001:db8:0:1:1:1:1:1");
    assertThat(IpAddress.parse("::").toString()).isEqualTo("::");
    assertThat(IpAddress.parse("::1").toString()).isEqualTo("::1");
    assertThat(IpAddress.parse("fe80::").toString()).isEqualTo("fe80::");
  }

  @Test
  void keepsIpv4MappedIpv6AsIpv6() {
    IpAddress mapped = IpAddress.parse("::ffff:192.0.2.1");
    assertThat(mapped.isIpv6()).isTrue();
    assertThat(mapped.toString()).isEqualTo("::ffff:192.0.2.1");
    assertThat(mapped).isNotEqualTo(IpAddress.parse("192.0.2.1"));
  }

  @Test
  void matchesPrefixesBitByBit() {
    IpAddress a = IpAddress.parse("10.1.2.3");
    assertThat(a.inPrefix(IpAddress.parse("10.0.0.0"), 8)).isTrue();
    assertThat(a.inPrefix(IpAddress.parse("10.0.0.0"), 16)).isFalse();
    assertThat(a.inPrefix(IpAddress.parse("10.1.2.0"), 31)).isFalse();
    assertThat(a.inPrefix(IpAddress.parse("10.1.2.2"), 31)).isTrue();
    assertThat(a.inPrefix(IpAddress.parse("::"), 0)).isFalse();
  }

  @Test
  void refusesNamesInsteadOfResolvingThem() {
    assertThatThrownBy(() -> IpAddress.parse("example.com")).isInstanceOf(IllegalArgumentException.class);
    assertThat(IpAddress.isLiteral("example.com")).isFalse();
    assertThat(IpAddress.isLiteral("[2001:db8::1]")).isTrue();
  }
}
