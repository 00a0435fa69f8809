package org.dnslens.gui;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.DragEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.stage.Stage;
import org.dnslens.gui.dialog.DialogService;
import org.dnslens.gui.export.ExportDialog;
import org.dnslens.gui.findings.HuntView;
import org.dnslens.gui.ioc.IocView;
import org.dnslens.gui.overview.OverviewView;
import org.dnslens.gui.pivot.PivotView;
import org.dnslens.gui.transactions.TransactionsView;

/** The window: menu, one tab per view, a status bar with the running task's progress and Cancel. */
public final class MainWindowView implements Navigator {
  private final MainWindowViewModel vm;
  private final BorderPane root = new BorderPane();
  private final TabPane tabs = new TabPane();
  private final Tab overviewTab;
  private final Tab transactionsTab;
  private final Tab pivotTab;
  private final Tab huntTab;
  private final Tab iocTab;

  public MainWindowView(MainWindowViewModel vm, DialogService dialogs, Stage stage) {
    this.vm = vm;
    overviewTab = tab("Overview", new OverviewView(vm.overview(), this).root());
    transactionsTab = tab("Transactions", new TransactionsView(vm.transactions(), this).root());
    pivotTab = tab("Pivot", new PivotView(vm.pivot(), this).root());
    huntTab = tab("Hunt", new HuntView(vm.hunt(), this).root());
    iocTab = tab("IOC", new IocView(vm.ioc(), this, dialogs::chooseIocList).root());
    tabs.getTabs().addAll(overviewTab, transactionsTab, pivotTab, huntTab, iocTab);
    tabs.setId("tabs");

    Menu file = new Menu("File");
    MenuItem open = new MenuItem("Open case...");
    open.setOnAction(e -> {
      Path p = dialogs.chooseCase();
      if (p != null) {
        vm.cases().openCase(p);
      }
    });
    MenuItem ingest = new MenuItem("Ingest captures...");
    ingest.setOnAction(e -> {
      List<Path> caps = dialogs.chooseCaptures();
      if (!caps.isEmpty()) {
        Path target = vm.cases().caseProperty().get() != null ? vm.cases().caseProperty().get().file() : dialogs.chooseNewCase();
        if (target != null) {
          vm.cases().ingest(target, caps);
        }
      }
    });
    Menu recent = new Menu("Recent cases");
    Runnable fillRecent = () -> recent.getItems().setAll(vm.cases().recentCases().stream().map(p -> {
      MenuItem m = new MenuItem(p.toString());
      m.setOnAction(e -> vm.cases().openCase(p));
      return m;
    }).toList());
    vm.cases().recentCases().addListener((ListChangeListener<Path>) c -> fillRecent.run());
    fillRecent.run();
    MenuItem export = new MenuItem("Export...");
    export.setId("exportMenu");
    export.disableProperty().bind(vm.cases().caseProperty().isNull());
    export.setOnAction(e -> new ExportDialog(vm.export(), stage, vm.transactions().filterTextProperty().get()).show());
    MenuItem quit = new MenuItem("Quit");
    quit.setOnAction(e -> stage.close());
    file.getItems().addAll(open, ingest, recent, export, quit);
    root.setTop(new MenuBar(file));
    root.setCenter(tabs);

    Label status = new Label();
    status.setId("status");
    status.textProperty().bind(vm.cases().statusProperty());
    HBox.setHgrow(status, Priority.ALWAYS);
    status.setMaxWidth(Double.MAX_VALUE);
    ProgressBar bar = new ProgressBar();
    bar.setId("ingestProgress");
    bar.progressProperty().bind(vm.cases().progressProperty());
    bar.visibleProperty().bind(vm.cases().busyProperty());
    Button cancel = new Button("Cancel");
    cancel.setId("cancelIngest");
    cancel.visibleProperty().bind(vm.cases().busyProperty());
    cancel.setOnAction(e -> vm.cases().cancel());
    HBox statusBar = new HBox(8, status, bar, cancel);
    statusBar.setPadding(new Insets(4, 8, 4, 8));
    root.setBottom(statusBar);

    vm.cases().errorProperty().addListener((o, a, msg) -> {
      if (msg != null) {
        dialogs.error(msg, null);
      }
    });
    vm.cases().caseProperty().addListener((o, a, db) -> {
      stage.setTitle(db == null ? "dnslens" : "dnslens - " + db.file().getFileName());
      tabs.getSelectionModel().select(overviewTab);
    });

    root.setOnDragOver(this::dragOver);
    root.setOnDragDropped(e -> {
      List<File> files = e.getDragboard().getFiles();
      if (files != null && !files.isEmpty()) {
        vm.cases().openPaths(files.stream().map(File::toPath).toList(), null);
        e.setDropCompleted(true);
      }
      e.consume();
    });
  }

  private void dragOver(DragEvent e) {
    if (e.getDragboard().hasFiles()) {
      e.acceptTransferModes(TransferMode.COPY);
    }
    e.consume();
  }

  private static Tab tab(String title, javafx.scene.Node content) {
    Tab t = new Tab(title, content);
    t.setClosable(false);
    t.setId(title.toLowerCase(java.util.Locale.ROOT) + "Tab");
    return t;
  }

  @Override
  public void pivotOnName(String name) {
    if (name != null && !name.isBlank()) {
      vm.pivot().pivotOnName(name);
      tabs.getSelectionModel().select(pivotTab);
    }
  }

  @Override
  public void pivotOnAddress(String ip) {
    if (ip != null && !ip.isBlank()) {
      vm.pivot().pivotOnAddress(ip);
      tabs.getSelectionModel().select(pivotTab);
    }
  }

  @Override
  public void pivotOnClient(String ip) {
    if (ip != null && !ip.isBlank()) {
      vm.pivot().pivotOnClient(ip);
      tabs.getSelectionModel().select(pivotTab);
    }
  }

  @Override
  public void showTransactions(String filter) {
    vm.transactions().filter(filter);
    tabs.getSelectionModel().select(transactionsTab);
  }

  /** Selects a tab by its title (tests and screenshots). */
  public void select(String title) {
    for (Tab t : tabs.getTabs()) {
      if (t.getText().equals(title)) {
        tabs.getSelectionModel().select(t);
      }
    }
  }

  public Parent root() {
    return root;
  }
}
