package org.dnslens.engine.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dnslens.engine.dns.DnsTestMessages.bytes;
import static org.dnslens.engine.dns.DnsTestMessages.envelope;
import static org.dnslens.engine.dns.DnsTestMessages.header;
import static org.dnslens.engine.dns.DnsTestMessages.name;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.dnslens.engine.export.RecordJsonWriter;
import org.dnslens.engine.issue.IssueCounter;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.model.Role;
import org.dnslens.engine.model.Transaction;
import org.dnslens.engine.model.TransactionStatus;
import org.junit.jupiter.api.Test;

/** What the decoder produces reaches the record log as the analyst should read it. */
class DecodedMessageExportTest {
  @Test
  void hostileNameBytesAndRdataReachJsonEscaped() throws Exception {
    // Owner "a\x1b[31m" (a terminal escape) with a CNAME to "x.y." and a TXT with a NUL.
    byte[] owner = bytes(6, 'a', 0x1b, '[', '3', '1', 'm', 0);
    DnsMessage d =
        new DnsMessageDecoder(new IssueCounter())
            .decode(DnsTestMessages.raw(bytes(header(5, 0x8180, 1, 2, 0, 0), owner, 0, 5, 0, 1,
                0xc0, 12, envelope(5, 1, 60, 5), name("x.y"),
                0xc0, 12, envelope(16, 1, 60, 3), 2, 'q', 0)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (RecordJsonWriter w = new RecordJsonWriter(out, id -> "t.pcap")) {
      w.write(new Transaction(TransactionStatus.ORPHAN_REPLY, null, d, List.of(), 0, 0, Role.UNKNOWN, null));
    }
    String json = out.toString(StandardCharsets.UTF_8);
    assertThat(json).contains("\"name\":\"a\\\\027[31m\"");
    assertThat(json).contains("\"data\":\"x.y.\"");
    assertThat(json).contains("\"data\":\"\\\"q\\\\000\\\"\"");
    assertThat(json).doesNotContain("\u001b");
  }
}
