package org.dnslens.gui.transactions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.dnslens.engine.model.FrameRef;
import org.dnslens.engine.model.Ioc;
import org.dnslens.engine.model.IocHitSummary;
import org.dnslens.engine.model.IocKind;
import org.dnslens.engine.model.MatchLocation;
import org.dnslens.gui.SampleCase;
import org.dnslens.gui.task.SameThreadTaskRunner;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.findings.IocHitStore;
import org.dnslens.storage.search.FilterExpression;
import org.dnslens.storage.search.StoredTransaction;
import org.dnslens.storage.search.TransactionSearch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hits a case stores (IocHitStore) mark their transactions in the table when the case opens. */
class IocMarksTest {
  @TempDir Path dir;

  @Test
  void storedHitsMarkTheirFramesAndEveryTransactionOfAHitName() throws Exception {
    try (CaseDatabase db = CaseDatabase.open(SampleCase.create(dir))) {
      TransactionSearch search = new TransactionSearch(db);
      List<StoredTransaction> beacon =
          search.search(FilterExpression.parse("name:" + SampleCase.BEACON_NAME, 0).withLimit(1000));
      StoredTransaction nx = search.search(FilterExpression.parse("rcode:NXDOMAIN", 0).withLimit(1)).get(0);
      assertThat(beacon).hasSizeGreaterThan(3);
      Ioc name = new Ioc(SampleCase.BEACON_NAME, IocKind.DOMAIN, "list.txt", 1, null, List.of(), null, null, null);
      Ioc other = new Ioc("198.51.100.99", IocKind.IP, "list.txt", 2, null, List.of(), null, null, null);
      // The beacon's evidence is truncated to its first frame, as a bounded stored list is; the NXDOMAIN row
      // is known by its frame only (an answer-address hit).
      new IocHitStore(db).replaceAll(List.of(
          new IocHitSummary(name, MatchLocation.QNAME, SampleCase.BEACON_NAME, beacon.size(), 0, 0, List.of(), false,
              List.of(new FrameRef(beacon.get(0).sourceId(), beacon.get(0).queryFrame())), true),
          new IocHitSummary(other, MatchLocation.ANSWER_IP, "198.51.100.99", 1, 0, 0, List.of(), false,
              List.of(new FrameRef(nx.sourceId(), nx.queryFrame())), false)));

      TransactionsViewModel vm = new TransactionsViewModel(new SameThreadTaskRunner());
      vm.setCase(db);
      assertThat(vm.rows()).isNotEmpty();
      vm.filter("name:" + SampleCase.BEACON_NAME);
      assertThat(vm.rows()).hasSize(beacon.size()).allMatch(vm::isIocHit);
      vm.filter("rcode:NXDOMAIN");
      assertThat(vm.rows().stream().filter(vm::isIocHit).map(StoredTransaction::id)).containsExactly(nx.id());

      // Hits of this session's lists add to the stored ones; a new case starts clean.
      vm.markIocHits(java.util.Set.of(vm.rows().get(vm.rows().size() - 1).id()));
      assertThat(vm.rows().stream().filter(vm::isIocHit).count()).isEqualTo(nx.id() == vm.rows().get(vm.rows().size() - 1).id() ? 1 : 2);
    }
  }
}
