package org.dnslens.gui.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.dnslens.gui.MainWindowView;
import org.dnslens.gui.MainWindowViewModel;
import org.dnslens.gui.cases.RecentCases;
import org.dnslens.gui.dialog.DialogService;
import org.dnslens.gui.task.FxTaskRunner;
import org.dnslens.gui.transactions.SortKey;
import org.dnslens.gui.transactions.TransactionsViewModel;

/**
 * The GUI benchmark (a command, not a test; run by {@code build/bench/gui.sh CASE}): the real window under
 * Monocle's headless platform on a given case. Measures the time from opening the case to the first rows
 * laid out in the table, then the latency of page fetches while scrolling (forward and newest first), of
 * filters, and of a column sort, each with the process CPU time spent, and prints the load average.
 */
public final class GuiBenchmark {
  private static final long TIMEOUT_SECONDS = 1800;
  private static final int SCROLL_PAGES = 20;

  private final MainWindowViewModel vm;
  private final Stage stage;
  private final TableView<?> table;

  private GuiBenchmark(MainWindowViewModel vm, Stage stage, TableView<?> table) {
    this.vm = vm;
    this.stage = stage;
    this.table = table;
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 1 || !Files.isRegularFile(Path.of(args[0]))) {
      System.err.println("usage: GuiBenchmark CASE.mv.db");
      System.exit(2);
    }
    Path caseFile = Path.of(args[0]);
    Path scratch = Files.createTempDirectory("dnslens-gui-bench");
    CountDownLatch started = new CountDownLatch(1);
    Platform.startup(started::countDown);
    started.await();
    GuiBenchmark[] b = new GuiBenchmark[1];
    onFx(() -> {
      Stage stage = new Stage();
      MainWindowViewModel vm = new MainWindowViewModel(new FxTaskRunner(), new RecentCases(scratch.resolve("recent")));
      MainWindowView view = new MainWindowView(vm, new DialogService(stage), stage);
      stage.setScene(new Scene(view.root(), 1400, 860));
      stage.show();
      view.select("Transactions");
      b[0] = new GuiBenchmark(vm, stage, (TableView<?>) stage.getScene().lookup("#transactions"));
    });
    System.out.printf(Locale.ROOT, "case %s (%,d bytes), %d CPUs, load before %s%n", caseFile, Files.size(caseFile),
        Runtime.getRuntime().availableProcessors(), load());
    b[0].run(caseFile);
    System.out.printf(Locale.ROOT, "load after %s%n", load());
    Platform.exit();
    System.exit(0);
  }

  private void run(Path caseFile) throws Exception {
    TransactionsViewModel t = vm.transactions();
    Sample open = measure("open case -> first rows shown", () -> vm.cases().openCase(caseFile),
        () -> !t.rows().isEmpty() && !t.loadingProperty().get() && firstRowLaidOut());
    long matches = get(() -> t.matchCountProperty().get());
    System.out.printf(Locale.ROOT, "  %,d transactions in the case%n", matches);
    report(open);
    // The overview's own queries run beside the table's; wait for them so they do not bleed into scrolling.
    waitFor(() -> vm.overview().volume().size() > 0 || vm.cases().infoProperty().get() == null);

    List<Sample> pages = new ArrayList<>();
    for (int i = 0; i < SCROLL_PAGES && !get(() -> t.exhaustedProperty().get()); i++) {
      int before = get(() -> t.rows().size());
      pages.add(measure("next page (time order)", t::loadMore, () -> t.rows().size() > before && !t.loadingProperty().get()));
    }
    summary("scroll: page fetch, time order", pages);

    report(measure("time order newest first: first page", () -> t.sort(SortKey.TIME, true),
        () -> t.sortDescendingProperty().get() && !t.loadingProperty().get() && !t.rows().isEmpty()));
    List<Sample> back = new ArrayList<>();
    for (int i = 0; i < SCROLL_PAGES && !get(() -> t.exhaustedProperty().get()); i++) {
      int before = get(() -> t.rows().size());
      back.add(measure("next page (newest first)", t::loadMore, () -> t.rows().size() > before && !t.loadingProperty().get()));
    }
    summary("scroll: page fetch, newest first", back);
    onFx(() -> t.sort(SortKey.TIME, false));
    waitFor(() -> !t.loadingProperty().get());

    String topClient = get(() -> vm.cases().infoProperty().get().topClients().get(0).key());
    String topName = get(() -> vm.cases().infoProperty().get().topNames().get(0).key());
    for (String f : List.of("rcode:NXDOMAIN", "qtype:TXT", "client:" + topClient, "domain:" + topName,
        "since:-10m", "domain:no-such-name.invalid", "")) {
      filter(f);
    }
    // A column sort over a filter under the in-memory cap, and the refusal on the whole case.
    filter("client:" + topClient + " rcode:NXDOMAIN");
    report(measure("sort by query name (" + get(() -> t.matchCountProperty().get()) + " matches)",
        () -> t.sort(SortKey.NAME, false),
        () -> t.sortKeyProperty().get() == SortKey.NAME && !t.loadingProperty().get()));
    onFx(() -> t.sort(SortKey.TIME, false));
    waitFor(() -> !t.loadingProperty().get());
    filter("");
    boolean[] refused = new boolean[1];
    report(measure("sort by client on the whole case (refused above the cap?)",
        () -> refused[0] = !t.sort(SortKey.CLIENT, false), () -> true));
    System.out.printf(Locale.ROOT, "  refused: %s, message: %s%n", refused[0], get(() -> t.sortMessageProperty().get()));
  }

  private Sample filter(String f) throws Exception {
    TransactionsViewModel t = vm.transactions();
    onFx(() -> t.filterTextProperty().set(f));
    long t0 = System.nanoTime();
    Sample rows = measure("filter '" + f + "' -> first rows", t::applyFilter,
        () -> !t.loadingProperty().get() && t.filterTextProperty().get().equals(f) && t.filterErrorProperty().get() == null);
    report(rows);
    // The count of matches follows the first rows in a task of its own.
    waitFor(() -> t.matchCountProperty().get() >= 0 || t.filterErrorProperty().get() != null);
    System.out.printf(Locale.ROOT, "%-62s wall %9.1f ms (from the filter)%n", "  ... and its match count (" + get(() -> t.matchCountProperty().get()) + ")",
        (System.nanoTime() - t0) / 1e6);
    return rows;
  }

  private boolean firstRowLaidOut() {
    return table.lookupAll(".table-row-cell").stream()
        .anyMatch(n -> n instanceof TableRow<?> r && !r.isEmpty() && r.getItem() != null);
  }

  record Sample(String what, double wallMs, double cpuMs) {}

  /** Runs {@code action} on the FX thread, then waits (polling on it) until {@code done}; wall and CPU time. */
  private Sample measure(String what, Runnable action, BooleanSupplier done) throws Exception {
    long cpu0 = cpuNanos();
    long t0 = System.nanoTime();
    onFx(action);
    waitFor(done);
    long wall = System.nanoTime() - t0;
    long cpu = cpuNanos() - cpu0;
    return new Sample(what, wall / 1e6, cpu / 1e6);
  }

  private static void report(Sample s) {
    System.out.printf(Locale.ROOT, "%-62s wall %9.1f ms   process CPU %9.1f ms%n", s.what(), s.wallMs(), s.cpuMs());
  }

  private static void summary(String what, List<Sample> samples) {
    if (samples.isEmpty()) {
      System.out.printf(Locale.ROOT, "%-62s (one page holds every row)%n", what);
      return;
    }
    double[] w = samples.stream().mapToDouble(Sample::wallMs).sorted().toArray();
    double cpu = samples.stream().mapToDouble(Sample::cpuMs).sum() / samples.size();
    System.out.printf(Locale.ROOT, "%-62s wall median %7.1f ms, max %7.1f ms over %d pages; CPU mean %7.1f ms%n",
        what, w[w.length / 2], w[w.length - 1], w.length, cpu);
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static String load() throws Exception {
    return Files.readString(Path.of("/proc/loadavg")).strip();
  }

  private static void waitFor(BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (!get(condition::getAsBoolean)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out");
      }
      Thread.sleep(2);
    }
  }

  private static <T> T get(java.util.function.Supplier<T> s) throws Exception {
    Object[] out = new Object[1];
    onFx(() -> out[0] = s.get());
    @SuppressWarnings("unchecked")
    T t = (T) out[0];
    return t;
  }

  private static void onFx(Runnable r) throws Exception {
    if (Platform.isFxApplicationThread()) {
      r.run();
      return;
    }
    CountDownLatch done = new CountDownLatch(1);
    Throwable[] err = new Throwable[1];
    Platform.runLater(() -> {
      try {
        r.run();
      } catch (Throwable t) {
        err[0] = t;
      } finally {
        done.countDown();
      }
    });
    done.await();
    if (err[0] != null) {
      throw new IllegalStateException(err[0]);
    }
  }
}
