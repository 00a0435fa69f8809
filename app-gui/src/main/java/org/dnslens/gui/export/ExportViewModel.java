package org.dnslens.gui.export;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
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
import org.dnslens.casework.CaseExport;
import org.dnslens.engine.export.ExportFormat;
import org.dnslens.gui.task.TaskRunner;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.search.SearchQuery;

/**
 * State of the export dialog: what to export, in which format, to which file, through the Transactions
 * view's current filter; runs the shared case export loop ({@link CaseExport}, the same as {@code dnslens
 * export --case}) in a background task with progress and Cancel. A cancelled or failed export leaves no
 * file behind ({@link CaseExport#toFile}).
 */
public final class ExportViewModel {
  private final TaskRunner runner;
  private final Supplier<CaseDatabase> caseDb;
  private final Supplier<SearchQuery> currentFilter;

  private final ObjectProperty<CaseExport.What> what = new SimpleObjectProperty<>(CaseExport.What.transactions);
  private final ObservableList<ExportFormat> formats = FXCollections.observableArrayList();
  private final ObjectProperty<ExportFormat> format = new SimpleObjectProperty<>(ExportFormat.json);
  private final ObjectProperty<Path> file = new SimpleObjectProperty<>();
  private final BooleanProperty applyFilter = new SimpleBooleanProperty(true);
  private final BooleanProperty running = new SimpleBooleanProperty(false);
  private final DoubleProperty progress = new SimpleDoubleProperty(0);
  private final StringProperty status = new SimpleStringProperty("");
  private final StringProperty error = new SimpleStringProperty();
  private final ObjectProperty<CaseExport.Result> result = new SimpleObjectProperty<>();
  private TaskRunner.Handle handle;

  /**
   * @param caseDb the open case (null when none)
   * @param currentFilter the filter the Transactions view shows now (read only)
   */
  public ExportViewModel(TaskRunner runner, Supplier<CaseDatabase> caseDb, Supplier<SearchQuery> currentFilter) {
    this.runner = runner;
    this.caseDb = caseDb;
    this.currentFilter = currentFilter;
    formats.setAll(what.get().formats());
    what.addListener((o, a, w) -> {
      ExportFormat keep = format.get();
      formats.setAll(w.formats());
      format.set(w.formats().contains(keep) ? keep : w.formats().get(0));
    });
  }

  /** A file name for the chooser to start from, e.g. {@code dnslens-transactions.json}. */
  public String suggestedFileName() {
    return "dnslens-" + what.get().label() + "." + format.get().extension();
  }

  /** Whether the current filter applies to what is chosen (passive DNS, findings and IOC hits go whole). */
  public boolean filterApplies() {
    return what.get() == CaseExport.What.transactions || what.get() == CaseExport.What.records;
  }

  /** Starts the export; problems with the choice go to {@link #errorProperty()} as one sentence. */
  public void export() {
    CaseDatabase db = caseDb.get();
    error.set(null);
    result.set(null);
    if (running.get()) {
      return;
    }
    if (db == null) {
      error.set("Open a case first.");
      return;
    }
    if (file.get() == null) {
      error.set("Choose a file to export to.");
      return;
    }
    SearchQuery filter = applyFilter.get() && filterApplies() ? currentFilter.get() : SearchQuery.all();
    CaseExport.Request r =
        new CaseExport.Request(what.get(), format.get(), filter, Long.MAX_VALUE, ExportFormat.Options.DEFAULTS);
    String no = CaseExport.refusal(r, false);
    if (no != null) {
      error.set(no.replace("--what ", ""));
      return;
    }
    Path target = file.get();
    running.set(true);
    progress.set(-1);
    status.set("Exporting " + what.get().unit() + "...");
    handle =
        runner.run(
            "Export",
            ctx ->
                new CaseExport(db)
                    .toFile(
                        r,
                        target,
                        List.of(),
                        new CaseExport.Progress() {
                          @Override
                          public void progress(long done, long total) {
                            ctx.progress(
                                total > 0 ? (double) done / total : -1,
                                String.format(Locale.ROOT, "%,d of %,d %s", done, total, r.what().unit()));
                          }

                          @Override
                          public boolean cancelled() {
                            return ctx.isCancelled();
                          }
                        }),
            res -> {
              running.set(false);
              result.set(res);
              progress.set(res.cancelled() ? 0 : 1);
              status.set(
                  res.cancelled()
                      ? "Cancelled; no file was written."
                      : String.format(Locale.ROOT, "%,d %s exported to %s", res.written(), r.what().unit(), target));
            },
            t -> {
              running.set(false);
              progress.set(0);
              status.set("");
              error.set("The export failed: " + (t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName()));
            },
            (f, m) -> {
              progress.set(f);
              status.set(m);
            });
  }

  /** Asks a running export to stop after its current page. */
  public void cancel() {
    if (handle != null) {
      handle.cancel();
    }
  }

  public ObjectProperty<CaseExport.What> whatProperty() {
    return what;
  }

  /** The formats that fit the chosen {@code what}. */
  public ObservableList<ExportFormat> formats() {
    return formats;
  }

  public ObjectProperty<ExportFormat> formatProperty() {
    return format;
  }

  public ObjectProperty<Path> fileProperty() {
    return file;
  }

  public BooleanProperty applyFilterProperty() {
    return applyFilter;
  }

  public BooleanProperty runningProperty() {
    return running;
  }

  /** 0..1, or negative while the total is unknown. */
  public DoubleProperty progressProperty() {
    return progress;
  }

  public StringProperty statusProperty() {
    return status;
  }

  public StringProperty errorProperty() {
    return error;
  }

  /** How the last export ended, or null. */
  public ObjectProperty<CaseExport.Result> resultProperty() {
    return result;
  }
}
