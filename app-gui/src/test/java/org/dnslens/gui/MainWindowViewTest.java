package org.dnslens.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.dnslens.engine.model.FindingKind;
import org.dnslens.gui.cases.RecentCases;
import org.dnslens.gui.dialog.DialogService;
import org.dnslens.gui.task.FxTaskRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real window, headless (Monocle), on a real case: open it, filter, pivot, load an IOC list, run the
 * hunt and open a finding. Each view is also saved as a PNG under target/screenshots (docs/GUI.md).
 */
@ExtendWith(ApplicationExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MainWindowViewTest {
  private static final long WAIT_SECONDS = 120;
  private static final Path SHOTS = Path.of("target", "screenshots");

  @TempDir static Path dir;
  static Path caseFile;
  private MainWindowViewModel vm;
  private MainWindowView view;
  private FxTaskRunner runner;
  private Stage stage;

  @BeforeAll
  static void sample() throws Exception {
    caseFile = SampleCase.create(dir);
  }

  @AfterAll
  static void done() {}

  @Start
  void start(Stage stage) {
    this.stage = stage;
    runner = new FxTaskRunner();
    vm = new MainWindowViewModel(runner, new RecentCases(dir.resolve("recent")));
    view = new MainWindowView(vm, new DialogService(stage), stage);
    stage.setScene(new Scene(view.root(), 1400, 860));
    stage.show();
  }

  private void openCase(FxRobot robot) throws Exception {
    robot.interact(() -> vm.cases().openCase(caseFile));
    waitUntil(() -> vm.overview().volume().size() == 60 && vm.transactions().rows().size() > 0);
  }

  /** Polls {@code condition} on the FX thread (the lists it reads change there). */
  private void waitUntil(BooleanSupplier condition) throws Exception {
    try {
      WaitForAsyncUtils.waitFor(
          WAIT_SECONDS, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(condition::getAsBoolean).get());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("timed out; status=" + vm.cases().statusProperty().get() + " filter="
          + vm.transactions().filterTextProperty().get() + " error=" + vm.transactions().filterErrorProperty().get()
          + " matches=" + vm.transactions().matchCountProperty().get() + " rows=" + vm.transactions().rows().size()
          + " loading=" + vm.transactions().loadingProperty().get() + " pivot=" + vm.pivot().titleProperty().get(), e);
    }
    WaitForAsyncUtils.waitForFxEvents();
  }

  private void shot(FxRobot robot, String name) throws Exception {
    WaitForAsyncUtils.waitForFxEvents();
    javafx.scene.image.WritableImage[] img = new javafx.scene.image.WritableImage[1];
    robot.interact(() -> img[0] = stage.getScene().snapshot(null));
    PngWriter.write(img[0], SHOTS.resolve(name + ".png"));
  }

  @Test
  @Order(1)
  void opensTheCaseOnTheOverviewWithItsFigures(FxRobot robot) throws Exception {
    openCase(robot);
    Label summary = robot.lookup("#overviewSummary").queryAs(Label.class);
    assertThat(summary.getText()).contains("4,375 transactions");
    assertThat(stage.getTitle()).contains("sample.mv.db");
    shot(robot, "overview");
  }

  @Test
  @Order(2)
  void filterBarNarrowsTheTableAndTheDetailPaneDecodesTheRow(FxRobot robot) throws Exception {
    openCase(robot);
    // By the window's own tab switch: "Transactions" is also a column title on the overview.
    robot.interact(() -> view.select("Transactions"));
    @SuppressWarnings("unchecked")
    TableView<org.dnslens.storage.search.StoredTransaction> table = robot.lookup("#transactions").queryAs(TableView.class);
    javafx.scene.control.TextField filter = robot.lookup("#filter").queryAs(javafx.scene.control.TextField.class);
    robot.clickOn(filter);
    robot.interact(() -> {
      filter.setText("rcode:NXDOMAIN client:10.2.0.12");
      filter.fireEvent(new javafx.event.ActionEvent());
    });
    waitUntil(() -> vm.transactions().matchCountProperty().get() > 0
        && vm.transactions().rows().stream().allMatch(r -> r.rcode() == 3 && r.clientIp().toString().equals("10.2.0.12")));
    assertThat(table.getItems()).isNotEmpty();
    robot.interact(() -> table.getSelectionModel().select(0));
    WaitForAsyncUtils.waitForFxEvents();
    TextArea detail = robot.lookup("#detail").queryAs(TextArea.class);
    assertThat(detail.getText()).contains(";; REPLY").contains("NXDOMAIN");
    shot(robot, "transactions");
  }

  @Test
  @Order(3)
  void pivotingOnANameShowsItsPassiveDnsAndClients(FxRobot robot) throws Exception {
    openCase(robot);
    robot.interact(() -> view.pivotOnName(SampleCase.BEACON_NAME));
    waitUntil(() -> !vm.pivot().rows().isEmpty());
    Label title = robot.lookup("#pivotTitle").queryAs(Label.class);
    assertThat(title.getText()).contains(SampleCase.BEACON_NAME);
    assertThat(vm.pivot().rows()).anyMatch(r -> r.client().equals("10.2.0.11"));
    shot(robot, "pivot");
    // Double-click an address answer: the names behind that address.
    @SuppressWarnings("unchecked")
    TableView<org.dnslens.gui.pivot.PivotViewModel.Row> table = robot.lookup("#pivotTable").queryAs(TableView.class);
    int idx = vm.pivot().rows().indexOf(vm.pivot().rows().stream().filter(r -> r.type().equals("A")).findFirst().orElseThrow());
    robot.interact(() -> table.scrollTo(idx));
    robot.doubleClickOn(robot.from(table).lookup(".table-row-cell").nth(idx).queryAs(javafx.scene.Node.class));
    waitUntil(() -> title.getText().startsWith("Names that resolved to") && !title.getText().contains("loading"));
    assertThat(vm.pivot().rows()).anyMatch(r -> r.name().equalsIgnoreCase(SampleCase.BEACON_NAME));
  }

  @Test
  @Order(4)
  void huntRanksTheInjectedActorsAndExplainsAFinding(FxRobot robot) throws Exception {
    openCase(robot);
    robot.interact(() -> view.select("Hunt"));
    robot.clickOn("#runHunt");
    waitUntil(() -> !vm.hunt().runningProperty().get() && !vm.hunt().findings().isEmpty());
    assertThat(vm.hunt().findings()).anyMatch(f -> f.kind() == FindingKind.TUNNELING);
    @SuppressWarnings("unchecked")
    TableView<org.dnslens.engine.model.Finding> table = robot.lookup("#findings").queryAs(TableView.class);
    robot.interact(() -> table.getSelectionModel().select(0));
    waitUntil(() -> vm.hunt().chartProperty().get() != null);
    assertThat(robot.lookup("#explanation").queryAs(TextArea.class).getText()).contains("score");
    shot(robot, "hunt");
  }

  @Test
  @Order(5)
  void loadingAnIocListListsItsHits(FxRobot robot) throws Exception {
    openCase(robot);
    Path list = dir.resolve("iocs.txt");
    Files.writeString(list, SampleCase.TUNNEL_DOMAIN + "\n" + SampleCase.BEACON_NAME + "\n", StandardCharsets.UTF_8);
    robot.interact(() -> view.select("IOC"));
    robot.interact(() -> vm.ioc().load(list));
    waitUntil(() -> !vm.ioc().hits().isEmpty() && vm.ioc().statusProperty().get().contains("hit"));
    assertThat(vm.ioc().hits()).anyMatch(h -> h.client().equals(SampleCase.TUNNEL_CLIENT));
    shot(robot, "ioc");
  }
}
