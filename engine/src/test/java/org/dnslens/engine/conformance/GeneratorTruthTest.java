package org.dnslens.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.dnslens.engine.ingest.CollectingIngestSink;
import org.dnslens.engine.ingest.IngestPipeline;
import org.dnslens.engine.model.IssueReason;
import org.dnslens.engine.model.Rcode;
import org.dnslens.engine.model.Transaction;
import org.dnslens.engine.model.TransactionStatus;
import org.dnslens.engine.model.Transport;
import org.dnslens.testdata.gen.Actors;
import org.dnslens.testdata.gen.CaptureFormat;
import org.dnslens.testdata.gen.CaptureGenerator;
import org.dnslens.testdata.gen.GenerationTruth;
import org.dnslens.testdata.gen.GeneratorConfig;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 3's acceptance against the generator's truth file: exact counts of messages, transactions,
 * answered, unanswered, NXDOMAIN, TCP and IPv6 transactions on several seeds, in both container formats and
 * gzip. The generator shares no code with the engine (it encodes with dnsjava), so agreement is evidence.
 */
class GeneratorTruthTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "seed {0}, {1} transactions, {2}, gzip {3}")
  @CsvSource({"1, 3000, PCAP, false", "2, 3000, PCAPNG, false", "3, 5000, PCAP, true", "42, 8000, PCAPNG, true"})
  void countsEqualTheTruth(long seed, int transactions, CaptureFormat format, boolean gzip) throws IOException {
    GeneratorConfig config =
        GeneratorConfig.defaults(seed, transactions).withFormat(format).withGzip(gzip).withActors(Actors.all());
    Path capture = dir.resolve("gen-" + seed + (gzip ? ".gz" : ""));
    GenerationTruth truth = new CaptureGenerator(config).write(capture);

    CollectingIngestSink sink = PublicCaptures.run(capture, IngestPipeline.Config.defaults());

    assertThat(sink.stats().issues()).as("issues on a clean capture").isEmpty();
    assertThat(sink.stats().frames()).isEqualTo(truth.packets());
    assertThat(sink.stats().dnsMessages()).isEqualTo(truth.dnsMessages());
    assertThat(sink.transactions()).hasSize((int) truth.transactions());
    assertThat(count(sink, TransactionStatus.ANSWERED)).isEqualTo(truth.answered());
    assertThat(count(sink, TransactionStatus.UNANSWERED)).isEqualTo(truth.unanswered());
    assertThat(count(sink, TransactionStatus.ORPHAN_REPLY)).isZero();
    assertThat(sink.transactions().stream().filter(t -> t.rcode() == Rcode.NXDOMAIN).count()).isEqualTo(truth.nxdomain());
    assertThat(sink.transactions().stream().filter(t -> t.transport() == Transport.TCP).count())
        .isEqualTo(truth.tcpTransactions());
    assertThat(sink.transactions().stream().filter(t -> t.clientIp().isIpv6()).count())
        .isEqualTo(truth.ipv6Transactions());
    assertThat(sink.transactions().stream().mapToLong(Transaction::retransmissions).sum())
        .isEqualTo(truth.retransmissions());
    assertThat(sink.stats().issues()).doesNotContainKey(IssueReason.INTERNAL_MISSING_BOUNDS_CHECK);
  }

  private static long count(CollectingIngestSink sink, TransactionStatus status) {
    return sink.transactions().stream().filter(t -> t.status() == status).count();
  }
}
