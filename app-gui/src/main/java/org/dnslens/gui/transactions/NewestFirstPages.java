package org.dnslens.gui.transactions;

import java.util.List;
import org.dnslens.storage.search.SearchQuery;
import org.dnslens.storage.search.StoredTransaction;
import org.dnslens.storage.search.TransactionSearch;

/**
 * Pages of a search newest first, through storage's own descending read
 * ({@link TransactionSearch#searchNewestFirst}): each page is the {@code pageRows} matches just before
 * the previous page's oldest row. (An earlier version probed time windows forward and, when the matches'
 * density made the windows swing, fell back to scanning every match: minutes on a 10 M case.)
 */
public final class NewestFirstPages {
  private final TransactionSearch search;
  private final SearchQuery filter;

  /** @param filter the filter (its since/until bound the pages; limit, offset and cursor are ignored) */
  public NewestFirstPages(TransactionSearch search, SearchQuery filter, int pageRows) {
    this.search = search;
    this.filter = filter.withAfter(null).withOffset(0).withLimit(pageRows);
  }

  /** The first (newest) page. */
  public List<StoredTransaction> first() {
    return before(null);
  }

  /**
   * Up to a page of the rows just before {@code cursor} (exclusive) in (time, id) order, newest first;
   * fewer than a page only at the oldest match.
   */
  public List<StoredTransaction> before(SearchQuery.Cursor cursor) {
    return search.searchNewestFirst(filter, cursor);
  }
}
