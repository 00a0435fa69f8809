package org.dnslens.gui.overview;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.dnslens.gui.task.TaskRunner;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.search.CaseInfo;
import org.dnslens.storage.search.TransactionSearch;

/** The case at a glance: {@link CaseInfo} plus query volume over time in {@value #BUCKETS} buckets. */
public final class OverviewViewModel {
  public static final int BUCKETS = 60;

  /** Transactions whose query time falls in [startNanos, startNanos + widthNanos). */
  public record Bucket(long startNanos, long widthNanos, long count) {}

  private final TaskRunner runner;
  private final ObjectProperty<CaseInfo> info = new SimpleObjectProperty<>();
  private final ObservableList<Bucket> volume = FXCollections.observableArrayList();

  public OverviewViewModel(TaskRunner runner) {
    this.runner = runner;
  }

  public void setCase(CaseDatabase db, CaseInfo summary) {
    info.set(summary);
    volume.clear();
    if (db == null || summary == null || summary.firstNanos() == null) {
      return;
    }
    long first = summary.firstNanos();
    long last = summary.lastNanos();
    runner.run("Query volume", ctx -> volume(db, first, last), volume::setAll, t -> volume.clear());
  }

  /** Counts per bucket (TransactionSearch.volume); empty buckets included. */
  static List<Bucket> volume(CaseDatabase db, long first, long last) {
    long width = Math.max(1, (last - first) / BUCKETS + 1);
    // Counted by storage from its block directory (the case has no per-transaction rows to GROUP BY).
    long[] counts = new TransactionSearch(db).volume(first, width, BUCKETS);
    List<Bucket> out = new ArrayList<>(BUCKETS);
    for (int i = 0; i < BUCKETS; i++) {
      out.add(new Bucket(first + i * width, width, counts[i]));
    }
    return out;
  }

  public ObjectProperty<CaseInfo> infoProperty() {
    return info;
  }

  public ObservableList<Bucket> volume() {
    return volume;
  }
}
