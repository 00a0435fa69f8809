package org.dnslens.gui.ioc;

import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import org.dnslens.gui.Navigator;

/** IOC lists and their hits; double-click a hit to see its transactions. */
public final class IocView {
  private final BorderPane root = new BorderPane();
  private final TableView<IocViewModel.HitRow> table = new TableView<>();

  public IocView(IocViewModel vm, Navigator nav, Supplier<Path> chooseList) {
    Button load = new Button("Load IOC list...");
    load.setId("loadIoc");
    load.setOnAction(e -> {
      Path p = chooseList.get();
      if (p != null) {
        vm.load(p);
      }
    });
    ProgressBar bar = new ProgressBar();
    bar.progressProperty().bind(vm.progressProperty());
    Label status = new Label();
    status.setId("iocStatus");
    status.textProperty().bind(vm.statusProperty());
    HBox top = new HBox(8, load, bar, status);
    top.setPadding(new Insets(6));
    table.setId("iocHits");
    table.setItems(vm.hits());
    table.setTableMenuButtonVisible(true);
    table.getColumns().add(col("Time", 210, IocViewModel.HitRow::time));
    table.getColumns().add(col("Client", 130, IocViewModel.HitRow::client));
    table.getColumns().add(col("Query name", 280, IocViewModel.HitRow::qname));
    table.getColumns().add(col("Where", 110, IocViewModel.HitRow::where));
    table.getColumns().add(col("Matched", 200, IocViewModel.HitRow::matched));
    table.getColumns().add(col("Indicator", 200, IocViewModel.HitRow::indicator));
    table.getColumns().add(col("List", 140, IocViewModel.HitRow::list));
    table.getColumns().add(col("Frame", 70, r -> r.queryFrame() < 0 ? "" : Long.toString(r.queryFrame())));
    table.setOnMouseClicked(e -> {
      IocViewModel.HitRow r = table.getSelectionModel().getSelectedItem();
      if (e.getClickCount() == 2 && r != null && !r.qname().isEmpty()) {
        nav.showTransactions("name:" + r.qname() + " client:" + r.client());
      }
    });
    root.setTop(top);
    root.setCenter(table);
  }

  private static TableColumn<IocViewModel.HitRow, String> col(
      String title, double width, Function<IocViewModel.HitRow, String> f) {
    TableColumn<IocViewModel.HitRow, String> c = new TableColumn<>(title);
    c.setPrefWidth(width);
    c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(f.apply(cd.getValue())));
    return c;
  }

  public Node root() {
    return root;
  }
}
