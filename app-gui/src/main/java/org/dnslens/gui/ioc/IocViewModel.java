package org.dnslens.gui.ioc;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.dnslens.casework.CaseIocMatch;
import org.dnslens.casework.CaseScanner;
import org.dnslens.engine.export.EpochTime;
import org.dnslens.engine.ioc.IocHit;
import org.dnslens.engine.ioc.IocList;
import org.dnslens.engine.ioc.IocListReader;
import org.dnslens.engine.ioc.IocMatcher;
import org.dnslens.engine.model.Ioc;
import org.dnslens.engine.model.SafeText;
import org.dnslens.gui.task.TaskRunner;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.findings.IocHitStore;
import org.dnslens.storage.search.SearchQuery;
import org.dnslens.storage.search.TransactionSearch;

/**
 * IOC lists (any format {@link IocListReader} reads) matched against the whole case in a background task
 * with the CLI's retroactive match ({@link CaseIocMatch}); each hit is a row with the transaction's time,
 * client, name and where it matched, and the hit summaries are stored in the case (replacing earlier ones,
 * as {@code dnslens ioc match --case} does), where {@code dnslens ioc hits --case} lists them.
 */
public final class IocViewModel {
  /** Hit rows kept; the count goes on past it. */
  public static final int MAX_HIT_ROWS = 100_000;
  /** Progress updates per match at most. */
  private static final int PROGRESS_STEPS = 200;

  /** One hit, text safe to show. */
  public record HitRow(
      String time, String client, String qname, String where, String matched, String indicator, String list,
      long txId, long queryFrame) {}

  private final TaskRunner runner;
  private final ObservableList<IocList> lists = FXCollections.observableArrayList();
  private final ObservableList<HitRow> hits = FXCollections.observableArrayList();
  private final StringProperty status = new SimpleStringProperty("Load an IOC list (text, CSV, MISP, STIX).");
  private final DoubleProperty progress = new SimpleDoubleProperty(0);
  private CaseDatabase db;

  public IocViewModel(TaskRunner runner) {
    this.runner = runner;
  }

  public void setCase(CaseDatabase db) {
    this.db = db;
    hits.clear();
  }

  /** Reads a list, then matches all loaded lists against the case. */
  public void load(Path file) {
    status.set("Reading " + file.getFileName() + "...");
    runner.run("Read IOC list", ctx -> new IocListReader().read(file), l -> {
      lists.add(l);
      status.set(String.format(Locale.ROOT, "%s: %,d indicator(s), %,d problem(s)", SafeText.escape(l.name()),
          l.iocs().size(), l.problemCount()));
      match();
    }, t -> status.set("Could not read " + file.getFileName() + ": " + t.getMessage()));
  }

  public void match() {
    if (db == null || lists.isEmpty()) {
      return;
    }
    CaseDatabase current = db;
    List<Ioc> all = new ArrayList<>();
    lists.forEach(l -> all.addAll(l.iocs()));
    runner.run("Match IOCs", ctx -> {
      IocMatcher matcher = IocMatcher.of(all);
      long total = new TransactionSearch(current).count(SearchQuery.all());
      List<HitRow> out = new ArrayList<>();
      long[] count = {0};
      CaseScanner.Progress progress = new CaseScanner.Progress() {
        private long reported = -1;

        @Override
        public void rows(long done) {
          if (reported < 0 || done - reported >= Math.max(1, total / PROGRESS_STEPS) || done == total) {
            reported = done; // blocks are ~512 rows: without this, thousands of updates per match
            ctx.progress(total > 0 ? (double) done / total : 1, done + " of " + total + " transactions");
          }
        }

        @Override
        public boolean cancelled() {
          return ctx.isCancelled();
        }
      };
      CaseIocMatch match = new CaseIocMatch(current);
      CaseIocMatch.Result result = match.match(matcher, t -> {
        for (IocHit h : t.hits()) {
          count[0]++;
          if (out.size() < MAX_HIT_ROWS) {
            out.add(new HitRow(EpochTime.iso(t.tsNanos()), String.valueOf(t.client()),
                t.qname() == null ? "" : SafeText.neutralise(t.qname()), h.where().name().toLowerCase(Locale.ROOT),
                SafeText.neutralise(String.valueOf(h.matchedValue())), SafeText.escape(h.ioc().value()),
                SafeText.escape(String.valueOf(h.ioc().list())), t.id(), t.queryFrame() == null ? -1 : t.queryFrame()));
          }
        }
      }, progress);
      if (!result.cancelled()) {
        // As `dnslens ioc match --case`: the hits of the lists loaded now replace the stored ones, so
        // `dnslens ioc hits --case` lists what the analyst found here. A cancelled match stores nothing.
        new IocHitStore(current).replaceAll(result.hits());
      }
      return new Matched(out, count[0], result.hits().size(), result.cancelled());
    }, m -> {
      hits.setAll(m.rows);
      progress.set(1);
      status.set(m.cancelled
          ? String.format(Locale.ROOT, "Cancelled: %,d hit(s) so far, not stored in the case", m.count)
          : String.format(Locale.ROOT, "%,d hit(s) from %,d indicator(s); %,d summaries stored in the case", m.count,
              all.size(), m.stored));
    }, t -> status.set("Matching failed: " + t.getMessage()), (f, msg) -> {
      progress.set(f);
      status.set("Matching: " + msg);
    });
  }

  private record Matched(List<HitRow> rows, long count, int stored, boolean cancelled) {}

  public ObservableList<IocList> lists() {
    return lists;
  }

  public ObservableList<HitRow> hits() {
    return hits;
  }

  public StringProperty statusProperty() {
    return status;
  }

  public DoubleProperty progressProperty() {
    return progress;
  }
}
