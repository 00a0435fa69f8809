package org.dnslens.engine.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.dnslens.engine.model.IssueReason;

/**
 * Jazzer target: a classic pcap reader over arbitrary bytes (plain, through {@link CaptureReaders}
 * detection, and gzip compressed) must end without an unchecked exception. The regression run in the
 * normal suite replays {@code PcapReaderFuzzTestInputs/readsAnyBytes}; see docs/FUZZING.md.
 */
class PcapReaderFuzzTest {
  @FuzzTest(maxDuration = "5m")
  void readsAnyBytes(byte[] data) throws Exception {
    try (PcapReader r = PcapReader.of(data, 0, new org.dnslens.engine.issue.IssueCounter())) {
      while (r.next() != null) {
        // drain
      }
    }
    assertThat(CaptureReaderProperties.readEverywhere(data).get(IssueReason.INTERNAL_MISSING_BOUNDS_CHECK))
        .isZero();
  }
}
