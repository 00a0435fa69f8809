package org.dnslens.gui.pivot;

import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.dnslens.gui.Navigator;
import org.dnslens.gui.transactions.DisplayName;
import org.dnslens.storage.search.IpRange;

/**
 * Passive-DNS pivots. Double-click a row: on an address answer it pivots to the names behind that address,
 * otherwise to the row's name; "Show transactions" filters the table on the name.
 */
public final class PivotView {
  private final BorderPane root = new BorderPane();
  private final TableView<PivotViewModel.Row> table = new TableView<>();

  public PivotView(PivotViewModel vm, Navigator nav) {
    TextField input = new TextField();
    input.setId("pivotInput");
    input.setPromptText("a name (*.example.com), an address or CIDR block");
    HBox.setHgrow(input, Priority.ALWAYS);
    Button name = new Button("Name");
    name.setOnAction(e -> nav.pivotOnName(input.getText().strip()));
    Button address = new Button("Address");
    address.setOnAction(e -> nav.pivotOnAddress(input.getText().strip()));
    Button client = new Button("Client");
    client.setOnAction(e -> nav.pivotOnClient(input.getText().strip()));
    Button show = new Button("Show transactions");
    show.setOnAction(e -> {
      PivotViewModel.Row r = table.getSelectionModel().getSelectedItem();
      if (r != null) {
        nav.showTransactions("name:" + r.name() + (r.client().isEmpty() ? "" : " client:" + r.client()));
      }
    });
    HBox bar = new HBox(6, new Label("Pivot on:"), input, name, address, client, show);
    bar.setPadding(new Insets(6));
    Label title = new Label();
    title.setId("pivotTitle");
    title.setPadding(new Insets(0, 6, 6, 6));
    title.setStyle("-fx-font-weight: bold;");
    title.textProperty().bind(vm.titleProperty());

    table.setId("pivotTable");
    table.setItems(vm.rows());
    table.setTableMenuButtonVisible(true);
    table.getColumns().add(col("Name", 300, r -> DisplayName.of(r.name())));
    table.getColumns().add(col("Type", 70, PivotViewModel.Row::type));
    table.getColumns().add(col("Data", 260, r -> DisplayName.of(r.data())));
    table.getColumns().add(col("Client", 130, PivotViewModel.Row::client));
    table.getColumns().add(col("First seen", 210, PivotViewModel.Row::first));
    table.getColumns().add(col("Last seen", 210, PivotViewModel.Row::last));
    TableColumn<PivotViewModel.Row, Long> count = new TableColumn<>("Count");
    count.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(cd.getValue().count()));
    table.getColumns().add(count);
    table.setRowFactory(tv -> {
      TableRow<PivotViewModel.Row> row = new TableRow<>();
      row.setOnMouseClicked(e -> {
        if (e.getClickCount() == 2 && !row.isEmpty()) {
          PivotViewModel.Row r = row.getItem();
          if (isAddress(r.data())) {
            nav.pivotOnAddress(r.data());
          } else if (!r.client().isEmpty() && r.type().equals("(query)") && vm.titleProperty().get().startsWith("Name")) {
            nav.pivotOnClient(r.client());
          } else {
            nav.pivotOnName(r.name());
          }
        }
      });
      return row;
    });
    javafx.scene.control.TextArea chain = new javafx.scene.control.TextArea();
    chain.setId("cnameChain");
    chain.setEditable(false);
    chain.setStyle("-fx-font-family: monospace;");
    chain.setPrefRowCount(6);
    chain.textProperty().bind(vm.cnameChainProperty());
    javafx.scene.control.TitledPane chainPane = new javafx.scene.control.TitledPane("CNAME chain", chain);
    chainPane.setCollapsible(false);
    // Only a name pivot has a chain.
    chainPane.visibleProperty().bind(vm.cnameChainProperty().isNotEmpty());
    chainPane.managedProperty().bind(chainPane.visibleProperty());
    root.setTop(new VBox(bar, title));
    javafx.scene.control.SplitPane split = new javafx.scene.control.SplitPane(chainPane, table);
    split.setOrientation(javafx.geometry.Orientation.VERTICAL);
    split.setDividerPositions(0.3);
    root.setCenter(split);
  }

  private static boolean isAddress(String s) {
    try {
      IpRange.parse(s);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static TableColumn<PivotViewModel.Row, String> col(
      String title, double width, Function<PivotViewModel.Row, String> f) {
    TableColumn<PivotViewModel.Row, String> c = new TableColumn<>(title);
    c.setPrefWidth(width);
    c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(f.apply(cd.getValue())));
    return c;
  }

  public Node root() {
    return root;
  }

  public TableView<PivotViewModel.Row> table() {
    return table;
  }
}
