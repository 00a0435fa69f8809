package org.dnslens.gui.transactions;

import java.util.List;
import java.util.Locale;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.dnslens.engine.model.Transaction;
import org.dnslens.storage.search.FilterExpression;
import org.dnslens.gui.task.TaskRunner;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.findings.IocHitStore;
import org.dnslens.storage.search.SearchQuery;
import org.dnslens.storage.search.StoredTransaction;
import org.dnslens.storage.search.TransactionSearch;

/**
 * The transactions table: rows arrive a page at a time through the keyset cursor as the user scrolls, so
 * opening a case of any size costs one page; the filter bar's text becomes a {@link SearchQuery}; the
 * selected row is decoded again from its wire bytes for the detail pane.
 */
public final class TransactionsViewModel {
  /** Rows fetched per page. */
  public static final int PAGE_ROWS = 500;

  /**
   * Sorting by anything but time fetches every match and sorts it here (storage reads in time order only):
   * up to this many, a few seconds and some tens of MB; above it the table stays in time order and says
   * to narrow the filter, rather than sort one page and mislead.
   */
  public static final int SORT_IN_MEMORY_CAP = 100_000;

  private final TaskRunner runner;
  private final int sortCap;
  private final ObservableList<StoredTransaction> rows = FXCollections.observableArrayList();
  private final StringProperty filterText = new SimpleStringProperty("");
  private final StringProperty filterError = new SimpleStringProperty();
  private final LongProperty matchCount = new SimpleLongProperty(-1);
  private final BooleanProperty loading = new SimpleBooleanProperty(false);
  private final BooleanProperty exhausted = new SimpleBooleanProperty(false);
  private final ObjectProperty<StoredTransaction> selected = new SimpleObjectProperty<>();
  private final StringProperty detailText = new SimpleStringProperty("");
  private final ObjectProperty<SortKey> sortKey = new SimpleObjectProperty<>(SortKey.TIME);
  private final BooleanProperty sortDescending = new SimpleBooleanProperty(false);
  private final StringProperty sortMessage = new SimpleStringProperty();
  private final CarvePacketsViewModel carve;
  private final ObjectProperty<IocMarks> iocMarks = new SimpleObjectProperty<>(IocMarks.NONE);
  /** Hits of the lists loaded this session, added to the stored ones. */
  private java.util.Set<Long> sessionHits = java.util.Set.of();
  private CaseDatabase db;
  private SearchQuery query = SearchQuery.all().withLimit(PAGE_ROWS);
  /** Set while the table shows time order newest first. */
  private NewestFirstPages newestFirst;
  /** Bumped by every new filter, so a page of an older query that arrives late is dropped. */
  private long generation;

  public TransactionsViewModel(TaskRunner runner) {
    this(runner, SORT_IN_MEMORY_CAP);
  }

  /** @param sortCap matches sorted in memory at most (tests use a small one) */
  public TransactionsViewModel(TaskRunner runner, int sortCap) {
    this.runner = runner;
    this.sortCap = sortCap;
    this.carve = new CarvePacketsViewModel(runner);
    selected.addListener((o, a, b) -> showDetail(b));
  }

  public void setCase(CaseDatabase db) {
    this.db = db;
    rows.clear();
    selected.set(null);
    sessionHits = java.util.Set.of();
    iocMarks.set(IocMarks.NONE);
    if (db != null) {
      applyFilter();
      runner.run("IOC hits", ctx -> IocMarks.of(new IocHitStore(db).list()), m -> {
        if (this.db == db) {
          iocMarks.set(m.withTransactions(sessionHits));
        }
      }, t -> filterError.set("Could not read the case's IOC hits: " + t.getMessage()));
    }
  }

  /** Marks the transactions the IOC view matched (ids), beside the hits the case stores. */
  public void markIocHits(java.util.Set<Long> txIds) {
    sessionHits = java.util.Set.copyOf(txIds);
    IocMarks stored = iocMarks.get();
    iocMarks.set(new IocMarks(sessionHits, stored.frames(), stored.names(), stored.addresses()));
  }

  /** Whether the row is an IOC hit (stored or from this session's lists). */
  public boolean isIocHit(StoredTransaction t) {
    return iocMarks.get().marks(t);
  }

