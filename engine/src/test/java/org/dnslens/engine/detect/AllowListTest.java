package org.dnslens.engine.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AllowListTest {
  @Test
  void suffixCoversItselfAndNamesBelowOnly() {
    AllowList a = AllowList.parse(List.of("*.avts.mcafee.com  # comment", "e5.sk", "", "# only comment"));
    assertThat(a.allowsName("avts.mcafee.com")).isTrue();
    assertThat(a.allowsName("0.1.2.abc.avts.mcafee.com")).isTrue();
    assertThat(a.allowsName("mcafee.com")).isFalse();
    assertThat(a.allowsName("xavts.mcafee.com")).isFalse();
    assertThat(a.allowsName("a.e5.sk.")).isTrue();
    assertThat(a.allowsName("be5.sk")).isFalse();
    assertThat(a.domainCount()).isEqualTo(2);
  }

  @Test
  void clientsByAddressAndPrefix() {
    AllowList a = AllowList.empty().withClients("10.9.0.0/16", "192.0.2.7", "2001:db8::/32");
    assertThat(a.allowsClient(TxFixtures.ip("10.9.200.1"))).isTrue();
    assertThat(a.allowsClient(TxFixtures.ip("10.8.0.1"))).isFalse();
    assertThat(a.allowsClient(TxFixtures.ip("192.0.2.7"))).isTrue();
    assertThat(a.allowsClient(TxFixtures.ip("192.0.2.8"))).isFalse();
    assertThat(a.allowsClient(TxFixtures.ip("2001:db8::1"))).isTrue();
    assertThatThrownBy(() -> AllowList.parse(List.of("client 10.0.0.0/33")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AllowList.parse(List.of("client example.com")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shippedDefaultsCoverCdnsAvLookupsAndDnsbls() {
    AllowList d = AllowList.defaults();
    for (String n : List.of("e1234.a.akamaiedge.net", "d111.cloudfront.net", "x.avts.mcafee.com",
        "abc.sophosxl.net", "h.e5.sk", "r1---sn-abc.googlevideo.com", "4.3.2.1.zen.spamhaus.org",
        "1.2.0.192.in-addr.arpa")) {
      assertThat(d.allowsName(n)).as(n).isTrue();
    }
    assertThat(d.allowsName("t.example.net")).isFalse();
    assertThat(d.allowsName("spamhaus.org")).isFalse();
  }
}
