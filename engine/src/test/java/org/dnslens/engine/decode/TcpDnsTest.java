package org.dnslens.engine.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dnslens.engine.decode.Pkt.cat;

import java.util.Arrays;
import org.dnslens.engine.model.IssueReason;
import org.dnslens.engine.model.PortClass;
import org.dnslens.engine.model.Transport;
import org.junit.jupiter.api.Test;

class TcpDnsTest {
  private static final long ISN = 1000;
  private static final byte[] A = Pkt.dnsQuery(1, "a.example");
  private static final byte[] B = Pkt.dnsQuery(2, "b.example");
  private static final byte[] C = Pkt.dnsQuery(3, "c.example");

  private final DecoderHarness h = new DecoderHarness();

  private DecoderHarness seg(long seq, int flags, byte[] payload) {
    return seg(h, 40000, 53, seq, flags, payload);
  }

  private static DecoderHarness seg(DecoderHarness h, int sp, int dp, long seq, int flags, byte[] payload) {
    return h.eth(Pkt.ethIpv4(Pkt.ipv4(Pkt.TCP, "10.0.0.1", "10.0.0.2", Pkt.tcp(sp, dp, seq, flags, payload))));
  }

  private void syn() {
    seg(ISN, Pkt.SYN, new byte[0]);
  }

  @Test
  void twoMessagesInOneSegment() {
    syn();
    seg(ISN + 1, Pkt.ACK | Pkt.PSH, Pkt.tcpDns(A, B));
    assertThat(h.messages).hasSize(2);
    assertThat(h.messages.get(0).wire()).isEqualTo(A);
    assertThat(h.messages.get(1).wire()).isEqualTo(B);
    assertThat(h.messages.get(0).meta().transport()).isEqualTo(Transport.TCP);
    assertThat(h.messages.get(0).meta().portClass()).isEqualTo(PortClass.DNS);
    assertThat(h.messages.get(0).meta().destinationPort()).isEqualTo(53);
    assertThat(h.issues.total()).isZero();
  }

  @Test
  void oneMessageOverThreeSegments() {
    syn();
    byte[] s = Pkt.tcpDns(A);
    seg(ISN + 1, Pkt.ACK, Arrays.copyOfRange(s, 0, 1));
    seg(ISN + 2, Pkt.ACK, Arrays.copyOfRange(s, 1, 10));
    assertThat(h.messages).isEmpty();
    seg(ISN + 11, Pkt.ACK, Arrays.copyOfRange(s, 10, s.length));
    assertThat(h.only().wire()).isEqualTo(A);
    assertThat(h.only().meta().frame().frameNumber()).isEqualTo(4);
    assertThat(h.only().meta().firstFrameNumber()).isEqualTo(2);
  }

  @Test
  void messageStartingMidSegmentRemembersItsFirstFrame() {
    syn();
    byte[] s = Pkt.tcpDns(A, B);
    int cut = 2 + A.length + 5;
    seg(ISN + 1, Pkt.ACK, Arrays.copyOfRange(s, 0, cut));
    seg(ISN + 1 + cut, Pkt.ACK, Arrays.copyOfRange(s, cut, s.length));
    assertThat(h.messages).hasSize(2);
    assertThat(h.messages.get(1).meta().firstFrameNumber()).isEqualTo(2);
    assertThat(h.messages.get(1).meta().frame().frameNumber()).isEqualTo(3);
  }

  @Test
  void retransmissionsAreIgnored() {
    syn();
    byte[] s = Pkt.tcpDns(A, B);
    seg(ISN + 1, Pkt.ACK, Arrays.copyOfRange(s, 0, 20));
    seg(ISN + 1, Pkt.ACK, Arrays.copyOfRange(s, 0, 20));
    seg(ISN + 1, Pkt.ACK, s); // overlaps the old bytes and adds new ones
    seg(ISN + 1, Pkt.ACK, s);
    assertThat(h.messages).extracting(m -> m.wire()[1]).containsExactly((byte) 1, (byte) 2);
  }

  @Test
  void outOfOrderSegmentsAreHeldUntilTheGapFills() {
    syn();
    byte[] s = Pkt.tcpDns(A, B, C);
    int x = 15;
    int y = 40;
    seg(ISN + 1 + y, Pkt.ACK, Arrays.copyOfRange(s, y, s.length));
    seg(ISN + 1 + x, Pkt.ACK, Arrays.copyOfRange(s, x, y));
    assertThat(h.messages).isEmpty();
    seg(ISN + 1, Pkt.ACK, Arrays.copyOfRange(s, 0, x));
    assertThat(h.messages).hasSize(3);
    assertThat(h.messages.get(2).wire()).isEqualTo(C);
    assertThat(h.issues.total()).isZero();
  }

