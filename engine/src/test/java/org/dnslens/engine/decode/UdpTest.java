package org.dnslens.engine.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dnslens.engine.decode.Pkt.cat;

import java.util.Arrays;
import java.util.Set;
import org.dnslens.engine.model.IssueReason;
import org.dnslens.engine.model.PortClass;
import org.junit.jupiter.api.Test;

class UdpTest {
  private static final byte[] Q = Pkt.dnsQuery(0x0a0a, "printer.local");

  private static DecoderHarness udp(int sp, int dp, byte[] payload) {
    return new DecoderHarness().feed(LinkType.RAW, Pkt.ipv4(Pkt.UDP, "10.0.0.1", "10.0.0.2", Pkt.udp(sp, dp, payload)));
  }

  @Test
  void portClasses() {
    assertThat(udp(53, 40000, Q).only().meta().portClass()).isEqualTo(PortClass.DNS);
    assertThat(udp(5353, 5353, Q).only().meta().portClass()).isEqualTo(PortClass.MDNS);
    assertThat(udp(40000, 5355, Q).only().meta().portClass()).isEqualTo(PortClass.LLMNR);
    assertThat(udp(5355, 40000, Q).only().meta().portClass()).isEqualTo(PortClass.LLMNR);
    assertThat(udp(40000, 5300, Q).only().meta().portClass()).isEqualTo(PortClass.NONSTANDARD);
  }

  @Test
  void otherPortWithoutProbeSuccessIsIgnoredQuietly() {
    byte[] junk = new byte[40];
    Arrays.fill(junk, (byte) 0xff);
    DecoderHarness h = udp(40000, 5300, junk);
    assertThat(h.messages).isEmpty();
    assertThat(h.issues.total()).isZero();
  }

  @Test
  void netbiosNameServiceIsNeverTakenForDns() {
    DecoderHarness h = udp(137, 137, Q);
    assertThat(h.messages).isEmpty();
  }

  @Test
  void probingCanBeTurnedOff() {
    DecoderHarness h = new DecoderHarness(DecoderConfig.defaults().withProbeOtherPorts(false));
    h.feed(LinkType.RAW, Pkt.ipv4(Pkt.UDP, "10.0.0.1", "10.0.0.2", Pkt.udp(40000, 5300, Q)));
    assertThat(h.messages).isEmpty();
  }

  @Test
  void configuredDnsPorts() {
    DecoderConfig cfg = new DecoderConfig(Set.of(53, 5300), false, 1, 1, 1, 1, 1 << 17);
    DecoderHarness h = new DecoderHarness(cfg);
    h.feed(LinkType.RAW, Pkt.ipv4(Pkt.UDP, "10.0.0.1", "10.0.0.2", Pkt.udp(40000, 5300, Q)));
    assertThat(h.only().meta().portClass()).isEqualTo(PortClass.DNS);
  }

  @Test
  void shortPayloadOnDnsPortIsTruncatedHeader() {
    DecoderHarness h = udp(40000, 53, Arrays.copyOf(Q, 11));
    assertThat(h.count(IssueReason.DNS_TRUNCATED_HEADER)).isEqualTo(1);
    assertThat(h.messages).isEmpty();
  }

  @Test
  void udpLengthLargerThanIpPayloadUsesIpPayload() {
    byte[] u = Pkt.udp(40000, 53, Q);
    u[4] = 0x7f;
    DecoderHarness h = new DecoderHarness().feed(LinkType.RAW, Pkt.ipv4(Pkt.UDP, "10.0.0.1", "10.0.0.2", u));
    assertThat(h.count(IssueReason.UDP_BAD_LENGTH)).isEqualTo(1);
    assertThat(h.only().wire()).isEqualTo(Q);
  }

  @Test
  void udpLengthSmallerThanIpPayloadUsesUdpLength() {
    byte[] u = cat(Pkt.udp(40000, 53, Q), new byte[6]);
    DecoderHarness h = new DecoderHarness().feed(LinkType.RAW, Pkt.ipv4(Pkt.UDP, "10.0.0.1", "10.0.0.2", u));
    assertThat(h.count(IssueReason.UDP_BAD_LENGTH)).isEqualTo(1);
    assertThat(h.only().wire()).isEqualTo(Q);
  }

  @Test
  void udpLengthBelowHeaderUsesIpPayload() {
    byte[] u = Pkt.udp(40000, 53, Q);
    u[4] = 0;
    u[5] = 3;
    DecoderHarness h = new DecoderHarness().feed(LinkType.RAW, Pkt.ipv4(Pkt.UDP, "10.0.0.1", "10.0.0.2", u));
    assertThat(h.count(IssueReason.UDP_BAD_LENGTH)).isEqualTo(1);
    assertThat(h.only().wire()).isEqualTo(Q);
  }

  @Test
  void truncatedUdpHeader() {
    DecoderHarness h = new DecoderHarness().feed(LinkType.RAW, Pkt.ipv4(Pkt.UDP, "10.0.0.1", "10.0.0.2", new byte[7]));
    assertThat(h.count(IssueReason.UDP_TRUNCATED)).isEqualTo(1);
  }

  @Test
  void emittedBytesAreACopyNotAView() {
    byte[] pkt = Pkt.ipv4(Pkt.UDP, "10.0.0.1", "10.0.0.2", Pkt.udp(40000, 53, Q));
    DecoderHarness h = new DecoderHarness().feed(LinkType.RAW, pkt);
    Arrays.fill(pkt, (byte) 0);
    assertThat(h.only().wire()).isEqualTo(Q);
  }
}
