package org.dnslens.engine.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dnslens.engine.decode.Pkt.bytes;
import static org.dnslens.engine.decode.Pkt.cat;
import static org.dnslens.engine.decode.Pkt.u16;
import static org.dnslens.engine.decode.Pkt.u32;

import org.dnslens.engine.model.IpAddress;
import org.dnslens.engine.model.IssueReason;
import org.dnslens.engine.model.PacketMeta;
import org.dnslens.engine.model.TunnelHop;
import org.dnslens.engine.model.TunnelType;
import org.junit.jupiter.api.Test;

class TunnelTest {
  private static final byte[] INNER_V4 = Pkt.udpDnsIpv4(0x5151);
  private static final byte[] INNER_V6 = Pkt.udpDnsIpv6(0x6161);
  private static final byte[] INNER_ETH = Pkt.ethIpv4(INNER_V4);

  private static byte[] outerV4(int proto, byte[] payload) {
    return Pkt.ethIpv4(Pkt.ipv4(proto, "198.51.100.1", "198.51.100.2", payload));
  }

  private static byte[] outerUdp(int sp, int dp, byte[] payload) {
    return outerV4(Pkt.UDP, Pkt.udp(sp, dp, payload));
  }

  private static PacketMeta one(byte[] frame) {
    DecoderHarness h = new DecoderHarness().eth(frame);
    assertThat(h.issues.snapshot()).isEmpty();
    return h.only().meta();
  }

  private static void assertHop(PacketMeta m, TunnelType type, long id) {
    assertThat(m.tunnels()).hasSize(1);
    TunnelHop hop = m.tunnels().get(0);
    assertThat(hop.type()).isEqualTo(type);
    assertThat(hop.id()).isEqualTo(id);
    assertThat(hop.outerSource()).isEqualTo(IpAddress.parse("198.51.100.1"));
    assertThat(hop.outerDestination()).isEqualTo(IpAddress.parse("198.51.100.2"));
  }

  @Test
  void greIpv4AndKeyedGre() {
    PacketMeta plain = one(outerV4(Pkt.GRE, cat(u16(0), u16(0x0800), INNER_V4)));
    assertHop(plain, TunnelType.GRE, -1);
    assertThat(plain.sourceIp()).isEqualTo(IpAddress.parse("10.0.0.1"));
    PacketMeta keyed = one(outerV4(Pkt.GRE, cat(u16(0xb000), u16(0x86dd), u32(0), u32(42), u32(7), INNER_V6)));
    assertHop(keyed, TunnelType.GRE, 42);
    assertThat(keyed.sourceIp().isIpv6()).isTrue();
  }

  @Test
  void greTransparentEthernetBridging() {
    PacketMeta m = one(outerV4(Pkt.GRE, cat(u16(0x2000), u16(0x6558), u32(9), INNER_ETH)));
    assertHop(m, TunnelType.GRE, 9);
    assertThat(m.sourceMac().toString()).isEqualTo("02:00:00:00:00:01");
  }

  @Test
  void erspanTypeIIAndIII() {
    byte[] erspan2 = cat(bytes(0x10, 0x00), u16(0x0000 | 0x155), u32(0));
    PacketMeta m2 = one(outerV4(Pkt.GRE, cat(u16(0x1000), u16(0x88be), u32(1), erspan2, INNER_ETH)));
    assertHop(m2, TunnelType.ERSPAN, 0x155);
    byte[] erspan3 = cat(bytes(0x20, 0x00), u16(0x0007), u32(12345), u16(0), u16(0x0001), new byte[8]);
    PacketMeta m3 = one(outerV4(Pkt.GRE, cat(u16(0x1000), u16(0x22eb), u32(1), erspan3, INNER_ETH)));
    assertHop(m3, TunnelType.ERSPAN, 7);
  }

  @Test
  void enhancedGreCarryingPpp() {
    byte[] ppp = cat(bytes(0xff, 0x03), u16(0x0021), INNER_V4);
    PacketMeta m = one(outerV4(Pkt.GRE, cat(u16(0x3081), u16(0x880b), u16(ppp.length), u16(99), u32(1), u32(0), ppp)));
    assertHop(m, TunnelType.GRE, 99);
  }

  @Test
  void vxlanOnLinuxPort() {
    assertHop(one(outerUdp(50000, 8472, cat(bytes(0x08, 0, 0, 0), u32(7L << 8), INNER_ETH))), TunnelType.VXLAN, 7);
  }

  @Test
  void vxlan() {
    PacketMeta m = one(outerUdp(50000, 4789, cat(bytes(0x08, 0, 0, 0), u32(0x123456L << 8), INNER_ETH)));
    assertHop(m, TunnelType.VXLAN, 0x123456);
    assertThat(m.destinationIp()).isEqualTo(IpAddress.parse("10.0.0.2"));
  }

  @Test
  void geneveWithOptionsCarryingEthernetOrIp() {
    byte[] hdr = cat(bytes(0x01, 0), u16(0x6558), u32(0x000abcL << 8), new byte[4]);
    assertHop(one(outerUdp(50000, 6081, cat(hdr, INNER_ETH))), TunnelType.GENEVE, 0xabc);
    byte[] hdrIp = cat(bytes(0x00, 0), u16(0x0800), u32(5L << 8));
    assertHop(one(outerUdp(50000, 6081, cat(hdrIp, INNER_V4))), TunnelType.GENEVE, 5);
  }

