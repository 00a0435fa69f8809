package org.dnslens.engine.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dnslens.engine.dns.DnsTestMessages.bytes;
import static org.dnslens.engine.dns.DnsTestMessages.envelope;
import static org.dnslens.engine.dns.DnsTestMessages.fill;
import static org.dnslens.engine.dns.DnsTestMessages.header;
import static org.dnslens.engine.dns.DnsTestMessages.name;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dnslens.engine.issue.IssueCounter;
import org.dnslens.engine.model.DecodeIssue;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.model.IssueReason;
import org.dnslens.engine.model.ParseStatus;
import org.dnslens.engine.model.RData;
import org.junit.jupiter.api.Test;

/** Hostile byte arrays (STYLE.md 2.8): each yields its reason, keeps what came before, never throws. */
class DnsMessageDecoderHostileTest {
  private final List<DecodeIssue> seen = new ArrayList<>();
  private final IssueCounter issues = new IssueCounter(seen::add);
  private final DnsMessageDecoder decoder = new DnsMessageDecoder(issues);

  /** One question for "a." type A class IN at offset 12 (7 bytes). */
  private static final byte[] QUESTION_A = bytes(name("a"), 0, 1, 0, 1);

  private DnsMessage decode(byte[] wire) {
    return decoder.decode(DnsTestMessages.raw(wire));
  }

  private void assertOnly(IssueReason reason) {
    assertThat(issues.snapshot()).isEqualTo(Map.of(reason, 1L));
  }

  @Test
  void pointerToItselfIsALoop() {
    DnsMessage d = decode(bytes(header(1, 0, 1, 0, 0, 0), 0xc0, 12, 0, 1, 0, 1));
    assertThat(d.status()).isEqualTo(ParseStatus.PARTIAL);
    assertThat(d.issue()).isEqualTo(IssueReason.DNS_COMPRESSION_LOOP);
    assertThat(d.header().id()).isEqualTo(1);
    assertThat(d.questions()).isEmpty();
    assertOnly(IssueReason.DNS_COMPRESSION_LOOP);
    DecodeIssue i = seen.get(0);
    assertThat(i.reason()).isEqualTo(IssueReason.DNS_COMPRESSION_LOOP);
    assertThat(i.detail()).isEqualTo("offset 12");
  }

  @Test
  void compressionLoopThroughALabelIsALoop() {
    // Answer owner at 19: label "b", then a pointer back to 19.
    DnsMessage d = decode(bytes(header(1, 0x8000, 1, 1, 0, 0), QUESTION_A, 1, 'b', 0xc0, 19, envelope(1, 1, 0, 4), 1, 2, 3, 4));
    assertThat(d.issue()).isEqualTo(IssueReason.DNS_COMPRESSION_LOOP);
    assertThat(d.status()).isEqualTo(ParseStatus.PARTIAL);
    assertThat(d.questions()).hasSize(1);
    assertThat(d.answers()).isEmpty();
  }

  @Test
  void forwardPointerIsRejected() {
    DnsMessage d = decode(bytes(header(1, 0, 1, 0, 0, 0), 0xc0, 18, 0, 1, 0, 1, 0));
    assertThat(d.issue()).isEqualTo(IssueReason.DNS_BAD_COMPRESSION_POINTER);
    assertThat(d.status()).isEqualTo(ParseStatus.PARTIAL);
    assertOnly(IssueReason.DNS_BAD_COMPRESSION_POINTER);
  }

  @Test
  void pointerIntoHeaderIsRejected() {
    DnsMessage d = decode(bytes(header(1, 0, 1, 0, 0, 0), 0xc0, 2, 0, 1, 0, 1));
    assertThat(d.issue()).isEqualTo(IssueReason.DNS_BAD_COMPRESSION_POINTER);
  }

  @Test
  void pointerChainUpToTheJumpLimitDecodesAndOneMoreIsALoop() {
    assertThat(chainOfJumps(DnsMessageDecoder.MAX_COMPRESSION_JUMPS).status()).isEqualTo(ParseStatus.COMPLETE);
    assertThat(issues.total()).isZero();
    DnsMessage over = chainOfJumps(DnsMessageDecoder.MAX_COMPRESSION_JUMPS + 1);
    assertThat(over.issue()).isEqualTo(IssueReason.DNS_COMPRESSION_LOOP);
    assertThat(over.answers()).hasSize(1); // the record holding the chain survives
  }

