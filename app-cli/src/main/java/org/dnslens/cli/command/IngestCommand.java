package org.dnslens.cli.command;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dnslens.cli.casework.CaseIngest;
import org.dnslens.cli.error.ExitCodes;
import org.dnslens.cli.option.CaptureArguments;
import org.dnslens.cli.option.ProgressBar;
import org.dnslens.cli.option.RunReport;
import org.dnslens.engine.ingest.IngestPipeline;
import org.dnslens.engine.ingest.IngestStats;
import org.dnslens.engine.ingest.SourceInfo;
import org.dnslens.engine.ingest.SourceStats;
import org.dnslens.engine.model.SafeText;
import org.dnslens.storage.casefile.CaseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dnslens ingest}: captures into a case database, exactly once, interruptible without damage. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Reads captures into a case database (created if missing). A capture already in the case (same"
          + " sha256) is skipped; an interrupted ingest (Ctrl-C, kill -9) leaves the case as before it and"
          + " is simply run again."
    })
public final class IngestCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--case", required = true, paramLabel = "CASE", description = "The case file (case or case.mv.db).")
  Path casePath;

  @Mixin CaptureArguments captures;

  @Option(names = "--stats", description = "Print the count per issue reason at the end.")
  boolean stats;

  @Option(names = "--no-progress", description = "No progress bar or progress lines.")
  boolean noProgress;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    // The captures are hashed beside the reading (CaseIngest.prepare), not before it.
    IngestPipeline pipeline = new IngestPipeline(captures.pipelineConfig(false));
    CaseIngest.Prepared prepared = CaseIngest.prepare(casePath, captures, pipeline);
    List<SourceInfo> sources = prepared.sources();
    ProgressBar bar = new ProgressBar(err, System.console() != null);
    CaseIngest.Result r;
    try (prepared) {
      r = CaseIngest.run(prepared.db(), pipeline, sources, prepared.digests(), noProgress ? IngestPipeline.Progress.NONE : bar);
    }
    bar.finish();
    if (r.interrupted()) {
      err.println("dnslens: interrupted; this ingest was rolled back, run it again to complete it");
      err.flush();
      return ExitCodes.INTERRUPTED;
    }
    IngestStats result = r.stats();
    int removedRuns = r.removedIncompleteRuns();
    RunReport report = new RunReport(err);
    if (removedRuns > 0) {
      err.println("dnslens: removed what " + removedRuns + " interrupted ingest(s) had left in the case");
    }
    summary(err, sources, result);
    compaction(err, r);
    if (r.compaction() != null && r.compaction().owners() > 0) {
      // the segment compaction freed every old page's space inside the file: give it back now the case is closed
      try {
        CompactCommand.shrinkFile(err, casePath);
      } catch (CaseException e) {
        err.println("dnslens: the ingest is complete, but rewriting the case file failed (" + SafeText.escape(e.getMessage())
            + "); run dnslens compact --case later");
        err.flush();
      }
    }
    report.warnUnreadable(sources, result);
    if (stats) {
      report.printStats(sources, result);
    } else {
      report.printIssueHint(result);
    }
    return ExitCodes.OK;
  }

  /** One line when the ingest compacted the case's segments, or tried and failed. */
  static void compaction(PrintWriter err, CaseIngest.Result r) {
    if (r.compaction() != null && r.compaction().owners() > 0) {
      err.printf(Locale.ROOT, "dnslens: compacted the search segments of %,d runs (%,d pages into %,d)%n",
          r.compaction().owners(), r.compaction().pagesBefore(), r.compaction().pagesAfter());
    }
    if (r.compactionFailure() != null) {
      err.println("dnslens: the ingest is complete, but compacting the case's segments failed ("
          + SafeText.escape(r.compactionFailure()) + "); run dnslens compact --case later");
    }
    err.flush();
  }

  static void summary(PrintWriter err, List<SourceInfo> sources, IngestStats r) {
    long skipped = r.sources().stream().filter(s -> "skipped".equals(s.format())).count();
    err.printf(
        Locale.ROOT,
        "dnslens: ingested %d capture(s): %,d frames, %,d DNS messages, %,d transactions%s%n",
        sources.size() - skipped,
        r.frames(),
        r.dnsMessages(),
        r.transactions(),
        skipped > 0 ? " (" + skipped + " already in the case, skipped)" : "");
    for (SourceStats s : r.sources()) {
      if ("skipped".equals(s.format())) {
        err.println("dnslens: " + SafeText.escape(sources.get(s.sourceId()).label()) + " is already in the case (same sha256); skipped");
      }
    }
    err.flush();
  }
}
