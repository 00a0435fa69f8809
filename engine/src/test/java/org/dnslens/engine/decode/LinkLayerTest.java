package org.dnslens.engine.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dnslens.engine.decode.Pkt.bytes;
import static org.dnslens.engine.decode.Pkt.cat;
import static org.dnslens.engine.decode.Pkt.u16;

import java.util.Arrays;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.engine.model.IssueReason;
import org.dnslens.engine.model.PacketMeta;
import org.dnslens.engine.model.PortClass;
import org.dnslens.engine.model.Transport;
import org.dnslens.engine.model.TunnelType;
import org.junit.jupiter.api.Test;

class LinkLayerTest {
  private static final byte[] V4 = Pkt.udpDnsIpv4(0x1111);
  private static final byte[] V6 = Pkt.udpDnsIpv6(0x2222);

  private static PacketMeta decodeOne(int linkType, byte[] frame) {
    DecoderHarness h = new DecoderHarness().feed(linkType, frame);
    assertThat(h.issues.snapshot()).isEmpty();
    return h.only().meta();
  }

  @Test
  void ethernetIpv4UdpGivesFullMeta() {
    DecoderHarness h = new DecoderHarness().eth(Pkt.ethIpv4(V4));
    var m = h.only();
    assertThat(m.wire()).isEqualTo(Pkt.dnsQuery(0x1111, "example.com"));
    PacketMeta meta = m.meta();
    assertThat(meta.transport()).isEqualTo(Transport.UDP);
    assertThat(meta.sourceIp()).isEqualTo(IpAddress.parse("10.0.0.1"));
    assertThat(meta.destinationIp()).isEqualTo(IpAddress.parse("10.0.0.2"));
    assertThat(meta.sourcePort()).isEqualTo(40000);
    assertThat(meta.destinationPort()).isEqualTo(53);
    assertThat(meta.sourceMac().toString()).isEqualTo("02:00:00:00:00:01");
    assertThat(meta.destinationMac().toString()).isEqualTo("02:00:00:00:00:02");
    assertThat(meta.portClass()).isEqualTo(PortClass.DNS);
    assertThat(meta.frame().frameNumber()).isEqualTo(1);
    assertThat(meta.firstFrameNumber()).isEqualTo(1);
    assertThat(meta.tunnels()).isEmpty();
    assertThat(meta.vlanIds()).isEmpty();
    assertThat(meta.dnstap()).isNull();
  }

  @Test
  void ethernetIpv6() {
    PacketMeta meta = decodeOne(LinkType.ETHERNET, Pkt.eth(0x86dd, V6));
    assertThat(meta.sourceIp()).isEqualTo(IpAddress.parse("2001:db8::1"));
    assertThat(meta.destinationIp()).isEqualTo(IpAddress.parse("2001:db8::2"));
  }

  @Test
  void ethernetPaddingAfterIpIsIgnored() {
    byte[] frame = cat(Pkt.ethIpv4(V4), new byte[20]);
    DecoderHarness h = new DecoderHarness().eth(frame);
    assertThat(h.only().wire()).isEqualTo(Pkt.dnsQuery(0x1111, "example.com"));
  }

  @Test
  void vlanAndQinqIdsOutermostFirst() {
    byte[] inner = cat(u16(0x0000 | 20), u16(0x0800), V4);
    byte[] frame = Pkt.eth(0x88a8, cat(u16(0x2000 | 10), u16(0x8100), inner));
    PacketMeta meta = decodeOne(LinkType.ETHERNET, frame);
    assertThat(meta.vlanIds()).containsExactly(10, 20);
  }

  @Test
  void vlanTagsBeyondLimitAreCounted() {
    byte[] p = cat(u16(1), u16(0x0800), V4);
    for (int i = 0; i < PacketDecoder.MAX_VLAN_TAGS; i++) {
      p = cat(u16(1), u16(0x8100), p);
    }
    DecoderHarness h = new DecoderHarness().eth(Pkt.eth(0x8100, p));
    assertThat(h.messages).isEmpty();
    assertThat(h.count(IssueReason.VLAN_TOO_DEEP)).isEqualTo(1);

    byte[] ok = cat(u16(1), u16(0x0800), V4);
    for (int i = 0; i < PacketDecoder.MAX_VLAN_TAGS - 1; i++) {
      ok = cat(u16(1), u16(0x8100), ok);
    }
    assertThat(decodeOne(LinkType.ETHERNET, Pkt.eth(0x8100, ok)).vlanIds()).hasSize(PacketDecoder.MAX_VLAN_TAGS);
  }

  @Test
  void pppoeSession() {
    byte[] ppp = cat(u16(0x0021), V4);
    byte[] pppoe = cat(bytes(0x11, 0x00), u16(0x1234), u16(ppp.length), ppp);
    PacketMeta meta = decodeOne(LinkType.ETHERNET, Pkt.eth(0x8864, pppoe));
    assertThat(meta.tunnels()).hasSize(1);
    assertThat(meta.tunnels().get(0).type()).isEqualTo(TunnelType.PPPOE);
    assertThat(meta.tunnels().get(0).id()).isEqualTo(0x1234);
  }

