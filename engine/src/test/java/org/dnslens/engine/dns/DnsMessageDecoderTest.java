package org.dnslens.engine.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.dnslens.engine.issue.IssueCounter;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.model.DnsName;
import org.dnslens.engine.model.Edns;
import org.dnslens.engine.model.EdnsOption;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.engine.model.IssueReason;
import org.dnslens.engine.model.ParseStatus;
import org.dnslens.engine.model.RData;
import org.dnslens.engine.model.ResourceRecord;
import org.dnslens.engine.model.Section;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CAARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.CookieOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNAMERecord;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.NAPTRRecord;
import org.xbill.DNS.NSIDOption;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SPFRecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** Well-formed messages built with dnsjava: every typed rdata, each section, EDNS. */
class DnsMessageDecoderTest {
  private final IssueCounter issues = new IssueCounter();
  private final DnsMessageDecoder decoder = new DnsMessageDecoder(issues);

  private static Name n(String s) throws Exception {
    return Name.fromString(s);
  }

  private DnsMessage decode(Message m) {
    return decoder.decode(DnsTestMessages.raw(m.toWire()));
  }

  private static Message response(String qname, int qtype) throws Exception {
    Message m = Message.newQuery(Record.newRecord(n(qname), qtype, DClass.IN));
    m.getHeader().setID(0x1234);
    m.getHeader().setFlag(Flags.QR);
    m.getHeader().setFlag(Flags.RA);
    return m;
  }

  private ResourceRecord only(Message m) {
    DnsMessage d = decode(m);
    assertThat(d.status()).isEqualTo(ParseStatus.COMPLETE);
    assertThat(d.issue()).isNull();
    assertThat(d.answers()).hasSize(1);
    return d.answers().get(0);
  }

  @Test
  void decodesHeaderAndQuestionExactly() throws Exception {
    Message m = response("WwW.Example.com.", Type.A);
    m.getHeader().setFlag(Flags.AD);
    DnsMessage d = decode(m);
    assertThat(d.header().id()).isEqualTo(0x1234);
    assertThat(d.header().flagNames()).isEqualTo("qr rd ra ad");
    assertThat(d.header().questionCount()).isEqualTo(1);
    assertThat(d.header().rcode()).isZero();
    assertThat(d.questions()).hasSize(1);
    assertThat(d.firstQuestion().name().toString()).isEqualTo("WwW.Example.com");
    assertThat(d.firstQuestion().type()).isEqualTo(1);
    assertThat(d.firstQuestion().dnsClass()).isEqualTo(1);
    assertThat(d.edns()).isNull();
    assertThat(d.meta()).isSameAs(DnsTestMessages.META);
    assertThat(issues.total()).isZero();
  }

  @Test
  void decodesAddressRecordsWithCanonicalText() throws Exception {
    Message m = response("example.com.", Type.A);
    m.addRecord(new ARecord(n("example.com."), DClass.IN, 300, InetAddress.getByName("192.0.2.7")), 1);
    m.addRecord(
        new AAAARecord(n("example.com."), DClass.IN, 4294967295L & 0x7fffffffL, InetAddress.getByName("2001:db8::1")),
        1);
    DnsMessage d = decode(m);
    ResourceRecord a = d.answers().get(0);
    assertThat(a.section()).isEqualTo(Section.ANSWER);
    assertThat(a.name().toString()).isEqualTo("example.com");
    assertThat(a.type()).isEqualTo(1);
    assertThat(a.dnsClass()).isEqualTo(1);
    assertThat(a.ttl()).isEqualTo(300);
    assertThat(a.data()).isEqualTo("192.0.2.7");
    assertThat(a.rdata()).isEqualTo(new RData.Address(IpAddress.parse("192.0.2.7")));
    ResourceRecord aaaa = d.answers().get(1);
    assertThat(aaaa.data()).isEqualTo("2001:db8::1");
    assertThat(aaaa.ttl()).isEqualTo(0x7fffffffL);
    assertThat(aaaa.rdata()).isEqualTo(new RData.Address(IpAddress.parse("2001:db8::1")));
  }

