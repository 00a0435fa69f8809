package org.dnslens.engine.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import org.dnslens.engine.capture.Frame;
import org.dnslens.engine.issue.IssueCounter;
import org.dnslens.engine.model.IssueReason;

/**
 * Jazzer target: RFC 7766 reassembly of one TCP connection (both directions) fed straight into {@link
 * TcpDnsReassembler}, so the fuzzer spends its time on sequence numbers, holes, retransmissions,
 * overlaps, FIN/RST/SYN reuse and length prefixes rather than on getting IP and TCP headers right. The
 * whole-decoder target ({@link PacketDecoderFuzzTest}) covers the way there.
 *
 * <p>Input: segments, each a 4-byte header then data. Header byte 0 holds flags: bit 0 FIN, 1 SYN, 2 RST,
 * 3 server-to-client direction, 4 "not a DNS port" (the flow must then probe as DNS), 5 the capture cut
 * the segment short (declared length 100 bytes more than captured), 6 the length byte counts 256-byte
 * units (so 64 KiB messages are reachable), 7 the clock jumps past the flow timeout before the segment.
 * Bytes 1-2 are a signed 16-bit offset of the segment's sequence number from where that direction's
 * previous segment ended; byte 3 is the data length (taken from what follows, shorter at the end).
 */
class TcpDnsReassemblerFuzzTest {
  /**
   * Synthetic segment bytes one input may make, in all. Repeating input bytes into 64 KiB segments made
   * each input cost megabytes of copying (112 executions/s); this budget still reaches everything the
   * reassembler bounds: a 65 535-byte message, and more than {@code maxTcpStreamBytes} (131 074) buffered
   * in one direction for {@code tcp_stream_oversize}.
   */
  static final int MAX_SYNTHETIC_BYTES = 3 * 65_536;
  private static final FlowKey CLIENT = new FlowKey(false, 0, 0x0a000001L, 0, 0x0a000002L, 40000, 53);

  @FuzzTest(maxDuration = "5m")
  void segmentsOfOneFlow(byte[] input) {
    IssueCounter issues = new IssueCounter();
    DecoderConfig config = DecoderConfig.defaults();
    TcpDnsReassembler r = new TcpDnsReassembler(config, issues);
    int[] next = {1000, 5000};
    long[] messages = {0};
    TcpDnsReassembler.Sink sink =
        (wire, firstFrame) -> {
          assertThat(wire.length).isBetween(12, 65_535);
          messages[0]++;
        };
    long now = 1_000_000_000L;
    long frameNumber = 0;
    long totalBytes = 0;
    int p = 0;
    while (p + 4 <= input.length) {
      int flags = input[p] & 0xff;
      int delta = (short) (((input[p + 1] & 0xff) << 8) | (input[p + 2] & 0xff));
      int len = (input[p + 3] & 0xff) * ((flags & 0x40) != 0 ? 256 : 1);
      p += 4;
      int dir = (flags >> 3) & 1;
      if (totalBytes + len > MAX_SYNTHETIC_BYTES) {
        break; // the rest of the input would only repeat what the budget already covers
      }
      int take = Math.min(len, input.length - p);
      byte[] data = new byte[len];
      // Long segments repeat the input's bytes (a fuzzer input rarely carries 64 KiB itself).
      for (int i = 0; i < len && take > 0; i++) {
        data[i] = input[p + (i % take)];
      }
      p += take;
      totalBytes += len;
      if ((flags & 0x80) != 0) {
        now += config.tcpFlowTimeoutNanos() + 1;
        r.expire(now);
      }
      now += 1_000_000L;
      frameNumber++;
      int tcpFlags = flags & 0x07;
      int seq = next[dir] + delta;
      int declared = (flags & 0x20) != 0 ? len + 100 : len;
      Frame frame = new Frame(0, frameNumber, now, LinkType.RAW, 0, ByteBuffer.wrap(data).asReadOnlyBuffer(), len);
      r.segment(
          dir == 0 ? CLIENT : CLIENT.reverse(),
          (flags & 0x10) == 0,
          seq,
          tcpFlags,
          ByteBuffer.wrap(data).asReadOnlyBuffer(),
          0,
          len,
          declared,
          frame,
          sink);
      next[dir] = seq + ((tcpFlags & TcpDnsReassembler.SYN) != 0 ? 1 : 0) + len;
      assertThat(r.flowCount()).isBetween(0, 2);
    }
    r.finish();
    assertThat(r.flowCount()).isZero();
    // Every message took at least its 2-byte prefix and a 12-byte header out of the stream.
    assertThat(messages[0] * 14).isLessThanOrEqualTo(totalBytes);
    assertThat(issues.get(IssueReason.INTERNAL_MISSING_BOUNDS_CHECK)).isZero();
  }
}
