package org.dnslens.engine.dnstap;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.dnslens.engine.model.Role;
import org.dnslens.engine.model.Transaction;
import org.dnslens.engine.model.TransactionStatus;
import org.dnslens.engine.model.Transport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real unbound logs dnstap over its bidirectional unix socket to our {@link DnstapServer}; real dig
 * queries arrive as CQ/CR transactions. Skipped, with the reason, where unbound or dig is missing;
 * {@code .ci/run} fails if it was skipped there (it checks the marker file written when this ran).
 */
class UnboundDnstapLiveTest {
  static final Path MARKER_DIR = Path.of("target/live-tests");

  @TempDir Path dir;

  @Test
  void unboundDnstapArrivesAsClientTransactions() throws Exception {
    Assumptions.assumeTrue(
        UnboundProcess.available(),
        "SKIPPED live dnstap test: needs /usr/sbin/unbound and /usr/bin/dig (apt-get install unbound dnsutils)");
    Path socket = dir.resolve("dnstap.sock");
    LiveFeed feed = new LiveFeed(LiveFeed.DEFAULT_CAPACITY);
    CollectingIngestSink sink = CollectingIngestSink.forLiveRun();
    List<DnsMessage> seen = new CopyOnWriteArrayList<>();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicReference<IngestStats> result = new AtomicReference<>();
    try (DnstapServer server = DnstapServer.unix(socket, feed, 0)) {
      Thread parser =
          new Thread(
              () -> {
                try {
                  result.set(
                      new LivePipeline(IngestPipeline.Config.defaults())
                          .run(
                              new SourceInfo(0, null, "dnstap:" + socket, null, -1),
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
      List<String> udp;
      List<String> tcp;
      UnboundProcess unbound = UnboundProcess.start(dir, socket);
      try {
        waitFor(() -> server.connections() > 0, "unbound to connect to the dnstap socket", unbound);
        udp = unbound.dig("www.dnslens.test", false);
        tcp = unbound.dig("mail.dnslens.test", true);
        waitFor(() -> seen.size() >= 4, "four dnstap messages", unbound);
      } finally {
        unbound.close();
      }
      assertThat(udp).contains("192.0.2.10");
      assertThat(tcp).contains("192.0.2.11");
      stop.set(true);
      parser.join(30_000);
    }
    assertThat(failure.get()).isNull();
    List<Transaction> txs = new ArrayList<>(sink.transactions());
    txs.sort(Comparator.comparing(t -> t.query().meta().timestampNanos()));
    assertThat(txs).hasSize(2);
    assertThat(txs).allSatisfy(t -> {
      assertThat(t.status()).isEqualTo(TransactionStatus.ANSWERED);
      assertThat(t.role()).isEqualTo(Role.CLIENT);
      assertThat(t.query().meta().dnstap().messageType()).isEqualTo("CLIENT_QUERY");
      assertThat(t.reply().meta().dnstap().messageType()).isEqualTo("CLIENT_RESPONSE");
      assertThat(t.query().meta().dnstap().identity()).isEqualTo("dnslens-test");
      assertThat(t.query().meta().destinationIp().toString()).isEqualTo("127.0.0.1");
    });
    assertThat(txs.get(0).query().firstQuestion().name().toString()).isEqualTo("www.dnslens.test");
    assertThat(txs.get(0).query().meta().transport()).isEqualTo(Transport.UDP);
    assertThat(txs.get(1).query().firstQuestion().name().toString()).isEqualTo("mail.dnslens.test");
    assertThat(txs.get(1).query().meta().transport()).isEqualTo(Transport.TCP);
    // unbound, stopped by SIGTERM, may drop its connection without STOP: that is counted, nothing else is.
    assertThat(result.get().issues().keySet())
        .isSubsetOf(java.util.Set.of(org.dnslens.engine.model.IssueReason.DNSTAP_BAD_FRAME));
    Files.createDirectories(MARKER_DIR);
    Files.writeString(MARKER_DIR.resolve("unbound-dnstap.ran"), "ran\n", StandardCharsets.US_ASCII);
  }

  interface Condition {
    boolean met();
  }

  /** A hang guard, not a timing assertion: waits for an event the test needs, failing after a minute. */
  static void waitFor(Condition c, String what, UnboundProcess unbound) throws InterruptedException, IOException {
    for (int i = 0; i < 600 && !c.met(); i++) {
      Thread.sleep(100);
    }
    if (!c.met()) {
      throw new AssertionError("gave up waiting for " + what + "; unbound log:\n" + unbound.log());
    }
  }
}
