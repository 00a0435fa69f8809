package org.dnslens.engine.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dnslens.engine.ingest.CollectingIngestSink;
import org.dnslens.engine.ingest.IngestPipeline;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.model.Transaction;
import org.junit.jupiter.api.Test;

/**
 * The {@code dnstap} object of the transaction and message logs, from go-dnscollector's real dnstap
 * file (dnsdist: one CLIENT_QUERY, one CLIENT_RESPONSE), and its absence for captured packets.
 */
class DnstapJsonFieldsTest {
  static final Path COLLECTOR = Path.of("../testdata/pcaps/go-dnscollector/dnstap/dnstap.fstrm");
  static final Path PCAP = Path.of("../testdata/pcaps/zeek/dns-caa.pcap");
  /** Decimals as BigDecimal: a double cannot hold nine decimals of an epoch time. */
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  @Test
  void transactionAndMessageLinesCarryWhatTheDnstapFramesSaid() throws IOException {
    List<DnsMessage> messages = new ArrayList<>();
    List<Transaction> txs = read(COLLECTOR, messages);
    assertThat(txs).hasSize(1);

    JsonNode tx = JSON.readTree(transactionLine(txs.get(0)));
    JsonNode q = tx.path("dnstap").path("query");
    JsonNode r = tx.path("dnstap").path("reply");
    assertThat(q.path("type").asText()).isEqualTo("CLIENT_QUERY");
    assertThat(r.path("type").asText()).isEqualTo("CLIENT_RESPONSE");
    assertThat(q.path("identity").asText()).isEqualTo("dnsdist");
    assertThat(q.path("socket_family").asText()).isEqualTo("INET");
    assertThat(q.path("socket_protocol").asText()).isEqualTo("UDP");
    // Nanoseconds as dnstap gave them; the transaction's own query_ts is the same instant in microseconds.
    assertThat(q.path("query_time").isNumber()).isTrue();
    long queryNanos = messages.get(0).meta().dnstap().queryTimeNanos();
    assertThat(q.path("query_time").decimalValue().movePointRight(9).longValueExact()).isEqualTo(queryNanos);
    assertThat(tx.path("query_ts").decimalValue().movePointRight(6).longValue()).isEqualTo(queryNanos / 1000);
    assertThat(r.has("response_time")).isTrue();
    assertThat(tx.path("dnstap_identity").asText()).isEqualTo("dnsdist");

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (MessageJsonWriter w = new MessageJsonWriter(out, id -> "dnstap.fstrm")) {
      for (DnsMessage m : messages) {
        w.write(m);
      }
    }
    List<JsonNode> lines = new ArrayList<>();
    for (String l : out.toString(StandardCharsets.UTF_8).split("\n")) {
      lines.add(JSON.readTree(l));
    }
    assertThat(lines).extracting(l -> l.path("dnstap").path("type").asText())
        .containsExactly("CLIENT_QUERY", "CLIENT_RESPONSE");
    assertThat(lines).allSatisfy(l -> assertThat(l.path("dnstap").path("identity").asText()).isEqualTo("dnsdist"));
  }

  @Test
  void capturedPacketsHaveNoDnstapObject() throws IOException {
    List<Transaction> txs = read(PCAP, new ArrayList<>());
    assertThat(txs).isNotEmpty();
    for (Transaction t : txs) {
      JsonNode tx = JSON.readTree(transactionLine(t));
      assertThat(tx.has("dnstap")).isFalse();
      assertThat(tx.has("dnstap_identity")).isFalse();
    }
  }

  /** A resolver that sets no identity: the fast NDJSON path must not drop the dnstap object either. */
  @Test
  void framesWithoutIdentityStillCarryTheDnstapObject() throws IOException {
    Transaction t = read(COLLECTOR, new ArrayList<>()).get(0);
    Transaction anonymous =
        new Transaction(
            t.status(), withoutIdentity(t.query()), withoutIdentity(t.reply()), t.otherReplies(),
            t.retransmissions(), t.identicalReplies(), t.role(), t.reason());
    JsonNode tx = JSON.readTree(transactionLine(anonymous));
    assertThat(tx.path("dnstap").path("query").path("type").asText()).isEqualTo("CLIENT_QUERY");
    assertThat(tx.path("dnstap").path("reply").path("type").asText()).isEqualTo("CLIENT_RESPONSE");
    assertThat(tx.path("dnstap").path("query").has("identity")).isFalse();
    assertThat(tx.has("dnstap_identity")).isFalse();
  }

  private static DnsMessage withoutIdentity(DnsMessage m) {
    org.dnslens.engine.model.PacketMeta p = m.meta();
    org.dnslens.engine.model.DnstapInfo d = p.dnstap();
    org.dnslens.engine.model.PacketMeta meta =
        new org.dnslens.engine.model.PacketMeta(
            p.frame(), p.firstFrameNumber(), p.timestampNanos(), p.transport(), p.sourceIp(), p.sourcePort(),
            p.destinationIp(), p.destinationPort(), p.sourceMac(), p.destinationMac(), p.vlanIds(), p.tunnels(),
            p.portClass(),
            new org.dnslens.engine.model.DnstapInfo(
                d.messageType(), null, d.version(), d.extraHex(), d.socketFamily(), d.socketProtocol(),
                d.queryTimeNanos(), d.responseTimeNanos()));
    return new DnsMessage(
        meta, m.header(), m.questions(), m.answers(), m.authorities(), m.additionals(), m.edns(), m.status(),
        m.issue(), m.wire());
  }

  @Test
  void nanoSecondsKeepAllNineDigits() {
    assertThat(DnstapJsonFields.nanoSeconds(1_700_000_000_000_000_001L)).isEqualTo("1700000000.000000001");
    assertThat(DnstapJsonFields.nanoSeconds(1_700_000_000_123_456_789L)).isEqualTo("1700000000.123456789");
    assertThat(DnstapJsonFields.nanoSeconds(0)).isEqualTo("0.000000000");
  }

  private static String transactionLine(Transaction t) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TransactionJsonWriter w = new TransactionJsonWriter(out, id -> "src")) {
      w.write(t);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static List<Transaction> read(Path file, List<DnsMessage> seen) throws IOException {
    IngestPipeline p = new IngestPipeline(IngestPipeline.Config.defaults());
    CollectingIngestSink sink = CollectingIngestSink.transactionsOnly();
    p.run(p.describe(List.of(file)), sink, seen::add, IngestPipeline.Progress.NONE, () -> false);
    return sink.transactions();
  }
}