  @Test
  void decodesSingleNameTypesWithCompressedTargetsKeepingCase() throws Exception {
    Message m = response("a.example.com.", Type.CNAME);
    m.addRecord(new CNAMERecord(n("a.example.com."), DClass.IN, 60, n("B.Example.ORG.")), 1);
    m.addRecord(new DNAMERecord(n("d.example.com."), DClass.IN, 60, n("x.example.net.")), 1);
    m.addRecord(new NSRecord(n("example.com."), DClass.IN, 60, n("ns1.example.com.")), 2);
    m.addRecord(new PTRRecord(n("7.2.0.192.in-addr.arpa."), DClass.IN, 60, n("h\\.st.example.com.")), 3);
    DnsMessage d = decode(m);
    assertThat(d.status()).isEqualTo(ParseStatus.COMPLETE);
    // dnsjava compresses case-insensitively, so only a name with a suffix of its own keeps its case
    // through dnsjava; the decoder reports whatever the wire says.
    assertThat(d.answers().get(0).data()).isEqualTo("B.Example.ORG.");
    assertThat(d.answers().get(0).rdata()).isEqualTo(new RData.Target(DnsName.parse("B.Example.ORG")));
    assertThat(d.answers().get(1).data()).isEqualTo("x.example.net.");
    assertThat(d.answers().get(1).type()).isEqualTo(Type.DNAME);
    assertThat(d.authorities()).singleElement().satisfies(r -> {
      assertThat(r.section()).isEqualTo(Section.AUTHORITY);
      assertThat(r.data()).isEqualTo("ns1.example.com.");
    });
    assertThat(d.additionals()).singleElement().satisfies(r -> {
      assertThat(r.section()).isEqualTo(Section.ADDITIONAL);
      assertThat(r.name().toString()).isEqualTo("7.2.0.192.in-addr.arpa");
      assertThat(r.data()).isEqualTo("h\\.st.example.com.");
      assertThat(((RData.Target) r.rdata()).target().label(0)).containsExactly('h', '.', 's', 't');
    });
  }

  @Test
  void decodesMxSrvSoaNaptr() throws Exception {
    Message m = response("example.com.", Type.ANY);
    m.addRecord(new MXRecord(n("example.com."), DClass.IN, 60, 10, n("mail.example.com.")), 1);
    m.addRecord(new SRVRecord(n("_sip._tcp.example.com."), DClass.IN, 60, 1, 2, 5060, n("sip.example.com.")), 1);
    m.addRecord(
        new SOARecord(n("example.com."), DClass.IN, 60, n("ns.example.com."), n("host\\.master.example.com."),
            4294967295L, 7200, 3600, 1209600, 300),
        1);
    m.addRecord(
        new NAPTRRecord(n("example.com."), DClass.IN, 60, 100, 10, "U", "E2U+sip", "!^.*$!sip:info@example.com!",
            Name.root),
        1);
    DnsMessage d = decode(m);
    assertThat(d.status()).isEqualTo(ParseStatus.COMPLETE);
    List<ResourceRecord> a = d.answers();
    assertThat(a.get(0).data()).isEqualTo("10 mail.example.com.");
    assertThat(a.get(0).rdata()).isEqualTo(new RData.Mx(10, DnsName.parse("mail.example.com")));
    assertThat(a.get(1).data()).isEqualTo("1 2 5060 sip.example.com.");
    assertThat(a.get(1).rdata()).isEqualTo(new RData.Srv(1, 2, 5060, DnsName.parse("sip.example.com")));
    assertThat(a.get(2).data())
        .isEqualTo("ns.example.com. host\\.master.example.com. 4294967295 7200 3600 1209600 300");
    assertThat(a.get(2).rdata())
        .isEqualTo(new RData.Soa(DnsName.parse("ns.example.com"), DnsName.parse("host\\.master.example.com"),
            4294967295L, 7200, 3600, 1209600, 300));
    assertThat(a.get(3).data()).isEqualTo("100 10 \"U\" \"E2U+sip\" \"!^.*$!sip:info@example.com!\" .");
    assertThat(a.get(3).rdata())
        .isEqualTo(new RData.Naptr(100, 10, "U", "E2U+sip", "!^.*$!sip:info@example.com!", DnsName.ROOT));
  }

