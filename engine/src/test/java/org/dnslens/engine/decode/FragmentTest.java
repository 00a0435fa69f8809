package org.dnslens.engine.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dnslens.engine.decode.Pkt.cat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.dnslens.engine.model.IssueReason;
import org.junit.jupiter.api.Test;

class FragmentTest {
  /** A UDP datagram (header + DNS message) big enough to fragment. */
  private static final byte[] MSG = Pkt.bigDnsQuery(0x4242, 1000);
  private static final byte[] DATAGRAM = Pkt.udp(40000, 53, MSG);

  /** IPv4 fragments of DATAGRAM, {@code size} payload bytes each (multiple of 8). */
  private static List<byte[]> v4Fragments(byte[] datagram, int size, int id) {
    List<byte[]> out = new ArrayList<>();
    for (int off = 0; off < datagram.length; off += size) {
      int end = Math.min(datagram.length, off + size);
      boolean more = end < datagram.length;
      int word = (more ? 0x2000 : 0) | (off / 8);
      out.add(Pkt.ethIpv4(Pkt.ipv4(Pkt.UDP, "10.1.1.1", "10.1.1.2", id, word, new byte[0],
          Arrays.copyOfRange(datagram, off, end))));
    }
    return out;
  }

  private static List<byte[]> v6Fragments(byte[] datagram, int size, long id) {
    List<byte[]> out = new ArrayList<>();
    for (int off = 0; off < datagram.length; off += size) {
      int end = Math.min(datagram.length, off + size);
      byte[] frag = cat(Pkt.fragHeader(Pkt.UDP, off, end < datagram.length, id), Arrays.copyOfRange(datagram, off, end));
      out.add(Pkt.eth(0x86dd, Pkt.ipv6(44, "2001:db8::a", "2001:db8::b", frag)));
    }
    return out;
  }

  private static DecoderHarness feedAll(List<byte[]> frames) {
    DecoderHarness h = new DecoderHarness();
    h.stepNanos = 1_000_000L;
    for (byte[] f : frames) {
      h.eth(f);
    }
    return h;
  }

  @Test
  void ipv4InOrder() {
    DecoderHarness h = feedAll(v4Fragments(DATAGRAM, 400, 1));
    var m = h.only();
    assertThat(m.wire()).isEqualTo(MSG);
    assertThat(m.meta().frame().frameNumber()).isEqualTo(3);
    assertThat(m.meta().firstFrameNumber()).isEqualTo(1);
    assertThat(m.meta().destinationPort()).isEqualTo(53);
    assertThat(h.issues.total()).isZero();
  }

  @Test
  void ipv4OutOfOrder() {
    List<byte[]> f = v4Fragments(DATAGRAM, 400, 1);
    Collections.reverse(f);
    DecoderHarness h = feedAll(f);
    assertThat(h.only().wire()).isEqualTo(MSG);
    assertThat(h.only().meta().firstFrameNumber()).isEqualTo(1);
  }

  @Test
  void ipv4DuplicatedFragmentIsNotAnOverlapIssue() {
    List<byte[]> f = v4Fragments(DATAGRAM, 400, 1);
    DecoderHarness h = feedAll(List.of(f.get(0), f.get(0), f.get(1), f.get(2), f.get(2)));
    assertThat(h.messages).hasSize(1);
    assertThat(h.count(IssueReason.FRAGMENT_OVERLAP)).isZero();
  }

  @Test
  void ipv4OverlapWithDifferentDataKeepsFirstCopy() {
    List<byte[]> f = v4Fragments(DATAGRAM, 400, 1);
    byte[] evil = Arrays.copyOfRange(DATAGRAM, 400, 800);
    Arrays.fill(evil, (byte) 0x41);
    byte[] overlapping = Pkt.ethIpv4(Pkt.ipv4(Pkt.UDP, "10.1.1.1", "10.1.1.2", 1, 0x2000 | (400 / 8), new byte[0], evil));
    DecoderHarness h = feedAll(List.of(f.get(0), f.get(1), overlapping, f.get(2)));
    assertThat(h.count(IssueReason.FRAGMENT_OVERLAP)).isEqualTo(1);
    assertThat(h.only().wire()).isEqualTo(MSG);
  }

  @Test
  void partlyOverlappingFragmentsFillOnlyTheirNewBytes() {
    // 400-byte fragments and, between them, 400-byte fragments shifted by 200: each shifted one is half
    // covered already (the byte-by-byte path), half new; the first copy wins where the data differ.
    List<byte[]> f = v4Fragments(DATAGRAM, 400, 1);
    byte[] shifted = Arrays.copyOfRange(DATAGRAM, 200, 600);
    byte[] shiftedEvil = shifted.clone();
    Arrays.fill(shiftedEvil, 0, 200, (byte) 0x41); // differs only where fragment 0 already put bytes
    for (byte[] middle : List.of(shifted, shiftedEvil)) {
      byte[] frame = Pkt.ethIpv4(Pkt.ipv4(Pkt.UDP, "10.1.1.1", "10.1.1.2", 1, 0x2000 | (200 / 8), new byte[0], middle));
      DecoderHarness h = feedAll(List.of(f.get(0), frame, f.get(2), f.get(1)));
      assertThat(h.only().wire()).isEqualTo(MSG);
      assertThat(h.count(IssueReason.FRAGMENT_OVERLAP)).isEqualTo(middle == shifted ? 0 : 1);
    }
  }