  public ObjectProperty<IocMarks> iocMarksProperty() {
    return iocMarks;
  }

  /** Parses the filter bar and reloads from the first page. */
  public void applyFilter() {
    if (db == null) {
      return;
    }
    CaseDatabase current = db;
    String text = filterText.get();
    long gen = ++generation;
    SortKey key = sortKey.get();
    boolean descending = sortDescending.get();
    loading.set(true);
    runner.run(
        key == SortKey.TIME ? "Filter" : "Sort by " + key.label(),
        ctx -> firstPage(current, text, key, descending, sortCap),
        p -> {
          if (gen != generation) {
            return;
          }
          loading.set(false);
          filterError.set(null);
          query = p.query;
          newestFirst = p.newestFirst;
          if (p.sortedBy != key) {
            // The new filter matches too many rows to sort by the chosen column: back to time order.
            sortKey.set(p.sortedBy);
            sortDescending.set(false);
            sortMessage.set(tooManyToSort(key, p.count, sortCap));
          } else if (key != SortKey.TIME) {
            sortMessage.set(null);
          }
          rows.setAll(p.rows);
          matchCount.set(p.count);
          exhausted.set(p.sortedBy != SortKey.TIME || p.rows.size() < PAGE_ROWS);
          selected.set(null);
          if (p.count < 0) {
            countMatches(current, p.query, gen);
          }
        },
        t -> {
          if (gen != generation) {
            return;
          }
          loading.set(false);
          filterError.set(t.getMessage());
        });
  }

  /**
   * Counts the filter's matches after its first rows are shown: with a row filter (rcode, qtype, client...)
   * a count reads every candidate block, seconds on a 10 M case, while the first page needs a few blocks.
   * Until it is known the count is -1 (the view says "counting").
   */
  private void countMatches(CaseDatabase current, SearchQuery q, long gen) {
    runner.run(
        "Count",
        ctx -> new TransactionSearch(current).count(q),
        n -> {
          if (gen == generation) {
            matchCount.set(n);
          }
        },
        t -> {
          if (gen == generation) {
            filterError.set(t.getMessage());
          }
        });
  }

  private static FirstPage firstPage(CaseDatabase db, String text, SortKey key, boolean descending, int cap) {
    TransactionSearch search = new TransactionSearch(db);
    long reference = search.lastTimestampNanos().orElse(0);
    SearchQuery q = FilterExpression.parse(text, reference).withLimit(PAGE_ROWS);
    // Time order pages any number of matches, so its first page does not wait for the count; another
    // column sorts in memory only up to the cap, which the count decides.
    long count = key == SortKey.TIME ? -1 : search.count(q);
    if (key != SortKey.TIME && count <= cap) {
      // Every match, in one read bounded by the cap, then sorted here.
      List<StoredTransaction> all = new java.util.ArrayList<>(search.search(q.withLimit(cap + 1)));
      if (all.size() <= cap) {
        all.sort(key.comparator(descending));
        return new FirstPage(q, all, count, key, null);
      }
    }
    if (key == SortKey.TIME && descending) {
      NewestFirstPages pages = new NewestFirstPages(search, q, PAGE_ROWS);
      return new FirstPage(q, pages.first(), count, SortKey.TIME, pages);
    }
    return new FirstPage(q, search.search(q), count, SortKey.TIME, null);
  }

  /**
   * Orders the table by {@code key}. Time order (either direction) covers the whole case page by page; any
   * other column sorts the current filter's matches when there are at most {@link #SORT_IN_MEMORY_CAP}.
   *
   * @return false (and a message in {@link #sortMessageProperty()}) when there are more matches than that
   */
  public boolean sort(SortKey key, boolean descending) {
    if (key != SortKey.TIME && matchCount.get() > sortCap) {
      sortMessage.set(tooManyToSort(key, matchCount.get(), sortCap));
      return false;
    }
    sortMessage.set(null);
    if (key == sortKey.get() && descending == sortDescending.get()) {
      return true;
    }
    sortKey.set(key);
    sortDescending.set(descending);
    applyFilter();
    return true;
  }

  private static String tooManyToSort(SortKey key, long matches, int cap) {
    return String.format(
        Locale.ROOT,
        "Narrow the filter to sort by %s: %,d matches, and at most %,d are sorted (time order works on any"
            + " number).",
        key.label(), matches, cap);
  }

