package org.dnslens.engine.ioc;

import static org.dnslens.engine.ioc.TestTransactions.ask;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.dnslens.engine.ioc.IocValueParser.BadValueException;
import org.dnslens.engine.ioc.IocValueParser.Expect;
import org.dnslens.engine.ioc.IocValueParser.Parsed;
import org.dnslens.engine.model.DnsName;
import org.dnslens.engine.model.Ioc;
import org.dnslens.engine.model.IocKind;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.engine.model.RrType;
import org.dnslens.engine.model.Transaction;
import org.junit.jupiter.api.Test;

class IocMatcherTest {

  static Ioc ioc(String raw) {
    try {
      Parsed p = IocValueParser.parse(raw, Expect.ANY);
      return new Ioc(p.value(), p.kind(), "test.txt", 1, null, List.of(), null, null, null);
    } catch (BadValueException e) {
      throw new AssertionError(raw + ": " + e.getMessage(), e);
    }
  }

  static IocMatcher matcher(String... raw) {
    List<Ioc> iocs = new ArrayList<>();
    for (String r : raw) {
      iocs.add(ioc(r));
    }
    return IocMatcher.of(iocs);
  }

  /** Hits as "where value<-ioc" strings, in order. */
  static List<String> hits(IocMatcher m, Transaction tx) {
    return m.match(tx).stream()
        .map(h -> h.where().label() + " " + h.matchedValue() + "<-" + h.ioc().value())
        .collect(Collectors.toList());
  }

  @Test
  void benignNameWhoseCnameChainEndsInAListedDomainIsAHit() {
    Transaction tx =
        ask("www.benign.example")
            .cname("www.benign.example", "edge.benign-cdn.example")
            .cname("edge.benign-cdn.example", "x7.evil.com")
            .a("x7.evil.com", "203.0.113.9")
            .build();
    assertEquals(List.of("cname_target x7.evil.com<-evil.com"), hits(matcher("evil.com"), tx));
  }

  @Test
  void answerAddressHit() {
    Transaction tx = ask("www.benign.example").a("www.benign.example", "198.51.100.23").build();
    assertEquals(List.of("answer_ip 198.51.100.23<-198.51.100.23"), hits(matcher("198.51.100.23"), tx));
  }

  @Test
  void cidrHitsForIpv4AndIpv6() {
    IocMatcher m = matcher("198.51.100.0/24", "2001:db8:bad::/48", "10.0.0.0/8");
    Transaction tx =
        ask("dual.example")
            .a("dual.example", "198.51.100.200")
            .aaaa("dual.example", "2001:db8:bad:1::5")
            .aaaa("dual.example", "2001:db8:bae::1")
            .build();
    assertEquals(
        List.of(
            "answer_ip 198.51.100.200<-198.51.100.0/24", "answer_ip 2001:db8:bad:1::5<-2001:db8:bad::/48"),
        hits(m, tx));
  }

  @Test
  void zeroLengthAndHostLengthPrefixesLongestFirst() {
    IocMatcher m = matcher("0.0.0.0/0", "192.0.2.10/32");
    Transaction tx = ask("a.example").unanswered().build();
    assertEquals(
        List.of(
            "client_ip 192.0.2.10<-192.0.2.10/32",
            "client_ip 192.0.2.10<-0.0.0.0/0",
            "server_ip 192.0.2.53<-0.0.0.0/0"),
        hits(m, tx));
  }

  @Test
  void reverseLookupOfAListedAddressIsAQnameHit() {
    IocMatcher m = matcher("198.51.100.23", "2001:db8::/32");
    Transaction v4 = ask("23.100.51.198.in-addr.arpa").type(RrType.PTR).ptr("23.100.51.198.in-addr.arpa", "host.example").build();
    assertEquals(List.of("qname 23.100.51.198.in-addr.arpa<-198.51.100.23"), hits(m, v4));
    String v6Name = "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa";
    assertEquals(List.of("qname " + v6Name + "<-2001:db8::/32"), hits(m, ask(v6Name).type(RrType.PTR).build()));
    assertEquals(List.of(), hits(m, ask("100.51.198.in-addr.arpa").build()));
    assertEquals(List.of(), hits(m, ask("23.100.51.298.in-addr.arpa").build()));
    assertEquals(IpAddress.parse("2001:db8::1"), ReverseName.address(v6Name));
  }

