package org.dnslens.gui.export;

import java.io.File;
import java.nio.file.Path;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.StringConverter;
import org.dnslens.casework.CaseExport;
import org.dnslens.engine.export.ExportFormat;

/**
 * File → Export…: what, format and file, with the Transactions filter applied or not; progress and Cancel
 * while it runs. A thin view over {@link ExportViewModel}; the export runs in a background task.
 */
public final class ExportDialog {
  private final ExportViewModel vm;
  private final Stage stage = new Stage();

  /** @param filterText the Transactions view's filter as the user typed it, shown beside the checkbox */
  public ExportDialog(ExportViewModel vm, Window owner, String filterText) {
    this.vm = vm;
    stage.initOwner(owner);
    stage.initModality(Modality.WINDOW_MODAL);
    stage.setTitle("Export");

    ChoiceBox<CaseExport.What> what = new ChoiceBox<>();
    what.setId("exportWhat");
    what.getItems().setAll(CaseExport.What.values());
    what.setConverter(new StringConverter<>() {
      @Override
      public String toString(CaseExport.What w) {
        return w == null ? "" : w.label();
      }

      @Override
      public CaseExport.What fromString(String s) {
        return CaseExport.What.parse(s);
      }
    });
    what.valueProperty().bindBidirectional(vm.whatProperty());

    ChoiceBox<ExportFormat> format = new ChoiceBox<>(vm.formats());
    format.setId("exportFormat");
    format.valueProperty().bindBidirectional(vm.formatProperty());

    TextField file = new TextField();
    file.setId("exportFile");
    file.setPromptText("file to write");
    HBox.setHgrow(file, Priority.ALWAYS);
    file.textProperty().addListener((o, a, t) -> vm.fileProperty().set(t == null || t.isBlank() ? null : Path.of(t.strip())));
    vm.fileProperty().addListener((o, a, p) -> {
      String t = p == null ? "" : p.toString();
      if (!t.equals(file.getText())) {
        file.setText(t);
      }
    });
    Button choose = new Button("Choose...");
    choose.setOnAction(e -> {
      FileChooser c = new FileChooser();
      c.setTitle("Export to");
      c.setInitialFileName(vm.suggestedFileName());
      File f = c.showSaveDialog(stage);
      if (f != null) {
        vm.fileProperty().set(f.toPath());
      }
    });

    CheckBox applyFilter =
        new CheckBox(filterText == null || filterText.isBlank()
            ? "Apply the Transactions filter (none: the whole case)"
            : "Apply the Transactions filter: " + filterText);
    applyFilter.setId("exportApplyFilter");
    applyFilter.selectedProperty().bindBidirectional(vm.applyFilterProperty());

    GridPane form = new GridPane();
    form.setHgap(8);
    form.setVgap(8);
    form.addRow(0, new Label("Export"), what);
    form.addRow(1, new Label("Format"), format);
    form.addRow(2, new Label("File"), new HBox(6, file, choose));
    form.add(applyFilter, 1, 3);

    ProgressBar bar = new ProgressBar();
    bar.setId("exportProgress");
    bar.setMaxWidth(Double.MAX_VALUE);
    bar.progressProperty().bind(vm.progressProperty());
    bar.visibleProperty().bind(vm.runningProperty());
    Label status = new Label();
    status.setId("exportStatus");
    status.setWrapText(true);
    status.textProperty().bind(Bindings.createStringBinding(
        () -> vm.errorProperty().get() != null ? vm.errorProperty().get() : vm.statusProperty().get(),
        vm.errorProperty(), vm.statusProperty()));

    Button export = new Button("Export");
    export.setId("exportRun");
    export.setDefaultButton(true);
    export.disableProperty().bind(vm.runningProperty());
    export.setOnAction(e -> vm.export());
    Button cancel = new Button("Cancel");
    cancel.setId("exportCancel");
    cancel.disableProperty().bind(vm.runningProperty().not());
    cancel.setOnAction(e -> vm.cancel());
    Button close = new Button("Close");
    close.disableProperty().bind(vm.runningProperty());
    close.setOnAction(e -> stage.close());
    stage.setOnCloseRequest(e -> {
      if (vm.runningProperty().get()) {
        e.consume(); // Cancel first: closing must not leave a task writing in the background
      }
    });
    for (javafx.scene.Node n : new javafx.scene.Node[] {what, format, file, choose, applyFilter}) {
      n.disableProperty().bind(vm.runningProperty().or(n == applyFilter
          ? Bindings.createBooleanBinding(() -> !vm.filterApplies(), vm.whatProperty())
          : Bindings.createBooleanBinding(() -> false)));
    }

    VBox root = new VBox(10, form, bar, status, new HBox(8, export, cancel, close));
    root.setPadding(new Insets(12));
    root.setPrefWidth(560);
    stage.setScene(new Scene(root));
  }

  public void show() {
    stage.show();
  }

  /** The window (tests). */
  public Stage stage() {
    return stage;
  }
}