  @Test
  void pppoeIpv6() {
    byte[] ppp = cat(u16(0x0057), V6);
    byte[] pppoe = cat(bytes(0x11, 0x00), u16(7), u16(ppp.length), ppp);
    assertThat(decodeOne(LinkType.ETHERNET, Pkt.eth(0x8864, pppoe)).sourceIp().isIpv6()).isTrue();
  }

  @Test
  void mplsLabelStack() {
    byte[] labels = cat(Pkt.u32((100L << 12) | 64), Pkt.u32((200L << 12) | 0x100 | 64));
    PacketMeta meta = decodeOne(LinkType.ETHERNET, Pkt.eth(0x8847, cat(labels, V4)));
    assertThat(meta.tunnels()).singleElement().satisfies(t -> {
      assertThat(t.type()).isEqualTo(TunnelType.MPLS);
      assertThat(t.id()).isEqualTo(100);
    });
  }

  @Test
  void llcSnapOn8023() {
    byte[] snap = cat(bytes(0xaa, 0xaa, 0x03, 0, 0, 0), u16(0x0800), V4);
    byte[] frame = cat(bytes(2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1), u16(snap.length), snap);
    decodeOne(LinkType.ETHERNET, frame);
  }

  @Test
  void rawIpUnderEveryRawLinkType() {
    for (int lt : new int[] {LinkType.RAW, LinkType.DLT_RAW_BSD_12, LinkType.DLT_RAW_BSD_14}) {
      assertThat(decodeOne(lt, V4).sourceIp().isIpv4()).isTrue();
      assertThat(decodeOne(lt, V6).sourceIp().isIpv6()).isTrue();
    }
    assertThat(decodeOne(LinkType.IPV4, V4).sourceMac()).isNull();
    assertThat(decodeOne(LinkType.IPV6, V6).destinationMac()).isNull();
  }

  @Test
  void nullAndLoopInBothByteOrders() {
    for (int lt : new int[] {LinkType.NULL, LinkType.LOOP}) {
      decodeOne(lt, cat(bytes(2, 0, 0, 0), V4));
      decodeOne(lt, cat(bytes(0, 0, 0, 2), V4));
      for (int af6 : new int[] {24, 28, 30}) {
        decodeOne(lt, cat(bytes(af6, 0, 0, 0), V6));
        decodeOne(lt, cat(bytes(0, 0, 0, af6), V6));
      }
    }
  }

  @Test
  void linuxSllAndSll2() {
    byte[] sll = cat(u16(0), u16(1), u16(6), bytes(0x02, 0, 0, 0, 0, 0x09, 0, 0), u16(0x0800), V4);
    PacketMeta m = decodeOne(LinkType.LINUX_SLL, sll);
    assertThat(m.sourceMac().toString()).isEqualTo("02:00:00:00:00:09");
    byte[] sll2 = cat(u16(0x86dd), u16(0), Pkt.u32(3), u16(1), bytes(0, 6), bytes(0x02, 0, 0, 0, 0, 0x07, 0, 0), V6);
    PacketMeta m2 = decodeOne(LinkType.LINUX_SLL2, sll2);
    assertThat(m2.sourceMac().toString()).isEqualTo("02:00:00:00:00:07");
    assertThat(m2.sourceIp().isIpv6()).isTrue();
  }

  @Test
  void pppWithAndWithoutAddressControl() {
    decodeOne(LinkType.PPP, cat(bytes(0xff, 0x03), u16(0x0021), V4));
    decodeOne(LinkType.PPP, cat(u16(0x0021), V4));
    decodeOne(LinkType.PPP, cat(bytes(0xff, 0x03), u16(0x0057), V6));
    decodeOne(LinkType.PPP, cat(bytes(0x21), V4)); // protocol field compression
  }

  @Test
  void wifiDataFrameWithRadiotap() {
    byte[] llc = cat(bytes(0xaa, 0xaa, 0x03, 0, 0, 0), u16(0x0800), V4);
    byte[] qosData = cat(bytes(0x88, 0x01), new byte[22], bytes(0, 0), llc); // QoS data, to-DS
    byte[] radiotap = cat(bytes(0, 0, 8, 0), new byte[4]);
    decodeOne(LinkType.IEEE802_11_RADIOTAP, cat(radiotap, qosData));
    byte[] plainData = cat(bytes(0x08, 0x02), new byte[22], llc);
    decodeOne(LinkType.IEEE802_11, plainData);
  }