  @Test
  void ipv4NeverCompletingIsCountedAtFinish() {
    List<byte[]> f = v4Fragments(DATAGRAM, 400, 1);
    DecoderHarness h = feedAll(List.of(f.get(0), f.get(2)));
    assertThat(h.messages).isEmpty();
    assertThat(h.count(IssueReason.FRAGMENT_TIMEOUT)).isZero();
    h.decoder.finish();
    assertThat(h.count(IssueReason.FRAGMENT_TIMEOUT)).isEqualTo(1);
  }

  @Test
  void ipv4TimeoutRunsOnCaptureTime() {
    List<byte[]> f = v4Fragments(DATAGRAM, 400, 1);
    DecoderHarness h = new DecoderHarness();
    h.eth(f.get(0)).eth(f.get(1));
    h.advanceSeconds(31);
    h.eth(f.get(2)); // too late: the first two are gone, this one starts a new incomplete set
    assertThat(h.count(IssueReason.FRAGMENT_TIMEOUT)).isEqualTo(1);
    assertThat(h.messages).isEmpty();
    h.decoder.finish();
    assertThat(h.count(IssueReason.FRAGMENT_TIMEOUT)).isEqualTo(2);
  }

  @Test
  void fragmentTableLimitMaxAndMaxPlusOne() {
    DecoderConfig cfg = DecoderConfig.defaults().withMaxFragmentSets(3);
    DecoderHarness h = new DecoderHarness(cfg);
    for (int id = 1; id <= 3; id++) {
      h.eth(v4Fragments(DATAGRAM, 400, id).get(0));
    }
    assertThat(h.count(IssueReason.FRAGMENT_TABLE_FULL)).isZero();
    h.eth(v4Fragments(DATAGRAM, 400, 4).get(0));
    assertThat(h.count(IssueReason.FRAGMENT_TABLE_FULL)).isEqualTo(1);
    // id 1 was dropped; id 4 still completes
    List<byte[]> four = v4Fragments(DATAGRAM, 400, 4);
    h.eth(four.get(1)).eth(four.get(2));
    assertThat(h.messages).hasSize(1);
    List<byte[]> one = v4Fragments(DATAGRAM, 400, 1);
    h.eth(one.get(1)).eth(one.get(2));
    assertThat(h.messages).hasSize(1);
  }

  @Test
  void fragmentsPerDatagramLimit() {
    byte[] big = Pkt.udp(40000, 53, Pkt.bigDnsQuery(1, 8 * IpDefragmenter.MAX_FRAGMENTS_PER_DATAGRAM - 8));
    List<byte[]> atLimit = v4Fragments(big, 8, 5);
    assertThat(atLimit).hasSize(IpDefragmenter.MAX_FRAGMENTS_PER_DATAGRAM);
    assertThat(feedAll(atLimit).messages).hasSize(1);

    byte[] bigger = Pkt.udp(40000, 53, Pkt.bigDnsQuery(1, 8 * IpDefragmenter.MAX_FRAGMENTS_PER_DATAGRAM));
    List<byte[]> overLimit = v4Fragments(bigger, 8, 5);
    assertThat(overLimit).hasSize(IpDefragmenter.MAX_FRAGMENTS_PER_DATAGRAM + 1);
    DecoderHarness h = feedAll(overLimit);
    assertThat(h.messages).isEmpty();
    assertThat(h.count(IssueReason.FRAGMENT_TOO_MANY)).isEqualTo(1);
  }

  @Test
  void reassembledDatagramAbove65535IsRefused() {
    byte[] last = Pkt.ethIpv4(Pkt.ipv4(Pkt.UDP, "10.1.1.1", "10.1.1.2", 9, 8191, new byte[0], new byte[100]));
    DecoderHarness h = new DecoderHarness().eth(last);
    assertThat(h.count(IssueReason.FRAGMENT_TOO_LARGE)).isEqualTo(1);
  }

  @Test
  void ipv6InOrderOutOfOrderDuplicated() {
    List<byte[]> f = v6Fragments(DATAGRAM, 496, 77);
    DecoderHarness inOrder = feedAll(f);
    assertThat(inOrder.only().wire()).isEqualTo(MSG);
    assertThat(inOrder.only().meta().sourceIp().toString()).isEqualTo("2001:db8::a");
    assertThat(inOrder.only().meta().firstFrameNumber()).isEqualTo(1);

    List<byte[]> rev = new ArrayList<>(f);
    Collections.reverse(rev);
    rev.add(1, rev.get(0));
    DecoderHarness reversed = feedAll(rev);
    assertThat(reversed.messages).hasSize(1);
    assertThat(reversed.count(IssueReason.FRAGMENT_OVERLAP)).isZero();
  }

  @Test
  void ipv6NeverCompleting() {
    List<byte[]> f = v6Fragments(DATAGRAM, 496, 77);
    DecoderHarness h = feedAll(f.subList(0, 1));
    h.decoder.finish();
    assertThat(h.count(IssueReason.FRAGMENT_TIMEOUT)).isEqualTo(1);
    assertThat(h.messages).isEmpty();
  }

  @Test
  void differentIdsDoNotMix() {
    List<byte[]> a = v4Fragments(DATAGRAM, 400, 1);
    List<byte[]> b = v4Fragments(DATAGRAM, 400, 2);
    DecoderHarness h = feedAll(List.of(a.get(0), b.get(1), a.get(1), b.get(0), a.get(2), b.get(2)));
    assertThat(h.messages).hasSize(2);
  }
}
