package org.dnslens.cli.command;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.dnslens.cli.casework.CaseAnalysis;
import org.dnslens.cli.casework.ResultsReport;
import org.dnslens.cli.error.ExitCodes;
import org.dnslens.cli.error.UserFacingException;
import org.dnslens.engine.model.Finding;
import org.dnslens.engine.model.FindingKind;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.findings.FindingStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dnslens hunt}: C2-like patterns in a case, scored and explained. */
@Command(
    name = "hunt",
    mixinStandardHelpOptions = true,
    description = {
      "Runs every detector (tunneling, beaconing, DGA/NXDOMAIN bursts, resolver bypass, odd types, fast flux)"
          + " over the whole case, stores the findings in it and lists them, best score first."
    })
public final class HuntCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--case", required = true, paramLabel = "CASE", description = "The case file.")
  Path casePath;

  @Option(names = "--min-score", defaultValue = "0", paramLabel = "N", description = "Only findings scoring at least N (0-100).")
  int minScore;

  @Option(names = "--kind", paramLabel = "KIND", description = "Only this kind: tunneling, beaconing, nxdomain_burst, resolver_bypass, nonstandard_port, encrypted_dns, odd_query_type, fast_flux.")
  String kind;

  @Option(names = "--stored", description = "List the findings stored by the last hunt instead of hunting again.")
  boolean stored;

  @Option(names = "--format", defaultValue = "table", description = "table, json or csv. Default: ${DEFAULT-VALUE}.")
  ResultsReport.Format format;

  @Override
  public Integer call() throws IOException {
    if (minScore < 0 || minScore > 100) {
      throw new UserFacingException("--min-score must be between 0 and 100", ExitCodes.USAGE);
    }
    FindingKind k = null;
    if (kind != null) {
      k = FindingKind.fromLabel(kind);
      if (k == null) {
        throw new UserFacingException("--kind " + CaseAccess.shorten(kind) + " is not a finding kind (see --help)", ExitCodes.USAGE);
      }
    }
    try (CaseDatabase db = CaseAccess.openExisting(casePath)) {
      CaseAnalysis analysis = new CaseAnalysis(db);
      if (!stored) {
        analysis.hunt();
      }
      List<Finding> findings = new FindingStore(db).list(minScore, k);
      new ResultsReport(spec.commandLine().getOut(), analysis.sourceLabels()).findings(findings, format);
    }
    return ExitCodes.OK;
  }
}
