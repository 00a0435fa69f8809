package org.dnslens.casework;

import java.util.List;
import java.util.function.Consumer;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.search.SearchQuery;
import org.dnslens.storage.search.StoredTransaction;
import org.dnslens.storage.search.TransactionSearch;

/**
 * Walks the transactions of a case matching a filter in capture-time order, page by page with the keyset
 * cursor, so memory stays bounded by one page whatever the case size.
 */
public final class CaseScanner {
  /**
   * Rows per database round trip, and how often progress is reported and cancellation polled. Rows carry
   * their wire bytes (a few hundred bytes each), so a page is under a MB.
   */
  public static final int PAGE_ROWS = 2_000;

  /** Progress and cancellation, polled once per page. */
  public interface Progress {
    Progress NONE = new Progress() {};

    /** Called after each page. */
    default void rows(long done) {}

    /** A true answer stops the walk after the current page. */
    default boolean cancelled() {
      return false;
    }
  }

  private final CaseDatabase db;

  public CaseScanner(CaseDatabase db) {
    this.db = db;
  }

  /**
   * Calls {@code each} for every row matching {@code filter} (its own limit, offset and cursor are ignored),
   * at most {@code max} of them.
   *
   * @return rows visited
   */
  public long forEach(SearchQuery filter, long max, Consumer<StoredTransaction> each, Progress progress) {
    TransactionSearch search = new TransactionSearch(db);
    SearchQuery q = filter.withOffset(0).withAfter(null).withLimit((int) Math.min(PAGE_ROWS, max));
    long seen = 0;
    while (seen < max && !progress.cancelled()) {
      List<StoredTransaction> page = search.search(q);
      for (StoredTransaction t : page) {
        each.accept(t);
      }
      seen += page.size();
      progress.rows(seen);
      if (page.size() < q.limit() || seen >= max) {
        break;
      }
      q = q.withAfter(page.get(page.size() - 1).cursor()).withLimit((int) Math.min(PAGE_ROWS, max - seen));
    }
    return seen;
  }

  /** How many rows match {@code filter} (for a progress bar). */
  public long count(SearchQuery filter) {
    return new TransactionSearch(db).count(filter.withOffset(0).withAfter(null));
  }
}
