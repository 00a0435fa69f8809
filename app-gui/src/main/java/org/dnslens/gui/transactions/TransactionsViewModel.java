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
import org.dnslens.gui.search.FilterExpression;
import org.dnslens.gui.task.TaskRunner;
import org.dnslens.storage.casefile.CaseDatabase;
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

  private final TaskRunner runner;
  private final ObservableList<StoredTransaction> rows = FXCollections.observableArrayList();
  private final StringProperty filterText = new SimpleStringProperty("");
  private final StringProperty filterError = new SimpleStringProperty();
  private final LongProperty matchCount = new SimpleLongProperty(-1);
  private final BooleanProperty loading = new SimpleBooleanProperty(false);
  private final BooleanProperty exhausted = new SimpleBooleanProperty(false);
  private final ObjectProperty<StoredTransaction> selected = new SimpleObjectProperty<>();
  private final StringProperty detailText = new SimpleStringProperty("");
  private CaseDatabase db;
  private SearchQuery query = SearchQuery.all().withLimit(PAGE_ROWS);
  /** Bumped by every new filter, so a page of an older query that arrives late is dropped. */
  private long generation;

  public TransactionsViewModel(TaskRunner runner) {
    this.runner = runner;
    selected.addListener((o, a, b) -> showDetail(b));
  }

  public void setCase(CaseDatabase db) {
    this.db = db;
    rows.clear();
    selected.set(null);
    if (db != null) {
      applyFilter();
    }
  }

  /** Parses the filter bar and reloads from the first page. */
  public void applyFilter() {
    if (db == null) {
      return;
    }
    CaseDatabase current = db;
    String text = filterText.get();
    long gen = ++generation;
    loading.set(true);
    runner.run(
        "Filter",
        ctx -> {
          long reference = new TransactionSearch(current).lastTimestampNanos().orElse(0);
          SearchQuery q = FilterExpression.parse(text, reference).withLimit(PAGE_ROWS);
          TransactionSearch search = new TransactionSearch(current);
          return new FirstPage(q, search.search(q), search.count(q));
        },
        p -> {
          if (gen != generation) {
            return;
          }
          loading.set(false);
          filterError.set(null);
          query = p.query;
          rows.setAll(p.rows);
          matchCount.set(p.count);
          exhausted.set(p.rows.size() < PAGE_ROWS);
          selected.set(null);
        },
        t -> {
          if (gen != generation) {
            return;
          }
          loading.set(false);
          filterError.set(t.getMessage());
        });
  }

  /** Fetches the page after the last row, unless one is loading or the result is exhausted. */
  public void loadMore() {
    if (db == null || loading.get() || exhausted.get() || rows.isEmpty()) {
      return;
    }
    CaseDatabase current = db;
    SearchQuery next = query.withAfter(rows.get(rows.size() - 1).cursor());
    long gen = generation;
    loading.set(true);
    runner.run(
        "Next page",
        ctx -> new TransactionSearch(current).search(next),
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

  private record FirstPage(SearchQuery query, List<StoredTransaction> rows, long count) {}

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
