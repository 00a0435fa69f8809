package org.dnslens.engine.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.dnslens.engine.capture.Frame;
import org.dnslens.engine.issue.IssueCounter;
import org.dnslens.engine.model.IssueReason;
import org.dnslens.engine.model.RawDnsMessage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Decodes public captures and compares the number of DNS messages with tshark's count recorded in
 * PROVENANCE.tsv. The classic-pcap walker here is test scaffolding only (the product reader lives in
 * engine.capture).
 */
class RealCaptureTest {
  private static final Path PCAPS = Path.of("../testdata/pcaps");
  private static final Pattern DNS_MSGS = Pattern.compile("dns_msgs\\([^)]*\\)=(\\d+)");

  record Case(String localPath, int expected) {
    @Override
    public String toString() {
      return localPath + " = " + expected;
    }
  }

  static Stream<Case> captures() throws IOException {
    List<Case> cases = new ArrayList<>();
    for (String line : Files.readAllLines(PCAPS.resolve("PROVENANCE.tsv"), StandardCharsets.UTF_8)) {
      String[] cols = line.split("\t");
      String path = cols[0];
      if (!(path.startsWith("go-dnscollector/pcap/") || path.startsWith("ndpi/")) || !cols[5].startsWith("pcap/")) {
        continue;
      }
      if (path.contains("/fuzz-")) {
        continue; // fuzzer output: tshark's count there says little about correctness
      }
      Matcher m = DNS_MSGS.matcher(cols[cols.length - 1]);
      if (m.find()) {
        int expected = Integer.parseInt(m.group(1));
        if (path.equals("ndpi/KakaoTalk_chat.pcap")) {
          expected -= 1; // frame 57 quotes a DNS reply inside ICMP port unreachable: not a message seen
        }
        if (path.equals("ndpi/badpackets.pcap")) {
          // tshark shows a few UDP/53 payloads shorter than the 12-byte header as malformed DNS; we count
          // them as DNS_TRUNCATED_HEADER instead of emitting them.
          expected -= 3;
        }
        cases.add(new Case(path, expected));
      }
    }
    assertThat(cases).isNotEmpty();
    return cases.stream();
  }

  @ParameterizedTest
  @MethodSource("captures")
  void messageCountMatchesTshark(Case c) throws IOException {
    IssueCounter issues = new IssueCounter();
    List<RawDnsMessage> out = new ArrayList<>();
    PacketDecoder decoder = new PacketDecoder(DecoderConfig.defaults(), issues, out::add);
    for (Frame f : readPcap(Files.readAllBytes(PCAPS.resolve(c.localPath())))) {
      decoder.decode(f);
    }
    decoder.finish();
    assertThat(issues.get(IssueReason.INTERNAL_MISSING_BOUNDS_CHECK)).isZero();
    assertThat(out).as("messages in %s; issues %s", c.localPath(), issues.snapshot()).hasSize(c.expected());
  }

  /** Minimal classic pcap walker (micro- and nanosecond magics, both byte orders). */
  static List<Frame> readPcap(byte[] file) {
    ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    int magic = b.getInt(0);
    boolean nanos = false;
    if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1) {
      b.order(ByteOrder.BIG_ENDIAN);
      magic = b.getInt(0);
    }
    if (magic == 0xa1b23c4d) {
      nanos = true;
    } else if (magic != 0xa1b2c3d4) {
      throw new IllegalArgumentException("not a classic pcap");
    }
    int linkType = b.getInt(20) & 0x0fff_ffff;
    List<Frame> frames = new ArrayList<>();
    int p = 24;
    long n = 0;
    while (p + 16 <= file.length) {
      long sec = b.getInt(p) & 0xffff_ffffL;
      long frac = b.getInt(p + 4) & 0xffff_ffffL;
      int caplen = b.getInt(p + 8);
      int len = b.getInt(p + 12);
      p += 16;
      if (caplen < 0 || p + caplen > file.length) {
        break;
      }
      ByteBuffer data = ByteBuffer.wrap(file, p, caplen).slice().asReadOnlyBuffer();
      long ts = sec * 1_000_000_000L + (nanos ? frac : frac * 1000);
      frames.add(new Frame(1, ++n, ts, linkType, 0, data, len));
      p += caplen;
    }
    return frames;
  }
}
