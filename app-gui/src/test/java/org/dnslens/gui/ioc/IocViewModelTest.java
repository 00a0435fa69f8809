package org.dnslens.gui.ioc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dnslens.casework.CaseIocMatch;
import org.dnslens.casework.CaseScanner;
import org.dnslens.cli.DnslensCli;
import org.dnslens.engine.ioc.IocListReader;
import org.dnslens.engine.ioc.IocMatcher;
import org.dnslens.engine.model.IocHitSummary;
import org.dnslens.gui.SampleCase;
import org.dnslens.gui.task.SameThreadTaskRunner;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.findings.IocHitStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The IOC view matches with the CLI's retroactive match and stores its hits where `ioc hits` finds them. */
class IocViewModelTest {
  @TempDir Path dir;

  @Test
  void hitsFoundInTheGuiAreStoredAndListedByTheCli() throws Exception {
    Path caseFile = SampleCase.create(dir);
    Path list = dir.resolve("iocs.txt");
    Files.writeString(list, "# analyst's list\n" + SampleCase.TUNNEL_DOMAIN + "\n" + SampleCase.BEACON_NAME
        + "\nnot-in-the-case.example\n", StandardCharsets.UTF_8);
    List<IocHitSummary> stored;
    try (CaseDatabase db = CaseDatabase.open(caseFile)) {
      // An earlier CLI match of another list: the GUI's match replaces it, as a second CLI match would.
      new CaseIocMatch(db).matchAndStore(
          new IocListReader().read(writeList("old.txt", "10.2.0.10\n")).iocs(), false);
      IocViewModel vm = new IocViewModel(new SameThreadTaskRunner());
      vm.setCase(db);
      vm.load(list);
      assertThat(vm.hits()).isNotEmpty();
      assertThat(vm.statusProperty().get()).contains("stored in the case");
      stored = new IocHitStore(db).list();
      List<IocHitSummary> expected = new CaseIocMatch(db)
          .match(IocMatcher.of(vm.lists().get(0).iocs()), t -> {}, CaseScanner.Progress.NONE).hits();
      assertThat(stored).hasSameSizeAs(expected);
      assertThat(stored).extracting(IocHitSummary::matchedValue)
          .containsExactlyInAnyOrderElementsOf(expected.stream().map(IocHitSummary::matchedValue).toList());
      assertThat(stored).extracting(h -> h.ioc().value())
          .contains(SampleCase.TUNNEL_DOMAIN, SampleCase.BEACON_NAME)
          .doesNotContain("10.2.0.10");
      long rows = vm.hits().size();
      assertThat(stored.stream().mapToLong(IocHitSummary::count).sum()).isEqualTo(rows);
    }
    // The case closed, as after the GUI exits: the CLI lists what the analyst found.
    CommandLine cli = DnslensCli.newCommandLine();
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(new StringWriter()));
    int exit = cli.execute("ioc", "hits", "--case", caseFile.toString(), "--format", "csv");
    assertThat(exit).isZero();
    List<String> lines = out.toString().lines().toList();
    assertThat(lines).hasSize(stored.size() + 1);
    assertThat(lines.subList(1, lines.size())).anyMatch(l -> l.contains(SampleCase.TUNNEL_DOMAIN))
        .anyMatch(l -> l.contains(SampleCase.BEACON_NAME))
        .noneMatch(l -> l.contains("10.2.0.10,"));
  }

  private Path writeList(String name, String content) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, content, StandardCharsets.UTF_8);
    return p;
  }
}
