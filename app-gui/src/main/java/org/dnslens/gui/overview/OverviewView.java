package org.dnslens.gui.overview;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import org.dnslens.engine.export.EpochTime;
import org.dnslens.gui.Navigator;
import org.dnslens.gui.transactions.DisplayName;
import org.dnslens.storage.search.CaseInfo;

/** The case at a glance: volume chart, top talkers and names, rcodes, qtypes, issues, sources with hashes. */
public final class OverviewView {
  private static final DateTimeFormatter HOUR_MINUTE =
      DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final ScrollPane root;
  private final Label summary = new Label();
  private final BarChart<String, Number> chart = new BarChart<>(new CategoryAxis(), new NumberAxis());
  private final TableView<Row> names = table("Top names", true);
  private final TableView<Row> clients = table("Top clients", false);
  private final TableView<Row> servers = table("Top servers", false);
  private final TableView<Row> rcodes = table("Rcode", false);
  private final TableView<Row> qtypes = table("Query type", false);
  private final TableView<Row> issues = table("Decode issue", false);
  private final TableView<CaseInfo.Source> sources = new TableView<>();

  /** One (key, count) line of a small table. */
  public record Row(String key, long count) {}

  public OverviewView(OverviewViewModel vm, Navigator nav) {
    summary.setId("overviewSummary");
    summary.setStyle("-fx-font-size: 14px; -fx-font-weight: bold;");
    chart.setId("volumeChart");
    chart.setTitle("Queries over time (UTC)");
    chart.setLegendVisible(false);
    chart.setAnimated(false);
    chart.setBarGap(0);
    chart.setCategoryGap(1);
    chart.setPrefHeight(260);
    names.setOnMouseClicked(e -> {
      Row r = names.getSelectionModel().getSelectedItem();
      if (e.getClickCount() == 2 && r != null) {
        nav.pivotOnName(r.key());
      }
    });
    clients.setOnMouseClicked(e -> {
      Row r = clients.getSelectionModel().getSelectedItem();
      if (e.getClickCount() == 2 && r != null) {
        nav.pivotOnClient(r.key());
      }
    });
    servers.setOnMouseClicked(e -> {
      Row r = servers.getSelectionModel().getSelectedItem();
      if (e.getClickCount() == 2 && r != null) {
        nav.showTransactions("server:" + r.key());
      }
    });
    rcodes.setOnMouseClicked(e -> {
      Row r = rcodes.getSelectionModel().getSelectedItem();
      if (e.getClickCount() == 2 && r != null) {
        nav.showTransactions("rcode:" + r.key());
      }
    });
    sources.setPrefHeight(130);
    sources.getColumns().add(sourceCol("File", 220, s -> s.label()));
    sources.getColumns().add(sourceCol("SHA-256", 470, s -> s.sha256()));
    sources.getColumns().add(sourceCol("Format", 80, s -> s.format()));
    sources.getColumns().add(sourceCol("Frames", 80, s -> Long.toString(s.frames())));
    sources.getColumns().add(sourceCol("Transactions", 90, s -> Long.toString(s.transactions())));
    sources.getColumns().add(sourceCol("First", 200, s -> EpochTime.iso(s.firstNanos())));
    sources.getColumns().add(sourceCol("Last", 200, s -> EpochTime.iso(s.lastNanos())));

    GridPane grid = new GridPane();
    grid.setHgap(8);
    grid.setVgap(8);
    grid.add(names, 0, 0);
    grid.add(clients, 1, 0);
    grid.add(servers, 2, 0);
    grid.add(rcodes, 0, 1);
    grid.add(qtypes, 1, 1);
    grid.add(issues, 2, 1);
    VBox box = new VBox(8, summary, chart, grid, new Label("Sources"), sources);
    box.setPadding(new Insets(8));
    root = new ScrollPane(box);
    root.setFitToWidth(true);

    vm.infoProperty().addListener((o, a, info) -> show(info));
    vm.volume().addListener((javafx.collections.ListChangeListener<OverviewViewModel.Bucket>) c -> showVolume(vm.volume()));
    show(vm.infoProperty().get());
    showVolume(vm.volume());
  }

  private void show(CaseInfo info) {
    if (info == null) {
      summary.setText("No case open.");
      return;
    }
    summary.setText(String.format(Locale.ROOT, "%,d transactions, %,d records, %d source(s), %s .. %s",
        info.transactions(), info.records(), info.sources().size(),
        info.firstNanos() == null ? "-" : EpochTime.iso(info.firstNanos()),
        info.lastNanos() == null ? "-" : EpochTime.iso(info.lastNanos())));
    names.setItems(FXCollections.observableArrayList(
        info.topNames().stream().map(c -> new Row(c.key(), c.count())).toList()));
    clients.setItems(counts(info.topClients()));
    servers.setItems(counts(info.topServers()));
    rcodes.setItems(map(info.rcodes()));
    qtypes.setItems(map(info.qtypes()));
    issues.setItems(map(info.issues()));
    sources.setItems(FXCollections.observableArrayList(info.sources()));
  }

  private void showVolume(List<OverviewViewModel.Bucket> buckets) {
    XYChart.Series<String, Number> s = new XYChart.Series<>();
    for (OverviewViewModel.Bucket b : buckets) {
      s.getData().add(new XYChart.Data<>(HOUR_MINUTE.format(Instant.ofEpochSecond(0, b.startNanos())), b.count()));
    }
    chart.getData().setAll(List.of(s));
  }

  private static javafx.collections.ObservableList<Row> counts(List<CaseInfo.Count> counts) {
    return FXCollections.observableArrayList(counts.stream().map(c -> new Row(c.key(), c.count())).toList());
  }

  private static javafx.collections.ObservableList<Row> map(Map<String, Long> m) {
    return FXCollections.observableArrayList(m.entrySet().stream().map(e -> new Row(e.getKey(), e.getValue())).toList());
  }

  private static TableView<Row> table(String title, boolean names) {
    TableView<Row> t = new TableView<>();
    TableColumn<Row, String> k = new TableColumn<>(title);
    k.setPrefWidth(names ? 300 : 200);
    k.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(names ? DisplayName.of(cd.getValue().key()) : cd.getValue().key()));
    TableColumn<Row, Long> c = new TableColumn<>("Count");
    c.setPrefWidth(80);
    c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(cd.getValue().count()));
    t.getColumns().add(k);
    t.getColumns().add(c);
    t.setPrefHeight(220);
    t.setPrefWidth(names ? 400 : 300);
    return t;
  }

  private static TableColumn<CaseInfo.Source, String> sourceCol(
      String title, double width, java.util.function.Function<CaseInfo.Source, String> f) {
    TableColumn<CaseInfo.Source, String> c = new TableColumn<>(title);
    c.setPrefWidth(width);
    c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(f.apply(cd.getValue())));
    return c;
  }

  public Node root() {
    return root;
  }
}
