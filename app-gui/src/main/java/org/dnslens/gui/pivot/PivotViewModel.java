package org.dnslens.gui.pivot;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.dnslens.engine.export.EpochTime;
import org.dnslens.engine.model.RrType;
import org.dnslens.engine.model.SafeText;
import org.dnslens.gui.task.TaskRunner;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.search.PassiveDnsQuery;

/**
 * Pivots from a value to what the case knows about it through passive DNS: a name → its answers (data,
 * first/last seen, count) and the clients that asked; an address → the names that resolved to it; a
 * client → the names it asked for.
 */
public final class PivotViewModel {
  /** Rows shown per pivot. */
  public static final int MAX_ROWS = 5_000;

  /** One row of a pivot table; all text already made safe to show. */
  public record Row(String name, String type, String data, String client, String first, String last, long count) {}

  private final TaskRunner runner;
  private final StringProperty title = new SimpleStringProperty("Pick a name, address or client to pivot on.");
  private final ObservableList<Row> rows = FXCollections.observableArrayList();
  private final StringProperty cnameChain = new SimpleStringProperty("");
  private CaseDatabase db;

  public PivotViewModel(TaskRunner runner) {
    this.runner = runner;
  }

  public void setCase(CaseDatabase db) {
    this.db = db;
    rows.clear();
  }

  public void pivotOnName(String name) {
    cnameChain.set("");
    if (db != null) {
      CaseDatabase current = db;
      runner.run("CNAME chain", ctx -> CnameChain.render(CnameChain.of(new PassiveDnsQuery(current), name)),
          cnameChain::set, t -> cnameChain.set("CNAME chain: " + t.getMessage()));
    }
    run("Name " + SafeText.escape(name), () -> {
      PassiveDnsQuery p = new PassiveDnsQuery(db);
      List<Row> out = new ArrayList<>();
      for (PassiveDnsQuery.Entry e : p.byName(name, MAX_ROWS)) {
        out.add(entry(e));
      }
      for (PassiveDnsQuery.ClientEntry c : p.clientsForName(name, MAX_ROWS - out.size())) {
        out.add(new Row(safe(c.name()), "(query)", "", c.client().toString(), time(c.firstNanos()),
            time(c.lastNanos()), c.count()));
      }
      return out;
    });
  }

  public void pivotOnAddress(String ip) {
    cnameChain.set("");
    run("Names that resolved to " + SafeText.escape(ip), () -> {
      List<Row> out = new ArrayList<>();
      for (PassiveDnsQuery.Entry e : new PassiveDnsQuery(db).byIp(ip, MAX_ROWS)) {
        out.add(entry(e));
      }
      return out;
    });
  }

  public void pivotOnClient(String ip) {
    cnameChain.set("");
    run("Names asked by client " + SafeText.escape(ip), () -> {
      List<Row> out = new ArrayList<>();
      for (PassiveDnsQuery.ClientEntry c : new PassiveDnsQuery(db).namesForClient(ip, MAX_ROWS)) {
        out.add(new Row(safe(c.name()), "(query)", "", c.client().toString(), time(c.firstNanos()),
            time(c.lastNanos()), c.count()));
      }
      return out;
    });
  }

  private interface Lookup {
    List<Row> get();
  }

  private void run(String what, Lookup lookup) {
    if (db == null) {
      return;
    }
    title.set(what + " (loading)");
    runner.run("Pivot", ctx -> lookup.get(), r -> {
      rows.setAll(r);
      title.set(what + ": " + r.size() + " row(s)");
    }, t -> title.set(what + ": " + t.getMessage()));
  }

  private static Row entry(PassiveDnsQuery.Entry e) {
    return new Row(safe(e.name()), RrType.name(e.type()), safe(e.data()), "", time(e.firstNanos()),
        time(e.lastNanos()), e.count());
  }

  private static String safe(String s) {
    return s == null ? "" : SafeText.neutralise(s);
  }

  private static String time(long nanos) {
    return EpochTime.iso(nanos);
  }

  /** The pivoted name's CNAME chain down to its final answers (indented text), empty for other pivots. */
  public StringProperty cnameChainProperty() {
    return cnameChain;
  }

  public StringProperty titleProperty() {
    return title;
  }

  public ObservableList<Row> rows() {
    return rows;
  }
}
