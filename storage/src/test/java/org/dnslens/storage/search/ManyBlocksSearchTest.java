package org.dnslens.storage.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dnslens.storage.TxFixtures;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.ingest.DatabaseSink;
import org.dnslens.storage.layout.TxBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several blocks and two runs whose times interleave (like two sensors of the same hour): time order,
 * keyset paging, offsets and counts must come out as if every transaction were one sorted table.
 */
class ManyBlocksSearchTest {
  static final int PER_RUN = 3 * TxBlock.MAX_TRANSACTIONS + 77;

  @Test
  void pagingAcrossBlocksAndRunsIsExactAndOrdered(@TempDir Path dir) throws Exception {
    try (CaseDatabase db = CaseDatabase.open(dir.resolve("case"))) {
      for (int run = 0; run < 2; run++) {
        List<TxFixtures.Spec> specs = new ArrayList<>();
        for (int i = 0; i < PER_RUN; i++) {
          long ts = 1_000_000L * (2L * i + run); // run 0 even, run 1 odd milliseconds
          specs.add(TxFixtures.answered(2L * i + 1, ts, "10.0." + run + "." + (i % 50),
              (i % 7 == 0 ? "popular" : "n" + i) + ".example.com", "198.51.100." + (i % 200)));
        }
        try (DatabaseSink sink = DatabaseSink.open(db)) {
          TxFixtures.ingest(sink, List.of(TxFixtures.source(0, TxFixtures.sha(10 + run))), specs);
        }
      }
      TransactionSearch s = new TransactionSearch(db);
      assertThat(s.count(SearchQuery.all())).isEqualTo(2 * PER_RUN);
      // Keyset paging through everything, 97 at a time.
      List<StoredTransaction> all = new ArrayList<>();
      SearchQuery q = SearchQuery.all().withLimit(97);
      while (true) {
        List<StoredTransaction> page = s.search(q);
        all.addAll(page);
        if (page.size() < 97) {
          break;
        }
        q = q.withAfter(page.get(page.size() - 1).cursor());
      }
      assertThat(all).hasSize(2 * PER_RUN);
      Set<Long> ids = new HashSet<>();
      for (int i = 0; i < all.size(); i++) {
        assertThat(ids.add(all.get(i).id())).isTrue();
        if (i > 0) {
          assertThat(all.get(i).tsNanos()).isGreaterThan(all.get(i - 1).tsNanos());
        }
      }
      // A name in every block of both runs; time window; offset; client CIDR of one run.
      List<StoredTransaction> popular = s.search(SearchQuery.all().withName("POPULAR.example.com").withLimit(10_000));
      assertThat(popular).hasSize(2 * ((PER_RUN + 6) / 7));
      assertThat(popular).allMatch(t -> t.qname().equals("popular.example.com"));
      assertThat(s.count(SearchQuery.all().withDomain("example.com"))).isEqualTo(2 * PER_RUN);
      long from = 1_000_000L * 1000;
      long to = 1_000_000L * 1099;
      List<StoredTransaction> window = s.search(SearchQuery.all().withSince(from).withUntil(to).withLimit(1000));
      assertThat(window).hasSize(100);
      assertThat(window.get(0).tsNanos()).isEqualTo(from);
      assertThat(s.search(SearchQuery.all().withOffset(1000).withLimit(5)))
          .extracting(StoredTransaction::id)
          .containsExactlyElementsOf(all.subList(1000, 1005).stream().map(StoredTransaction::id).toList());
      assertThat(s.count(SearchQuery.all().withClient("10.0.1.0/24"))).isEqualTo(PER_RUN);
      assertThat(s.count(SearchQuery.all().withIp("198.51.100.7"))).isEqualTo(2 * ((PER_RUN - 7 + 199) / 200));
      // Wire bytes come back exactly: every stored transaction has its query and reply.
      assertThat(all).allMatch(t -> t.queryWire() != null && t.replyWire() != null);
      // Newest first, 89 at a time: exactly the reverse of the forward order, for everything and for a
      // filtered window; offset counts from the newest.
      assertThat(ids(newestFirst(s, SearchQuery.all(), 89))).isEqualTo(reversed(ids(all)));
      SearchQuery filtered = SearchQuery.all().withName("popular.example.com").withSince(from).withUntil(to * 3);
      assertThat(ids(newestFirst(s, filtered, 7)))
          .isEqualTo(reversed(ids(s.search(filtered.withLimit(SearchQuery.MAX_LIMIT)))));
      assertThat(ids(s.searchNewestFirst(SearchQuery.all().withOffset(10).withLimit(3), null)))
          .isEqualTo(reversed(ids(all)).subList(10, 13));
    }
  }

  private static List<StoredTransaction> newestFirst(TransactionSearch s, SearchQuery q, int page) {
    List<StoredTransaction> out = new ArrayList<>();
    SearchQuery.Cursor before = null;
    while (true) {
      List<StoredTransaction> rows = s.searchNewestFirst(q.withLimit(page), before);
      out.addAll(rows);
      if (rows.size() < page) {
        return out;
      }
      before = rows.get(rows.size() - 1).cursor();
    }
  }

  private static List<Long> ids(List<StoredTransaction> rows) {
    return rows.stream().map(StoredTransaction::id).toList();
  }

  private static List<Long> reversed(List<Long> ids) {
    List<Long> r = new ArrayList<>(ids);
    java.util.Collections.reverse(r);
    return r;
  }
}
