package org.dnslens.engine.dnstap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dnslens.engine.dns.DnsMessageDecoder;
import org.dnslens.engine.issue.IssueCounter;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.model.IssueReason;
import org.dnslens.engine.model.RawDnsMessage;
import org.dnslens.engine.model.Transport;
import org.junit.jupiter.api.Test;

class DnstapReaderTest {
  static final Path BIND = Path.of("../testdata/pcaps/bind9/dnstap");
  static final Path COLLECTOR = Path.of("../testdata/pcaps/go-dnscollector/dnstap/dnstap.fstrm");

  private static final Map<String, String> CODES =
      Map.ofEntries(
          Map.entry("AUTH_QUERY", "AQ"),
          Map.entry("AUTH_RESPONSE", "AR"),
          Map.entry("RESOLVER_QUERY", "RQ"),
          Map.entry("RESOLVER_RESPONSE", "RR"),
          Map.entry("CLIENT_QUERY", "CQ"),
          Map.entry("CLIENT_RESPONSE", "CR"),
          Map.entry("FORWARDER_QUERY", "FQ"),
          Map.entry("FORWARDER_RESPONSE", "FR"),
          Map.entry("STUB_QUERY", "SQ"),
          Map.entry("STUB_RESPONSE", "SR"),
          Map.entry("TOOL_QUERY", "TQ"),
          Map.entry("TOOL_RESPONSE", "TR"));

  static List<RawDnsMessage> readAll(Path file, IssueCounter issues) throws IOException {
    List<RawDnsMessage> out = new ArrayList<>();
    try (DnstapReader r = DnstapReader.open(file, 0, issues)) {
      for (RawDnsMessage m = r.next(); m != null; m = r.next()) {
        out.add(m);
      }
    }
    return out;
  }

  @Test
  void bindSavedFileMatchesBindsOwnTextRendering() throws IOException {
    IssueCounter issues = new IssueCounter();
    List<RawDnsMessage> messages = readAll(BIND.resolve("dnstap.saved"), issues);
    List<String> lines = Files.readAllLines(BIND.resolve("dnstap.text"), StandardCharsets.US_ASCII);
    assertThat(issues.snapshot()).isEmpty();
    assertThat(lines).hasSize(96);
    assertThat(messages).hasSize(96);
    DnsMessageDecoder dns = new DnsMessageDecoder(issues);
    for (int i = 0; i < lines.size(); i++) {
      // 03-Feb-2017 15:47:16.000 SQ 10.53.0.1:2112 -> 10.53.0.2:2112 UDP 40b www.isc.org/IN/A
      String[] f = lines.get(i).split(" ");
      RawDnsMessage raw = messages.get(i);
      DnsMessage m = dns.decode(raw);
      boolean response = f[4].equals("<-");
      String initiator = (response ? raw.meta().destinationIp() : raw.meta().sourceIp()) + ":"
          + (response ? raw.meta().destinationPort() : raw.meta().sourcePort());
      String responder = (response ? raw.meta().sourceIp() : raw.meta().destinationIp()) + ":"
          + (response ? raw.meta().sourcePort() : raw.meta().destinationPort());
      String question = m.firstQuestion().name().toString().replaceAll("\\.$", "") + "/IN/"
          + org.dnslens.engine.model.RrType.name(m.firstQuestion().type());
      assertThat(
              List.of(CODES.get(raw.meta().dnstap().messageType()), initiator, f[4], responder,
                  raw.meta().transport().name(), raw.wire().length + "b", question))
          .as("frame %d: %s", i + 1, lines.get(i))
          .containsExactly(f[2], f[3], f[4], f[5], f[6], f[7], f[8]);
      assertThat(m.isResponse()).as("QR agrees with the dnstap type").isEqualTo(response);
      assertThat(raw.meta().frame().frameNumber()).isEqualTo(i + 1);
    }
    assertThat(issues.snapshot()).isEmpty();
  }

