package org.dnslens.engine.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.dnslens.engine.capture.Frame;
import org.dnslens.engine.issue.IssueCounter;
import org.dnslens.engine.model.IssueReason;

/**
 * Coverage-guided fuzzing of the whole decoder (link layer to TCP/fragment reassembly). Without
 * JAZZER_FUZZ=1 it runs the seeds in PacketDecoderFuzzTestInputs/decode as a regression test.
 *
 * <p>Input format, chosen so seeds are easy to write by hand: byte 0 picks the link type (modulo the
 * list), then frames follow as a 2-byte big-endian length and that many bytes, until the input ends.
 */
class PacketDecoderFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void decode(byte[] input) {
    IssueCounter issues = new IssueCounter();
    PacketDecoder decoder = new PacketDecoder(DecoderConfig.defaults(), issues, m -> {});
    if (input.length == 0) {
      return;
    }
    int linkType = SampleFrames.LINK_TYPES[(input[0] & 0xff) % SampleFrames.LINK_TYPES.length];
    int p = 1;
    long n = 0;
    while (p + 2 <= input.length) {
      int len = Math.min(((input[p] & 0xff) << 8) | (input[p + 1] & 0xff), input.length - p - 2);
      byte[] frame = Arrays.copyOfRange(input, p + 2, p + 2 + len);
      p += 2 + len;
      n++;
      decoder.decode(new Frame(1, n, n * 1_000_000L, linkType, 0, ByteBuffer.wrap(frame).asReadOnlyBuffer(), len));
    }
    decoder.finish();
    assertThat(issues.get(IssueReason.INTERNAL_MISSING_BOUNDS_CHECK)).isZero();
  }
}
