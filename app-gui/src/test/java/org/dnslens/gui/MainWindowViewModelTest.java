package org.dnslens.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dnslens.engine.model.FindingKind;
import org.dnslens.engine.model.Rcode;
import org.dnslens.gui.cases.RecentCases;
import org.dnslens.gui.findings.WhyChart;
import org.dnslens.gui.task.SameThreadTaskRunner;
import org.dnslens.gui.transactions.TransactionsViewModel;
import org.dnslens.storage.search.StoredTransaction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The window's view-models on a real case, with a same-thread task runner and no JavaFX toolkit. */
class MainWindowViewModelTest {
  @TempDir static Path dir;
  static Path caseFile;
  static MainWindowViewModel vm;

  @BeforeAll
  static void openSample() throws Exception {
    caseFile = SampleCase.create(dir);
    vm = new MainWindowViewModel(new SameThreadTaskRunner(), new RecentCases(dir.resolve("recent")));
    vm.cases().openCase(caseFile);
  }

  @AfterAll
  static void close() {
    vm.cases().close();
  }

  @Test
  void openingTheCaseShowsItsSummaryAndRemembersIt() {
    assertThat(vm.cases().errorProperty().get()).isNull();
    assertThat(vm.cases().infoProperty().get().transactions()).isEqualTo(SampleCase.TRANSACTIONS);
    assertThat(vm.overview().volume()).hasSize(60);
    assertThat(vm.overview().volume().stream().mapToLong(b -> b.count()).sum()).isEqualTo(SampleCase.TRANSACTIONS);
    assertThat(vm.cases().recentCases()).first().isEqualTo(caseFile.toAbsolutePath().normalize());
    assertThat(new RecentCases(dir.resolve("recent")).list()).contains(caseFile.toAbsolutePath().normalize());
  }

  @Test
  void tableLoadsOnePageThenTheNextInTimeOrderWithoutGapsOrRepeats() {
    TransactionsViewModel t = vm.transactions();
    t.filter("");
    assertThat(t.rows()).hasSize(TransactionsViewModel.PAGE_ROWS);
    assertThat(t.matchCountProperty().get()).isEqualTo(SampleCase.TRANSACTIONS);
    t.loadMore();
    assertThat(t.rows()).hasSize(2 * TransactionsViewModel.PAGE_ROWS);
    List<StoredTransaction> rows = t.rows();
    for (int i = 1; i < rows.size(); i++) {
      StoredTransaction a = rows.get(i - 1);
      StoredTransaction b = rows.get(i);
      assertThat(a.tsNanos() < b.tsNanos() || (a.tsNanos() == b.tsNanos() && a.id() < b.id())).isTrue();
    }
    while (!t.exhaustedProperty().get()) {
      t.loadMore();
    }
    assertThat(t.rows()).hasSize((int) SampleCase.TRANSACTIONS);
  }

  @Test
  void filterBarVocabularyNarrowsTheTable() {
    TransactionsViewModel t = vm.transactions();
    t.filter("rcode:NXDOMAIN");
    assertThat(t.filterErrorProperty().get()).isNull();
    assertThat(t.matchCountProperty().get()).isEqualTo(SampleCase.NXDOMAIN);
    assertThat(t.rows()).allMatch(r -> r.rcode() == Rcode.NXDOMAIN);

    t.filter("domain:" + SampleCase.TUNNEL_DOMAIN + " client:" + SampleCase.TUNNEL_CLIENT + " qtype:TXT");
    assertThat(t.rows()).isNotEmpty()
        .allMatch(r -> r.qname().toLowerCase().endsWith(SampleCase.TUNNEL_DOMAIN))
        .allMatch(r -> r.clientIp().toString().equals(SampleCase.TUNNEL_CLIENT));

    t.filter("ip:10.2.0.0/16 since:-1h");
    long lastHour = t.matchCountProperty().get();
    t.filter("ip:10.2.0.0/16");
    assertThat(lastHour).isPositive().isLessThan(t.matchCountProperty().get());
  }

  @Test
  void badFilterTermKeepsTheRowsAndSaysWhy() {
    TransactionsViewModel t = vm.transactions();
    t.filter("rcode:NXDOMAIN");
    t.filter("ip:10.0.0.0/99");
    assertThat(t.filterErrorProperty().get()).contains("/99");
    assertThat(t.matchCountProperty().get()).isEqualTo(SampleCase.NXDOMAIN);
  }