  @Test
  void bindTextTimesAreTheTypesOwnTimeUpToTheZone() throws IOException {
    List<RawDnsMessage> messages = readAll(BIND.resolve("dnstap.saved"), new IssueCounter());
    List<String> lines = Files.readAllLines(BIND.resolve("dnstap.text"), StandardCharsets.US_ASCII);
    for (int i = 0; i < lines.size(); i++) {
      // BIND prints local time; minutes, seconds and milliseconds do not depend on a whole-hour zone.
      String clock = lines.get(i).split(" ")[1].substring(3); // mm:ss.SSS
      long ms = messages.get(i).meta().timestampNanos() / 1_000_000;
      String ours =
          String.format(
              java.util.Locale.ROOT, "%02d:%02d.%03d", ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
      assertThat(ours).as("frame %d", i + 1).isEqualTo(clock);
    }
  }

  @Test
  void rawProtobufCasesDecodeOrFailWithACountedReason() throws IOException {
    IssueCounter ok = new IssueCounter();
    RawDnsMessage q = DnstapReader.decodeRawFile(BIND.resolve("correct_query_nanosec.dnstap"), 0, ok);
    RawDnsMessage r = DnstapReader.decodeRawFile(BIND.resolve("correct_response_nanosec.dnstap"), 0, ok);
    assertThat(ok.snapshot()).isEmpty();
    assertThat(q).isNotNull();
    assertThat(r).isNotNull();
    assertThat(q.meta().timestampNanos() % 1_000_000_000L).isNotZero();
    assertThat(r.meta().dnstap().messageType()).endsWith("_RESPONSE");

    IssueCounter badType = new IssueCounter();
    assertThat(DnstapReader.decodeRawFile(BIND.resolve("invalid_message_type.dnstap"), 0, badType)).isNull();
    assertThat(badType.snapshot()).containsExactly(Map.entry(IssueReason.DNSTAP_BAD_MESSAGE_TYPE, 1L));

    for (String name : List.of("query_time_nanosec_big.dnstap", "response_time_nanosec_big.dnstap")) {
      IssueCounter badTime = new IssueCounter();
      assertThat(DnstapReader.decodeRawFile(BIND.resolve(name), 0, badTime)).as(name).isNull();
      assertThat(badTime.snapshot()).as(name).containsExactly(Map.entry(IssueReason.DNSTAP_BAD_TIME, 1L));
    }
  }

  @Test
  void largeAnswerAndGoDnsCollectorFilesDecode() throws IOException {
    IssueCounter issues = new IssueCounter();
    List<RawDnsMessage> large = readAll(BIND.resolve("large-answer.fstrm"), issues);
    assertThat(large).hasSize(1);
    assertThat(large.get(0).meta().dnstap().messageType()).isEqualTo("AUTH_RESPONSE");
    assertThat(large.get(0).meta().dnstap().identity()).isNull();
    List<RawDnsMessage> collector = readAll(COLLECTOR, issues);
    assertThat(collector).hasSize(2);
    assertThat(collector.get(0).meta().dnstap().identity()).isEqualTo("dnsdist");
    assertThat(collector.get(0).meta().transport()).isEqualTo(Transport.UDP);
    assertThat(issues.snapshot()).isEmpty();
    assertThat(DnstapReader.isFrameStreams(COLLECTOR)).isTrue();
    assertThat(DnstapReader.isFrameStreams(BIND.resolve("correct_query_nanosec.dnstap"))).isFalse();
  }

  @Test
  void hostileFramesAreCountedNotThrown() throws IOException {
    byte[] start = FrameStreams.controlFrame(FrameStreams.CONTROL_START, FrameStreams.DNSTAP_CONTENT_TYPE);
    // An oversize length: counted, and the stream ends (no allocation of the claimed size).
    assertThat(issuesOf(concat(start, new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff})))
        .containsExactly(Map.entry(IssueReason.DNSTAP_BAD_FRAME, 1L));
    // Exactly the limit is allowed (and is garbage protobuf here), limit + 1 is not.
    ByteArrayOutputStream atLimit = new ByteArrayOutputStream();
    atLimit.write(start);
    FrameStreams.writeDataFrame(atLimit, new byte[FrameStreams.MAX_FSTRM_FRAME_BYTES]);
    assertThat(issuesOf(atLimit.toByteArray()))
        .doesNotContainKey(IssueReason.DNSTAP_BAD_FRAME)
        .containsKey(IssueReason.DNSTAP_BAD_PROTOBUF);
    byte[] overLimit = concat(start, intBytes(FrameStreams.MAX_FSTRM_FRAME_BYTES + 1));
    assertThat(issuesOf(overLimit)).containsExactly(Map.entry(IssueReason.DNSTAP_BAD_FRAME, 1L));
    // A control frame too short, a control frame length above its limit, a truncated data frame.
    assertThat(issuesOf(concat(intBytes(0), intBytes(2), new byte[2])))
        .containsExactly(Map.entry(IssueReason.DNSTAP_BAD_FRAME, 1L));
    assertThat(issuesOf(concat(intBytes(0), intBytes(FrameStreams.MAX_CONTROL_FRAME_BYTES + 1))))
        .containsExactly(Map.entry(IssueReason.DNSTAP_BAD_FRAME, 1L));
    assertThat(issuesOf(concat(start, intBytes(10), new byte[3])))
        .containsExactly(Map.entry(IssueReason.DNSTAP_BAD_FRAME, 1L));
    // Another content type: frames skipped and counted once.
    byte[] other = FrameStreams.controlFrame(FrameStreams.CONTROL_START, "protobuf:other");
    assertThat(issuesOf(concat(other, intBytes(2), new byte[] {8, 1}, intBytes(2), new byte[] {8, 1})))
        .containsExactly(Map.entry(IssueReason.DNSTAP_BAD_CONTENT_TYPE, 1L));
    // A protobuf without a message, and garbage.
    assertThat(issuesOf(concat(start, intBytes(2), new byte[] {0x78, 1})))
        .containsExactly(Map.entry(IssueReason.DNSTAP_NO_MESSAGE, 1L));
    assertThat(issuesOf(concat(start, intBytes(3), new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff})))
        .containsExactly(Map.entry(IssueReason.DNSTAP_BAD_PROTOBUF, 1L));
  }

  static Map<IssueReason, Long> issuesOf(byte[] bytes) throws IOException {
    IssueCounter issues = new IssueCounter();
    try (DnstapReader r = new DnstapReader(new ByteArrayInputStream(bytes), 0, issues, bytes.length)) {
      while (r.next() != null) {
        // drain
      }
    }
    return issues.snapshot();
  }

  static byte[] intBytes(int v) {
    return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