  @Test
  void endpointHits() {
    IocMatcher m = matcher("192.0.2.53", "2001:db8::66");
    assertEquals(List.of("server_ip 192.0.2.53<-192.0.2.53"), hits(m, ask("a.example").build()));
    Transaction v6 = ask("a.example").from("2001:db8::66").to("2001:db8::53").unanswered().build();
    assertEquals(List.of("client_ip 2001:db8::66<-2001:db8::66"), hits(m, v6));
  }

  @Test
  void ipv4MappedIpv6AnswerMatchesAnIpv4Indicator() {
    Transaction tx = ask("m.example").type(RrType.AAAA).aaaa("m.example", "::ffff:198.51.100.7").build();
    assertEquals(List.of("answer_ip ::ffff:198.51.100.7<-198.51.100.7"), hits(matcher("198.51.100.7"), tx));
  }

  @Test
  void unicodeIndicatorMatchesPunycodeName() {
    IocMatcher m = matcher("bücher.example");
    assertEquals("xn--bcher-kva.example", m.matchDomain("XN--BCHER-KVA.example.").get(0).value());
    Transaction tx = ask("shop.XN--BCHER-KVA.example").build();
    assertEquals(List.of("qname shop.xn--bcher-kva.example<-xn--bcher-kva.example"), hits(m, tx));
  }

  @Test
  void punycodeIndicatorMatchesUnicodeAndPunycodeNames() {
    IocMatcher m = matcher("xn--bcher-kva.example");
    assertEquals(1, m.matchDomain("BÜCHER.example").size());
    Transaction tx = ask("xn--bcher-kva.example").build();
    assertEquals(List.of("qname xn--bcher-kva.example<-xn--bcher-kva.example"), hits(m, tx));
  }

