package org.dnslens.storage.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.dnslens.engine.model.IpAddress;
import org.junit.jupiter.api.Test;

/**
 * The run writer cuts blocks in query-time order from transactions that arrive late (as the pairer emits
 * them), gives ids in block order, and loses or repeats nothing when a transaction is later than its
 * reorder heap covers.
 */
class RunWriterOrderTest {
  static final int N = 5_000;
  /** Every 7th transaction arrives this many positions late (an unanswered query's timeout). */
  static final int LATE_BY = 600;

  @Test
  void heapLargerThanTheLatenessGivesTimeOrderedBlocksAndIds() throws Exception {
    List<EncodedBlock> blocks = run(1_000);
    List<long[]> rows = rows(blocks); // {id, ts}
    assertThat(rows).hasSize(N);
    for (int i = 0; i < N; i++) {
      assertThat(rows.get(i)[0]).isEqualTo(100 + i); // ids from the first, in block order
      assertThat(rows.get(i)[1]).isEqualTo(ts(i)); // and in query-time order
    }
    for (EncodedBlock b : blocks) {
      assertThat(b.maxTs() - b.minTs()).isEqualTo((b.count() - 1) * 1_000L);
    }
  }

  @Test
  void transactionsLaterThanTheHeapAreKeptOnceInBlocksOfConsecutiveIds() throws Exception {
    List<EncodedBlock> blocks = run(100);
    int nextBlock = 7;
    long nextId = 100;
    for (EncodedBlock b : blocks) {
      assertThat(b.id()).isEqualTo(nextBlock++);
      assertThat(b.firstTxId()).isEqualTo(nextId);
      nextId += b.count();
    }
    assertThat(rows(blocks)).extracting(r -> r[1]).containsExactlyInAnyOrderElementsOf(
        java.util.stream.LongStream.range(0, N).map(RunWriterOrderTest::ts).boxed().toList());
  }

  @Test
  void withoutReorderingIdsFollowArrivalAndBlocksCanBeBroken() throws Exception {
    List<EncodedBlock> blocks = new ArrayList<>();
    RunWriter w = new RunWriter(sink(blocks), 1, 10, 1_000_000, 0);
    w.add(tx(5), null);
    w.add(tx(3), null);
    assertThat(w.nextTxId()).isEqualTo(12);
    w.breakBlock(50);
    w.add(tx(4), null);
    w.finish();
    assertThat(blocks).extracting(EncodedBlock::firstTxId).containsExactly(10L, 50L);
    assertThat(rows(blocks)).extracting(r -> r[1]).containsExactly(ts(5), ts(3), ts(4));
    RunWriter reordering = new RunWriter(sink(new ArrayList<>()), 1, 10, 1_000_000);
    assertThatThrownBy(() -> reordering.breakBlock(50)).isInstanceOf(IllegalStateException.class);
  }

  /**
   * Each part's pages reach the output kind by kind in one fixed order, the passive-DNS pages (built on a
   * thread of their own, the PDNS_NAME ones handed over before the PDNS_IP ones are built) last: page ids
   * are given in that order, so a case's bytes do not depend on which thread finished first.
   */
  @Test
  void pagesReachTheOutputKindByKindInOneOrderPerPart() throws Exception {
    List<List<SegmentKind>> calls = new ArrayList<>();
    RunOutput out = new RunOutput() {
      @Override
      public void block(EncodedBlock block) {}

      @Override
      public void pages(List<SegmentPage> pages) {
        List<SegmentKind> kinds = new ArrayList<>();
        pages.forEach(p -> addIfNotLast(kinds, p.kind()));
        calls.add(kinds);
      }

      @Override
      public void counts(List<RunCount> counts) {}
    };
    RunWriter w = new RunWriter(out, 1, 1, 3_000, 0); // the aggregates' bound: a part written mid-run
    for (int i = 0; i < N; i++) {
      w.add(tx(i), null, true);
      w.answer(org.dnslens.engine.model.DnsName.parse("n" + i + ".example"), 1, null, answer(i) == null
          ? IpAddress.parse("203.0.113.1") : answer(i), ts(i));
    }
    w.finish();
    List<SegmentKind> perPart = List.of(SegmentKind.NAME_TABLE, SegmentKind.NAME, SegmentKind.CLIENT,
        SegmentKind.SERVER, SegmentKind.ANSWER, SegmentKind.CLIENT_BY_NAME, SegmentKind.NAME_BY_CLIENT,
        SegmentKind.PDNS_NAME, SegmentKind.PDNS_IP);
    assertThat(calls).filteredOn(k -> k.contains(SegmentKind.PDNS_NAME) || k.contains(SegmentKind.PDNS_IP))
        .allSatisfy(k -> assertThat(k).hasSize(1)); // the PDNS_NAME pages handed before the PDNS_IP ones exist
    List<SegmentKind> handed = new ArrayList<>(); // the kinds in the order they came, runs of one kind as one
    calls.forEach(call -> call.forEach(k -> addIfNotLast(handed, k)));
    assertThat(handed.size()).isGreaterThanOrEqualTo(2 * perPart.size()); // spilled at least once
    for (int part = 0; part * perPart.size() < handed.size(); part++) {
      assertThat(handed.subList(part * perPart.size(), Math.min(handed.size(), (part + 1) * perPart.size())))
          .as("part %d", part).isEqualTo(perPart);
    }
  }

