package org.dnslens.gui.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.dnslens.casework.CaseExport;
import org.dnslens.engine.export.ExportFormat;
import org.dnslens.gui.MainWindowViewModel;
import org.dnslens.gui.SampleCase;
import org.dnslens.gui.cases.RecentCases;
import org.dnslens.gui.task.SameThreadTaskRunner;
import org.dnslens.gui.task.TaskRunner;
import org.dnslens.storage.search.SearchQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The export dialog's state on a real case, with a same-thread task runner and no JavaFX toolkit. */
class ExportViewModelTest {
  @TempDir static Path dir;
  static MainWindowViewModel window;

  @BeforeAll
  static void openSample() throws Exception {
    Path caseFile = SampleCase.create(dir);
    window = new MainWindowViewModel(new SameThreadTaskRunner(), new RecentCases(dir.resolve("recent")));
    window.cases().openCase(caseFile);
  }

  @AfterAll
  static void close() {
    window.cases().close();
  }

  @Test
  void exportsTheTransactionsOfTheCurrentFilterAndOnlyThose() throws Exception {
    window.transactions().filter("rcode:NXDOMAIN");
    ExportViewModel vm = window.export();
    Path out = dir.resolve("nx.ndjson");
    vm.whatProperty().set(CaseExport.What.transactions);
    vm.formatProperty().set(ExportFormat.json);
    vm.fileProperty().set(out);
    vm.applyFilterProperty().set(true);
    vm.export();
    assertThat(vm.errorProperty().get()).isNull();
    assertThat(vm.runningProperty().get()).isFalse();
    List<String> lines = Files.readAllLines(out);
    assertThat(lines).hasSize((int) SampleCase.NXDOMAIN);
    assertThat(lines).allMatch(l -> l.startsWith("{") && l.contains("\"rcode_name\":\"NXDOMAIN\""));
    assertThat(vm.resultProperty().get().written()).isEqualTo(SampleCase.NXDOMAIN);
    assertThat(vm.statusProperty().get()).contains("407 transactions exported to");
    assertThat(vm.progressProperty().get()).isEqualTo(1.0);

    vm.applyFilterProperty().set(false);
    vm.export();
    assertThat(Files.readAllLines(out)).hasSize((int) SampleCase.TRANSACTIONS);
    window.transactions().filter("");
  }

  @Test
  void formatChoicesFollowWhatIsExported() {
    ExportViewModel vm = new ExportViewModel(new SameThreadTaskRunner(), () -> null, () -> null);
    vm.formatProperty().set(ExportFormat.csv);
    vm.whatProperty().set(CaseExport.What.records);
    assertThat(vm.formats()).containsExactly(ExportFormat.json, ExportFormat.msgpack, ExportFormat.fluentd);
    assertThat(vm.formatProperty().get()).isEqualTo(ExportFormat.json); // csv has no record log
    vm.formatProperty().set(ExportFormat.msgpack);
    vm.whatProperty().set(CaseExport.What.findings);
    assertThat(vm.formatProperty().get()).isEqualTo(ExportFormat.msgpack); // kept: it fits findings too
    assertThat(vm.filterApplies()).isFalse();
    assertThat(vm.suggestedFileName()).isEqualTo("dnslens-ioc-hits.msgpack".replace("ioc-hits", "findings"));
    vm.export();
    assertThat(vm.errorProperty().get()).isEqualTo("Open a case first.");
  }

  @Test
  void passiveDnsGoesWholeAsCofWhateverTheFilter() throws Exception {
    window.transactions().filter("rcode:NXDOMAIN");
    ExportViewModel vm = new ExportViewModel(new SameThreadTaskRunner(), window.cases().caseProperty()::get,
        window.transactions()::appliedQuery);
    Path out = dir.resolve("pdns.json");
    vm.whatProperty().set(CaseExport.What.pdns);
    assertThat(vm.formatProperty().get()).isEqualTo(ExportFormat.json); // kept: pdns as JSON is COF
    assertThat(vm.formats()).startsWith(ExportFormat.cof);
    vm.formatProperty().set(ExportFormat.cof);
    vm.fileProperty().set(out);
    vm.export();
    assertThat(vm.errorProperty().get()).isNull();
    List<String> lines = Files.readAllLines(out);
    assertThat(lines).isNotEmpty().allMatch(l -> l.contains("\"rrname\"") && l.contains("\"time_first\""));
    assertThat(vm.resultProperty().get().written()).isEqualTo(lines.size());
    window.transactions().filter("");
  }

  @Test
  void cancellingStopsAfterAPageAndLeavesNoFile() throws Exception {
    Path out = dir.resolve("cancelled.ndjson");
    ExportViewModel vm = new ExportViewModel(new CancelAfterFirstProgress(), window.cases().caseProperty()::get,
        SearchQuery::all);
    vm.fileProperty().set(out);
    vm.export();
    assertThat(vm.errorProperty().get()).isNull();
    assertThat(vm.resultProperty().get().cancelled()).isTrue();
    assertThat(vm.resultProperty().get().written()).isLessThan(SampleCase.TRANSACTIONS).isPositive();
    assertThat(vm.statusProperty().get()).startsWith("Cancelled");
    assertThat(out).doesNotExist();
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
    }
  }

  /** Runs on the calling thread like SameThreadTaskRunner, but the user presses Cancel at the first progress. */
  static final class CancelAfterFirstProgress implements TaskRunner {
    @Override
    public <T> Handle run(String title, Work<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure,
        ProgressListener onProgress) {
      boolean[] cancelled = {false};
      TaskContext ctx = new TaskContext() {
        @Override
        public void progress(double fraction, String message) {
          onProgress.progress(fraction, message);
          cancelled[0] = true;
        }

        @Override
        public boolean isCancelled() {
          return cancelled[0];
        }
      };
      try {
        onSuccess.accept(work.run(ctx));
      } catch (Exception e) {
        onFailure.accept(e);
      }
      return new Handle() {
        @Override
        public void cancel() {}

        @Override
        public boolean isDone() {
          return true;
        }
      };
    }
  }
}