  /** A second answer whose owner follows {@code jumps} pointers down to the question name "a.". */
  private DnsMessage chainOfJumps(int jumps) {
    int chain = jumps - 1; // the owner's own pointer is the first jump
    int base = 12 + QUESTION_A.length + 1 + 10; // rdata of the first answer (root owner)
    ByteArrayOutputStream rdata = new ByteArrayOutputStream();
    for (int i = 0; i < chain; i++) {
      int target = i == 0 ? 12 : base + 2 * (i - 1);
      rdata.write(0xc0 | (target >> 8));
      rdata.write(target & 0xff);
    }
    int last = chain == 0 ? 12 : base + 2 * (chain - 1);
    return decode(
        bytes(header(1, 0x8000, 1, 2, 0, 0), QUESTION_A, 0, envelope(65280, 1, 0, rdata.size()), rdata.toByteArray(),
            0xc0 | (last >> 8), last & 0xff, envelope(1, 1, 0, 4), 1, 2, 3, 4));
  }

  @Test
  void truncatedLabelKeepsHeader() {
    DnsMessage d = decode(bytes(header(7, 0x0100, 1, 0, 0, 0), 5, 'a', 'b'));
    assertThat(d.status()).isEqualTo(ParseStatus.PARTIAL);
    assertThat(d.issue()).isEqualTo(IssueReason.DNS_TRUNCATED_QUESTION);
    assertThat(d.header().id()).isEqualTo(7);
    assertThat(d.header().rd()).isTrue();
  }

  @Test
  void truncatedQuestionTypeKeepsHeader() {
    DnsMessage d = decode(bytes(header(7, 0, 1, 0, 0, 0), name("a"), 0, 1));
    assertThat(d.status()).isEqualTo(ParseStatus.PARTIAL);
    assertThat(d.issue()).isEqualTo(IssueReason.DNS_TRUNCATED_QUESTION);
    assertThat(d.questions()).isEmpty();
    assertThat(d.header().questionCount()).isEqualTo(1);
  }

  @Test
  void labelTypes0x40And0x80AreRejected() {
    assertThat(decode(bytes(header(1, 0, 1, 0, 0, 0), 0x41, 'x', 0, 0, 1, 0, 1)).issue())
        .isEqualTo(IssueReason.DNS_BAD_LABEL_TYPE);
    assertThat(decode(bytes(header(1, 0, 1, 0, 0, 0), 0x80, 0, 0, 1, 0, 1)).issue())
        .isEqualTo(IssueReason.DNS_BAD_LABEL_TYPE);
  }

  @Test
  void nameOf255BytesDecodesAnd256IsTooLong() {
    // 3 x (1+63) + (1+61) + root = 255
    byte[] max = bytes(63, fill(63, 'a'), 63, fill(63, 'b'), 63, fill(63, 'c'), 61, fill(61, 'd'), 0);
    assertThat(max).hasSize(255);
    DnsMessage ok = decode(bytes(header(1, 0, 1, 0, 0, 0), max, 0, 1, 0, 1));
    assertThat(ok.status()).isEqualTo(ParseStatus.COMPLETE);
    assertThat(ok.firstQuestion().name().wireLength()).isEqualTo(255);
    byte[] over = bytes(63, fill(63, 'a'), 63, fill(63, 'b'), 63, fill(63, 'c'), 62, fill(62, 'd'), 0);
    DnsMessage bad = decode(bytes(header(1, 0, 1, 0, 0, 0), over, 0, 1, 0, 1));
    assertThat(bad.issue()).isEqualTo(IssueReason.DNS_NAME_TOO_LONG);
    assertThat(bad.status()).isEqualTo(ParseStatus.PARTIAL);
  }

  @Test
  void nameTooLongThroughCompressionIsCaught() {
    // Question: 3 x 63-byte labels + root (193 bytes). Answer owner: a 62-byte label then a pointer to
    // the question name: 63 + 193 = 256 bytes.
    byte[] q = bytes(63, fill(63, 'a'), 63, fill(63, 'b'), 63, fill(63, 'c'), 0);
    DnsMessage d = decode(bytes(header(1, 0x8000, 1, 1, 0, 0), q, 0, 1, 0, 1, 62, fill(62, 'x'), 0xc0, 12,
        envelope(1, 1, 0, 4), 1, 2, 3, 4));
    assertThat(d.issue()).isEqualTo(IssueReason.DNS_NAME_TOO_LONG);
    assertThat(d.questions()).hasSize(1);
  }

