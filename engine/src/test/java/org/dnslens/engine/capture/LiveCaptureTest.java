package org.dnslens.engine.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.dnslens.engine.ingest.CollectingIngestSink;
import org.dnslens.engine.ingest.IngestPipeline;
import org.dnslens.engine.ingest.IngestStats;
import org.dnslens.engine.ingest.LiveFeed;
import org.dnslens.engine.ingest.LivePipeline;
import org.dnslens.engine.ingest.SourceInfo;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.model.Transaction;
import org.dnslens.engine.model.TransactionStatus;
import org.dnslens.engine.model.Transport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live capture on {@code lo} with libpcap while a real unbound answers real dig queries: exactly those
 * transactions arrive. Skipped with the reason where there is no libpcap, no root/CAP_NET_RAW, or no
 * unbound; {@code .ci/run} fails if it was skipped there (marker file written when it ran).
 */
class LiveCaptureTest {
  static final Path MARKER_DIR = Path.of("target/live-tests");

  @TempDir Path dir;

  /** Opens a capture on lo, or skips the test with the reason. */
  private static LiveCapture startOrSkip(LiveCapture.Options o, LiveFeed feed) throws IOException {
    try {
      return LiveCapture.start(o, feed, 0);
    } catch (LiveCapture.LiveCaptureException e) {
      String m = e.getMessage();
      Assumptions.assumeFalse(
          m.contains("permission") || m.contains("libpcap could not be loaded"),
          "SKIPPED live capture test: " + m);
      throw e;
    }
  }

  @Test
  void defaultFilterCompilesAndErrorsAreSentences() throws IOException {
    LiveFeed feed = new LiveFeed(16);
    try (LiveCapture c = startOrSkip(LiveCapture.Options.of("lo"), feed)) {
      assertThat(c.stats().received()).isGreaterThanOrEqualTo(0);
    }
    LiveCapture.Options bad =
        new LiveCapture.Options("lo", "port 53 and and", 65_535, 1 << 20, false, null);
    assertThatThrownBy(() -> LiveCapture.start(bad, feed, 0))
        .isInstanceOf(LiveCapture.LiveCaptureException.class)
        .hasMessageContaining("bad capture filter")
        .hasMessageContaining("syntax error");
    assertThatThrownBy(() -> LiveCapture.start(LiveCapture.Options.of("nosuchif0"), feed, 0))
        .isInstanceOf(LiveCapture.LiveCaptureException.class)
        .hasMessageContaining("no interface named nosuchif0")
        .hasMessageContaining("lo");
    assertThat(LiveCapture.interfaces()).anySatisfy(i -> assertThat(i.name()).isEqualTo("lo"));
  }

  @Test
  void captureOnLoopbackSeesExactlyTheDigTransactions() throws Exception {
    Assumptions.assumeTrue(
        org.dnslens.engine.dnstap.UnboundProcess.available(),
        "SKIPPED live capture test: needs /usr/sbin/unbound and /usr/bin/dig (apt-get install unbound dnsutils)");
    try (org.dnslens.engine.dnstap.UnboundProcess unbound =
        org.dnslens.engine.dnstap.UnboundProcess.start(dir, null)) {
      LiveFeed feed = new LiveFeed(LiveFeed.DEFAULT_CAPACITY);
      LiveCapture.Options o =
          new LiveCapture.Options(
              "lo", "port " + unbound.port(), 65_535, 4 << 20, false, dir.resolve("pcaps"));
      CollectingIngestSink sink = CollectingIngestSink.forLiveRun();
      List<DnsMessage> seen = new CopyOnWriteArrayList<>();
      AtomicBoolean stop = new AtomicBoolean();
      AtomicReference<IngestStats> result = new AtomicReference<>();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      LiveCapture.Stats stats;
      List<String> udp;
      List<String> tcp;
      try (LiveCapture capture = startOrSkip(o, feed)) {
        Thread parser =
            new Thread(
                () -> {
                  try {
                    result.set(
                        new LivePipeline(IngestPipeline.Config.defaults())
                            .run(
                                new SourceInfo(0, null, "live:lo", null, -1),
                                feed,
                                sink,
                                seen::add,
                                LivePipeline.Ticker.NONE,
                                0,
                                stop::get));
                  } catch (Throwable t) {
                    failure.set(t);
                  }
                });
        parser.start();
        unbound.awaitListening();
        udp = unbound.dig("www.dnslens.test", false);
        tcp = unbound.dig("mail.dnslens.test", true);
        for (int i = 0; i < 600 && seen.size() < 4; i++) { // hang guard, not a timing assertion
          Thread.sleep(100);
        }
        stop.set(true);
        parser.join(30_000);
        stats = capture.stats();
      }
      assertThat(failure.get()).isNull();
      assertThat(udp).contains("192.0.2.10");
      assertThat(tcp).contains("192.0.2.11");
      List<Transaction> sorted = new ArrayList<>(sink.transactions());
      sorted.sort(Comparator.comparing(t -> t.query().meta().timestampNanos()));
      assertThat(sorted).extracting(t -> t.query().firstQuestion().name().toString())
          .containsExactly("www.dnslens.test", "mail.dnslens.test");
      assertThat(sorted).allSatisfy(t -> assertThat(t.status()).isEqualTo(TransactionStatus.ANSWERED));
      assertThat(sorted.get(0).query().meta().transport()).isEqualTo(Transport.UDP);
      assertThat(sorted.get(1).query().meta().transport()).isEqualTo(Transport.TCP);
      assertThat(sorted.get(0).query().meta().destinationPort()).isEqualTo(unbound.port());
      assertThat(stats.droppedByKernel()).isZero();
      assertThat(stats.queueDrops()).isZero();
      assertThat(result.get().issues()).isEmpty();
      try (var files = Files.list(dir.resolve("pcaps"))) {
        assertThat(files.toList()).hasSize(1);
      }
    }
    Files.createDirectories(MARKER_DIR);
    Files.writeString(MARKER_DIR.resolve("live-capture.ran"), "ran\n", StandardCharsets.US_ASCII);
  }
}
