package org.dnslens.engine.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.model.Role;
import org.junit.jupiter.api.Test;

/** dnstap files go through the same pipeline as captures, alone or mixed with pcaps. */
class DnstapIngestTest {
  static final Path COLLECTOR = Path.of("../testdata/pcaps/go-dnscollector/dnstap/dnstap.fstrm");
  static final Path BIND = Path.of("../testdata/pcaps/bind9/dnstap/dnstap.saved");
  static final Path PCAP = Path.of("../testdata/pcaps/zeek/dns-caa.pcap");

  private static CollectingIngestSink run(List<Path> files, List<DnsMessage> seen) throws IOException {
    IngestPipeline p = new IngestPipeline(IngestPipeline.Config.defaults());
    CollectingIngestSink sink = CollectingIngestSink.transactionsOnly();
    p.run(p.describe(files), sink, seen::add, IngestPipeline.Progress.NONE, () -> false);
    return sink;
  }

  @Test
  void readsAFrameStreamsFileLikeACapture() throws IOException {
    List<DnsMessage> seen = new ArrayList<>();
    CollectingIngestSink sink = run(List.of(COLLECTOR), seen);
    assertThat(seen).hasSize(2);
    assertThat(sink.stats().sources().get(0).format()).isEqualTo("dnstap");
    assertThat(sink.stats().frames()).isEqualTo(2);
    assertThat(sink.stats().issues()).isEmpty();
    assertThat(sink.transactions()).isNotEmpty();
    assertThat(sink.transactions()).allSatisfy(t -> assertThat(t.role()).isEqualTo(Role.CLIENT));
    assertThat(seen.get(0).meta().dnstap().identity()).isEqualTo("dnsdist");
  }

  @Test
  void mixesDnstapAndPcapInOneRunKeepingSourceIds() throws IOException {
    List<DnsMessage> alone = new ArrayList<>();
    run(List.of(PCAP), alone);
    assertThat(alone).isNotEmpty();
    List<DnsMessage> seen = new ArrayList<>();
    CollectingIngestSink sink = run(List.of(PCAP, BIND, COLLECTOR), seen);
    assertThat(seen).hasSize(alone.size() + 96 + 2);
    assertThat(seen.stream().filter(m -> m.meta().frame().sourceId() == 1).count()).isEqualTo(96);
    assertThat(seen.stream().filter(m -> m.meta().frame().sourceId() == 2).count()).isEqualTo(2);
    assertThat(seen.stream().filter(m -> m.meta().frame().sourceId() == 0 && m.meta().dnstap() == null).count())
        .isEqualTo(alone.size());
    assertThat(sink.stats().sources()).extracting(SourceStats::format).containsExactly("pcap", "dnstap", "dnstap");
    assertThat(sink.stats().sources().get(1).frames()).isEqualTo(96);
  }
}