  @Test
  void headerCount65535WithNoDataIsACountMismatch() {
    DnsMessage d = decode(header(9, 0, 0xffff, 0xffff, 0xffff, 0xffff));
    assertThat(d.status()).isEqualTo(ParseStatus.PARTIAL);
    assertThat(d.issue()).isEqualTo(IssueReason.DNS_COUNT_MISMATCH);
    assertThat(d.header().questionCount()).isEqualTo(0xffff);
    assertThat(d.questions()).isEmpty();
    assertOnly(IssueReason.DNS_COUNT_MISMATCH);
  }

  @Test
  void answerCountBeyondDataKeepsQuestion() {
    DnsMessage d = decode(bytes(header(9, 0x8000, 1, 0xffff, 0, 0), QUESTION_A, 0, envelope(1, 1, 5, 4), 1, 2, 3, 4));
    assertThat(d.issue()).isEqualTo(IssueReason.DNS_COUNT_MISMATCH);
    assertThat(d.questions()).hasSize(1);
    assertThat(d.answers()).hasSize(1);
    assertThat(d.answers().get(0).data()).isEqualTo("1.2.3.4");
  }

  @Test
  void rdlengthBeyondMessageIsTruncatedRecord() {
    DnsMessage d = decode(bytes(header(9, 0x8000, 1, 2, 0, 0), QUESTION_A, 0, envelope(1, 1, 5, 4), 1, 2, 3, 4,
        0, envelope(16, 1, 5, 300), 3, 'a', 'b', 'c'));
    assertThat(d.status()).isEqualTo(ParseStatus.PARTIAL);
    assertThat(d.issue()).isEqualTo(IssueReason.DNS_TRUNCATED_RECORD);
    assertThat(d.answers()).hasSize(1);
    assertOnly(IssueReason.DNS_TRUNCATED_RECORD);
  }

  @Test
  void badARdataIsKeptAsHexAndLaterRecordsStillParse() {
    DnsMessage d = decode(bytes(header(9, 0x8000, 1, 2, 0, 0), QUESTION_A, 0, envelope(1, 1, 5, 3), 1, 2, 3,
        0, envelope(1, 1, 5, 4), 10, 0, 0, 1));
    assertThat(d.status()).isEqualTo(ParseStatus.COMPLETE);
    assertThat(d.issue()).isEqualTo(IssueReason.DNS_BAD_RDATA);
    assertThat(d.answers()).hasSize(2);
    assertThat(d.answers().get(0).data()).isEqualTo("\\# 3 010203");
    assertThat(d.answers().get(0).rdata()).isNull();
    assertThat(d.answers().get(1).data()).isEqualTo("10.0.0.1");
    assertOnly(IssueReason.DNS_BAD_RDATA);
  }

  @Test
  void cnameWithBytesAfterTheNameIsAnRdlengthMismatch() {
    DnsMessage d = decode(bytes(header(9, 0x8000, 1, 1, 0, 0), QUESTION_A, 0, envelope(5, 1, 5, 4), 1, 'b', 0, 0xff));
    assertThat(d.answers().get(0).data()).isEqualTo("\\# 4 016200FF");
    assertThat(d.issue()).isEqualTo(IssueReason.DNS_RDLENGTH_MISMATCH);
    assertThat(d.status()).isEqualTo(ParseStatus.COMPLETE);
  }

  @Test
  void loopInsideRdataNameKeepsTheRecord() {
    // CNAME rdata at 30 is a pointer to itself.
    DnsMessage d = decode(bytes(header(9, 0x8000, 1, 1, 0, 0), QUESTION_A, 0, envelope(5, 1, 5, 2), 0xc0, 30));
    assertThat(d.answers()).singleElement().satisfies(r -> assertThat(r.data()).isEqualTo("\\# 2 C01E"));
    assertThat(d.issue()).isEqualTo(IssueReason.DNS_COMPRESSION_LOOP);
  }

  @Test
  void rdataNameMayNotRunPastRdlength() {
    // CNAME rdlength 2 but the name "b." takes 3 bytes; the next record starts at the third byte.
    DnsMessage d = decode(bytes(header(9, 0x8000, 1, 1, 0, 0), QUESTION_A, 0, envelope(5, 1, 5, 2), 1, 'b', 0));
    assertThat(d.answers().get(0).data()).isEqualTo("\\# 2 0162");
    assertThat(issues.get(IssueReason.DNS_BAD_RDATA)).isEqualTo(1);
    assertThat(issues.get(IssueReason.DNS_TRAILING_BYTES)).isEqualTo(1);
  }

