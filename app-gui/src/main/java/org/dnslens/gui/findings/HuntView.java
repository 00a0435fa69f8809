package org.dnslens.gui.findings;

import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.chart.AreaChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.ScatterChart;
import javafx.scene.chart.XYChart;
import java.util.List;
import org.dnslens.engine.export.EpochTime;
import org.dnslens.engine.model.Finding;
import org.dnslens.gui.transactions.DisplayName;
import org.dnslens.gui.Navigator;

/** Findings ranked by score, the selected one explained; "Show evidence" filters the transactions. */
public final class HuntView {
  private final BorderPane root = new BorderPane();
  private final TableView<Finding> table = new TableView<>();

  public HuntView(HuntViewModel vm, Navigator nav) {
    Button run = new Button("Run detectors");
    run.setId("runHunt");
    run.disableProperty().bind(vm.runningProperty());
    run.setOnAction(e -> vm.run());
    Button cancel = new Button("Cancel");
    cancel.disableProperty().bind(vm.runningProperty().not());
    cancel.setOnAction(e -> vm.cancel());
    ProgressBar bar = new ProgressBar();
    bar.progressProperty().bind(vm.progressProperty());
    Label status = new Label();
    status.setId("huntStatus");
    status.textProperty().bind(vm.statusProperty());
    Button evidence = new Button("Show evidence");
    evidence.disableProperty().bind(vm.selectedProperty().isNull());
    evidence.setOnAction(e -> {
      Finding f = vm.selectedProperty().get();
      StringBuilder q = new StringBuilder();
      if (f.client() != null) {
        q.append("client:").append(f.client()).append(' ');
      }
      if (f.domain() != null && !f.domain().contains(" ")) {
        q.append("domain:").append(f.domain());
      }
      nav.showTransactions(q.toString().strip());
    });
    HBox top = new HBox(8, run, cancel, bar, evidence, status);
    top.setPadding(new Insets(6));

    table.setId("findings");
    table.setItems(vm.findings());
    table.setTableMenuButtonVisible(true);
    table.getColumns().add(col("Score", 60, f -> Integer.toString(f.score())));
    table.getColumns().add(col("Severity", 80, f -> f.severity().toString()));
    table.getColumns().add(col("Kind", 140, f -> f.kind().toString()));
    table.getColumns().add(col("Client", 130, f -> f.client() == null ? "" : f.client().toString()));
    table.getColumns().add(col("Domain", 300, f -> f.domain() == null ? "" : DisplayName.of(f.domain())));
    table.getColumns().add(col("First seen", 210, f -> EpochTime.iso(f.firstSeenNanos())));
    table.getColumns().add(col("Last seen", 210, f -> EpochTime.iso(f.lastSeenNanos())));
    table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> vm.selectedProperty().set(b));

    TextArea explain = new TextArea();
    explain.setId("explanation");
    explain.setEditable(false);
    explain.setWrapText(true);
    explain.setStyle("-fx-font-family: monospace;");
    explain.textProperty().bind(vm.explanationProperty());
    NumberAxis x = new NumberAxis();
    NumberAxis y = new NumberAxis();
    ScatterChart<Number, Number> scatter = new ScatterChart<>(x, y);
    scatter.setId("whyChart");
    scatter.setAnimated(false);
    scatter.setLegendVisible(false);
    NumberAxis bx = new NumberAxis();
    NumberAxis by = new NumberAxis();
    AreaChart<Number, Number> area = new AreaChart<>(bx, by);
    area.setAnimated(false);
    area.setLegendVisible(false);
    area.setCreateSymbols(false);
    StackPane chartPane = new StackPane();
    chartPane.setMinWidth(380);
    vm.chartProperty().addListener((o, a, c) -> {
      chartPane.getChildren().clear();
      if (c == null) {
        return;
      }
      XYChart.Series<Number, Number> s = new XYChart.Series<>();
      for (WhyChart.Point p : c.points()) {
        s.getData().add(new XYChart.Data<>(p.x(), p.y()));
      }
      XYChart<Number, Number> target = c.kind() == WhyChart.Kind.SCATTER ? scatter : area;
      target.setTitle(c.title());
      ((NumberAxis) target.getXAxis()).setLabel(c.xLabel());
      ((NumberAxis) target.getYAxis()).setLabel(c.yLabel());
      target.getData().setAll(List.of(s));
      chartPane.getChildren().add(target);
    });
    SplitPane lower = new SplitPane(explain, chartPane);
    lower.setDividerPositions(0.55);
    SplitPane split = new SplitPane(table, lower);
    split.setOrientation(Orientation.VERTICAL);
    split.setDividerPositions(0.55);
    root.setTop(top);
    root.setCenter(split);
  }

  private static TableColumn<Finding, String> col(String title, double width, Function<Finding, String> f) {
    TableColumn<Finding, String> c = new TableColumn<>(title);
    c.setPrefWidth(width);
    c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(f.apply(cd.getValue())));
    return c;
  }

  public Node root() {
    return root;
  }

  public TableView<Finding> table() {
    return table;
  }
}
