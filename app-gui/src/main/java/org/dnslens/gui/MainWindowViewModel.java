package org.dnslens.gui;

import org.dnslens.gui.cases.CaseViewModel;
import org.dnslens.gui.cases.RecentCases;
import org.dnslens.gui.export.ExportViewModel;
import org.dnslens.gui.findings.HuntViewModel;
import org.dnslens.gui.ioc.IocViewModel;
import org.dnslens.gui.overview.OverviewViewModel;
import org.dnslens.gui.pivot.PivotViewModel;
import org.dnslens.gui.task.TaskRunner;
import org.dnslens.gui.transactions.TransactionsViewModel;

/** Every view-model of the window, wired so that opening a case reaches all of them. */
public final class MainWindowViewModel {
  private final CaseViewModel cases;
  private final OverviewViewModel overview;
  private final TransactionsViewModel transactions;
  private final PivotViewModel pivot;
  private final HuntViewModel hunt;
  private final IocViewModel ioc;
  private final ExportViewModel export;

  public MainWindowViewModel(TaskRunner runner, RecentCases recent) {
    cases = new CaseViewModel(runner, recent);
    overview = new OverviewViewModel(runner);
    transactions = new TransactionsViewModel(runner);
    pivot = new PivotViewModel(runner);
    hunt = new HuntViewModel(runner);
    ioc = new IocViewModel(runner);
    export = new ExportViewModel(runner, cases.caseProperty()::get, transactions::appliedQuery);
    cases.caseProperty().addListener((o, a, db) -> {
      transactions.setCase(db);
      pivot.setCase(db);
      hunt.setCase(db);
      ioc.setCase(db);
    });
    ioc.hits().addListener((javafx.collections.ListChangeListener<IocViewModel.HitRow>) c ->
        transactions.markIocHits(
            ioc.hits().stream().map(IocViewModel.HitRow::txId).collect(java.util.stream.Collectors.toSet())));
    cases.infoProperty().addListener((o, a, info) -> {
      overview.setCase(cases.caseProperty().get(), info);
      transactions.carve().setCase(cases.caseProperty().get() == null ? null : cases.caseProperty().get().file(), info);
    });
  }

  public CaseViewModel cases() {
    return cases;
  }

  public OverviewViewModel overview() {
    return overview;
  }

  public TransactionsViewModel transactions() {
    return transactions;
  }

  public PivotViewModel pivot() {
    return pivot;
  }

  public HuntViewModel hunt() {
    return hunt;
  }

  public IocViewModel ioc() {
    return ioc;
  }

  public ExportViewModel export() {
    return export;
  }
}