  @Test
  void captureStartingMidStreamFindsTheNextBoundary() {
    byte[] s = Pkt.tcpDns(A, B);
    seg(5000, Pkt.ACK, Arrays.copyOfRange(s, 7, s.length)); // tail of A, then B
    assertThat(h.only().wire()).isEqualTo(B);
    assertThat(h.count(IssueReason.TCP_MIDSTREAM)).isEqualTo(1);
  }

  @Test
  void midStreamBytesThatNeverSyncAreCountedAtFinish() {
    byte[] junk = new byte[50];
    Arrays.fill(junk, (byte) 0xff);
    seg(5000, Pkt.ACK, junk);
    assertThat(h.messages).isEmpty();
    h.decoder.finish();
    assertThat(h.count(IssueReason.TCP_MIDSTREAM)).isEqualTo(1);
    assertThat(h.count(IssueReason.TCP_INCOMPLETE_MESSAGE)).isZero();
  }

  @Test
  void cleanFlowLeavesNothingAtFinish() {
    syn();
    seg(ISN + 1, Pkt.ACK, Pkt.tcpDns(A));
    h.decoder.finish();
    assertThat(h.issues.total()).isZero();
  }

  @Test
  void captureStartingOnABoundaryWithoutSynIsNotAnIssue() {
    seg(5000, Pkt.ACK, Pkt.tcpDns(A));
    assertThat(h.only().wire()).isEqualTo(A);
    assertThat(h.issues.total()).isZero();
  }

  @Test
  void fastOpenDataOnSyn() {
    seg(ISN, Pkt.SYN, Pkt.tcpDns(A));
    seg(ISN + 1 + 2 + A.length, Pkt.ACK, Pkt.tcpDns(B));
    assertThat(h.messages).hasSize(2);
  }

  @Test
  void gapIsCountedAndStreamResynchronises() {
    syn();
    byte[] first = Pkt.tcpDns(A);
    seg(ISN + 1, Pkt.ACK, Arrays.copyOf(first, 5)); // partial A; the rest never arrives
    long seq = ISN + 1 + first.length + 100;
    for (int i = 0; i <= TcpDnsReassembler.MAX_HELD_SEGMENTS; i++) {
      byte[] m = Pkt.tcpDns(B);
      seg(seq, Pkt.ACK, m);
      seq += m.length;
    }
    assertThat(h.count(IssueReason.TCP_GAP)).isEqualTo(1);
    assertThat(h.messages).hasSize(TcpDnsReassembler.MAX_HELD_SEGMENTS + 1);
    seg(seq, Pkt.ACK, Pkt.tcpDns(C));
    assertThat(h.messages.get(h.messages.size() - 1).wire()).isEqualTo(C);
  }

  @Test
  void snaplenCutSegmentIsAGap() {
    syn();
    byte[] full = Pkt.ethIpv4(Pkt.ipv4(Pkt.TCP, "10.0.0.1", "10.0.0.2", Pkt.tcp(40000, 53, ISN + 1, Pkt.ACK, Pkt.tcpDns(A, B))));
    h.feed(LinkType.ETHERNET, Arrays.copyOf(full, full.length - 10), full.length);
    assertThat(h.count(IssueReason.IP_PAYLOAD_TRUNCATED)).isEqualTo(1);
    assertThat(h.count(IssueReason.TCP_GAP)).isEqualTo(1);
    seg(ISN + 1 + 4 + A.length + B.length, Pkt.ACK, Pkt.tcpDns(C));
    assertThat(h.only().wire()).isEqualTo(C);
  }

  @Test
  void oversizeBufferIsDropped() {
    DecoderHarness small = new DecoderHarness(DecoderConfig.defaults().withMaxTcpStreamBytes(65_537));
    seg(small, 40000, 53, ISN, Pkt.SYN, new byte[0]);
    // A maximal message then a small one: the partial big one plus the held tail exceed 65537 bytes.
    byte[] big = Pkt.tcpDns(Pkt.bigDnsQuery(9, 65_535), A);
    seg(small, 40000, 53, ISN + 1, Pkt.ACK, Arrays.copyOfRange(big, 0, 40_000));
    seg(small, 40000, 53, ISN + 1 + 50_000, Pkt.ACK, Arrays.copyOfRange(big, 50_000, big.length));
    seg(small, 40000, 53, ISN + 1 + 40_000, Pkt.ACK, Arrays.copyOfRange(big, 40_000, 50_000));
    assertThat(small.count(IssueReason.TCP_STREAM_OVERSIZE)).isEqualTo(1);
    // the big message is lost; the stream resynchronises on the small one that follows it
    assertThat(small.only().wire()).isEqualTo(A);
  }

