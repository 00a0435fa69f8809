package org.dnslens.engine.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dnslens.engine.decode.Pkt.bytes;
import static org.dnslens.engine.decode.Pkt.cat;

import java.util.Arrays;
import org.dnslens.engine.model.IssueReason;
import org.junit.jupiter.api.Test;

class IpLayerTest {
  private static final byte[] UDP_DNS = Pkt.udp(40000, 53, Pkt.dnsQuery(7, "example.org"));

  @Test
  void ipv4WithOptions() {
    byte[] options = bytes(0x94, 0x04, 0, 0, 0x01, 0x01, 0x01, 0x00); // router alert, NOPs, EOL
    byte[] pkt = Pkt.ipv4(Pkt.UDP, "192.0.2.1", "192.0.2.2", 1, 0, options, UDP_DNS);
    DecoderHarness h = new DecoderHarness().feed(LinkType.RAW, pkt);
    assertThat(h.only().wire()).isEqualTo(Pkt.dnsQuery(7, "example.org"));
    assertThat(h.issues.total()).isZero();
  }

  @Test
  void ipv4HeaderLengthBelow20() {
    byte[] pkt = Pkt.ipv4(Pkt.UDP, "192.0.2.1", "192.0.2.2", UDP_DNS);
    pkt[0] = 0x44;
    DecoderHarness h = new DecoderHarness().feed(LinkType.RAW, pkt);
    assertThat(h.count(IssueReason.IPV4_BAD_HEADER_LENGTH)).isEqualTo(1);
    assertThat(h.messages).isEmpty();
  }

  @Test
  void ipv4HeaderLengthBeyondPacket() {
    byte[] pkt = Arrays.copyOf(Pkt.ipv4(Pkt.UDP, "192.0.2.1", "192.0.2.2", new byte[0]), 24);
    pkt[0] = 0x4f;
    DecoderHarness h = new DecoderHarness().feed(LinkType.IPV4, pkt);
    assertThat(h.count(IssueReason.IPV4_BAD_HEADER_LENGTH)).isEqualTo(1);
  }

  @Test
  void ipv4TotalLengthBeyondDataWithoutSnaplenIsBadButWhatWasCapturedIsKept() {
    byte[] pkt = Pkt.ipv4(Pkt.UDP, "192.0.2.1", "192.0.2.2", UDP_DNS);
    byte[] cut = Arrays.copyOf(pkt, pkt.length - 5);
    DecoderHarness h = new DecoderHarness().feed(LinkType.RAW, cut);
    assertThat(h.count(IssueReason.IPV4_BAD_TOTAL_LENGTH)).isEqualTo(1);
    assertThat(h.count(IssueReason.IP_PAYLOAD_TRUNCATED)).isZero();
    assertThat(h.only().wire()).hasSize(Pkt.dnsQuery(7, "example.org").length - 5);
  }

  @Test
  void snaplenCutPayloadIsCountedAndPartialMessageKept() {
    byte[] pkt = Pkt.ipv4(Pkt.UDP, "192.0.2.1", "192.0.2.2", UDP_DNS);
    byte[] cut = Arrays.copyOf(pkt, pkt.length - 5);
    DecoderHarness h = new DecoderHarness().feed(LinkType.RAW, cut, pkt.length);
    assertThat(h.count(IssueReason.IP_PAYLOAD_TRUNCATED)).isEqualTo(1);
    assertThat(h.count(IssueReason.UDP_BAD_LENGTH)).isZero();
    assertThat(h.only().wire()).hasSize(Pkt.dnsQuery(7, "example.org").length - 5);
  }

  @Test
  void ipv4TotalLengthBelowHeader() {
    byte[] pkt = Pkt.ipv4(Pkt.UDP, "192.0.2.1", "192.0.2.2", UDP_DNS);
    pkt[2] = 0;
    pkt[3] = 10;
    assertThat(new DecoderHarness().feed(LinkType.RAW, pkt).count(IssueReason.IPV4_BAD_TOTAL_LENGTH)).isEqualTo(1);
  }

  @Test
  void ipv4TotalLengthZeroIsTsoAndUsesCapturedLength() {
    byte[] pkt = Pkt.ipv4(Pkt.UDP, "192.0.2.1", "192.0.2.2", UDP_DNS);
    pkt[2] = 0;
    pkt[3] = 0;
    DecoderHarness h = new DecoderHarness().feed(LinkType.RAW, pkt);
    assertThat(h.messages).hasSize(1);
  }

