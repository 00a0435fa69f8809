package org.dnslens.cli.casework;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dnslens.casework.CaseIocMatch;
import org.dnslens.engine.detect.DetectorSuite;
import org.dnslens.engine.ioc.IocList;
import org.dnslens.engine.ioc.IocListReader;
import org.dnslens.engine.model.Finding;
import org.dnslens.engine.model.Ioc;
import org.dnslens.engine.model.IocHitSummary;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.findings.FindingStore;
import org.dnslens.storage.search.CaseInfo;

/** Hunting and IOC matching over a whole case: the one implementation behind hunt, ioc match and analyze. */
public final class CaseAnalysis {
  private final CaseDatabase db;

  public CaseAnalysis(CaseDatabase db) {
    this.db = db;
  }

  /** Runs every detector over the case, stores the findings (replacing earlier ones), returns them. */
  public List<Finding> hunt() {
    DetectorSuite suite = DetectorSuite.withDefaults();
    new CaseTransactions(db).forEach(suite::add);
    List<Finding> findings = suite.finish();
    new FindingStore(db).replaceAll(findings);
    return findings;
  }

  /** The IOC lists read, with their problems, ready to match. */
  public record Lists(List<IocList> lists, List<Ioc> iocs) {}

  public static Lists readLists(List<Path> files, boolean includeAll) throws IOException {
    IocListReader reader = new IocListReader(IocListReader.Options.DEFAULT.withIncludeAll(includeAll));
    List<IocList> lists = new ArrayList<>();
    List<Ioc> iocs = new ArrayList<>();
    for (Path f : files) {
      IocList l = reader.read(f);
      lists.add(l);
      iocs.addAll(l.iocs());
    }
    return new Lists(lists, iocs);
  }

  /**
   * Matches the IOCs against every transaction of the case and stores the hits, replacing earlier ones (the
   * shared casework match: the GUI's IOC view stores its matches the same way).
   */
  public List<IocHitSummary> matchIocs(List<Ioc> iocs, boolean exact) {
    return new CaseIocMatch(db).matchAndStore(iocs, exact).hits();
  }

  /** {@link #matchIocs(List, boolean)} for a match whose blocks were read ahead (while the lists were read). */
  public List<IocHitSummary> matchIocs(CaseIocMatch.ReadAhead readAhead, List<Ioc> iocs, boolean exact) {
    return readAhead.matchAndStore(iocs, exact).hits();
  }

  /** Case source id → file name, for evidence references. */
  public Map<Integer, String> sourceLabels() {
    Map<Integer, String> m = new HashMap<>();
    for (CaseInfo.Source s : CaseInfo.load(db).sources()) {
      m.put(s.id(), s.label());
    }
    return m;
  }
}
