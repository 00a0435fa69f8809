package org.dnslens.engine.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Test;
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
   * Synthetic segment bytes one input may make, in all, whatever its length (a JUnit fuzzing session
   * has no {@code -max_len} of 4 KiB as the campaign does): a 65 535-byte message with room to spare.
   */
  static final int MAX_SYNTHETIC_BYTES = 3 * 65_536;

  /**
   * Synthetic segment bytes one input may make per byte of its own. The reassembler looks for a message
   * boundary in unsynchronised bytes one position at a time (each probed as a DNS header and first
   * name), and Jazzer instruments every comparison and array access there. With only the fixed budget,
   * any mutated input whose last segment had the 256-byte-unit flag cost a scan of up to 64 KiB: about
   * 400 executions/s however small the input. Tied to the input's length, the cost of an input is
   * proportional to its length as in the other targets, so libFuzzer's length control keeps most runs
   * small, while an input of 2,049 bytes (the campaign allows 4,096) can still make a 65 535-byte
   * message; a longer segment is cut to what is left of the budget.
   */
  static final int SYNTHETIC_BYTES_PER_INPUT_BYTE = 32;

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
    long budget = Math.min(MAX_SYNTHETIC_BYTES, (long) SYNTHETIC_BYTES_PER_INPUT_BYTE * input.length);
    int p = 0;
    while (p + 4 <= input.length) {
      int flags = input[p] & 0xff;
      int delta = (short) (((input[p + 1] & 0xff) << 8) | (input[p + 2] & 0xff));
      int len = (input[p + 3] & 0xff) * ((flags & 0x40) != 0 ? 256 : 1);
      p += 4;
      int dir = (flags >> 3) & 1;
      if (totalBytes + len > budget) {
        len = (int) (budget - totalBytes);
      }
      int take = Math.min(len, input.length - p);
      byte[] data = repeat(input, p, take, len);
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
      ByteBuffer segment = ByteBuffer.wrap(data).asReadOnlyBuffer();
      Frame frame = new Frame(0, frameNumber, now, LinkType.RAW, 0, segment, len);
      r.segment(
          dir == 0 ? CLIENT : CLIENT.reverse(),
          (flags & 0x10) == 0,
          seq,
          tcpFlags,
          segment.duplicate(),
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

  @Test
  void repeatIsTheInputBytesOverAndOver() {
    byte[] input = {9, 1, 2, 3, 9};
    for (int len = 0; len <= 40; len++) {
      byte[] expected = new byte[len];
      for (int i = 0; i < len; i++) {
        expected[i] = input[1 + i % 3];
      }
      assertThat(repeat(input, 1, 3, len)).as("len %d", len).containsExactly(expected);
    }
    assertThat(repeat(input, 5, 0, 7)).containsExactly(new byte[7]);
  }

  /**
   * {@code len} bytes repeating the {@code take} input bytes at {@code from} (a fuzzer input rarely
   * carries 64 KiB itself; zeros if it has none left). Filled by doubling {@link System#arraycopy}
   * rather than a byte loop: Jazzer instruments every loop iteration and comparison of this class, and
   * the byte loop over up to {@link #MAX_SYNTHETIC_BYTES} per input was most of this target's cost.
   */
  static byte[] repeat(byte[] input, int from, int take, int len) {
    byte[] data = new byte[len];
    int filled = Math.min(take, len);
    System.arraycopy(input, from, data, 0, filled);
    if (filled == 0) {
      return data;
    }
    while (filled < len) {
      int n = Math.min(filled, len - filled);
      System.arraycopy(data, 0, data, filled, n);
      filled += n;
    }
    return data;
  }
}
