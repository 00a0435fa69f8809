package org.dnslens.gui.transactions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.dnslens.engine.model.Rcode;
import org.dnslens.gui.SampleCase;
import org.dnslens.gui.task.SameThreadTaskRunner;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.search.FilterExpression;
import org.dnslens.storage.search.SearchQuery;
import org.dnslens.storage.search.StoredTransaction;
import org.dnslens.storage.search.TransactionSearch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sorting the transactions table on the real sample case: time both ways over everything, other columns in memory. */
class SortingTest {
  @TempDir static Path dir;
  static CaseDatabase db;

  @BeforeAll
  static void open() throws Exception {
    db = CaseDatabase.open(SampleCase.create(dir));
  }

  @AfterAll
  static void close() {
    db.close();
  }

  private static List<StoredTransaction> allInTimeOrder(SearchQuery filter) {
    return new TransactionSearch(db).search(filter.withLimit(SearchQuery.MAX_LIMIT));
  }

  private static List<Long> ids(List<StoredTransaction> rows) {
    return rows.stream().map(StoredTransaction::id).toList();
  }

  @Test
  void newestFirstPagesAreExactlyTheReverseOfTimeOrder() {
    for (String filter : List.of("", "rcode:NXDOMAIN", "client:" + SampleCase.TUNNEL_CLIENT, "domain:no-such.example")) {
      SearchQuery q = FilterExpression.parse(filter, 0);
      List<StoredTransaction> forward = allInTimeOrder(q);
      TransactionSearch search = new TransactionSearch(db);
      // An odd, small page makes many windows, and page boundaries fall inside runs of equal timestamps.
      NewestFirstPages pages = new NewestFirstPages(search, q, 37);
      List<StoredTransaction> backward = new ArrayList<>();
      List<StoredTransaction> page = pages.first();
      while (!page.isEmpty()) {
        assertThat(page.size()).isLessThanOrEqualTo(37);
        backward.addAll(page);
        page = pages.before(page.get(page.size() - 1).cursor());
      }
      List<Long> expected = new ArrayList<>(ids(forward));
      Collections.reverse(expected);
      assertThat(ids(backward)).as(filter).isEqualTo(expected);
    }
  }

  @Test
  void timeDescendingPagesThroughTheWholeCaseInTheViewModel() {
    TransactionsViewModel vm = new TransactionsViewModel(new SameThreadTaskRunner());
    vm.setCase(db);
    assertThat(vm.sort(SortKey.TIME, true)).isTrue();
    assertThat(vm.rows()).hasSize(TransactionsViewModel.PAGE_ROWS);
    while (!vm.exhaustedProperty().get()) {
      vm.loadMore();
    }
    assertThat(vm.rows()).hasSize((int) SampleCase.TRANSACTIONS);
    assertThat(vm.rows())
        .isSortedAccordingTo(
            Comparator.comparingLong(StoredTransaction::tsNanos).thenComparingLong(StoredTransaction::id).reversed());
    assertThat(vm.rows().get(0).tsNanos()).isEqualTo(new TransactionSearch(db).lastTimestampNanos().getAsLong());
  }

  @Test
  void otherColumnsSortEveryMatchOfTheFilter() {
    TransactionsViewModel vm = new TransactionsViewModel(new SameThreadTaskRunner());
    vm.setCase(db);
    assertThat(vm.sort(SortKey.NAME, false)).isTrue();
    // All matches at once, not one page sorted.
    assertThat(vm.rows()).hasSize((int) SampleCase.TRANSACTIONS);
    assertThat(vm.exhaustedProperty().get()).isTrue();
    assertThat(vm.rows()).isSortedAccordingTo(SortKey.NAME.comparator(false));
    assertThat(vm.rows().get(0).qname().compareToIgnoreCase(vm.rows().get(4000).qname())).isLessThan(0);

    vm.sort(SortKey.RTT, true);
    assertThat(vm.rows()).hasSize((int) SampleCase.TRANSACTIONS);
    long slowest = vm.rows().stream().mapToLong(StoredTransaction::rttNanos).max().getAsLong();
    assertThat(vm.rows().get(0).rttNanos()).isEqualTo(slowest);
    // Rows without a round trip are last.
    assertThat(vm.rows().get(vm.rows().size() - 1).rttNanos()).isEqualTo(-1);

    // The sort survives a new filter.
    vm.filter("rcode:NXDOMAIN");
    assertThat(vm.sortKeyProperty().get()).isEqualTo(SortKey.RTT);
    assertThat(vm.rows()).hasSize((int) SampleCase.NXDOMAIN);
    assertThat(vm.rows()).allMatch(t -> t.rcode() == Rcode.NXDOMAIN);
    assertThat(vm.rows()).isSortedAccordingTo(SortKey.RTT.comparator(true));
  }

  @Test
  void aboveTheCapTheTableSaysToNarrowTheFilterAndStaysInTimeOrder() {
    TransactionsViewModel vm = new TransactionsViewModel(new SameThreadTaskRunner(), 500);
    vm.setCase(db);
    assertThat(vm.sort(SortKey.CLIENT, false)).isFalse();
    assertThat(vm.sortMessageProperty().get())
        .contains("Narrow the filter to sort by client", "4,375 matches", "at most 500");
    assertThat(vm.sortKeyProperty().get()).isEqualTo(SortKey.TIME);
    assertThat(vm.rows()).isSortedAccordingTo(SortKey.TIME.comparator(false));

    vm.filter("rcode:NXDOMAIN"); // 407 matches: now it may sort
    assertThat(vm.sort(SortKey.CLIENT, false)).isTrue();
    assertThat(vm.sortMessageProperty().get()).isNull();
    assertThat(vm.rows()).hasSize((int) SampleCase.NXDOMAIN).isSortedAccordingTo(SortKey.CLIENT.comparator(false));

    vm.filter(""); // too many again: back to time order, with the reason
    assertThat(vm.sortKeyProperty().get()).isEqualTo(SortKey.TIME);
    assertThat(vm.sortMessageProperty().get()).contains("sort by client");
    assertThat(vm.rows()).hasSize(TransactionsViewModel.PAGE_ROWS).isSortedAccordingTo(SortKey.TIME.comparator(false));
  }
}
