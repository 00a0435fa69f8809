package org.dnslens.gui.cases;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.dnslens.gui.ingest.IngestJob;
import org.dnslens.gui.task.TaskRunner;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.search.CaseInfo;

/**
 * The open case: opening one (menu, drop, argument), ingesting captures into it with progress and cancel,
 * and the recent-cases list. Other view-models listen to {@link #caseProperty()}.
 */
public final class CaseViewModel {
  private final TaskRunner runner;
  private final RecentCases recent;
  private final ObjectProperty<CaseDatabase> openCase = new SimpleObjectProperty<>();
  private final ObjectProperty<CaseInfo> info = new SimpleObjectProperty<>();
  private final StringProperty status = new SimpleStringProperty("No case open. Open a case or drop captures here.");
  private final StringProperty error = new SimpleStringProperty();
  private final DoubleProperty progress = new SimpleDoubleProperty(0);
  private final BooleanProperty busy = new SimpleBooleanProperty(false);
  private final ObservableList<Path> recentCases = FXCollections.observableArrayList();
  private TaskRunner.Handle running;

  public CaseViewModel(TaskRunner runner, RecentCases recent) {
    this.runner = runner;
    this.recent = recent;
    recentCases.setAll(recent.list());
  }

  /** Is this path a case file rather than a capture? */
  public static boolean isCaseFile(Path p) {
    return p.getFileName() != null
        && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(CaseDatabase.FILE_SUFFIX);
  }

  /**
   * Opens what the user gave: a case file opens; captures are ingested into {@code caseForCaptures} (or,
   * when null, into a case beside the first capture).
   */
  public void openPaths(List<Path> paths, Path caseForCaptures) {
    if (paths.isEmpty()) {
      return;
    }
    if (paths.size() == 1 && (isCaseFile(paths.get(0)) || Files.isRegularFile(CaseDatabase.caseFile(paths.get(0))) && !Files.isRegularFile(paths.get(0)))) {
      openCase(paths.get(0));
      return;
    }
    List<Path> captures = paths.stream().filter(p -> !isCaseFile(p)).toList();
    Path target = caseForCaptures;
    if (target == null) {
      target = openCase.get() != null ? openCase.get().file() : defaultCaseFor(captures.get(0));
    }
    ingest(target, captures);
  }

  /** {@code dir/name.pcap} → {@code dir/name.mv.db}. */
  public static Path defaultCaseFor(Path capture) {
    String n = capture.getFileName().toString();
    int dot = n.indexOf('.');
    String base = dot > 0 ? n.substring(0, dot) : n;
    Path dir = capture.toAbsolutePath().getParent();
    return dir.resolve(base + CaseDatabase.FILE_SUFFIX);
  }

  public void openCase(Path file) {
    error.set(null);
    busy.set(true);
    status.set("Opening " + file.getFileName() + "...");
    running =
        runner.run(
            "Open case",
            ctx -> {
              CaseDatabase db = CaseDatabase.openExisting(file);
              try {
                return new Opened(db, CaseInfo.load(db));
              } catch (RuntimeException e) {
                db.close();
                throw e;
              }
            },
            o -> {
              busy.set(false);
              setCase(o.db, o.info);
            },
            this::failed);
  }

  /** Ingests {@code captures} into {@code caseFile} (created if missing), then shows it. */
  public void ingest(Path caseFile, List<Path> captures) {
    error.set(null);
    busy.set(true);
    progress.set(-1);
    status.set("Ingesting " + captures.size() + " capture(s) into " + caseFile.getFileName() + "...");
    CaseDatabase current = openCase.get();
    running =
        runner.run(
            "Ingest",
            ctx -> {
              boolean same = current != null && current.file().equals(CaseDatabase.caseFile(caseFile));
              CaseDatabase db = same ? current : CaseDatabase.open(caseFile);
              try {
                IngestJob.Outcome out = IngestJob.run(db, captures, ctx);
                return new Ingested(db, CaseInfo.load(db), out);
              } catch (Exception e) {
                if (!same) {
                  db.close();
                }
                throw e;
              }
            },
            r -> {
              busy.set(false);
              progress.set(r.outcome.cancelled() ? 0 : 1);
              setCase(r.db, r.info);
              status.set(
                  (r.outcome.cancelled() ? "Ingest cancelled; the case is unchanged. " : "Ingest complete: ")
                      + String.format(
                          Locale.ROOT, "%,d frames read, %,d transactions in the case.",
                          r.outcome.stats().frames(), r.info.transactions()));
            },
            this::failed,
            (f, msg) -> {
              progress.set(f);
              status.set(msg);
            });
  }

  public void cancel() {
    if (running != null) {
      running.cancel();
    }
  }

  /** Re-reads the case summary (after an ingest by another program). */
  public void refresh() {
    CaseDatabase db = openCase.get();
    if (db != null) {
      runner.run("Case summary", ctx -> CaseInfo.load(db), info::set, this::failed);
    }
  }

  private void setCase(CaseDatabase db, CaseInfo summary) {
    CaseDatabase old = openCase.get();
    openCase.set(db);
    info.set(summary);
    if (old != null && old != db) {
      old.close();
    }
    recentCases.setAll(recent.add(db.file()));
    status.set(
        String.format(
            Locale.ROOT, "%s: %,d transactions from %d source(s)", db.file().getFileName(), summary.transactions(),
            summary.sources().size()));
  }

  private void failed(Throwable t) {
    busy.set(false);
    progress.set(0);
    String msg = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    error.set(msg);
    status.set(msg);
  }

  public void close() {
    CaseDatabase db = openCase.get();
    openCase.set(null);
    if (db != null) {
      db.close();
    }
  }

  private record Opened(CaseDatabase db, CaseInfo info) {}

  private record Ingested(CaseDatabase db, CaseInfo info, IngestJob.Outcome outcome) {}

  public ReadOnlyObjectProperty<CaseDatabase> caseProperty() {
    return openCase;
  }

  public ReadOnlyObjectProperty<CaseInfo> infoProperty() {
    return info;
  }

  public StringProperty statusProperty() {
    return status;
  }

  public StringProperty errorProperty() {
    return error;
  }

  public DoubleProperty progressProperty() {
    return progress;
  }

  public BooleanProperty busyProperty() {
    return busy;
  }

  public ObservableList<Path> recentCases() {
    return recentCases;
  }
}