  @Test
  void trailingBytesKeepTheMessageComplete() {
    DnsMessage d = decode(bytes(header(9, 0, 1, 0, 0, 0), QUESTION_A, 0xde, 0xad));
    assertThat(d.status()).isEqualTo(ParseStatus.COMPLETE);
    assertThat(d.issue()).isEqualTo(IssueReason.DNS_TRAILING_BYTES);
    assertThat(seen.get(0).detail()).isEqualTo("offset 19");
  }

  @Test
  void shortHeaderKeepsTheId() {
    DnsMessage d = decode(new byte[] {0x12, 0x34, (byte) 0x81});
    assertThat(d.status()).isEqualTo(ParseStatus.PARTIAL);
    assertThat(d.issue()).isEqualTo(IssueReason.DNS_TRUNCATED_HEADER);
    assertThat(d.header().id()).isEqualTo(0x1234);
    assertThat(decode(new byte[0]).issue()).isEqualTo(IssueReason.DNS_TRUNCATED_HEADER);
  }

  @Test
  void secondOptAndOptOutsideAdditionalAreBadEdnsFirstKept() {
    DnsMessage d = decode(bytes(header(9, 0x8000, 1, 1, 0, 2), QUESTION_A,
        0, envelope(41, 512, 0, 0),
        0, envelope(41, 1232, 0x00008000L, 0),
        0, envelope(41, 4096, 0, 0)));
    assertThat(d.edns().udpPayloadSize()).isEqualTo(1232);
    assertThat(d.edns().dnssecOk()).isTrue();
    assertThat(d.answers()).singleElement().satisfies(r -> assertThat(r.data()).isEqualTo("\\# 0"));
    assertThat(d.additionals()).singleElement().satisfies(r -> assertThat(r.dnsClass()).isEqualTo(4096));
    assertThat(issues.get(IssueReason.DNS_BAD_EDNS)).isEqualTo(2);
    assertThat(d.status()).isEqualTo(ParseStatus.COMPLETE);
    assertThat(d.issue()).isEqualTo(IssueReason.DNS_BAD_EDNS);
  }

  @Test
  void malformedEdnsOptionKeepsEarlierOptions() {
    DnsMessage d = decode(bytes(header(9, 0, 1, 0, 0, 1), QUESTION_A, 0, envelope(41, 1232, 0, 9),
        0, 12, 0, 1, 0, 0, 8, 0, 9));
    assertThat(d.edns().options()).hasSize(1);
    assertThat(d.edns().options().get(0).data()).isEqualTo("1");
    assertThat(d.issue()).isEqualTo(IssueReason.DNS_BAD_EDNS);
  }

  @Test
  void txtOf64KilobytesDecodes() {
    int rdLength = 65535 - 12 - QUESTION_A.length - 11;
    ByteArrayOutputStream rdata = new ByteArrayOutputStream();
    int strings = 0;
    while (rdata.size() < rdLength) {
      int n = Math.min(255, rdLength - rdata.size() - 1);
      rdata.write(n);
      byte[] s = fill(n, 'x');
      rdata.write(s, 0, n);
      strings++;
    }
    byte[] wire = bytes(header(9, 0x8000, 1, 1, 0, 0), QUESTION_A, 0, envelope(16, 1, 0, rdLength), rdata.toByteArray());
    assertThat(wire).hasSize(65535);
    DnsMessage d = decode(wire);
    assertThat(d.status()).isEqualTo(ParseStatus.COMPLETE);
    assertThat(((RData.Txt) d.answers().get(0).rdata()).strings()).hasSize(strings);
    assertThat(issues.total()).isZero();

    byte[] tooLarge = bytes(wire, 0);
    DnsMessage big = decode(tooLarge);
    assertThat(big.status()).isEqualTo(ParseStatus.PARTIAL);
    assertThat(big.issue()).isEqualTo(IssueReason.DNS_MESSAGE_TOO_LARGE);
    assertThat(big.answers()).hasSize(1);
    assertThat(big.wire()).hasSize(65536);
  }

