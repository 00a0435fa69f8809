package org.dnslens.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dnslens.engine.dns.DnsMessageDecoder;
import org.dnslens.engine.issue.IssueCounter;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.model.FrameRef;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.engine.model.PacketMeta;
import org.dnslens.engine.model.ParseStatus;
import org.dnslens.engine.model.PortClass;
import org.dnslens.engine.model.RawDnsMessage;
import org.dnslens.engine.model.RrType;
import org.dnslens.engine.model.Transport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * BIND's dnstap unit tests feed four DNS wire messages (hex dumps beside its dnstap files): an authoritative
 * and a recursive query for www.isc.org/A and their responses. They are plain DNS, so they must decode
 * completely, with the question, EDNS and (for responses) answers BIND's test expects.
 */
class BindWireCasesTest {
  private static final Path DIR = PublicCaptures.ROOT.resolve("bind9/dnstap");

  static byte[] hex(Path file) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
      if (line.startsWith("#")) {
        continue;
      }
      for (String b : line.trim().split("\\s+")) {
        if (!b.isEmpty()) {
          out.write(Integer.parseInt(b, 16));
        }
      }
    }
    return out.toByteArray();
  }

  @ParameterizedTest
  @ValueSource(strings = {"query.auth", "query.recursive", "response.auth", "response.recursive"})
  void decodesCompletely(String name) throws IOException {
    IssueCounter issues = new IssueCounter();
    PacketMeta meta = new PacketMeta(new FrameRef(0, 1), 1, 0, Transport.UDP, IpAddress.parse("10.0.0.1"), 5353,
        IpAddress.parse("10.0.0.2"), 53, null, null, List.of(), List.of(), PortClass.DNS, null);
    DnsMessage m = new DnsMessageDecoder(issues).decode(new RawDnsMessage(meta, hex(DIR.resolve(name))));
    assertThat(issues.total()).isZero();
    assertThat(m.status()).isEqualTo(ParseStatus.COMPLETE);
    assertThat(m.firstQuestion().name().toString()).isEqualTo("www.isc.org");
    assertThat(RrType.name(m.firstQuestion().type())).isEqualTo("A");
    assertThat(m.edns()).isNotNull();
    assertThat(m.isResponse()).isEqualTo(name.startsWith("response"));
    if (m.isResponse()) {
      assertThat(m.answers()).isNotEmpty().allMatch(r -> r.name().toString().equalsIgnoreCase("www.isc.org"));
    }
  }
}