  @Test
  void selectedRowIsDecodedFromItsWireBytesAndCopiesAsJson() {
    TransactionsViewModel t = vm.transactions();
    t.filter("name:" + SampleCase.BEACON_NAME);
    t.selectedProperty().set(t.rows().get(0));
    String detail = t.detailTextProperty().get();
    assertThat(detail).contains(";; QUERY").contains(";; REPLY").contains(";; ANSWER")
        .contains(SampleCase.BEACON_NAME).contains("query frame ").contains("incident-sample.pcapng.gz");
    assertThat(t.selectedAsJson()).startsWith("{").contains("\"qname\":\"" + SampleCase.BEACON_NAME);
  }

  @Test
  void pivotsOnNameAddressAndClient() {
    vm.pivot().pivotOnName(SampleCase.BEACON_NAME);
    assertThat(vm.pivot().rows()).isNotEmpty()
        .anyMatch(r -> r.client().equals("10.2.0.11") && r.count() > 100);
    String answer = vm.pivot().rows().stream().filter(r -> r.type().equals("A")).findFirst().orElseThrow().data();
    vm.pivot().pivotOnAddress(answer);
    assertThat(vm.pivot().rows()).anyMatch(r -> r.name().equalsIgnoreCase(SampleCase.BEACON_NAME));
    vm.pivot().pivotOnClient(SampleCase.TUNNEL_CLIENT);
    assertThat(vm.pivot().rows()).isNotEmpty()
        .anyMatch(r -> r.name().toLowerCase().endsWith(SampleCase.TUNNEL_DOMAIN));
  }

  @Test
  void huntFindsTheInjectedTunnelAndBeaconRankedByScore() {
    vm.hunt().run();
    assertThat(vm.hunt().findings()).isNotEmpty();
    assertThat(vm.hunt().findings()).anyMatch(f -> f.kind() == FindingKind.TUNNELING
        && f.client() != null && f.client().toString().equals(SampleCase.TUNNEL_CLIENT));
    assertThat(vm.hunt().findings()).anyMatch(f -> f.kind() == FindingKind.BEACONING);
    for (int i = 1; i < vm.hunt().findings().size(); i++) {
      assertThat(vm.hunt().findings().get(i - 1).score()).isGreaterThanOrEqualTo(vm.hunt().findings().get(i).score());
    }
    vm.hunt().selectedProperty().set(vm.hunt().findings().get(0));
    assertThat(vm.hunt().explanationProperty().get()).contains("score").contains(vm.hunt().findings().get(0).kind().name());

    // Why: the beacon's inter-arrival histogram peaks at its 60 s period; the tunnel's names are long and random.
    vm.hunt().selectedProperty().set(
        vm.hunt().findings().stream().filter(f -> f.kind() == FindingKind.BEACONING).findFirst().orElseThrow());
    WhyChart beacon = vm.hunt().chartProperty().get();
    assertThat(beacon.kind()).isEqualTo(WhyChart.Kind.HISTOGRAM);
    WhyChart.Point peak = beacon.points().stream().max((a, b) -> Double.compare(a.y(), b.y())).orElseThrow();
    assertThat(peak.x()).isBetween(50.0, 70.0);
    double nearPeriod = beacon.points().stream().filter(p -> p.x() > 50 && p.x() < 70).mapToDouble(WhyChart.Point::y).sum();
    assertThat(nearPeriod).isGreaterThan(300);
    vm.hunt().selectedProperty().set(
        vm.hunt().findings().stream().filter(f -> f.kind() == FindingKind.TUNNELING).findFirst().orElseThrow());
    WhyChart tunnel = vm.hunt().chartProperty().get();
    assertThat(tunnel.kind()).isEqualTo(WhyChart.Kind.SCATTER);
    assertThat(tunnel.points()).hasSizeGreaterThan(100);
    assertThat(tunnel.points().stream().mapToDouble(WhyChart.Point::y).average().orElseThrow()).isGreaterThan(3.5);
  }

  @Test
  void iocListMatchesTheCase() throws Exception {
    Path list = dir.resolve("iocs.txt");
    Files.writeString(list, "# test list\n" + SampleCase.TUNNEL_DOMAIN + "\nnot-in-the-case.example\n",
        StandardCharsets.UTF_8);
    vm.ioc().load(list);
    assertThat(vm.ioc().lists()).hasSize(1);
    assertThat(vm.ioc().hits()).isNotEmpty()
        .allMatch(h -> h.indicator().equals(SampleCase.TUNNEL_DOMAIN))
        .allMatch(h -> h.client().equals(SampleCase.TUNNEL_CLIENT));
    // The hits are marked in the transactions table: tunnel rows are, others are not.
    TransactionsViewModel t = vm.transactions();
    t.filter("domain:" + SampleCase.TUNNEL_DOMAIN);
    assertThat(t.rows()).isNotEmpty().allMatch(t::isIocHit);
    t.filter("rcode:NXDOMAIN");
    assertThat(t.rows()).isNotEmpty().noneMatch(t::isIocHit);
  }
}
