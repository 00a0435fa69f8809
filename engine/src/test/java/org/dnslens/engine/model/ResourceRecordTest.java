package org.dnslens.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Lazily derived {@code data} reads, compares and prints like data given up front. */
class ResourceRecordTest {
  private static ResourceRecord rr(int type, String data, RData rdata) {
    return new ResourceRecord(Section.ANSWER, DnsName.parse("a.example"), type, DnsClass.IN, 60, data, rdata);
  }

  @Test
  void derivedDataIsThePresentationText() {
    assertThat(rr(RrType.A, null, new RData.Address(IpAddress.parse("192.0.2.1"))).data()).isEqualTo("192.0.2.1");
    assertThat(rr(RrType.AAAA, null, new RData.Address(IpAddress.parse("2001:db8::1"))).data())
        .isEqualTo("2001:db8::1");
    assertThat(rr(RrType.CNAME, null, new RData.Target(DnsName.parse("b.ex\\.ample"))).data())
        .isEqualTo("b.ex\\.ample.");
    assertThat(rr(RrType.NS, null, new RData.Target(DnsName.ROOT)).data()).isEqualTo(".");
    assertThat(rr(RrType.MX, null, new RData.Mx(10, DnsName.parse("mx.example"))).data()).isEqualTo("10 mx.example.");
  }

  @Test
  void derivedTxtDataIsDnsjavasText() {
    // As the decoder wrote it eagerly: quoted strings, spaces between, \" \\ escaped, \DDD outside
    // printable ASCII (0x7f and 0xff included); an rdata of no strings is empty text.
    ResourceRecord txt = rr(RrType.TXT, null, new RData.Txt(List.of("v=spf1 -all", "q\"\\ \u007f\u00ff\u0000", "")));
    assertThat(txt.dataIsDerived()).isTrue();
    assertThat(txt.data()).isEqualTo("\"v=spf1 -all\" \"q\\\"\\\\ \\127\\255\\000\" \"\"");
    assertThat(rr(RrType.TXT, null, new RData.Txt(List.of())).data()).isEmpty();
    assertThat(txt).isEqualTo(rr(RrType.TXT, txt.data(), txt.rdata()));
  }

  @Test
  void lazyAndEagerRecordsAreEqual() {
    RData rdata = new RData.Mx(5, DnsName.parse("mx.example"));
    ResourceRecord lazy = rr(RrType.MX, null, rdata);
    ResourceRecord eager = rr(RrType.MX, "5 mx.example.", rdata);
    assertThat(lazy.dataIsDerived()).isTrue();
    assertThat(eager.dataIsDerived()).isFalse();
    assertThat(lazy).isEqualTo(eager).hasSameHashCodeAs(eager);
    assertThat(lazy.toString()).isEqualTo(eager.toString()).contains("data=5 mx.example.");
    assertThat(rr(RrType.MX, "6 mx.example.", rdata)).isNotEqualTo(lazy);
  }

  @Test
  void dataGivenIsKeptEvenWhenDerivable() {
    ResourceRecord r = rr(RrType.A, "as given", new RData.Address(IpAddress.parse("192.0.2.1")));
    assertThat(r.data()).isEqualTo("as given");
    assertThat(rr(RrType.TXT, null, null).data()).isNull();
    assertThat(rr(RrType.TXT, "\"given\"", new RData.Txt(List.of("other"))).data()).isEqualTo("\"given\"");
  }
}
