package org.dnslens.gui.transactions;

import java.io.File;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.dnslens.engine.export.EpochTime;
import org.dnslens.engine.model.Rcode;
import org.dnslens.engine.model.RrType;
import org.dnslens.gui.Navigator;
import org.dnslens.storage.search.StoredTransaction;

/**
 * The transactions table (virtualised; the next page is fetched when a row near the end is shown), the
 * filter bar, the column chooser (the table's menu button) and the detail pane.
 */
public final class TransactionsView {
  /** Fetch the next page when a row this close to the end is laid out. */
  private static final int PREFETCH_ROWS = 100;

  private static final javafx.css.PseudoClass IOC_HIT = javafx.css.PseudoClass.getPseudoClass("ioc-hit");

  private final BorderPane root = new BorderPane();
  private final TableView<StoredTransaction> table = new TableView<>();

  public TransactionsView(TransactionsViewModel vm, Navigator nav) {
    TextField filter = new TextField();
    filter.setId("filter");
    filter.setPromptText("domain:evil.com ip:10.0.0.0/8 rcode:NXDOMAIN since:-2h qtype:TXT client:10.0.0.7 status:unanswered");
    filter.textProperty().bindBidirectional(vm.filterTextProperty());
    filter.setOnAction(e -> vm.applyFilter());
    HBox.setHgrow(filter, Priority.ALWAYS);
    Button apply = new Button("Filter");
    apply.setId("applyFilter");
    apply.setOnAction(e -> vm.applyFilter());
    Label count = new Label();
    count.setId("matchCount");
    count.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
        () -> vm.matchCountProperty().get() < 0
            ? "counting matches…"
            : String.format(java.util.Locale.ROOT, "%,d matching", vm.matchCountProperty().get()),
        vm.matchCountProperty()));
    Label error = new Label();
    error.setId("filterError");
    error.setStyle("-fx-text-fill: #b00020;");
    error.textProperty().bind(vm.filterErrorProperty());
    HBox bar = new HBox(6, new Label("Filter:"), filter, apply, count);
    bar.setPadding(new Insets(6));
    Label sortMessage = new Label();
    sortMessage.setId("sortMessage");
    sortMessage.setStyle("-fx-text-fill: #8a5a00;");
    sortMessage.textProperty().bind(vm.sortMessageProperty());
    sortMessage.managedProperty().bind(vm.sortMessageProperty().isNotNull());
    error.managedProperty().bind(vm.filterErrorProperty().isNotNull());
    VBox top = new VBox(bar, error, sortMessage);

    table.setId("transactions");
    table.setItems(vm.rows());
    table.setTableMenuButtonVisible(true); // the column chooser
    table.setPlaceholder(new Label("No transactions (open a case, or loosen the filter)."));
    TableColumn<StoredTransaction, String> ioc = column("IOC", 40, null, t -> vm.isIocHit(t) ? "IOC" : "");
    ioc.setId("iocColumn");
    ioc.setStyle("-fx-text-fill: #b00020; -fx-font-weight: bold;");
    table.getColumns().add(ioc);
    TableColumn<StoredTransaction, String> time = column("Time", 210, SortKey.TIME, t -> EpochTime.iso(t.tsNanos()));
    time.setId("timeColumn");
    table.getColumns().add(time);
    table.getColumns().add(column("Client", 130, SortKey.CLIENT, t -> t.clientIp().toString()));
    table.getColumns().add(column("Client port", 70, SortKey.CLIENT_PORT, t -> Integer.toString(t.clientPort())));
    table.getColumns().add(column("Server", 130, SortKey.SERVER, t -> t.serverIp().toString()));
    table.getColumns().add(column("Proto", 50, SortKey.PROTO, t -> t.transport().label()));
    TableColumn<StoredTransaction, String> name =
        column("Query name", 320, SortKey.NAME, t -> DisplayName.of(t.qname()));
    name.setId("qnameColumn");
    table.getColumns().add(name);
    table.getColumns().add(column("Type", 60, SortKey.QTYPE, t -> t.qtype() == null ? "" : RrType.name(t.qtype())));
    table.getColumns().add(column("Rcode", 80, SortKey.RCODE, t -> t.rcode() < 0 ? "" : Rcode.name(t.rcode())));
    table.getColumns().add(column("Status", 90, SortKey.STATUS, t -> t.status().label()));
    table.getColumns().add(column("RTT ms", 70, SortKey.RTT,
        t -> t.rttNanos() < 0 ? "" : String.format(Locale.ROOT, "%.2f", t.rttNanos() / 1e6)));
    TableColumn<StoredTransaction, String> source = column("Source", 160, SortKey.SOURCE, t -> t.sourceLabel());
    source.setVisible(false);
    table.getColumns().add(source);
    table.getColumns().add(column("Frames", 90, null,
        t -> (t.queryFrame() == null ? "-" : t.queryFrame()) + "/" + (t.replyFrame() == null ? "-" : t.replyFrame())));
    // Clicking a header asks the view-model, which re-reads in that order (the rows are never sorted here:
    // the table holds only the pages fetched so far). A refused sort returns false, so the header reverts.
    vm.sortKeyProperty().addListener((o, a, key) -> {
      // The view-model fell back to time order (a new filter matched too many rows): show that.
      if (key == SortKey.TIME && !table.getSortOrder().isEmpty()
          && table.getSortOrder().get(0).getUserData() != SortKey.TIME) {
        table.getSortOrder().clear();
      }
    });
    table.setSortPolicy(tv -> {
      if (tv.getSortOrder().isEmpty()) {
        return vm.sort(SortKey.TIME, false);
      }
      TableColumn<StoredTransaction, ?> c = tv.getSortOrder().get(0);
      return vm.sort((SortKey) c.getUserData(), c.getSortType() == TableColumn.SortType.DESCENDING);
    });
    table.setRowFactory(tv -> {
      TableRow<StoredTransaction> row = new TableRow<>() {
        @Override
        protected void updateItem(StoredTransaction item, boolean empty) {
          super.updateItem(item, empty);
          pseudoClassStateChanged(IOC_HIT, !empty && item != null && vm.isIocHit(item));
          if (!empty && getIndex() >= vm.rows().size() - PREFETCH_ROWS) {
            vm.loadMore();
          }
        }
      };
      MenuItem byName = new MenuItem("Pivot on query name");
      byName.setOnAction(e -> nav.pivotOnName(row.getItem().qname()));
      MenuItem byClient = new MenuItem("Pivot on client");
      byClient.setOnAction(e -> nav.pivotOnClient(row.getItem().clientIp().toString()));
      MenuItem byServer = new MenuItem("Names that resolved to the server address");
      byServer.setOnAction(e -> nav.pivotOnAddress(row.getItem().serverIp().toString()));
      MenuItem clientQueries = new MenuItem("Filter on this client");
      clientQueries.setOnAction(e -> nav.showTransactions("client:" + row.getItem().clientIp()));
      row.contextMenuProperty().bind(
          javafx.beans.binding.Bindings.when(row.emptyProperty()).then((ContextMenu) null)
              .otherwise(new ContextMenu(byName, byClient, byServer, clientQueries)));
      return row;
    });
    // Rows whose transactions are IOC hits: a red tint that selection still overrides.
    table.getStylesheets().add("data:text/css;base64," + java.util.Base64.getEncoder().encodeToString((
        ".table-row-cell:ioc-hit { -fx-background-color: -fx-table-cell-border-color, #ffd6d6; }"
            + ".table-row-cell:ioc-hit:selected { -fx-background-color: -fx-selection-bar; }")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    vm.iocMarksProperty().addListener((o, a, b) -> table.refresh());
    table.getSelectionModel().setSelectionMode(javafx.scene.control.SelectionMode.MULTIPLE);
    table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> vm.selectedProperty().set(b));

    TextArea detail = new TextArea();
    detail.setId("detail");
    detail.setEditable(false);
    detail.setStyle("-fx-font-family: monospace;");
    detail.textProperty().bind(vm.detailTextProperty());
    Button copy = new Button("Copy as JSON");
    copy.setId("copyJson");
    copy.disableProperty().bind(vm.selectedProperty().isNull());
    copy.setOnAction(e -> {
      ClipboardContent c = new ClipboardContent();
      c.putString(vm.selectedAsJson());
      Clipboard.getSystemClipboard().setContent(c);
    });
    Button pivotName = new Button("Pivot on name");
    pivotName.disableProperty().bind(vm.selectedProperty().isNull());
    pivotName.setOnAction(e -> nav.pivotOnName(vm.selectedProperty().get().qname()));
    Button pivotClient = new Button("Pivot on client");
    pivotClient.disableProperty().bind(vm.selectedProperty().isNull());
    pivotClient.setOnAction(e -> nav.pivotOnClient(vm.selectedProperty().get().clientIp().toString()));
    Button carve = new Button("Export packets to pcap...");
    carve.setId("exportPackets");
    carve.disableProperty().bind(vm.selectedProperty().isNull().or(vm.carve().runningProperty()));
    carve.setOnAction(e -> {
      FileChooser c = new FileChooser();
      c.setTitle("Export the selected transactions' packets");
      c.setInitialFileName("dnslens-packets.pcap");
      c.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("pcap", "*.pcap"),
          new FileChooser.ExtensionFilter("pcapng", "*.pcapng"));
      File f = c.showSaveDialog(root.getScene().getWindow());
      if (f != null) {
        vm.carve().carve(List.copyOf(table.getSelectionModel().getSelectedItems()), f.toPath());
      }
    });
    vm.carve().missingCaptureProperty().addListener((o, a, missing) -> {
      if (missing != null && root.getScene() != null && root.getScene().getWindow() != null) {
        locate(vm.carve(), missing); // a modal chooser: its nested event loop keeps the window alive
      }
    });
    Label carveMessage = new Label();
    carveMessage.setId("carveMessage");
    carveMessage.textProperty().bind(vm.carve().messageProperty());
    HBox actions = new HBox(6, copy, pivotName, pivotClient, carve, carveMessage);
    actions.setPadding(new Insets(4));
    BorderPane detailPane = new BorderPane(detail, actions, null, null, null);

    SplitPane split = new SplitPane(table, detailPane);
    split.setOrientation(Orientation.VERTICAL);
    split.setDividerPositions(0.6);
    root.setTop(top);
    root.setCenter(split);
  }

  private static TableColumn<StoredTransaction, String> column(
      String title, double width, SortKey sortKey, Function<StoredTransaction, String> value) {
    TableColumn<StoredTransaction, String> c = new TableColumn<>(title);
    c.setPrefWidth(width);
    c.setUserData(sortKey);
    c.setSortable(sortKey != null);
    c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(cd.getValue() == null ? "" : value.apply(cd.getValue())));
    return c;
  }

  private void locate(CarvePacketsViewModel carve, CarvePacketsViewModel.MissingCapture missing) {
    FileChooser c = new FileChooser();
    c.setTitle("Where is " + missing.label() + " now? (the case read it at " + missing.storedPath() + ")");
    c.setInitialFileName(missing.label());
    File f = c.showOpenDialog(root.getScene().getWindow());
    if (f != null) {
      carve.locate(f.toPath());
    }
  }

  public Node root() {
    return root;
  }

  public TableView<StoredTransaction> table() {
    return table;
  }
}