  @Test
  void decodesTxtAndSpfKeepingEveryByte() throws Exception {
    Message m = response("example.com.", Type.TXT);
    m.addRecord(new TXTRecord(n("example.com."), DClass.IN, 60, List.of("v=spf1 -all", "q\\\"\\\\ \\255\\000")), 1);
    m.addRecord(new SPFRecord(n("example.com."), DClass.IN, 60, "v=spf1 mx"), 1);
    DnsMessage d = decode(m);
    ResourceRecord txt = d.answers().get(0);
    assertThat(txt.data()).isEqualTo("\"v=spf1 -all\" \"q\\\"\\\\ \\255\\000\"");
    assertThat(txt.rdata()).isEqualTo(new RData.Txt(List.of("v=spf1 -all", "q\"\\ \u00ff\u0000")));
    assertThat(d.answers().get(1).data()).isEqualTo("\"v=spf1 mx\"");
    assertThat(d.answers().get(1).rdata()).isEqualTo(new RData.Txt(List.of("v=spf1 mx")));
  }

  @Test
  void decodesCaa() throws Exception {
    Message m = response("example.com.", Type.CAA);
    m.addRecord(new CAARecord(n("example.com."), DClass.IN, 60, 128, "issue", "ca.example.net; account=\"1\""), 1);
    ResourceRecord r = only(m);
    assertThat(r.data()).isEqualTo("128 issue \"ca.example.net; account=\\\"1\\\"\"");
    assertThat(r.rdata()).isEqualTo(new RData.Caa(128, "issue", "ca.example.net; account=\"1\""));
  }

  @Test
  void decodesHttpsParams() throws Exception {
    Message m = response("example.com.", Type.HTTPS);
    m.addRecord(
        Record.fromString(n("example.com."), Type.HTTPS, DClass.IN, 60,
            "1 svc.Example.net. alpn=h2,h3 port=8443 ipv4hint=192.0.2.1 ipv6hint=2001:db8::1", Name.root),
        1);
    ResourceRecord r = only(m);
    assertThat(r.data())
        .isEqualTo("1 svc.Example.net. alpn=h2,h3 port=8443 ipv4hint=192.0.2.1 ipv6hint=2001:db8:0:0:0:0:0:1");
    RData.Svcb s = (RData.Svcb) r.rdata();
    assertThat(s.priority()).isEqualTo(1);
    assertThat(s.target()).isEqualTo(DnsName.parse("svc.Example.net"));
    assertThat(s.params())
        .containsExactly(
            new RData.SvcParam(1, "alpn", "h2,h3"),
            new RData.SvcParam(3, "port", "8443"),
            new RData.SvcParam(4, "ipv4hint", "192.0.2.1"),
            new RData.SvcParam(6, "ipv6hint", "2001:db8:0:0:0:0:0:1"));
  }

