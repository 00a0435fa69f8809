package org.dnslens.engine.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.dnslens.engine.decode.DecoderConfig;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.model.IssueReason;
import org.dnslens.engine.model.ParseStatus;
import org.dnslens.engine.model.ResourceRecord;
import org.dnslens.engine.model.Transaction;
import org.dnslens.engine.model.TransactionStatus;
import org.dnslens.engine.pairing.PairingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resource-exhaustion captures through the whole pipeline, in-process: each is generated to exceed a
 * limit (set small through the config knobs so a capture of a few thousand frames is enough), and the
 * test asserts the exact count per reason, that nothing is lost silently, and that work grows linearly
 * with the input. Work is measured as bytes allocated by the pipeline's thread, a count that does not
 * depend on the machine's speed (no timing assertions). The same cases at default limits in a 64 MiB
 * heap are in {@link BoundedMemoryTest}.
 */
class HostileCaptureTest {
  private static final DecoderConfig D = DecoderConfig.defaults();
  private static final PairingConfig P = PairingConfig.defaults();

  @TempDir Path dir;

  @Test
  void fragmentsThatNeverCompleteFillTheTableThenTimeOut() throws IOException {
    Path p = dir.resolve("fragments.pcap");
    HostileCaptures.fragmentFlood(p, 5000, 7);
    HostileRun r = HostileRun.run(p, D.withMaxFragmentSets(100), P, false);
    assertThat(r.stats.frames()).isEqualTo(5007);
    // Every datagram beyond the table's 100 pushed out an older one; the 100 left time out when the late
    // ones arrive a minute later, and each late one times out in turn (the last at end of capture).
    assertThat(r.stats.issues())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(IssueReason.FRAGMENT_TABLE_FULL, 4900L, IssueReason.FRAGMENT_TIMEOUT, 107L));
    assertThat(r.stats.dnsMessages()).isZero();
  }

  @Test
  void concurrentTcpFlowsBeyondTheTableEvictTheOldest() throws IOException {
    Path p = dir.resolve("flows.pcap");
    HostileCaptures.tcpFlowFlood(p, 5000);
    HostileRun r = HostileRun.run(p, D.withMaxTcpFlows(100), P, false);
    assertThat(r.stats.issues())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(IssueReason.TCP_FLOW_TABLE_FULL, 4900L, IssueReason.TCP_INCOMPLETE_MESSAGE, 100L));
  }

  @Test
  void blockAndRecordLengthsOf4GibAreRefusedWithoutAllocating() throws IOException {
    Path ng = dir.resolve("huge-block.pcapng");
    Path pcap = dir.resolve("huge-record.pcap");
    HostileCaptures.hugeBlockLengths(ng, pcap);
    HostileRun a = HostileRun.run(ng, D, P, false);
    HostileRun b = HostileRun.run(pcap, D, P, false);
    assertThat(a.stats.issues()).containsExactlyEntriesOf(Map.of(IssueReason.PCAPNG_BAD_BLOCK_LENGTH, 1L));
    assertThat(b.stats.issues()).containsExactlyEntriesOf(Map.of(IssueReason.PCAP_CAPLEN_TOO_LARGE, 1L));
    // The reader's own window is a few MiB; a buffer sized from the claimed length would be 4 GiB.
    assertThat(a.allocatedBytes).isLessThan(64L << 20);
    assertThat(b.allocatedBytes).isLessThan(64L << 20);
  }

  @Test
  void headerCountsOf65535WithNoDataAreAMismatchNotALoop() throws IOException {
    Path p = dir.resolve("counts.pcap");
    HostileCaptures.countsWithoutData(p);
    HostileRun r = HostileRun.run(p, D, P, true);
    assertThat(r.stats.issues()).containsExactlyEntriesOf(Map.of(IssueReason.DNS_COUNT_MISMATCH, 3L));
    assertThat(r.stats.dnsMessages()).isEqualTo(3);
    for (Transaction t : r.transactions) {
      DnsMessage m = t.query() != null ? t.query() : t.reply();
      assertThat(m.status()).isEqualTo(ParseStatus.PARTIAL);
      assertThat(m.header().answerCount()).isEqualTo(0xffff); // the evidence keeps what the header claimed
    }
    // The message with a real question keeps it.
    assertThat(r.transactions).anySatisfy(t -> assertThat(t.reply() != null && t.reply().questions().size() == 1).isTrue());
  }

  @Test
  void compressionPointerLoopsAndLongChainsStopAtTheLimit() throws IOException {
    Path p = dir.resolve("pointers.pcap");
    HostileCaptures.compressionPointers(p, 200); // 200 jumps > MAX_COMPRESSION_JUMPS (127)
    HostileRun r = HostileRun.run(p, D, P, true);
    // Self pointer and long chain: loop; two pointers at each other: the first points forward.
    assertThat(r.count(IssueReason.DNS_COMPRESSION_LOOP)).isEqualTo(2);
    assertThat(r.count(IssueReason.DNS_BAD_COMPRESSION_POINTER)).isEqualTo(1);
    assertThat(r.transactions).hasSize(3).allSatisfy(t -> assertThat(t.reply().status()).isEqualTo(ParseStatus.PARTIAL));
    // The chain's message keeps its question and the record before the bad name.
    Transaction chain = r.transactions.get(2);
    assertThat(chain.reply().questions()).hasSize(1);
    assertThat(chain.reply().answers()).hasSize(1);
    assertThat(chain.reply().issue()).isEqualTo(IssueReason.DNS_COMPRESSION_LOOP);
  }

  @Test
  void aChainOfExactlyTheLimitStillDecodes() throws IOException {
    Path p = dir.resolve("chain-at-limit.pcap");
    // 126 pointers in the rdata plus the owner pointer: 127 jumps to reach the question's name.
    HostileCaptures.compressionPointers(p, 126);
    HostileRun r = HostileRun.run(p, D, P, true);
    Transaction chain = r.transactions.get(2);
    assertThat(chain.reply().answers()).hasSize(2);
    assertThat(chain.reply().answers().get(1).name().toString()).isEqualTo("b");
    assertThat(r.count(IssueReason.DNS_COMPRESSION_LOOP)).isEqualTo(1); // only the self pointer

    Path over = dir.resolve("chain-over-limit.pcap");
    HostileCaptures.compressionPointers(over, 127); // 128 jumps
    HostileRun o = HostileRun.run(over, D, P, true);
    assertThat(o.transactions.get(2).reply().issue()).isEqualTo(IssueReason.DNS_COMPRESSION_LOOP);
    assertThat(o.transactions.get(2).reply().answers()).hasSize(1);
  }

  @Test
  void a64KibTxtReplyOverTcpArrivesWhole() throws IOException {
    Path p = dir.resolve("txt.pcap");
    byte[] reply = HostileCaptures.bigTxtOverTcp(p, 65_000);
    assertThat(reply.length).isBetween(65_000, 65_535);
    HostileRun r = HostileRun.run(p, D, P, true);
    assertThat(r.stats.issues()).isEmpty();
    assertThat(r.transactions).singleElement().satisfies(t -> {
      assertThat(t.status()).isEqualTo(TransactionStatus.ANSWERED);
      assertThat(t.reply().wire()).isEqualTo(reply);
      assertThat(t.reply().status()).isEqualTo(ParseStatus.COMPLETE);
      ResourceRecord txt = t.reply().answers().get(0);
      assertThat(txt.type()).isEqualTo(16);
    });
  }

  @Test
  void aPendingQueryFloodEvictsTheOldestAsUnansweredNeverDropsThem() throws IOException {
    Path p = dir.resolve("pending.pcap");
    HostileCaptures.pendingQueryFlood(p, 5000);
    HostileRun r = HostileRun.run(p, D, P.withMaxPendingQueries(100), true);
    assertThat(r.stats.issues()).containsExactlyEntriesOf(Map.of(IssueReason.PAIRING_EVICTED, 4900L));
    assertThat(r.stats.transactions()).isEqualTo(5000);
    assertThat(r.stats.byStatus().get(TransactionStatus.UNANSWERED)).isEqualTo(5000);
    assertThat(r.transactions.stream().filter(t -> t.reason() == IssueReason.PAIRING_EVICTED)).hasSize(4900);
  }

  @Test
  void workGrowsLinearlyWithTheFlood() throws IOException {
    // Doubling a flood must not much more than double the work; a quadratic step would quadruple it.
    assertThat(ratio("fragments", n -> HostileCaptures.fragmentFlood(dir.resolve("f" + n), n, 0),
        n -> HostileRun.run(dir.resolve("f" + n), D.withMaxFragmentSets(100), P, false))).isLessThan(2.6);
    assertThat(ratio("flows", n -> HostileCaptures.tcpFlowFlood(dir.resolve("t" + n), n),
        n -> HostileRun.run(dir.resolve("t" + n), D.withMaxTcpFlows(100), P, false))).isLessThan(2.6);
    assertThat(ratio("queries", n -> HostileCaptures.pendingQueryFlood(dir.resolve("q" + n), n),
        n -> HostileRun.run(dir.resolve("q" + n), D, P.withMaxPendingQueries(100), false))).isLessThan(2.6);
  }

  private interface Gen {
    void make(int n) throws IOException;
  }

  private interface Run {
    HostileRun run(int n) throws IOException;
  }

  private static double ratio(String what, Gen gen, Run run) throws IOException {
    int n = 20_000;
    gen.make(n);
    gen.make(2 * n);
    run.run(n); // warm-up: class loading and first-use allocations are not per-frame work
    long one = run.run(n).allocatedBytes;
    long two = run.run(2 * n).allocatedBytes;
    assertThat(one).as(what).isPositive();
    return (double) two / one;
  }
}
