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

  /** A name of the sample answered through a CNAME, for the chain shot. */
  static String cnameName;

  @BeforeAll
  static void sample() throws Exception {
    caseFile = SampleCase.create(dir);
    try (org.dnslens.storage.casefile.CaseDatabase db = org.dnslens.storage.casefile.CaseDatabase.open(caseFile)) {
      org.dnslens.storage.search.PassiveDnsQuery pdns = new org.dnslens.storage.search.PassiveDnsQuery(db);
      cnameName = pdns.byName("*", 100_000).stream()
          .filter(e -> e.type() == org.dnslens.engine.model.RrType.CNAME)
          .filter(e -> pdns.byName(e.data(), 10).stream().anyMatch(t -> t.type() == org.dnslens.engine.model.RrType.CNAME))
          .findFirst()
          .or(() -> pdns.byName("*", 100_000).stream().filter(e -> e.type() == org.dnslens.engine.model.RrType.CNAME).findFirst())
          .orElseThrow().name();
    }
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
    // The CNAME chain pane appears above the table when its text arrives: wait, so rows do not move under the click.
    waitUntil(() -> !vm.pivot().rows().isEmpty() && !vm.pivot().cnameChainProperty().get().isEmpty());
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

  @Test
  @Order(6)
  void clickingAColumnHeaderSortsTheFiltersMatchesAndTimeSortsBothWays(FxRobot robot) throws Exception {
    openCase(robot);
    robot.interact(() -> view.select("Transactions"));
    @SuppressWarnings("unchecked")
    TableView<org.dnslens.storage.search.StoredTransaction> table = robot.lookup("#transactions").queryAs(TableView.class);
    robot.interact(() -> vm.transactions().filter("client:10.2.0.11"));
    waitUntil(() -> !vm.transactions().loadingProperty().get() && vm.transactions().matchCountProperty().get() > 0);
    long matches = vm.transactions().matchCountProperty().get();
    // From this table: hidden tabs' tables are in the scene graph too.
    robot.clickOn(robot.from(table).lookup(".column-header").lookup((Label l) -> "Query name".equals(l.getText()))
        .queryAs(Label.class));
    waitUntil(() -> !vm.transactions().loadingProperty().get()
        && vm.transactions().sortKeyProperty().get() == org.dnslens.gui.transactions.SortKey.NAME);
    assertThat(table.getItems()).hasSize((int) matches)
        .isSortedAccordingTo(org.dnslens.gui.transactions.SortKey.NAME.comparator(false));
    assertThat(table.getSortOrder()).extracting(c -> c.getText()).containsExactly("Query name");
    shot(robot, "transactions-sorted");
    // Time, newest first, over the whole case.
    robot.interact(() -> vm.transactions().filter(""));
    robot.interact(() -> {
      javafx.scene.control.TableColumn<org.dnslens.storage.search.StoredTransaction, ?> time =
          table.getColumns().stream().filter(c -> "Time".equals(c.getText())).findFirst().orElseThrow();
      time.setSortType(javafx.scene.control.TableColumn.SortType.DESCENDING);
      table.getSortOrder().setAll(java.util.List.of(time));
    });
    waitUntil(() -> !vm.transactions().loadingProperty().get() && vm.transactions().sortDescendingProperty().get()
        && vm.transactions().matchCountProperty().get() == SampleCase.TRANSACTIONS);
    assertThat(table.getItems()).hasSize(org.dnslens.gui.transactions.TransactionsViewModel.PAGE_ROWS)
        .isSortedAccordingTo(org.dnslens.gui.transactions.SortKey.TIME.comparator(true));
  }

  @Test
  @Order(7)
  void iocHitsAreMarkedInTheTableAndTheirPacketsExported(FxRobot robot) throws Exception {
    openCase(robot);
    Path list = dir.resolve("iocs-marks.txt");
    Files.writeString(list, SampleCase.TUNNEL_DOMAIN + "\n", StandardCharsets.UTF_8);
    robot.interact(() -> vm.ioc().load(list));
    waitUntil(() -> !vm.ioc().hits().isEmpty());
    robot.interact(() -> view.select("Transactions"));
    robot.interact(() -> vm.transactions().filter("client:" + SampleCase.TUNNEL_CLIENT));
    waitUntil(() -> !vm.transactions().loadingProperty().get() && !vm.transactions().rows().isEmpty());
    @SuppressWarnings("unchecked")
    TableView<org.dnslens.storage.search.StoredTransaction> table = robot.lookup("#transactions").queryAs(TableView.class);
    WaitForAsyncUtils.waitForFxEvents();
    java.util.Set<javafx.scene.Node> rows = robot.from(table).lookup(".table-row-cell").queryAll();
    assertThat(rows).anyMatch(r -> r.getPseudoClassStates().contains(javafx.css.PseudoClass.getPseudoClass("ioc-hit")));
    robot.interact(() -> table.getSelectionModel().selectRange(0, 3));
    WaitForAsyncUtils.waitForFxEvents();
    Path out = dir.resolve("selection.pcap");
    // The button opens a file chooser, which a headless run cannot answer: call what it calls.
    robot.interact(() -> vm.transactions().carve().carve(java.util.List.copyOf(table.getSelectionModel().getSelectedItems()), out));
    waitUntil(() -> String.valueOf(vm.transactions().carve().messageProperty().get()).startsWith("Wrote"));
    assertThat(robot.lookup("#carveMessage").queryAs(Label.class).getText()).contains("of 3 transactions", "selection.pcap");
    assertThat(out).isRegularFile();
    shot(robot, "transactions-ioc-export");
  }

  @Test
  @Order(8)
  void aNamePivotShowsItsCnameChain(FxRobot robot) throws Exception {
    openCase(robot);
    robot.interact(() -> view.pivotOnName(cnameName));
    waitUntil(() -> !vm.pivot().rows().isEmpty() && !vm.pivot().cnameChainProperty().get().isEmpty());
    TextArea chain = robot.lookup("#cnameChain").queryAs(TextArea.class);
    assertThat(chain.getText()).startsWith(cnameName).contains("CNAME -> ");
    shot(robot, "pivot-cname");
  }
}