  @Test
  void nonAsciiBytesOnTheWireCannotMatch() {
    // a raw UTF-8 label is escaped as \DDD in presentation format; indicators are punycode
    DnsName raw = DnsName.fromLabels(List.of("b\u00c3\u00bccher".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), "example".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    assertEquals(List.of(), hits(matcher("bücher.example"), ask(raw).build()));
  }

  @Test
  void wildcardMatchesSubdomains() {
    IocMatcher m = matcher("*.wild.example");
    assertEquals(List.of("qname a.b.wild.example<-wild.example"), hits(m, ask("a.b.wild.example").build()));
    assertEquals(List.of(), hits(m, ask("wild.example.org").build()));
  }

  @Test
  void exactModeMatchesTheNameOnly() {
    IocMatcher exact = IocMatcher.of(List.of(ioc("evil.com")), true);
    assertTrue(exact.isExact());
    assertEquals(List.of(), hits(exact, ask("www.evil.com").build()));
    assertEquals(List.of("qname evil.com<-evil.com"), hits(exact, ask("EVIL.com").build()));
  }

  @Test
  void urlHostIsAnExactIndicatorEvenWithoutExactMode() {
    IocMatcher m = matcher("hxxps://login.phish.example/owa");
    assertEquals(IocKind.DOMAIN_EXACT, ioc("hxxps://login.phish.example/owa").kind());
    assertEquals(List.of(), hits(m, ask("a.login.phish.example").build()));
    assertEquals(1, hits(m, ask("login.phish.example").build()).size());
  }

  @Test
  void noFalseSubdomainHits() {
    IocMatcher m = matcher("evil.com");
    for (String benign :
        List.of("notevil.com", "evil.com.au", "evil.co", "vil.com", "evilcom.net", "com", "evil.comx", "x-evil.com")) {
      assertEquals(List.of(), hits(m, ask(benign).build()), benign);
    }
    assertEquals(1, hits(m, ask("a.evil.com").build()).size());
  }

  @Test
  void escapedDotInsideALabelIsNotALabelBoundary() {
    // labels ["x.evil", "com"]: presentation "x\.evil.com"; it is not a subdomain of evil.com
    DnsName tricky = DnsName.parse("x\\.evil.com");
    assertEquals(2, tricky.labelCount());
    assertEquals(List.of(), hits(matcher("evil.com"), ask(tricky).build()));
    // an escaped backslash before a real dot is still a boundary: labels ["x\\", "evil", "com"]
    DnsName backslash = DnsName.parse("x\\\\.evil.com");
    assertEquals(3, backslash.labelCount());
    assertEquals(1, hits(matcher("evil.com"), ask(backslash).build()).size());
  }

  @Test
  void everyTargetKindAndRecordOwnersAreChecked() {
    IocMatcher m =
        matcher("ns.evil.com", "mx.evil.com", "ptr.evil.com", "srv.evil.com", "svc.evil.com", "dn.evil.com", "glue.evil.com");
    Transaction tx =
        ask("benign.example")
            .type(RrType.ANY)
            .mx("benign.example", "mx.evil.com")
            .ptr("9.2.0.192.in-addr.arpa", "ptr.evil.com")
            .srv("_sip._tcp.benign.example", "srv.evil.com")
            .https("benign.example", "svc.evil.com")
            .dname("benign.example", "dn.evil.com")
            .ns("benign.example", "ns.evil.com")
            .additionalA("glue.evil.com", "192.0.2.1")
            .build();
    assertEquals(
        List.of(
            "mx_target mx.evil.com<-mx.evil.com",
            "ptr_target ptr.evil.com<-ptr.evil.com",
            "srv_target srv.evil.com<-srv.evil.com",
            "svcb_target svc.evil.com<-svc.evil.com",
            "dname_target dn.evil.com<-dn.evil.com",
            "ns_target ns.evil.com<-ns.evil.com",
            "record_owner glue.evil.com<-glue.evil.com"),
        hits(m, tx));
  }

  @Test
  void aNameSeenAsQuestionAndOwnerIsReportedOnce() {
    IocMatcher m = matcher("evil.com");
    Transaction tx = ask("www.evil.com").a("www.evil.com", "192.0.2.1").a("www.evil.com", "192.0.2.2").build();
    assertEquals(List.of("qname www.evil.com<-evil.com"), hits(m, tx));
  }

  @Test
  void everyIndicatorOfTheSameValueHits() {
    Ioc a = new Ioc("evil.com", IocKind.DOMAIN, "a.txt", 1, null, List.of(), null, null, null);
    Ioc b = new Ioc("evil.com", IocKind.DOMAIN, "b.txt", 7, null, List.of(), null, null, null);
    Ioc c = new Ioc("www.evil.com", IocKind.DOMAIN_EXACT, "c.txt", 3, null, List.of(), null, null, null);
    IocMatcher m = IocMatcher.of(List.of(a, b, c));
    List<IocHit> hits = m.match(ask("www.evil.com").build());
    assertEquals(3, hits.size());
    assertEquals(List.of("a.txt", "b.txt", "c.txt"), hits.stream().map(h -> h.ioc().list()).sorted().collect(Collectors.toList()));
  }

  @Test
  void reusableListAppendsWithoutTouchingEarlierHits() {
    IocMatcher m = matcher("evil.com");
    List<IocHit> into = new ArrayList<>();
    assertEquals(0, m.match(ask("benign.example").build(), into));
    assertEquals(1, m.match(ask("evil.com").build(), into));
    assertEquals(1, m.match(ask("evil.com").build(), into));
    assertEquals(2, into.size());
  }

  @Test
  void matchIpFindsAddressAndNetworks() {
    IocMatcher m = matcher("192.0.2.1", "192.0.2.0/24", "192.0.0.0/16");
    assertEquals(3, m.matchIp(IpAddress.parse("192.0.2.1")).size());
    assertEquals(1, m.matchIp(IpAddress.parse("192.0.3.1")).size());
    assertEquals(0, m.matchIp(IpAddress.parse("192.1.0.0")).size());
    assertEquals(3, m.size());
  }

  @Test
  void manyIndicatorsGrowTheTable() {
    List<Ioc> iocs = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      iocs.add(new Ioc("host" + i + ".zone" + (i % 97) + ".example", IocKind.DOMAIN, "big", i + 1, null, List.of(), null, null, null));
    }
    IocMatcher m = IocMatcher.of(iocs);
    assertEquals(1, m.matchDomain("a.host4242.zone71.example").size());
    assertEquals(0, m.matchDomain("host4242.zone70.example").size());
  }
}
