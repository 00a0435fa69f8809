package org.dnslens.storage.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dnslens.engine.model.RrType;
import org.dnslens.engine.model.TransactionStatus;
import org.dnslens.storage.TxFixtures;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.ingest.DatabaseSink;
import org.dnslens.storage.layout.TxBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transactions arrive at the sink in the pairer's emission order: an answered one 2 s after its query, an
 * unanswered one after the 10 s timeout. Blocks must still hold query-time neighbours (a tight span), and
 * time windows and keyset pages must return exactly the transactions of the window, each once.
 */
class TimeOrderedBlocksTest {
  static final long MS = 1_000_000L;
  static final long START = 1_700_000_000_000L * MS;
  static final int N = 12 * TxBlock.MAX_TRANSACTIONS + 101;

  @Test
  void lateTransactionsKeepBlocksTightAndWindowsExact(@TempDir Path dir) throws Exception {
    List<TxFixtures.Spec> byQueryTime = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      boolean unanswered = i % 5 == 0;
      byQueryTime.add(TxFixtures.spec(0, 2L * i + 1, START + i * MS, "10.1.0." + (i % 100), "192.0.2.53",
          "t" + i + ".example.com", RrType.A, unanswered ? List.of() : List.of("198.51.100." + (i % 200)),
          unanswered ? TransactionStatus.UNANSWERED : TransactionStatus.ANSWERED, 0));
    }
    List<TxFixtures.Spec> emitted = new ArrayList<>(byQueryTime);
    emitted.sort(Comparator.comparingLong(TimeOrderedBlocksTest::emittedAt));
    assertThat(emitted).isNotEqualTo(byQueryTime); // the test is about late arrivals
    try (CaseDatabase db = CaseDatabase.open(dir.resolve("case"))) {
      try (DatabaseSink sink = DatabaseSink.open(db)) {
        TxFixtures.ingest(sink, List.of(TxFixtures.source(0, TxFixtures.sha(1))), emitted);
      }
      CaseDirectory d = CaseDirectory.of(db);
      assertThat(d.size()).isEqualTo((N + TxBlock.MAX_TRANSACTIONS - 1) / TxBlock.MAX_TRANSACTIONS);
      for (int p = 0; p < d.size(); p++) {
        // 512 transactions 1 ms apart span 511 ms; cut in emission order a block reached back 8 s.
        assertThat(d.maxTs[p] - d.minTs[p]).as("span of block %d", d.blockId[p])
            .isLessThan(TxBlock.MAX_TRANSACTIONS * MS);
      }
      TransactionSearch s = new TransactionSearch(db);
      assertThat(s.count(SearchQuery.all())).isEqualTo(N);
      for (long[] w : new long[][] {{0, 9}, {100, 1_337}, {2_000, 2_000}, {5_000, 5_500}, {N - 20, N + 5}}) {
        long since = START + w[0] * MS;
        long until = START + w[1] * MS;
        List<String> expected = byQueryTime.stream()
            .filter(t -> t.tsNanos() >= since && t.tsNanos() <= until).map(TxFixtures.Spec::qname).toList();
        SearchQuery q = SearchQuery.all().withSince(since).withUntil(until);
        assertThat(s.search(q.withLimit(10_000))).extracting(StoredTransaction::qname)
            .containsExactlyElementsOf(expected);
        assertThat(s.count(q)).isEqualTo(expected.size());
        // Wire bytes of rows in the middle of a block (only a prefix of its wire is inflated) are exact.
        for (StoredTransaction t : s.search(q.withLimit(3))) {
          assertThat(new org.xbill.DNS.Message(t.queryWire()).getQuestion().getName().toString(true))
              .isEqualTo(t.qname());
          assertThat(t.replyWire() == null).isEqualTo(t.status() == TransactionStatus.UNANSWERED);
          if (t.replyWire() != null) {
            assertThat(new org.xbill.DNS.Message(t.replyWire()).getSection(org.xbill.DNS.Section.ANSWER)).hasSize(1);
          }
        }
        assertThat(qnames(pages(s, q, 37))).containsExactlyElementsOf(expected);
        List<String> newest = new ArrayList<>(expected);
        java.util.Collections.reverse(newest);
        assertThat(s.searchNewestFirst(q.withLimit(10_000), null)).extracting(StoredTransaction::qname)
            .containsExactlyElementsOf(newest);
      }
      // Unanswered transactions come back with their own query time, status and no reply.
      List<StoredTransaction> late = s.search(SearchQuery.all().withStatus(TransactionStatus.UNANSWERED).withLimit(10_000));
      assertThat(late).hasSize((N + 4) / 5);
      assertThat(late).allMatch(t -> t.replyWire() == null
          && t.tsNanos() == START + Integer.parseInt(t.qname().substring(1, t.qname().indexOf('.'))) * MS);
      // Answer addresses survive being held (the sink reuses its address list for the next transaction).
      assertThat(s.search(SearchQuery.all().withIp("198.51.100.7").withLimit(10_000)))
          .extracting(StoredTransaction::qname)
          .containsExactlyElementsOf(byQueryTime.stream()
              .filter(t -> t.answers().contains("198.51.100.7")).map(TxFixtures.Spec::qname).toList())
          .isNotEmpty();
      // Every transaction once, ids unique.
      List<StoredTransaction> all = pages(s, SearchQuery.all(), 500);
      Set<Long> ids = new HashSet<>();
      assertThat(all).allMatch(t -> ids.add(t.id()));
      assertThat(qnames(all)).containsExactlyElementsOf(byQueryTime.stream().map(TxFixtures.Spec::qname).toList());
    }
  }

  /** When the pairer hands the transaction over: 2 s after the query (grace), 10 s for a timeout. */
  private static long emittedAt(TxFixtures.Spec t) {
    return t.tsNanos() + (t.status() == TransactionStatus.UNANSWERED ? 10_000 : 2_000) * MS;
  }

  private static List<StoredTransaction> pages(TransactionSearch s, SearchQuery q, int size) {
    List<StoredTransaction> out = new ArrayList<>();
    SearchQuery page = q.withLimit(size);
    while (true) {
      List<StoredTransaction> rows = s.search(page);
      out.addAll(rows);
      if (rows.size() < size) {
        return out;
      }
      page = page.withAfter(rows.get(rows.size() - 1).cursor());
    }
  }

  private static List<String> qnames(List<StoredTransaction> rows) {
    return rows.stream().map(StoredTransaction::qname).toList();
  }
}