  /** Fetches the page after the last row, unless one is loading or the result is exhausted. */
  public void loadMore() {
    if (db == null || loading.get() || exhausted.get() || rows.isEmpty()) {
      return;
    }
    CaseDatabase current = db;
    SearchQuery.Cursor last = rows.get(rows.size() - 1).cursor();
    SearchQuery next = query.withAfter(last);
    NewestFirstPages pages = newestFirst;
    long gen = generation;
    loading.set(true);
    runner.run(
        "Next page",
        ctx -> pages != null ? pages.before(last) : new TransactionSearch(current).search(next),
        page -> {
          if (gen != generation) {
            return;
          }
          loading.set(false);
          rows.addAll(page);
          exhausted.set(page.size() < PAGE_ROWS);
        },
        t -> {
          loading.set(false);
          filterError.set(t.getMessage());
        });
  }

  /** The filter the table shows now, as last applied (the export dialog exports through it; read only). */
  public SearchQuery appliedQuery() {
    return query;
  }

  /** Sets the filter to {@code text} and applies it (pivots use this). */
  public void filter(String text) {
    filterText.set(text);
    applyFilter();
  }

  private void showDetail(StoredTransaction t) {
    if (t == null) {
      detailText.set("");
      return;
    }
    detailText.set(detail(t));
  }

  /** The full decode of a row: summary, source and frames, then query and reply section by section. */
  public static String detail(StoredTransaction t) {
    Transaction tx = TransactionRebuilder.rebuild(t);
    StringBuilder sb = new StringBuilder(1024);
    sb.append(String.format(
        Locale.ROOT, "%s %s %s#%d -> %s#%d  status %s%s%n", t.transport().label(),
        org.dnslens.engine.export.EpochTime.iso(t.tsNanos()), t.clientIp(), t.clientPort(), t.serverIp(),
        t.serverPort(), t.status().label(), t.reason() != null ? " (" + t.reason() + ")" : ""));
    sb.append("source ").append(org.dnslens.engine.model.SafeText.escape(t.sourceLabel()))
        .append(", query frame ").append(t.queryFrame() != null ? t.queryFrame() : "-")
        .append(", reply frame ").append(t.replyFrame() != null ? t.replyFrame() : "-");
    if (t.rttNanos() >= 0) {
      sb.append(String.format(Locale.ROOT, ", rtt %.3f ms", t.rttNanos() / 1e6));
    }
    if (t.retransmissions() > 0) {
      sb.append(", ").append(t.retransmissions()).append(" retransmission(s)");
    }
    sb.append("\n\n");
    if (tx.query() != null) {
      sb.append(MessageText.render("QUERY", tx.query())).append('\n');
    }
    if (tx.reply() != null) {
      sb.append(MessageText.render("REPLY", tx.reply()));
    } else {
      sb.append(";; no reply\n");
    }
    return sb.toString();
  }

  /** The selected row as one JSON line, or null. */
  public String selectedAsJson() {
    StoredTransaction t = selected.get();
    return t == null ? null : TransactionRebuilder.json(t);
  }

  private record FirstPage(
      SearchQuery query, List<StoredTransaction> rows, long count, SortKey sortedBy, NewestFirstPages newestFirst) {}

  /** "Export packets to pcap" for the selection. */
  public CarvePacketsViewModel carve() {
    return carve;
  }

  public ObjectProperty<SortKey> sortKeyProperty() {
    return sortKey;
  }

  public BooleanProperty sortDescendingProperty() {
    return sortDescending;
  }

  /** Why the last sort request was refused, or null. */
  public StringProperty sortMessageProperty() {
    return sortMessage;
  }

  public ObservableList<StoredTransaction> rows() {
    return rows;
  }

  public StringProperty filterTextProperty() {
    return filterText;
  }

  public StringProperty filterErrorProperty() {
    return filterError;
  }

  public LongProperty matchCountProperty() {
    return matchCount;
  }

  public BooleanProperty loadingProperty() {
    return loading;
  }

  public BooleanProperty exhaustedProperty() {
    return exhausted;
  }

  public ObjectProperty<StoredTransaction> selectedProperty() {
    return selected;
  }

  public StringProperty detailTextProperty() {
    return detailText;
  }
}
