package org.dnslens.engine.dnstap;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.dnslens.engine.issue.IssueCounter;
import org.dnslens.engine.model.IssueReason;
import org.dnslens.engine.model.RawDnsMessage;

/**
 * Jazzer target: any bytes as a Frame Streams stream, and as one raw dnstap protobuf, never throw and
 * never read out of bounds. Without JAZZER_FUZZ=1 it runs the seeds in
 * DnstapReaderFuzzTestInputs/readsAnyBytes (real dnstap files) as a regression test.
 */
class DnstapReaderFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void readsAnyBytes(byte[] data) throws IOException {
    IssueCounter issues = new IssueCounter();
    long messages = 0;
    try (DnstapReader r = new DnstapReader(new ByteArrayInputStream(data), 0, issues, data.length)) {
      for (RawDnsMessage m = r.next(); m != null; m = r.next()) {
        messages++;
        assertThat(m.wire().length).isLessThanOrEqualTo(data.length);
        assertThat(m.meta().frame().frameNumber()).isPositive();
      }
      assertThat(r.bytesRead()).isLessThanOrEqualTo(data.length);
    }
    assertThat(messages).isLessThanOrEqualTo(data.length / 4);
    new DnstapDecoder(issues).decode(data, data.length, new org.dnslens.engine.model.FrameRef(0, 1));
    assertThat(issues.get(IssueReason.INTERNAL_MISSING_BOUNDS_CHECK)).isZero();
  }
}
