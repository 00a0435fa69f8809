package org.dnslens.cli.command;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.dnslens.casework.CaseIocMatch;
import org.dnslens.cli.casework.CaseAnalysis;
import org.dnslens.cli.casework.ResultsReport;
import org.dnslens.cli.error.ExitCodes;
import org.dnslens.cli.error.UserFacingException;
import org.dnslens.engine.ioc.IocList;
import org.dnslens.engine.ioc.IocProblem;
import org.dnslens.engine.model.IocHitSummary;
import org.dnslens.engine.model.SafeText;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.findings.IocHitStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dnslens ioc}: match indicator lists against a case, retroactively. */
@Command(
    name = "ioc",
    mixinStandardHelpOptions = true,
    subcommands = {IocCommand.Match.class, IocCommand.Hits.class},
    description = "IOC lists (text, defanged, hosts files, CSV, STIX 2.1, MISP) against a case.")
public final class IocCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Problems shown per list before "... and N more". */
  public static final int PROBLEMS_SHOWN = 10;

  /** {@code dnslens ioc match}. */
  @Command(
      name = "match",
      mixinStandardHelpOptions = true,
      description = {
        "Matches every list against question names, CNAME/DNAME/NS/MX/PTR/SRV/HTTPS targets in every section,"
            + " A/AAAA answers and client/server addresses of every transaction in the case; stores and lists the hits."
      })
  public static final class Match implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--case", required = true, paramLabel = "CASE", description = "The case file.")
    Path casePath;

    @Option(names = "--list", required = true, paramLabel = "FILE", description = "An IOC list (repeatable; format detected from content).")
    List<Path> lists = new ArrayList<>();

    @Option(names = "--exact", description = "Domains match exactly, not their subdomains.")
    boolean exact;

    @Option(names = "--include-all", description = "MISP: also attributes with to_ids=false.")
    boolean includeAll;

    @Option(names = "--fail-on-hit", description = "Exit 3 when anything matched (for scripts).")
    boolean failOnHit;

    @Option(names = "--format", defaultValue = "table", description = "table, json or csv. Default: ${DEFAULT-VALUE}.")
    ResultsReport.Format format;

    @Override
    public Integer call() throws IOException {
      for (Path l : lists) {
        if (!Files.isRegularFile(l)) {
          throw new UserFacingException("no such IOC list: " + l, ExitCodes.BAD_INPUT);
        }
      }
      // Opening the case (schema check, block directory) and reading its blocks cost as much as reading a
      // large list and building its matcher, which is sequential: the case is opened and read ahead on the
      // other core meanwhile (CaseIocMatch.ReadAhead, bounded). The list's errors still come first.
      FutureTask<OpenCase> opening = new FutureTask<>(() -> {
        CaseDatabase db = CaseAccess.openExisting(casePath);
        try {
          return new OpenCase(db, new CaseIocMatch(db).readAhead());
        } catch (RuntimeException | Error e) {
          db.close();
          throw e;
        }
      });
      Thread opener = new Thread(opening, "dnslens-case-open");
      opener.setDaemon(true);
      opener.start();
      CaseAnalysis.Lists read;
      try {
        read = CaseAnalysis.readLists(lists, includeAll);
      } catch (IOException | RuntimeException e) {
        closeWhenOpened(opening);
        throw e;
      }
      reportProblems(spec.commandLine().getErr(), read.lists());
      List<IocHitSummary> hits;
      try (OpenCase open = opened(opening)) {
        CaseAnalysis analysis = new CaseAnalysis(open.db());
        hits = analysis.matchIocs(open.readAhead(), read.iocs(), exact);
        new ResultsReport(spec.commandLine().getOut(), analysis.sourceLabels()).iocHits(hits, format);
      }
      return failOnHit && !hits.isEmpty() ? ExitCodes.IOC_HIT : ExitCodes.OK;
    }
  }

  /** A case opened for a match and the match's read-ahead of its blocks; closing stops one, then the other. */
  record OpenCase(CaseDatabase db, CaseIocMatch.ReadAhead readAhead) implements AutoCloseable {
    @Override
    public void close() {
      try {
        readAhead.close();
      } finally {
        db.close();
      }
    }
  }

  /** The case the opening task opened, or the error it met (a user error stays one). */
  static <T extends AutoCloseable> T opened(FutureTask<T> opening) throws IOException {
    try {
      return opening.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closeWhenOpened(opening);
      throw new InterruptedIOException("interrupted while opening the case");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause);
    }
  }

  /** Closes the case once the opening task is done, when it opened one; its own failure no longer matters. */
  static void closeWhenOpened(FutureTask<? extends AutoCloseable> opening) {
    try {
      opening.get().close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // the error the caller is already reporting wins
    }
  }

  /** {@code dnslens ioc hits}: what the last match stored. */
  @Command(name = "hits", mixinStandardHelpOptions = true, description = "Lists the IOC hits stored in the case.")
  public static final class Hits implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--case", required = true, paramLabel = "CASE", description = "The case file.")
    Path casePath;

    @Option(names = "--format", defaultValue = "table", description = "table, json or csv. Default: ${DEFAULT-VALUE}.")
    ResultsReport.Format format;

    @Override
    public Integer call() throws IOException {
      try (CaseDatabase db = CaseAccess.openForReading(casePath)) {
        new ResultsReport(spec.commandLine().getOut(), new CaseAnalysis(db).sourceLabels())
            .iocHits(new IocHitStore(db).list(), format);
      }
      return ExitCodes.OK;
    }
  }

  /** One line per list, and its bad entries with file and line (a list never aborts the run). */
  static void reportProblems(PrintWriter err, List<IocList> lists) {
    for (IocList l : lists) {
      err.println("dnslens: " + SafeText.escape(l.name()) + ": " + l.iocs().size() + " indicator(s) ("
          + l.format().name().toLowerCase(java.util.Locale.ROOT) + ")"
          + (l.problemCount() > 0 ? ", " + l.problemCount() + " bad entr" + (l.problemCount() == 1 ? "y" : "ies") + " skipped" : "")
          + (l.complete() ? "" : "; reading stopped at a limit"));
      int shown = 0;
      for (IocProblem p : l.problems()) {
        if (shown++ == PROBLEMS_SHOWN) {
          err.println("dnslens:   ... and " + (l.problemCount() - PROBLEMS_SHOWN) + " more");
          break;
        }
        err.println("dnslens:   " + SafeText.escape(p.file()) + ":" + p.line() + ": " + p.reason() + ": " + p.excerpt());
      }
    }
    err.flush();
  }
}
