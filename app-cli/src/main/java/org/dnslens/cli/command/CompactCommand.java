package org.dnslens.cli.command;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dnslens.cli.casework.CaseIngest;
import org.dnslens.cli.error.ExitCodes;
import org.dnslens.cli.error.UserFacingException;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.casefile.CaseException;
import org.dnslens.storage.casefile.CaseFileCompaction;
import org.dnslens.storage.ingest.SegmentCompaction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dnslens compact --case C}: merges the sorted segments of every ingest run into one set (many
 * live-capture parts make searches merge many streams). Ingests and live parts do it on their own past
 * {@link SegmentCompaction#AUTO_COMPACT_OWNERS} runs; this does it now. Contents never change. Then, with
 * the case closed, the file is rewritten with its live data only ({@link CaseFileCompaction}): H2 keeps the
 * space the old pages freed, so without it the file grew. That needs the case open nowhere else; when it is,
 * the file is left as it is and the user is told.
 */
@Command(
    name = "compact",
    mixinStandardHelpOptions = true,
    description = "Merge the search segments of all ingest runs of a case into one set (faster searches; same results).")
public final class CompactCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--case", required = true, description = "The case file (case or case.mv.db).")
  Path casePath;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    if (!CaseDatabase.caseFile(casePath).toFile().exists()) {
      throw new UserFacingException("no case at " + CaseDatabase.caseFile(casePath), ExitCodes.BAD_INPUT);
    }
    try (CaseDatabase db = CaseIngest.open(casePath)) {
      SegmentCompaction.Result r = SegmentCompaction.compact(db);
      if (r.removedIncompleteRuns() > 0) {
        err.println("dnslens: removed what " + r.removedIncompleteRuns() + " interrupted run(s) had left in the case");
      }
      if (r.owners() == 0) {
        err.println("dnslens: nothing to compact (the segments are in one set already)");
      } else {
        err.printf(Locale.ROOT, "dnslens: compacted the segments of %,d runs: %,d pages into %,d%n",
            r.owners(), r.pagesBefore(), r.pagesAfter());
      }
      err.flush();
    } catch (CaseException e) {
      throw new UserFacingException(e.getMessage(), ExitCodes.CANNOT_WRITE, e);
    }
    try {
      shrinkFile(err, casePath);
    } catch (CaseException e) {
      throw new UserFacingException(e.getMessage(), ExitCodes.CANNOT_WRITE, e);
    }
    return ExitCodes.OK;
  }

  /**
   * Rewrites the closed case's file without the space a segment compaction freed, or says why not (the
   * case is open in another program), in one line.
   */
  static void shrinkFile(PrintWriter err, Path casePath) throws CaseException {
    CaseFileCompaction.Result f = CaseFileCompaction.compact(casePath);
    if (f.compacted()) {
      err.printf(Locale.ROOT, "dnslens: rewrote the case file without its free space: %.1f MB -> %.1f MB (%.1f s)%n",
          f.bytesBefore() / 1e6, f.bytesAfter() / 1e6, f.millis() / 1e3);
    } else {
      err.printf(Locale.ROOT, "dnslens: the case is open in another program, so its file keeps its free space"
          + " (%.1f MB now); it shrinks when dnslens compact runs while no other program has the case open%n",
          f.bytesBefore() / 1e6);
    }
    err.flush();
  }
}
