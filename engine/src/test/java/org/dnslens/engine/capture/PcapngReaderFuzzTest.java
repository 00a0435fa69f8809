package org.dnslens.engine.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.dnslens.engine.issue.IssueCounter;
import org.dnslens.engine.model.IssueReason;

/**
 * Jazzer target: the pcapng reader over arbitrary bytes must end without an unchecked exception. The
 * regression run in the normal suite replays {@code PcapngReaderFuzzTestInputs/readsAnyBytes}; see
 * docs/FUZZING.md.
 */
class PcapngReaderFuzzTest {
  @FuzzTest(maxDuration = "5m")
  void readsAnyBytes(byte[] data) throws Exception {
    IssueCounter issues = new IssueCounter();
    long frames = 0;
    try (PcapngReader r = PcapngReader.of(data, 0, issues)) {
      for (Frame f = r.next(); f != null; f = r.next()) {
        frames++;
        assertThat(f.frameNumber()).isEqualTo(frames);
        assertThat(f.capturedLength()).isLessThanOrEqualTo(data.length);
      }
    }
    assertThat(issues.get(IssueReason.INTERNAL_MISSING_BOUNDS_CHECK)).isZero();
  }
}