  @Test
  void decodesDnssecRecords() throws Exception {
    Message m = response("example.com.", Type.DNSKEY);
    Name o = n("example.com.");
    m.addRecord(Record.fromString(o, Type.DS, DClass.IN, 60,
        "60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118", Name.root), 1);
    m.addRecord(Record.fromString(o, Type.DNSKEY, DClass.IN, 60,
        "257 3 8 AwEAAaz/tAm8yTn4Mfeh5eyI96WSVexTBAvkMgJzkKTOiW1vkIbzxeF3", Name.root), 1);
    m.addRecord(Record.fromString(o, Type.RRSIG, DClass.IN, 60,
        "A 8 2 3600 20300101000000 20200101000000 12345 Example.com. AQIDBA==", Name.root), 1);
    m.addRecord(Record.fromString(o, Type.NSEC, DClass.IN, 60, "b.Example.com. A NS SOA RRSIG NSEC", Name.root), 1);
    m.addRecord(Record.fromString(o, Type.NSEC3, DClass.IN, 60,
        "1 1 12 AABBCCDD 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR A RRSIG", Name.root), 1);
    DnsMessage d = decode(m);
    assertThat(d.status()).isEqualTo(ParseStatus.COMPLETE);
    List<ResourceRecord> a = d.answers();
    assertThat(a.get(0).data()).isEqualTo("60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118");
    assertThat(a.get(0).rdata()).isEqualTo(new RData.Ds(60485, 5, 1, "2BB183AF5F22588179A53B0A98631FAD1A292118"));
    RData.Dnskey k = (RData.Dnskey) a.get(1).rdata();
    assertThat(k.flags()).isEqualTo(257);
    assertThat(k.protocol()).isEqualTo(3);
    assertThat(k.algorithm()).isEqualTo(8);
    assertThat(k.publicKeyBase64()).isEqualTo("AwEAAaz/tAm8yTn4Mfeh5eyI96WSVexTBAvkMgJzkKTOiW1vkIbzxeF3");
    assertThat(k.keyTag()).isEqualTo(((org.xbill.DNS.DNSKEYRecord) Record.fromString(o, Type.DNSKEY, DClass.IN, 60,
        "257 3 8 AwEAAaz/tAm8yTn4Mfeh5eyI96WSVexTBAvkMgJzkKTOiW1vkIbzxeF3", Name.root)).getFootprint());
    assertThat(a.get(2).data()).isEqualTo("A 8 2 3600 20300101000000 20200101000000 12345 Example.com. AQIDBA==");
    assertThat(a.get(2).rdata())
        .isEqualTo(new RData.Rrsig(1, 8, 2, 3600, 1893456000L, 1577836800L, 12345,
            DnsName.parse("Example.com"), "AQIDBA=="));
    assertThat(a.get(3).data()).isEqualTo("b.Example.com. A NS SOA RRSIG NSEC");
    assertThat(a.get(3).rdata()).isEqualTo(new RData.Nsec(DnsName.parse("b.Example.com"), List.of(1, 2, 6, 46, 47)));
    RData.Nsec3 n3 = (RData.Nsec3) a.get(4).rdata();
    assertThat(n3.hashAlgorithm()).isEqualTo(1);
    assertThat(n3.flags()).isEqualTo(1);
    assertThat(n3.iterations()).isEqualTo(12);
    assertThat(n3.saltHex()).isEqualTo("AABBCCDD");
    assertThat(n3.nextHashed()).isEqualTo("2T7B4G4VSA5SMI47K61MV5BV1A22BOJR");
    assertThat(n3.types()).containsExactly(1, 46);
  }

  @Test
  void unknownTypeIsRfc3597Hex() throws Exception {
    Message m = response("example.com.", 65280);
    m.addRecord(Record.newRecord(n("example.com."), 65280, DClass.IN, 60, new byte[] {0x0a, (byte) 0xbc}), 1);
    m.addRecord(Record.newRecord(n("example.com."), 65281, DClass.IN, 60, new byte[0]), 1);
    DnsMessage d = decode(m);
    assertThat(d.answers().get(0).data()).isEqualTo("\\# 2 0ABC");
    assertThat(d.answers().get(0).rdata()).isNull();
    assertThat(d.answers().get(1).data()).isEqualTo("\\# 0");
    assertThat(issues.total()).isZero();
  }

