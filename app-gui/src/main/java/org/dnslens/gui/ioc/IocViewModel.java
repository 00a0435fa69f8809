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
import org.dnslens.engine.export.EpochTime;
import org.dnslens.engine.ioc.IocHit;
import org.dnslens.engine.ioc.IocList;
import org.dnslens.engine.ioc.IocListReader;
import org.dnslens.engine.ioc.IocMatcher;
import org.dnslens.engine.model.Ioc;
import org.dnslens.engine.model.SafeText;
import org.dnslens.gui.cases.CaseScan;
import org.dnslens.gui.task.TaskRunner;
import org.dnslens.gui.transactions.TransactionRebuilder;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.search.SearchQuery;

/**
 * IOC lists (any format {@link IocListReader} reads) matched against every transaction of the case in a
 * background task; each hit is a row with the transaction's time, client, name and where it matched.
 */
public final class IocViewModel {
  /** Hit rows kept; the count goes on past it. */
  public static final int MAX_HIT_ROWS = 100_000;

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
      List<HitRow> out = new ArrayList<>();
      long[] count = {0};
      List<IocHit> buf = new ArrayList<>();
      CaseScan.forEach(current, SearchQuery.all(), s -> {
        buf.clear();
        if (matcher.match(TransactionRebuilder.rebuild(s), buf) == 0) {
          return;
        }
        for (IocHit h : buf) {
          count[0]++;
          if (out.size() < MAX_HIT_ROWS) {
            out.add(new HitRow(EpochTime.iso(s.tsNanos()), s.clientIp().toString(),
                s.qname() == null ? "" : SafeText.neutralise(s.qname()), h.where().name().toLowerCase(Locale.ROOT),
                SafeText.neutralise(String.valueOf(h.matchedValue())), SafeText.escape(h.ioc().value()),
                SafeText.escape(String.valueOf(h.ioc().list())), s.id(), s.queryFrame() == null ? -1 : s.queryFrame()));
          }
        }
      }, ctx);
      return new Matched(out, count[0]);
    }, m -> {
      hits.setAll(m.rows);
      progress.set(1);
      status.set(String.format(Locale.ROOT, "%,d hit(s) from %,d indicator(s)", m.count, all.size()));
    }, t -> status.set("Matching failed: " + t.getMessage()), (f, msg) -> {
      progress.set(f);
      status.set("Matching: " + msg);
    });
  }

  private record Matched(List<HitRow> rows, long count) {}

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
