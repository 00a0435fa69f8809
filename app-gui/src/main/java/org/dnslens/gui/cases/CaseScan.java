package org.dnslens.gui.cases;

import java.util.List;
import java.util.function.Consumer;
import org.dnslens.gui.task.TaskRunner;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.search.SearchQuery;
import org.dnslens.storage.search.StoredTransaction;
import org.dnslens.storage.search.TransactionSearch;

/**
 * Walks every transaction matching a query page by page (keyset cursor), so the hunt and IOC views never
 * hold a whole case in memory. Stops early when the task is cancelled.
 */
public final class CaseScan {
  /** Rows per database round trip; rows carry their wire bytes, so pages stay modest. */
  public static final int PAGE_ROWS = 2_000;

  private CaseScan() {}

  /** @return rows visited */
  public static long forEach(
      CaseDatabase db, SearchQuery filter, Consumer<StoredTransaction> each, TaskRunner.TaskContext ctx) {
    TransactionSearch search = new TransactionSearch(db);
    long total = search.count(filter);
    SearchQuery q = filter.withLimit(PAGE_ROWS).withOffset(0).withAfter(null);
    long seen = 0;
    while (!ctx.isCancelled()) {
      List<StoredTransaction> page = search.search(q);
      for (StoredTransaction t : page) {
        each.accept(t);
      }
      seen += page.size();
      ctx.progress(total > 0 ? (double) seen / total : 1, seen + " of " + total + " transactions");
      if (page.size() < PAGE_ROWS) {
        break;
      }
      q = q.withAfter(page.get(page.size() - 1).cursor());
    }
    return seen;
  }
}
