package org.dnslens.engine.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.dnslens.engine.model.IssueReason;
import org.junit.jupiter.api.Test;

/** Every prefix of every sample frame, with and without a larger original length: no throw, no bug. */
class TruncationTest {
  @Test
  void everyPrefixOfEverySampleIsHandled() {
    for (SampleFrames.Sample s : SampleFrames.all()) {
      DecoderHarness whole = new DecoderHarness().feed(s.linkType(), s.data());
      if (!s.name().equals("fragment")) {
        assertThat(whole.messages).as(s.name()).isNotEmpty();
        assertThat(whole.issues.total()).as("%s: %s", s.name(), whole.issues.snapshot()).isZero();
      }
      for (int len = 0; len < s.data().length; len++) {
        byte[] cut = Arrays.copyOf(s.data(), len);
        for (int original : new int[] {len, s.data().length}) {
          DecoderHarness h = new DecoderHarness().feed(s.linkType(), cut, original);
          h.decoder.finish();
          assertThat(h.count(IssueReason.INTERNAL_MISSING_BOUNDS_CHECK)).as("%s cut at %d", s.name(), len).isZero();
          if (h.messages.isEmpty() && !s.name().equals("fragment")) {
            assertThat(h.issues.total()).as("%s cut at %d: a drop is always counted", s.name(), len).isPositive();
          }
        }
      }
    }
  }

  @Test
  void rightReasonPerLayerForEthernetIpv4Udp() {
    byte[] f = Pkt.ethIpv4(Pkt.udpDnsIpv4(1));
    assertThat(reasonAt(f, 10)).isEqualTo(IssueReason.LINK_TRUNCATED);
    assertThat(reasonAt(f, 14 + 10)).isEqualTo(IssueReason.IPV4_TRUNCATED);
    assertThat(reasonAt(f, 14 + 20 + 4)).isEqualTo(IssueReason.UDP_TRUNCATED);
    assertThat(reasonAt(f, 14 + 20 + 8 + 6)).isEqualTo(IssueReason.DNS_TRUNCATED_HEADER);
  }

  private static IssueReason reasonAt(byte[] frame, int len) {
    DecoderHarness h = new DecoderHarness().feed(LinkType.ETHERNET, Arrays.copyOf(frame, len), frame.length);
    assertThat(h.count(IssueReason.IP_PAYLOAD_TRUNCATED)).isLessThanOrEqualTo(1);
    return h.issues.snapshot().keySet().stream()
        .filter(r -> r != IssueReason.IP_PAYLOAD_TRUNCATED)
        .findFirst()
        .orElse(null);
  }
}