  @Test
  void largestMessageFitsInDefaultLimits() {
    syn();
    byte[] msg = Pkt.bigDnsQuery(9, 65_535);
    byte[] big = Pkt.tcpDns(msg);
    for (int off = 0; off < big.length; off += 1400) {
      seg(ISN + 1 + off, Pkt.ACK, Arrays.copyOfRange(big, off, Math.min(big.length, off + 1400)));
    }
    assertThat(h.only().wire()).isEqualTo(msg);
  }

  @Test
  void flowTableFullEvictsTheOldest() {
    DecoderHarness small = new DecoderHarness(DecoderConfig.defaults().withMaxTcpFlows(2));
    seg(small, 40001, 53, ISN, Pkt.SYN, new byte[0]);
    seg(small, 40002, 53, ISN, Pkt.SYN, new byte[0]);
    assertThat(small.count(IssueReason.TCP_FLOW_TABLE_FULL)).isZero();
    seg(small, 40003, 53, ISN, Pkt.SYN, new byte[0]);
    assertThat(small.count(IssueReason.TCP_FLOW_TABLE_FULL)).isEqualTo(1);
    assertThat(small.decoder.tcpFlowCount()).isEqualTo(2);
    // flow 2 survived and still works
    seg(small, 40002, 53, ISN + 1, Pkt.ACK, Pkt.tcpDns(A));
    assertThat(small.messages).hasSize(1);
  }

  @Test
  void idleFlowsExpireAsTheEldestFirstModelSaysWhateverTheOrderOfTimes() {
    // expire() skips its look at the eldest flow when a floor on the flows' times says it cannot have
    // expired; this runs random touches of 12 flows (each leaves a partial message, so its expiry is
    // counted) with times that mostly advance but now and then jump back, and compares the count after
    // every frame with a model that looks at the eldest flow (least recently touched) every time.
    long timeout = DecoderConfig.DEFAULT_TCP_FLOW_TIMEOUT_NANOS;
    java.util.Random random = new java.util.Random(20);
    for (int round = 0; round < 20; round++) {
      DecoderHarness d = new DecoderHarness();
      d.stepNanos = 0;
      java.util.LinkedHashMap<Integer, Long> model = new java.util.LinkedHashMap<>(16, 0.75f, true);
      long expired = 0;
      long now = d.nowNanos;
      for (int step = 0; step < 400; step++) {
        int r = random.nextInt(10);
        long t = now + (r < 6 ? random.nextLong(timeout / 4) : r < 9 ? random.nextLong(2 * timeout) : -random.nextLong(timeout));
        now = Math.max(now, t);
        d.nowNanos = t;
        int port = 41000 + random.nextInt(12);
        // the decoder expires first (at the frame's time), then takes the segment
        var it = model.entrySet().iterator();
        while (it.hasNext()) {
          var eldest = it.next();
          if (t - eldest.getValue() <= timeout) {
            break;
          }
          it.remove();
          expired++;
        }
        boolean fresh = !model.containsKey(port);
        model.put(port, t);
        if (fresh) { // a SYN, then one byte of a message: data an expiry loses, so it is counted
          seg(d, port, 53, ISN, Pkt.SYN, new byte[0]);
          seg(d, port, 53, ISN + 1, Pkt.ACK, Arrays.copyOf(Pkt.tcpDns(A), 1));
        } else {
          seg(d, port, 53, ISN + 2, Pkt.ACK, new byte[0]); // touches the flow, adds nothing
        }
        assertThat(d.count(IssueReason.TCP_FLOW_TIMEOUT))
            .as("round %d step %d", round, step)
            .isEqualTo(expired);
      }
    }
  }