  @Test
  void rrsigWithCompressedSignerIsExpandedBeforeDnsjava() {
    // RRSIG whose signer is a pointer to the question name "a." at 12.
    byte[] fixed = {0, 1, 8, 1, 0, 0, 0x0e, 0x10, 0x70, 0, 0, 0, 0x60, 0, 0, 0, 0x30, 0x39};
    DnsMessage d = decode(bytes(header(9, 0x8000, 1, 1, 0, 0), QUESTION_A, 0, envelope(46, 1, 0, 18 + 2 + 2),
        fixed, 0xc0, 12, 0xab, 0xcd));
    assertThat(d.issue()).isNull();
    RData.Rrsig s = (RData.Rrsig) d.answers().get(0).rdata();
    assertThat(s.signer().toString()).isEqualTo("a");
    assertThat(s.keyTag()).isEqualTo(12345);
    assertThat(s.signatureBase64()).isEqualTo("q80=");
  }

  @Test
  void mdnsClassBitAndUnsignedTtlSurvive() {
    DnsMessage d = decode(bytes(header(0, 0x8400, 0, 1, 0, 0), name("a"), envelope(1, 0x8001, 0xffffffffL, 4), 1, 2, 3, 4));
    assertThat(d.answers().get(0).dnsClass()).isEqualTo(0x8001);
    assertThat(d.answers().get(0).ttl()).isEqualTo(0xffffffffL);
    assertThat(d.status()).isEqualTo(ParseStatus.COMPLETE);
  }

  @Test
  void httpsWithCompressedTargetIsExpandedBeforeDnsjava() {
    // HTTPS priority 1, target = pointer to "a." at 12, then port=443.
    DnsMessage d = decode(bytes(header(9, 0x8000, 1, 1, 0, 0), QUESTION_A, 0, envelope(65, 1, 0, 2 + 2 + 6),
        0, 1, 0xc0, 12, 0, 3, 0, 2, 0x01, 0xbb));
    assertThat(d.issue()).isNull();
    assertThat(d.answers().get(0).data()).isEqualTo("1 a. port=443");
    RData.Svcb s = (RData.Svcb) d.answers().get(0).rdata();
    assertThat(s.target().toString()).isEqualTo("a");
    assertThat(s.params()).containsExactly(new RData.SvcParam(3, "port", "443"));
  }

  @Test
  void longTailRdataDnsjavaRejectsIsKeptAsHex() {
    // DS needs at least 4 bytes; then a valid record with a TTL above 2^31 on the dnsjava path.
    DnsMessage d = decode(bytes(header(9, 0x8000, 1, 2, 0, 0), QUESTION_A, 0, envelope(43, 1, 0, 3), 1, 2, 3,
        0, envelope(65280, 1, 0xfffffffeL, 1), 0x7f));
    assertThat(d.answers().get(0).data()).isEqualTo("\\# 3 010203");
    assertThat(d.answers().get(0).rdata()).isNull();
    assertThat(d.answers().get(1).data()).isEqualTo("\\# 1 7F");
    assertThat(d.answers().get(1).ttl()).isEqualTo(0xfffffffeL);
    assertOnly(IssueReason.DNS_BAD_RDATA);
    assertThat(d.status()).isEqualTo(ParseStatus.COMPLETE);
  }

  @Test
  void soaNamesMayPointIntoTheSameRdata() {
    // SOA at 30: mname "ns" + pointer to "a." (12); rname "h" + pointer to mname at 30.
    DnsMessage d = decode(bytes(header(9, 0x8000, 1, 1, 0, 0), QUESTION_A, 0, envelope(6, 1, 0, 5 + 4 + 20),
        2, 'n', 's', 0xc0, 12, 1, 'h', 0xc0, 30, new byte[20]));
    assertThat(d.issue()).isNull();
    assertThat(d.answers().get(0).data()).isEqualTo("ns.a. h.ns.a. 0 0 0 0 0");
  }

  @Test
  void rdataPointerPastItsOwnStartIsForward() {
    // MX exchange pointing at the next record's owner.
    DnsMessage d = decode(bytes(header(9, 0x8000, 1, 2, 0, 0), QUESTION_A, 0, envelope(15, 1, 0, 4), 0, 10, 0xc0, 34,
        1, 'z', 0, envelope(1, 1, 0, 4), 1, 2, 3, 4));
    assertThat(d.answers().get(0).data()).isEqualTo("\\# 4 000AC022");
    assertThat(d.answers().get(1).name().toString()).isEqualTo("z");
    assertThat(d.issue()).isEqualTo(IssueReason.DNS_BAD_COMPRESSION_POINTER);
    assertThat(d.status()).isEqualTo(ParseStatus.COMPLETE);
  }
}
