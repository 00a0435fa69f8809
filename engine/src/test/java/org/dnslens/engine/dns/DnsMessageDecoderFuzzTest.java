package org.dnslens.engine.dns;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.dnslens.engine.issue.IssueCounter;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.model.IssueReason;
import org.dnslens.engine.model.ParseStatus;

/**
 * Jazzer target: the DNS decoder over arbitrary bytes returns a message, never throws, and never reads
 * past its data. The regression run in the normal suite replays {@code
 * DnsMessageDecoderFuzzTestInputs/decodesAnyBytes} (a rich dnsjava-built response, a compression loop, a
 * pointer chain, EDNS with options); fuzz locally with {@code JAZZER_FUZZ=1}.
 */
class DnsMessageDecoderFuzzTest {
  @FuzzTest(maxDuration = "5m")
  void decodesAnyBytes(byte[] data) {
    IssueCounter issues = new IssueCounter();
    DnsMessage m = new DnsMessageDecoder(issues).decode(DnsTestMessages.raw(data));
    assertThat(m.header()).isNotNull();
    assertThat(m.wire()).isSameAs(data);
    if (m.status() == ParseStatus.PARTIAL) {
      // A partial message always says why, and the reason was counted.
      assertThat(m.issue()).isNotNull();
      assertThat(issues.get(m.issue())).isPositive();
    }
    assertThat(issues.get(IssueReason.INTERNAL_MISSING_BOUNDS_CHECK)).isZero();
  }
}
