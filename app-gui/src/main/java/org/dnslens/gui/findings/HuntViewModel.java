package org.dnslens.gui.findings;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.dnslens.engine.detect.DetectorSuite;
import org.dnslens.engine.model.Finding;
import org.dnslens.engine.model.SafeText;
import org.dnslens.gui.transactions.DisplayName;
import org.dnslens.gui.cases.CaseScan;
import org.dnslens.gui.task.TaskRunner;
import org.dnslens.gui.transactions.TransactionRebuilder;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.search.SearchQuery;
import org.dnslens.storage.search.StoredTransaction;
import org.dnslens.storage.search.TransactionSearch;

/**
 * The hunt: the engine's {@link DetectorSuite} over every transaction of the case (rebuilt from the wire
 * bytes, page by page, in a background task), findings ranked by score with their explanations.
 */
public final class HuntViewModel {
  private final TaskRunner runner;
  private final ObservableList<Finding> findings = FXCollections.observableArrayList();
  private final ObjectProperty<Finding> selected = new SimpleObjectProperty<>();
  private final StringProperty explanation = new SimpleStringProperty("");
  private final StringProperty status = new SimpleStringProperty("Run the detectors over the case.");
  private final DoubleProperty progress = new SimpleDoubleProperty(0);
  private final BooleanProperty running = new SimpleBooleanProperty(false);
  private final ObjectProperty<WhyChart> chart = new SimpleObjectProperty<>();
  private CaseDatabase db;
  private TaskRunner.Handle handle;

  public HuntViewModel(TaskRunner runner) {
    this.runner = runner;
    selected.addListener((o, a, f) -> {
      explanation.set(f == null ? "" : describe(f));
      loadChart(f);
    });
  }

  /** Transactions read for a finding's chart at most. */
  public static final int MAX_CHART_TRANSACTIONS = 20_000;

  private void loadChart(Finding f) {
    chart.set(null);
    if (f == null || db == null || (f.client() == null && f.domain() == null)) {
      return;
    }
    CaseDatabase current = db;
    SearchQuery q = SearchQuery.all().withLimit(MAX_CHART_TRANSACTIONS);
    if (f.client() != null) {
      q = q.withClient(f.client().toString());
    }
    if (f.domain() != null && !f.domain().contains(" ")) {
      q = q.withDomain(f.domain());
    }
    SearchQuery query = q;
    runner.run("Finding chart", ctx -> {
      List<StoredTransaction> rows = new TransactionSearch(current).search(query);
      long[] times = rows.stream().filter(t -> t.queryFrame() != null).mapToLong(StoredTransaction::tsNanos).toArray();
      List<String> names = rows.stream().map(StoredTransaction::qname).filter(n -> n != null).toList();
      return WhyChart.of(f, times, names);
    }, c -> {
      if (selected.get() == f) {
        chart.set(c);
      }
    }, t -> chart.set(null));
  }

  public void setCase(CaseDatabase db) {
    this.db = db;
    findings.clear();
  }

  public void run() {
    if (db == null || running.get()) {
      return;
    }
    CaseDatabase current = db;
    running.set(true);
    status.set("Running detectors...");
    handle =
        runner.run(
            "Hunt",
            ctx -> {
              DetectorSuite suite = DetectorSuite.withDefaults();
              long n =
                  CaseScan.forEach(current, SearchQuery.all(), t -> suite.add(TransactionRebuilder.rebuild(t)), ctx);
              List<Finding> out = new ArrayList<>(suite.finish());
              out.sort(Comparator.comparingInt(Finding::score).reversed()
                  .thenComparing(f -> f.domain() == null ? "" : f.domain()));
              return new Result(out, n, ctx.isCancelled());
            },
            r -> {
              running.set(false);
              progress.set(1);
              findings.setAll(r.findings);
              status.set(String.format(Locale.ROOT, "%d finding(s) over %,d transactions%s", r.findings.size(),
                  r.transactions, r.cancelled ? " (cancelled: partial)" : ""));
            },
            t -> {
              running.set(false);
              status.set("The hunt failed: " + t.getMessage());
            },
            (f, m) -> {
              progress.set(f);
              status.set("Running detectors: " + m);
            });
  }

  public void cancel() {
    if (handle != null) {
      handle.cancel();
    }
  }

  /** The finding's explanation and metrics, safe to show. */
  public static String describe(Finding f) {
    StringBuilder sb = new StringBuilder(256);
    sb.append(f.kind()).append("  score ").append(f.score()).append(" (").append(f.severity()).append(")\n");
    sb.append("client ").append(f.client() != null ? f.client() : "-").append(", domain ")
        .append(f.domain() != null ? DisplayName.of(f.domain()) : "-").append('\n');
    sb.append(org.dnslens.engine.export.EpochTime.iso(f.firstSeenNanos())).append(" .. ")
        .append(org.dnslens.engine.export.EpochTime.iso(f.lastSeenNanos())).append("\n\n");
    sb.append(SafeText.escape(f.explanation())).append("\n\n");
    f.metrics().forEach((k, v) -> sb.append(String.format(Locale.ROOT, "%-28s %s%n", k, v)));
    if (!f.evidence().isEmpty()) {
      sb.append("\nevidence frames: ");
      f.evidence().forEach(e -> sb.append(e.frameNumber()).append(' '));
      sb.append('\n');
    }
    return sb.toString();
  }

  private record Result(List<Finding> findings, long transactions, boolean cancelled) {}

  public ObservableList<Finding> findings() {
    return findings;
  }

  public ObjectProperty<Finding> selectedProperty() {
    return selected;
  }

  public StringProperty explanationProperty() {
    return explanation;
  }

  public StringProperty statusProperty() {
    return status;
  }

  public DoubleProperty progressProperty() {
    return progress;
  }

  public ObjectProperty<WhyChart> chartProperty() {
    return chart;
  }

  public BooleanProperty runningProperty() {
    return running;
  }
}