  @Test
  void wifiProtectedAndManagementFramesAreSkippedQuietly() {
    byte[] llc = cat(bytes(0xaa, 0xaa, 0x03, 0, 0, 0), u16(0x0800), V4);
    DecoderHarness h = new DecoderHarness();
    h.feed(LinkType.IEEE802_11, cat(bytes(0x08, 0x42), new byte[22], llc)); // protected
    h.feed(LinkType.IEEE802_11, cat(bytes(0x80, 0x00), new byte[22], llc)); // beacon
    assertThat(h.messages).isEmpty();
    assertThat(h.issues.total()).isZero();
  }

  @Test
  void fddi() {
    byte[] frame = cat(bytes(0x50), new byte[12], bytes(0xaa, 0xaa, 0x03, 0, 0, 0), u16(0x0800), V4);
    decodeOne(LinkType.FDDI, frame);
  }

  @Test
  void nflog() {
    // family AF_INET, version 0, resource id; one 8-byte TLV (hardware protocol), then NFULA_PAYLOAD.
    byte[] payloadTlvHeader = cat(bytes((V4.length + 4) & 0xff, (V4.length + 4) >>> 8), bytes(9, 0));
    byte[] frame = cat(bytes(2, 0, 0, 0), cat(bytes(8, 0, 1, 0), u16(0x0800), u16(0)), payloadTlvHeader, V4);
    decodeOne(LinkType.NFLOG, frame);
  }

  @Test
  void unknownLinkTypeCountedOncePerInterface() {
    DecoderHarness h = new DecoderHarness();
    h.feed(147, V4).feed(147, V4).feed(147, V4);
    assertThat(h.count(IssueReason.LINK_UNSUPPORTED_TYPE)).isEqualTo(1);
    assertThat(h.messages).isEmpty();
  }

  @Test
  void unknownLinkTypeCountedOncePerSourceAndInterface() {
    var issues = new org.dnslens.engine.issue.IssueCounter();
    PacketDecoder d = new PacketDecoder(DecoderConfig.defaults(), issues, m -> {});
    int[][] sourceInterface = {{1, 0}, {1, 0}, {1, 1}, {2, 0}, {2, 0}, {1, 1}};
    long n = 0;
    for (int[] si : sourceInterface) {
      d.decode(new org.dnslens.engine.capture.Frame(si[0], ++n, n, 147, si[1], java.nio.ByteBuffer.wrap(V4), V4.length));
    }
    assertThat(issues.get(IssueReason.LINK_UNSUPPORTED_TYPE)).isEqualTo(3);
  }

  @Test
  void nflogWithoutPayloadIsNotIp() {
    DecoderHarness h = new DecoderHarness().feed(LinkType.NFLOG, cat(bytes(2, 0, 0, 0), bytes(8, 0, 1, 0), u16(0x0800), u16(0)));
    assertThat(h.count(IssueReason.LINK_UNSUPPORTED_PAYLOAD)).isEqualTo(1);
  }

  @Test
  void ppiWrappingEthernet() {
    decodeOne(LinkType.PPI, cat(bytes(0, 0, 8, 0, 1, 0, 0, 0), Pkt.ethIpv4(V4)));
  }

  @Test
  void nonIpEthertypesAreSkippedWithoutIssue() {
    DecoderHarness h = new DecoderHarness().eth(Pkt.eth(0x0806, new byte[28]));
    assertThat(h.issues.total()).isZero();
    assertThat(h.messages).isEmpty();
  }

  @Test
  void truncatedLinkHeadersAreCounted() {
    int[][] cases = {
      {LinkType.ETHERNET, 13}, {LinkType.LINUX_SLL, 15}, {LinkType.LINUX_SLL2, 19}, {LinkType.NULL, 3},
      {LinkType.PPP, 1}, {LinkType.IEEE802_11, 23}, {LinkType.IEEE802_11_RADIOTAP, 3}, {LinkType.FDDI, 12}
    };
    for (int[] c : cases) {
      DecoderHarness h = new DecoderHarness().feed(c[0], new byte[c[1]]);
      assertThat(h.count(IssueReason.LINK_TRUNCATED)).as("link type %d", c[0]).isEqualTo(1);
      assertThat(h.issues.total()).isEqualTo(1);
    }
  }

  @Test
  void bufferWithNonZeroPositionAndLittleEndianOrderIsReadCorrectly() {
    byte[] frame = Pkt.ethIpv4(V4);
    byte[] shifted = cat(new byte[5], frame);
    var buf = java.nio.ByteBuffer.wrap(shifted).order(java.nio.ByteOrder.LITTLE_ENDIAN).position(5).slice()
        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    var issues = new org.dnslens.engine.issue.IssueCounter();
    var out = new java.util.ArrayList<org.dnslens.engine.model.RawDnsMessage>();
    new PacketDecoder(DecoderConfig.defaults(), issues, out::add)
        .decode(new org.dnslens.engine.capture.Frame(1, 1, 0, LinkType.ETHERNET, 0, buf, frame.length));
    assertThat(out).hasSize(1);
    assertThat(Arrays.equals(out.get(0).wire(), Pkt.dnsQuery(0x1111, "example.com"))).isTrue();
  }
}