  /** Appends {@code kind} unless it is already the last: runs of one kind become one entry. */
  private static void addIfNotLast(List<SegmentKind> kinds, SegmentKind kind) {
    if (kinds.isEmpty() || kinds.get(kinds.size() - 1) != kind) {
      kinds.add(kind);
    }
  }

  /** Transactions 0..N-1 in arrival order: every 7th comes LATE_BY positions after its neighbours. */
  private static List<EncodedBlock> run(int heap) throws Exception {
    List<Integer> arrival = new ArrayList<>();
    List<Integer> late = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      if (i % 7 == 0) {
        late.add(i);
      } else {
        arrival.add(i);
      }
      while (!late.isEmpty() && late.get(0) + LATE_BY <= i) {
        arrival.add(late.remove(0));
      }
    }
    arrival.addAll(late);
    List<EncodedBlock> blocks = new ArrayList<>();
    RunWriter w = new RunWriter(sink(blocks), 7, 100, 1_000_000, heap);
    for (int i : arrival) {
      w.add(tx(i), null);
    }
    assertThat(blocks.stream().mapToInt(EncodedBlock::count).sum()).isLessThan(N); // some still held
    w.finish();
    return blocks;
  }

  private static long ts(long i) {
    return 1_000_000_000_000L + i * 1_000L;
  }

  /** Like the ingest sink, one answer list refilled for every transaction. */
  private static final List<IpAddress> ANSWERS = new ArrayList<>();

  /** Every third transaction has no answer address (an SRV query, an unanswered one). */
  private static IpAddress answer(long i) {
    return i % 3 == 0 ? null : IpAddress.parse("198.51.100." + (i % 250));
  }

  private static TxInput tx(int i) {
    IpAddress client = IpAddress.parse("10.0.0." + (i % 250));
    IpAddress server = IpAddress.parse("192.0.2.53");
    List<IpAddress> answers = ANSWERS;
    answers.clear();
    if (answer(i) != null) {
      answers.add(answer(i));
    }
    return new TxInput(0, (long) i, null, ts(i), null, client, 40000, server, 53, 0, 0, i & 0xffff,
        "n" + i + ".example", 1, 1, 0, 0, 0, 0x0100, null, 0, 0, null, null, null, new byte[] {1, 2}, null,
        answers, List.of());
  }

  private static List<long[]> rows(List<EncodedBlock> blocks) {
    List<long[]> out = new ArrayList<>();
    for (EncodedBlock b : blocks) {
      TxBlock t = TxBlock.decode(b.summary(), b.firstTxId());
      assertThat(t.count).isEqualTo(b.count());
      for (int r = 0; r < t.count; r++) {
        out.add(new long[] {t.firstTxId + r, t.ts[r]});
        long i = (t.ts[r] - ts(0)) / 1_000L;
        assertThat(t.name(t.qname[r])).isEqualTo("n" + i + ".example");
        // A held transaction keeps its own answers, not those the caller put in its list later.
        List<IpAddress> answers = new ArrayList<>();
        for (int a = t.answerStart[r]; a < t.answerStart[r + 1]; a++) {
          answers.add(t.ip(t.answerIps[a]));
        }
        assertThat(answers).as("answers of n%d", i)
            .isEqualTo(answer(i) == null ? List.of() : List.of(answer(i)));
      }
    }
    return out;
  }

  private static RunOutput sink(List<EncodedBlock> blocks) {
    return new RunOutput() {
      @Override
      public void block(EncodedBlock block) {
        blocks.add(block);
      }

      @Override
      public void pages(List<SegmentPage> pages) {}

      @Override
      public void counts(List<RunCount> counts) {}
    };
  }
}
