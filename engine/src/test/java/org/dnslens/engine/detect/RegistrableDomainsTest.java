package org.dnslens.engine.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RegistrableDomainsTest {
  private final RegistrableDomains d = new RegistrableDomains();

  @Test
  void usesTheIcannSuffixes() {
    assertThat(d.of("t.example.net")).isEqualTo("example.net");
    assertThat(d.of("a.b.example.co.uk.")).isEqualTo("example.co.uk");
    assertThat(d.of("example.com")).isEqualTo("example.com");
    assertThat(d.of("com")).isEqualTo("com");
    // private-section zones do not split a tunnel into one key per subdomain
    assertThat(d.of("abc.def.duckdns.org")).isEqualTo("duckdns.org");
    // in-addr.arpa is itself a public suffix: reverse names group by their first octet
    assertThat(d.of("1.2.0.192.in-addr.arpa")).isEqualTo("192.in-addr.arpa");
  }

  @Test
  void oddLabelsInTheSubdomainDoNotBreakTheParse() {
    String payload = "x".repeat(63);
    assertThat(d.of(payload + ".a.b.c.d.e.f.g.t.example.org")).isEqualTo("example.org");
    assertThat(d.of("_ldap._tcp.dc._msdcs.corp.example.com")).isEqualTo("example.com");
    assertThat(d.of("a\\000b.evil.example")).isEqualTo("evil.example");
    assertThat(d.of("host.corp.internal")).isEqualTo("corp.internal");
  }

  @Test
  void underscoreLabelsUnderATwoLevelSuffixKeepTheRegistrableLabel() {
    // Guava rejects labels that start with '_'; the old last-two-labels fallback made these "com.au",
    // pooling every site under the suffix into one tunneling key.
    assertThat(d.of("_keys.shop.com.au")).isEqualTo("shop.com.au");
    assertThat(d.of("_dmarc.mail.example.co.uk")).isEqualTo("example.co.uk");
    assertThat(d.of("_ldap._tcp.example.com.au")).isEqualTo("example.com.au");
    assertThat(d.of("a._b.example.com")).isEqualTo("example.com");
    // the underscore label is itself the one under the suffix: it is the registrable label
    assertThat(d.of("_x.com.au")).isEqualTo("_x.com.au");
    assertThat(d.of("y._x.com.au")).isEqualTo("_x.com.au");
    assertThat(d.of("_keys.com")).isEqualTo("_keys.com");
    // two different sites stay two keys
    assertThat(d.of("_keys.a.com.au")).isNotEqualTo(d.of("_keys.b.com.au"));
  }

  @Test
  void subdomainPartAndLastLabels() {
    assertThat(RegistrableDomains.subdomainPart("a.b.example.com", "example.com")).isEqualTo("a.b");
    assertThat(RegistrableDomains.subdomainPart("example.com", "example.com")).isEmpty();
    assertThat(RegistrableDomains.lastLabels("a.b.c", 2)).isEqualTo("b.c");
    assertThat(RegistrableDomains.lastLabels("c", 2)).isEqualTo("c");
  }
}