  @Test
  void badVersionOnRawAndEthernet() {
    byte[] pkt = Pkt.ipv4(Pkt.UDP, "192.0.2.1", "192.0.2.2", UDP_DNS);
    pkt[0] = 0x55;
    assertThat(new DecoderHarness().feed(LinkType.RAW, pkt).count(IssueReason.IPV4_BAD_VERSION)).isEqualTo(1);
    assertThat(new DecoderHarness().eth(Pkt.ethIpv4(pkt)).count(IssueReason.IPV4_BAD_VERSION)).isEqualTo(1);
    byte[] v6 = Pkt.udpDnsIpv6(1);
    v6[0] = 0x40;
    assertThat(new DecoderHarness().eth(Pkt.eth(0x86dd, v6)).count(IssueReason.IPV6_BAD_VERSION)).isEqualTo(1);
  }

  @Test
  void ipv6ExtensionHeaderChain() {
    byte[] routing = bytes(60, 0, 0, 0, 0, 0, 0, 0); // routing type 0, segments left 0 -> dest opts
    byte[] ah = cat(bytes(Pkt.UDP, 1), new byte[10]); // AH: (1+2)*4 = 12 bytes
    byte[] chain = cat(Pkt.ext8(43), routing, cat(bytes(51), Arrays.copyOfRange(Pkt.ext8(0), 1, 8)), ah, UDP_DNS);
    byte[] pkt = Pkt.ipv6(0, "2001:db8::1", "2001:db8::2", chain);
    DecoderHarness h = new DecoderHarness().feed(LinkType.IPV6, pkt);
    assertThat(h.issues.snapshot()).isEmpty();
    assertThat(h.only().wire()).isEqualTo(Pkt.dnsQuery(7, "example.org"));
  }

  @Test
  void ipv6TooManyExtensionHeaders() {
    byte[] chain = UDP_DNS;
    int next = Pkt.UDP;
    for (int i = 0; i < PacketDecoder.MAX_IPV6_EXTENSION_HEADERS + 1; i++) {
      chain = cat(Pkt.ext8(next), chain);
      next = 60;
    }
    DecoderHarness h = new DecoderHarness().feed(LinkType.IPV6, Pkt.ipv6(next, "::1", "::2", chain));
    assertThat(h.count(IssueReason.IPV6_TOO_MANY_EXTENSION_HEADERS)).isEqualTo(1);

    byte[] okChain = UDP_DNS;
    next = Pkt.UDP;
    for (int i = 0; i < PacketDecoder.MAX_IPV6_EXTENSION_HEADERS; i++) {
      okChain = cat(Pkt.ext8(next), okChain);
      next = 60;
    }
    assertThat(new DecoderHarness().feed(LinkType.IPV6, Pkt.ipv6(next, "::1", "::2", okChain)).messages).hasSize(1);
  }

  @Test
  void ipv6PayloadLengthBeyondData() {
    byte[] pkt = Pkt.udpDnsIpv6(1);
    byte[] cut = Arrays.copyOf(pkt, pkt.length - 3);
    assertThat(new DecoderHarness().feed(LinkType.IPV6, cut).count(IssueReason.IPV6_BAD_PAYLOAD_LENGTH)).isEqualTo(1);
    DecoderHarness snap = new DecoderHarness().feed(LinkType.IPV6, cut, pkt.length);
    assertThat(snap.count(IssueReason.IP_PAYLOAD_TRUNCATED)).isEqualTo(1);
    assertThat(snap.messages).hasSize(1);
  }

  @Test
  void ipv6AtomicFragmentIsNotHeld() {
    byte[] pkt = Pkt.ipv6(44, "2001:db8::1", "2001:db8::2", cat(Pkt.fragHeader(Pkt.UDP, 0, false, 9), UDP_DNS));
    assertThat(new DecoderHarness().feed(LinkType.IPV6, pkt).messages).hasSize(1);
  }

  @Test
  void espAndNoNextHeaderAreSkipped() {
    DecoderHarness h = new DecoderHarness();
    h.feed(LinkType.IPV6, Pkt.ipv6(59, "::1", "::2", new byte[0]));
    h.feed(LinkType.IPV6, Pkt.ipv6(50, "::1", "::2", new byte[16]));
    h.feed(LinkType.IPV4, Pkt.ipv4(1, "10.0.0.1", "10.0.0.2", new byte[8])); // ICMP
    assertThat(h.issues.total()).isZero();
    assertThat(h.messages).isEmpty();
  }

  @Test
  void truncatedIpHeaders() {
    assertThat(new DecoderHarness().feed(LinkType.IPV4, new byte[19]).count(IssueReason.IPV4_TRUNCATED)).isEqualTo(1);
    assertThat(new DecoderHarness().feed(LinkType.IPV6, new byte[39]).count(IssueReason.IPV6_TRUNCATED)).isEqualTo(1);
    byte[] hopByHopCut = Pkt.ipv6(0, "::1", "::2", bytes(17, 3));
    assertThat(new DecoderHarness().feed(LinkType.IPV6, hopByHopCut).count(IssueReason.IPV6_TRUNCATED)).isEqualTo(1);
  }
}
