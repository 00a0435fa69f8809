package org.dnslens.cli.command;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dnslens.cli.casework.CaseAnalysis;
import org.dnslens.cli.casework.CaseIngest;
import org.dnslens.cli.casework.ResultsReport;
import org.dnslens.cli.error.ExitCodes;
import org.dnslens.cli.error.UserFacingException;
import org.dnslens.cli.option.CaptureArguments;
import org.dnslens.cli.option.ProgressBar;
import org.dnslens.cli.option.RunReport;
import org.dnslens.engine.export.EpochTime;
import org.dnslens.engine.ingest.IngestPipeline;
import org.dnslens.engine.ingest.SourceInfo;
import org.dnslens.engine.model.Finding;
import org.dnslens.engine.model.IocHitSummary;
import org.dnslens.engine.model.SafeText;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.search.CaseInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dnslens analyze}: the analyst's one command — ingest, IOC match, hunt, and a summary. */
@Command(
    name = "analyze",
    mixinStandardHelpOptions = true,
    description = {
      "Ingests the captures into a case, matches IOC lists, hunts for C2-like patterns and prints what it"
          + " found. The case stays for search, pdns, hunt, ioc, export and the GUI."
    })
public final class AnalyzeCommand implements Callable<Integer> {
  /** Findings shown in the summary (all are in the case: dnslens hunt --stored). */
  public static final int TOP_FINDINGS = 10;
  /** IOC hits shown in the summary. */
  public static final int TOP_HITS = 10;

  @Spec CommandSpec spec;

  @Mixin CaptureArguments captures;

  @Option(names = "--case", paramLabel = "CASE", description = "The case to ingest into (default: <first capture's name>.case in the current directory).")
  Path casePath;

  @Option(names = "--ioc", paramLabel = "LIST", description = "An IOC list to match (repeatable).")
  List<Path> iocLists = new ArrayList<>();

  @Option(names = "--fail-on-hit", description = "Exit 3 when an IOC matched.")
  boolean failOnHit;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    for (Path l : iocLists) {
      if (!Files.isRegularFile(l)) {
        throw new UserFacingException("no such IOC list: " + l, ExitCodes.BAD_INPUT);
      }
    }
    // The captures are hashed beside the reading (CaseIngest.prepare), not before it.
    IngestPipeline pipeline = new IngestPipeline(captures.pipelineConfig(false));
    List<SourceInfo> sources = captures.describe(pipeline);
    Path target = casePath != null ? casePath : defaultCase(sources.get(0).path());
    CaseAnalysis.Lists lists = iocLists.isEmpty() ? null : CaseAnalysis.readLists(iocLists, false);
    ProgressBar bar = new ProgressBar(err, System.console() != null);
    List<Finding> findings;
    List<IocHitSummary> hits = List.of();
    CaseInfo info;
    try (CaseIngest.Prepared prepared = CaseIngest.prepare(target, sources)) {
      CaseDatabase db = prepared.db();
      CaseIngest.Result r = CaseIngest.run(db, pipeline, sources, prepared.digests(), bar);
      bar.finish();
      if (r.interrupted()) {
        err.println("dnslens: interrupted; this ingest was rolled back, run it again to complete it");
        err.flush();
        return ExitCodes.INTERRUPTED;
      }
      IngestCommand.summary(err, sources, r.stats());
      new RunReport(err).warnUnreadable(sources, r.stats());
      new RunReport(err).printIssueHint(r.stats());
      CaseAnalysis analysis = new CaseAnalysis(db);
      if (lists != null) {
        IocCommand.reportProblems(err, lists.lists());
        hits = analysis.matchIocs(lists.iocs(), false);
      }
      findings = analysis.hunt();
      info = CaseInfo.load(db);
      ResultsReport report = new ResultsReport(out, analysis.sourceLabels());
      out.printf(Locale.ROOT, "%n== %s: %,d transactions from %d capture(s)%s%n",
          SafeText.escape(db.file().toString()), info.transactions(), info.sources().size(),
          info.firstNanos() == null ? "" : ", " + EpochTime.iso(info.firstNanos()) + " .. " + EpochTime.iso(info.lastNanos()));
      out.printf(Locale.ROOT, "%n== findings: %d (top %d, best first)%n", findings.size(), Math.min(TOP_FINDINGS, findings.size()));
      report.findings(findings.subList(0, Math.min(TOP_FINDINGS, findings.size())), ResultsReport.Format.table);
      if (lists != null) {
        out.printf(Locale.ROOT, "%n== IOC hits: %d from %d indicator(s)%n", hits.size(), lists.iocs().size());
        report.iocHits(hits.subList(0, Math.min(TOP_HITS, hits.size())), ResultsReport.Format.table);
      }
    }
    String c = SafeText.escape(target.toString());
    out.printf(Locale.ROOT, "%nNext: dnslens hunt --case %s --stored | dnslens search --case %s --domain NAME | dnslens info --case %s | dnslens gui %s%n", c, c, c, c);
    out.flush();
    return failOnHit && !hits.isEmpty() ? ExitCodes.IOC_HIT : ExitCodes.OK;
  }

  /** {@code incident.pcap.gz} → {@code ./incident.case} (the .mv.db suffix is H2's). */
  static Path defaultCase(Path firstCapture) {
    String name = firstCapture.getFileName().toString();
    int dot = name.indexOf('.');
    String base = dot > 0 ? name.substring(0, dot) : name;
    return Path.of(base + ".case");
  }
}
