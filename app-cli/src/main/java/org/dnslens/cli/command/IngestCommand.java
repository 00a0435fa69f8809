package org.dnslens.cli.command;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dnslens.cli.error.ExitCodes;
import org.dnslens.cli.error.UserFacingException;
import org.dnslens.cli.option.CaptureArguments;
import org.dnslens.cli.option.ProgressBar;
import org.dnslens.cli.option.RunReport;
import org.dnslens.engine.ingest.IngestPipeline;
import org.dnslens.engine.ingest.IngestStats;
import org.dnslens.engine.ingest.SourceInfo;
import org.dnslens.engine.ingest.SourceStats;
import org.dnslens.engine.model.SafeText;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.casefile.CaseException;
import org.dnslens.storage.ingest.DatabaseSink;
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
  /** How long Ctrl-C waits for the run to roll back before the JVM exits anyway. */
  public static final long SHUTDOWN_GRACE_SECONDS = 30;

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
    IngestPipeline pipeline = new IngestPipeline(captures.pipelineConfig(true));
    List<SourceInfo> sources = captures.describe(pipeline);
    AtomicBoolean cancelled = new AtomicBoolean();
    CountDownLatch done = new CountDownLatch(1);
    // Ctrl-C/SIGTERM: ask the run to stop, then wait for the sink to roll back before the JVM exits.
    Thread hook =
        new Thread(
            () -> {
              cancelled.set(true);
              try {
                done.await(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "dnslens-ingest-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    IngestStats result;
    int removedRuns;
    ProgressBar bar = new ProgressBar(err, System.console() != null);
    try (CaseDatabase db = open(casePath)) {
      try (DatabaseSink sink = openSink(db)) {
        removedRuns = sink.removedIncompleteRuns();
        result =
            pipeline.run(
                sources,
                sink,
                IngestPipeline.MessageListener.NONE,
                noProgress ? IngestPipeline.Progress.NONE : bar,
                cancelled::get);
        bar.finish();
        if (cancelled.get()) {
          err.println("dnslens: interrupted; this ingest was rolled back, run it again to complete it");
          err.flush();
          return ExitCodes.INTERRUPTED;
        }
      }
    } finally {
      done.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is already exiting (Ctrl-C); the hook is running and now released
      }
    }
    RunReport report = new RunReport(err);
    if (removedRuns > 0) {
      err.println("dnslens: removed what " + removedRuns + " interrupted ingest(s) had left in the case");
    }
    summary(err, sources, result);
    report.warnUnreadable(sources, result);
    if (stats) {
      report.printStats(sources, result);
    } else {
      report.printIssueHint(result);
    }
    return ExitCodes.OK;
  }

  private static void summary(PrintWriter err, List<SourceInfo> sources, IngestStats r) {
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

  static CaseDatabase open(Path casePath) {
    try {
      return CaseDatabase.open(casePath);
    } catch (CaseException e) {
      throw new UserFacingException(e.getMessage(), ExitCodes.BAD_INPUT, e);
    }
  }

  static DatabaseSink openSink(CaseDatabase db) {
    try {
      return DatabaseSink.open(db);
    } catch (CaseException e) {
      throw new UserFacingException(e.getMessage(), ExitCodes.BAD_INPUT, e);
    }
  }
}