  @Test
  void idleFlowExpiresOnCaptureTime() {
    syn();
    seg(ISN + 1, Pkt.ACK, Arrays.copyOf(Pkt.tcpDns(A), 6));
    h.advanceSeconds(DecoderConfig.DEFAULT_TCP_FLOW_TIMEOUT_NANOS / 1_000_000_000L + 1);
    h.eth(Pkt.ethIpv4(Pkt.udpDnsIpv4(5)));
    assertThat(h.count(IssueReason.TCP_FLOW_TIMEOUT)).isEqualTo(1);
    assertThat(h.decoder.tcpFlowCount()).isZero();
  }

  @Test
  void incompleteAtFinish() {
    syn();
    seg(ISN + 1, Pkt.ACK, Arrays.copyOf(Pkt.tcpDns(A), 6));
    h.decoder.finish();
    assertThat(h.count(IssueReason.TCP_INCOMPLETE_MESSAGE)).isEqualTo(1);
  }

  @Test
  void finAndRstCleanUp() {
    syn();
    seg(ISN + 1, Pkt.ACK | Pkt.FIN, Pkt.tcpDns(A));
    assertThat(h.messages).hasSize(1);
    seg(ISN + 1, Pkt.ACK, Pkt.tcpDns(A)); // retransmission after FIN: not a second message
    assertThat(h.messages).hasSize(1);
    h.eth(Pkt.ethIpv4(Pkt.ipv4(Pkt.TCP, "10.0.0.2", "10.0.0.1",
        Pkt.tcp(53, 40000, 7000, Pkt.ACK, Arrays.copyOf(Pkt.tcpDns(B), 4)))));
    assertThat(h.decoder.tcpFlowCount()).isEqualTo(2);
    seg(ISN + 1, Pkt.RST, new byte[0]);
    assertThat(h.decoder.tcpFlowCount()).isZero();
    assertThat(h.count(IssueReason.TCP_MIDSTREAM) + h.count(IssueReason.TCP_INCOMPLETE_MESSAGE)).isEqualTo(1);
  }

  @Test
  void sequenceNumberWrapAround() {
    long isn = 0xffff_fff0L;
    seg(isn, Pkt.SYN, new byte[0]);
    byte[] s = Pkt.tcpDns(A, B);
    seg(isn + 1, Pkt.ACK, Arrays.copyOf(s, 10));
    seg((isn + 11) & 0xffff_ffffL, Pkt.ACK, Arrays.copyOfRange(s, 10, s.length));
    assertThat(h.messages).hasSize(2);
    assertThat(h.issues.total()).isZero();
  }

  @Test
  void lengthPrefixBelowHeaderIsCounted() {
    syn();
    seg(ISN + 1, Pkt.ACK, cat(Pkt.u16(5), new byte[5], Pkt.tcpDns(A)));
    assertThat(h.count(IssueReason.TCP_DNS_LENGTH_INVALID)).isEqualTo(1);
    assertThat(h.only().wire()).isEqualTo(A);
  }

  @Test
  void otherPortsAreFollowedOnlyFromASegmentThatStartsWithADnsMessage() {
    seg(h, 40000, 8053, ISN, Pkt.SYN, new byte[0]);
    seg(h, 40000, 8053, ISN + 1, Pkt.ACK, Pkt.tcpDns(A, B));
    assertThat(h.messages).hasSize(2);
    assertThat(h.messages.get(0).meta().portClass()).isEqualTo(PortClass.NONSTANDARD);

    byte[] http = "GET / HTTP/1.1\r\nHost: example\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    seg(h, 40001, 80, ISN, Pkt.SYN, new byte[0]);
    seg(h, 40001, 80, ISN + 1, Pkt.ACK, http);
    assertThat(h.messages).hasSize(2);
    assertThat(h.decoder.tcpFlowCount()).as("no state kept for non-DNS flows").isEqualTo(1);
    assertThat(h.issues.total()).isZero();
  }

  @Test
  void truncatedTcpHeaders() {
    DecoderHarness t = new DecoderHarness().feed(LinkType.RAW, Pkt.ipv4(Pkt.TCP, "10.0.0.1", "10.0.0.2", new byte[19]));
    assertThat(t.count(IssueReason.TCP_TRUNCATED)).isEqualTo(1);
    byte[] tcp = Pkt.tcp(1, 53, 0, Pkt.ACK, new byte[0]);
    tcp[12] = (byte) 0xf0;
    DecoderHarness b = new DecoderHarness().feed(LinkType.RAW, Pkt.ipv4(Pkt.TCP, "10.0.0.1", "10.0.0.2", tcp));
    assertThat(b.count(IssueReason.TCP_BAD_HEADER_LENGTH)).isEqualTo(1);
  }
}
