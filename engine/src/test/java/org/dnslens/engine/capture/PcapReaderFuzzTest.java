package org.dnslens.engine.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.dnslens.engine.issue.IssueCounter;
import org.dnslens.engine.model.IssueReason;

/**
 * Jazzer target: the classic pcap reader over arbitrary bytes must end without an unchecked exception,
 * with frame numbers consecutive and every frame read-only. Only the pcap reader: the other entry points
 * have their own targets ({@link PcapngReaderFuzzTest}, {@link CaptureDetectionFuzzTest} for detection and
 * gzip-wrapped input, {@link GzipCaptureFuzzTest} for corrupt gzip), so each input costs one read. The
 * regression run in the normal suite replays {@code PcapReaderFuzzTestInputs/readsAnyBytes}; see
 * docs/FUZZING.md.
 */
class PcapReaderFuzzTest {
  @FuzzTest(maxDuration = "5m")
  void readsAnyBytes(byte[] data) throws Exception {
    IssueCounter issues = new IssueCounter();
    try (PcapReader r = PcapReader.of(data, 0, issues)) {
      CaptureReaderProperties.drainChecked(r);
    } catch (IndexOutOfBoundsException | java.nio.BufferUnderflowException e) {
      throw new AssertionError("a read past a bound escaped the pcap reader", e);
    }
    assertThat(issues.get(IssueReason.INTERNAL_MISSING_BOUNDS_CHECK)).isZero();
  }
}