  @Test
  void ipInIpAnd6in4And4in6And6in6() {
    assertHop(one(outerV4(4, INNER_V4)), TunnelType.IP_IN_IP, -1);
    assertHop(one(outerV4(41, INNER_V6)), TunnelType.IPV6_IN_IPV4, -1);
    PacketMeta m = one(Pkt.eth(0x86dd, Pkt.ipv6(4, "2001:db8:ffff::1", "2001:db8:ffff::2", INNER_V4)));
    assertThat(m.tunnels().get(0).type()).isEqualTo(TunnelType.IPV4_IN_IPV6);
    assertThat(m.tunnels().get(0).outerSource()).isEqualTo(IpAddress.parse("2001:db8:ffff::1"));
    assertThat(m.sourceIp()).isEqualTo(IpAddress.parse("10.0.0.1"));
    PacketMeta m66 = one(Pkt.eth(0x86dd, Pkt.ipv6(41, "2001:db8:ffff::1", "2001:db8:ffff::2", INNER_V6)));
    assertThat(m66.tunnels().get(0).type()).isEqualTo(TunnelType.IPV6_IN_IPV6);
  }

  @Test
  void teredoPlainWithOriginAndWithAuth() {
    assertHop(one(outerUdp(3544, 50000, INNER_V6)), TunnelType.TEREDO, -1);
    byte[] origin = cat(u16(0), u16(0x1234), u32(0xcafe));
    assertHop(one(outerUdp(50000, 3544, cat(origin, INNER_V6))), TunnelType.TEREDO, -1);
    byte[] auth = cat(u16(1), bytes(2, 3), bytes(1, 2), bytes(1, 2, 3), new byte[8], bytes(0));
    assertHop(one(outerUdp(3544, 50000, cat(auth, origin, INNER_V6))), TunnelType.TEREDO, -1);
  }

  @Test
  void gtpUPlainAndWithExtensionHeader() {
    byte[] gtp = cat(bytes(0x30, 0xff), u16(INNER_V4.length), u32(0xdeadbeefL), INNER_V4);
    assertHop(one(outerUdp(2152, 2152, gtp)), TunnelType.GTP_U, 0xdeadbeefL);
    byte[] ext = cat(bytes(0x34, 0xff), u16(0), u32(77), u16(0), bytes(0, 0x85), bytes(1, 0x09, 0x01, 0x00), INNER_V6);
    assertHop(one(outerUdp(2152, 2152, ext)), TunnelType.GTP_U, 77);
  }

  @Test
  void nestedTunnelsOutermostFirst() {
    byte[] vx = cat(bytes(0x08, 0, 0, 0), u32(3L << 8), INNER_ETH);
    byte[] innerOuter = Pkt.ipv4(Pkt.UDP, "172.16.0.1", "172.16.0.2", Pkt.udp(1, 4789, vx));
    PacketMeta m = one(outerV4(Pkt.GRE, cat(u16(0), u16(0x0800), innerOuter)));
    assertThat(m.tunnels()).extracting(TunnelHop::type).containsExactly(TunnelType.GRE, TunnelType.VXLAN);
    assertThat(m.tunnels().get(1).outerSource()).isEqualTo(IpAddress.parse("172.16.0.1"));
  }

  @Test
  void tunnelDepthLimit() {
    byte[] p = INNER_V4;
    for (int i = 0; i < PacketDecoder.MAX_TUNNEL_DEPTH; i++) {
      p = Pkt.ipv4(4, "192.0.2.1", "192.0.2.2", p);
    }
    DecoderHarness ok = new DecoderHarness().feed(LinkType.RAW, p);
    assertThat(ok.only().meta().tunnels()).hasSize(PacketDecoder.MAX_TUNNEL_DEPTH);
    DecoderHarness deep = new DecoderHarness().feed(LinkType.RAW, Pkt.ipv4(4, "192.0.2.1", "192.0.2.2", p));
    assertThat(deep.count(IssueReason.TUNNEL_TOO_DEEP)).isEqualTo(1);
    assertThat(deep.messages).isEmpty();
  }

  @Test
  void truncatedTunnelHeaders() {
    assertThat(new DecoderHarness().eth(outerV4(Pkt.GRE, bytes(0, 0))).count(IssueReason.TUNNEL_TRUNCATED)).isEqualTo(1);
    assertThat(new DecoderHarness().eth(outerUdp(1, 4789, new byte[7])).count(IssueReason.TUNNEL_TRUNCATED)).isEqualTo(1);
    assertThat(new DecoderHarness().eth(outerUdp(1, 6081, bytes(0x3f, 0, 0x65, 0x58, 0, 0, 0, 0)))
        .count(IssueReason.TUNNEL_TRUNCATED)).isEqualTo(1);
    assertThat(new DecoderHarness().eth(outerV4(Pkt.GRE, cat(u16(0x2000), u16(0x0800), bytes(1))))
        .count(IssueReason.TUNNEL_TRUNCATED)).isEqualTo(1);
  }
}
