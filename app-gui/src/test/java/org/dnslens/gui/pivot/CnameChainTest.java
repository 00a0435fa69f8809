package org.dnslens.gui.pivot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.dnslens.engine.model.RrType;
import org.dnslens.gui.SampleCase;
import org.dnslens.gui.task.SameThreadTaskRunner;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.search.PassiveDnsQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A name pivot shows the name's CNAME chain to its final answers, from the sample case's passive DNS. */
class CnameChainTest {
  @TempDir Path dir;

  @Test
  void aNamePivotShowsTheChainDownToTheAddresses() throws Exception {
    try (CaseDatabase db = CaseDatabase.open(SampleCase.create(dir))) {
      PassiveDnsQuery pdns = new PassiveDnsQuery(db);
      // A name the generator answered with a CNAME whose target has address answers.
      PassiveDnsQuery.Entry cname = pdns.byName("*", PassiveDnsQuery.MAX_ROWS).stream()
          .filter(e -> e.type() == RrType.CNAME)
          .filter(e -> pdns.byName(e.data(), 10).stream().anyMatch(t -> t.type() == RrType.A))
          .findFirst().orElseThrow();
      String address = pdns.byName(cname.data(), 10).stream().filter(t -> t.type() == RrType.A).findFirst()
          .orElseThrow().data();

      List<CnameChain.Line> lines = CnameChain.of(pdns, cname.name());
      assertThat(lines.get(0)).isEqualTo(new CnameChain.Line(0, cname.name()));
      assertThat(lines).anyMatch(l -> l.depth() == 1 && l.text().startsWith("CNAME -> " + cname.data()));
      // The target's address one level deeper, under the CNAME line.
      int at = indexOf(lines, "CNAME -> " + cname.data());
      assertThat(lines.subList(at + 1, lines.size()))
          .anyMatch(l -> l.depth() == 2 && l.text().startsWith("A " + address + " "));

      PivotViewModel vm = new PivotViewModel(new SameThreadTaskRunner());
      vm.setCase(db);
      vm.pivotOnName(cname.name());
      assertThat(vm.cnameChainProperty().get()).startsWith(cname.name() + "\n")
          .contains("  CNAME -> " + cname.data(), "    A " + address);
      vm.pivotOnAddress(address);
      assertThat(vm.cnameChainProperty().get()).isEmpty();

      assertThat(CnameChain.of(pdns, "never-asked.example")).extracting(CnameChain.Line::text)
          .containsExactly("never-asked.example", "(no answers seen)");
    }
  }

  private static int indexOf(List<CnameChain.Line> lines, String prefix) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).text().startsWith(prefix)) {
        return i;
      }
    }
    return -1;
  }
}