  @Test
  void ednsOptionsAndExtendedRcode() throws Exception {
    Message m = response("example.com.", Type.A);
    m.getHeader().setRcode(Rcode.BADVERS & 0xf);
    byte[] client = {1, 2, 3, 4, 5, 6, 7, 8};
    byte[] server = {9, 10, 11, 12, 13, 14, 15, 16};
    OPTRecord opt =
        new OPTRecord(1232, 1, 0, ExtendedFlags.DO,
            List.of(
                new ClientSubnetOption(24, 0, InetAddress.getByName("198.51.100.0")),
                new CookieOption(client, server),
                new NSIDOption("ns1\u0001".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)),
                new GenericEDNSOption(12, new byte[5]),
                new GenericEDNSOption(11, new byte[] {0, 50}),
                new GenericEDNSOption(15, new byte[] {0, 18, 'x'}),
                new GenericEDNSOption(65001, new byte[] {(byte) 0xfe})));
    m.addRecord(opt, 3);
    DnsMessage d = decode(m);
    assertThat(d.status()).isEqualTo(ParseStatus.COMPLETE);
    assertThat(d.issue()).isNull();
    assertThat(d.additionals()).isEmpty();
    assertThat(d.header().rcode()).isEqualTo(16);
    assertThat(d.header().headerRcode()).isZero();
    Edns e = d.edns();
    assertThat(e.udpPayloadSize()).isEqualTo(1232);
    assertThat(e.extendedRcode()).isEqualTo(1);
    assertThat(e.version()).isZero();
    assertThat(e.dnssecOk()).isTrue();
    assertThat(e.flags()).isEqualTo(0x8000);
    assertThat(e.options())
        .containsExactly(
            new EdnsOption(8, "ECS", "198.51.100.0/24/0", "00011800C63364"),
            new EdnsOption(10, "COOKIE", "client=0102030405060708, server=090A0B0C0D0E0F10",
                "0102030405060708090A0B0C0D0E0F10"),
            new EdnsOption(3, "NSID", "6E733101 \"ns1\\001\"", "6E733101"),
            new EdnsOption(12, "PADDING", "5", "0000000000"),
            new EdnsOption(11, "TCP-KEEPALIVE", "timeout=5000ms", "0032"),
            new EdnsOption(15, "EDE", "18 \"x\"", "001278"),
            new EdnsOption(65001, "OPT65001", "FE", "FE"));
  }

  @Test
  void clientSubnetIpv6() throws Exception {
    Message m = response("example.com.", Type.A);
    m.addRecord(new OPTRecord(4096, 0, 0, 0,
        List.of(new ClientSubnetOption(56, 48, InetAddress.getByName("2001:db8:aa:bb00::")))), 3);
    DnsMessage d = decode(m);
    assertThat(d.edns().options().get(0).data()).isEqualTo("2001:db8:aa:bb00::/56/48");
    assertThat(d.edns().dnssecOk()).isFalse();
  }

  @Test
  void fuzzSeedsDecodeAsIntended() throws Exception {
    String dir = "DnsMessageDecoderFuzzTestInputs/decodesAnyBytes/";
    DnsMessage rich = decoder.decode(DnsTestMessages.raw(seed(dir + "dnsjava-response")));
    assertThat(rich.status()).isEqualTo(ParseStatus.COMPLETE);
    assertThat(rich.answers()).hasSize(6);
    assertThat(rich.edns().options()).hasSize(2);
    assertThat(issues.total()).isZero();
    DnsMessage chain = decoder.decode(DnsTestMessages.raw(seed(dir + "pointer-chain")));
    assertThat(chain.answers().get(1).name().toString()).isEqualTo("a");
    assertThat(chain.answers().get(1).data()).isEqualTo("a.");
    assertThat(decoder.decode(DnsTestMessages.raw(seed(dir + "compression-loop"))).issue())
        .isEqualTo(IssueReason.DNS_COMPRESSION_LOOP);
  }

  private static byte[] seed(String name) throws java.io.IOException {
    try (var in = DnsMessageDecoderTest.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }
}
