package org.dnslens.gui.transactions;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.dnslens.storage.search.SearchQuery;
import org.dnslens.storage.search.StoredTransaction;
import org.dnslens.storage.search.TransactionSearch;

/**
 * Pages of a search newest first, although storage only reads forward in (time, id) order: each page is
 * the tail of a time window {@code [until - width, until]} just before the previous page. The window is
 * sized from the matches' density, narrowed when it holds more than {@link #WINDOW_ROWS_FACTOR} pages (so
 * the tail is never cut off) and widened when it holds less than a page, so a page costs a few indexed
 * range reads whatever the size of the case, where an OFFSET from the end would scan every earlier match.
 */
public final class NewestFirstPages {
  /** A window may return this many pages' rows before it is narrowed. */
  static final int WINDOW_ROWS_FACTOR = 4;

  /** Bounded tries per page; each narrows or widens the window by {@link #STEP}. */
  private static final int MAX_TRIES = 64;

  private static final long STEP = 4;

  private static final long MAX_WIDTH_NANOS = Long.MAX_VALUE / (2 * STEP);

  private final TransactionSearch search;
  private final SearchQuery filter;
  private final int pageRows;
  private final long floorNanos;
  private final long ceilingNanos;
  private long widthNanos;

  /**
   * @param filter the filter (its since/until bound the windows; limit and cursor are ignored)
   * @param matches how many rows match, for the first window's width
   */
  public NewestFirstPages(TransactionSearch search, SearchQuery filter, long matches, int pageRows) {
    this.search = search;
    this.filter = filter.withAfter(null).withOffset(0);
    this.pageRows = pageRows;
    List<StoredTransaction> first = search.search(this.filter.withLimit(1));
    long last = search.lastTimestampNanos().orElse(0);
    this.floorNanos = first.isEmpty() ? 0 : first.get(0).tsNanos();
    this.ceilingNanos = filter.untilNanos() != null ? Math.min(filter.untilNanos(), last) : last;
    long span = Math.max(1, ceilingNanos - floorNanos);
    this.widthNanos = Math.max(1, (long) ((double) span * pageRows * 2 / Math.max(1, matches)));
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
    long until = cursor == null ? ceilingNanos : cursor.tsNanos();
    if (until < floorNanos) {
      return List.of();
    }
    int cap = pageRows * WINDOW_ROWS_FACTOR;
    for (int tries = 0; tries < MAX_TRIES; tries++) {
      long since = Math.max(floorNanos, until - widthNanos);
      List<StoredTransaction> rows = search.search(filter.withSince(since).withUntil(until).withLimit(cap));
      if (rows.size() >= cap) {
        if (widthNanos == 0) {
          return tailOfOneInstant(until, cursor);
        }
        widthNanos /= STEP; // the window's newest rows may lie beyond the cap: narrow
        continue;
      }
      List<StoredTransaction> kept = beforeCursor(rows, cursor);
      if (kept.size() < pageRows && since > floorNanos) {
        // Too few: widen towards the oldest match (bounded so the width never overflows).
        widthNanos = Math.min(MAX_WIDTH_NANOS, Math.max(1, widthNanos) * STEP);
        continue;
      }
      return newestFirst(kept);
    }
    // The density swung too often to converge; fall back to reading every match up to the cursor.
    return tailByScan(until, cursor);
  }

  /** More rows share one timestamp than a window may hold: read them forward and keep the last page. */
  private List<StoredTransaction> tailOfOneInstant(long instant, SearchQuery.Cursor cursor) {
    return tailByScan(instant, cursor, instant);
  }

  private List<StoredTransaction> tailByScan(long until, SearchQuery.Cursor cursor) {
    return tailByScan(until, cursor, floorNanos);
  }

  private List<StoredTransaction> tailByScan(long until, SearchQuery.Cursor cursor, long since) {
    java.util.ArrayDeque<StoredTransaction> tail = new java.util.ArrayDeque<>(pageRows + 1);
    SearchQuery q = filter.withSince(since).withUntil(until).withLimit(pageRows * WINDOW_ROWS_FACTOR);
    while (true) {
      List<StoredTransaction> rows = search.search(q);
      for (StoredTransaction t : beforeCursor(rows, cursor)) {
        tail.addLast(t);
        if (tail.size() > pageRows) {
          tail.removeFirst();
        }
      }
      if (rows.size() < q.limit()) {
        break;
      }
      q = q.withAfter(rows.get(rows.size() - 1).cursor());
    }
    return newestFirst(new ArrayList<>(tail));
  }

  private static List<StoredTransaction> beforeCursor(List<StoredTransaction> rows, SearchQuery.Cursor cursor) {
    if (cursor == null) {
      return rows;
    }
    List<StoredTransaction> kept = new ArrayList<>(rows.size());
    for (StoredTransaction t : rows) {
      if (t.tsNanos() < cursor.tsNanos() || (t.tsNanos() == cursor.tsNanos() && t.id() < cursor.id())) {
        kept.add(t);
      }
    }
    return kept;
  }

  private List<StoredTransaction> newestFirst(List<StoredTransaction> ascending) {
    List<StoredTransaction> page =
        new ArrayList<>(ascending.subList(Math.max(0, ascending.size() - pageRows), ascending.size()));
    Collections.reverse(page);
    return page;
  }
}
