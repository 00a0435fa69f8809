package org.dnslens.engine.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dnslens.engine.dns.DnsTestMessages.bytes;
import static org.dnslens.engine.dns.DnsTestMessages.envelope;
import static org.dnslens.engine.dns.DnsTestMessages.header;
import static org.dnslens.engine.dns.DnsTestMessages.name;
import static org.dnslens.engine.dns.DnsTestMessages.raw;

import org.dnslens.engine.issue.IssueCounter;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.model.DnsName;
import org.dnslens.engine.model.ParseStatus;
import org.dnslens.engine.model.RData;
import org.dnslens.engine.model.ResourceRecord;
import org.dnslens.engine.model.RrType;
import org.junit.jupiter.api.Test;

/** Owner names that are bare pointers reuse the name already read there, and only within one message. */
class NameReuseTest {
  private final DnsMessageDecoder decoder = new DnsMessageDecoder(new IssueCounter());

  /** www.{label} A: answer 1 "c00c" CNAME cdn.example (rdata at 41), answer 2 "c029" A 192.0.2.1. */
  private static byte[] cnameChain(String label) {
    return bytes(
        header(7, 0x8180, 1, 2, 0, 0),
        name("www." + label), // 12..24
        new int[] {0, 1, 0, 1}, // 25..28
        new int[] {0xc0, 0x0c}, // 29
        envelope(RrType.CNAME, 1, 60, 13), // 31..40
        name("cdn.example"), // 41..53
        new int[] {0xc0, 41}, // 54
        envelope(RrType.A, 1, 60, 4),
        new int[] {192, 0, 2, 1});
  }

  @Test
  void pointerOwnersAreTheNamesAlreadyRead() {
    DnsMessage m = decoder.decode(raw(cnameChain("example")));
    assertThat(m.status()).isEqualTo(ParseStatus.COMPLETE);
    assertThat(m.issue()).isNull();
    ResourceRecord cname = m.answers().get(0);
    ResourceRecord a = m.answers().get(1);
    assertThat(cname.name()).isSameAs(m.firstQuestion().name());
    DnsName target = ((RData.Target) cname.rdata()).target();
    assertThat(a.name()).isSameAs(target).isEqualTo(DnsName.parse("cdn.example"));
    assertThat(cname.data()).isEqualTo("cdn.example.");
    assertThat(a.data()).isEqualTo("192.0.2.1");
  }

  @Test
  void namesOfOneMessageAreNotReusedInTheNext() {
    DnsMessage first = decoder.decode(raw(cnameChain("example")));
    DnsMessage second = decoder.decode(raw(cnameChain("exampla")));
    assertThat(second.answers().get(0).name()).isEqualTo(DnsName.parse("www.exampla"));
    assertThat(second.answers().get(0).name()).isNotSameAs(first.firstQuestion().name());
  }

  @Test
  void aForwardPointerIsStillRejected() {
    // Answer owner pointing at itself: never served from what was read, a loop as before.
    byte[] m =
        bytes(header(7, 0x8180, 1, 1, 0, 0), name("www.example"), new int[] {0, 1, 0, 1},
            new int[] {0xc0, 29}, envelope(RrType.A, 1, 60, 4), new int[] {192, 0, 2, 1});
    DnsMessage d = decoder.decode(raw(m));
    assertThat(d.status()).isEqualTo(ParseStatus.PARTIAL);
    assertThat(d.answers()).isEmpty();
    assertThat(d.questions()).hasSize(1);
  }
}
