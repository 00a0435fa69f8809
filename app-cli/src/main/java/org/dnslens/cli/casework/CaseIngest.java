package org.dnslens.cli.casework;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dnslens.cli.error.ExitCodes;
import org.dnslens.cli.error.UserFacingException;
import org.dnslens.cli.error.WriteFailure;
import org.dnslens.cli.option.CaptureArguments;
import org.dnslens.engine.ingest.IngestPipeline;
import org.dnslens.engine.ingest.IngestStats;
import org.dnslens.engine.ingest.SourceInfo;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.casefile.CaseException;
import org.dnslens.storage.ingest.DatabaseSink;
import org.dnslens.storage.ingest.SegmentCompaction;

/**
 * One ingest into an open case, interruptible: Ctrl-C or SIGTERM asks the pipeline to stop, and the JVM
 * waits (up to {@link #SHUTDOWN_GRACE_SECONDS}) for the sink to roll the run back, so the case stays as
 * it was before the run. A kill -9 leaves an incomplete run that the next ingest removes.
 */
public final class CaseIngest {
  /** How long Ctrl-C waits for the run to roll back before the JVM exits anyway. */
  public static final long SHUTDOWN_GRACE_SECONDS = 30;

  /**
   * What happened. {@code removedIncompleteRuns}: runs an earlier interrupted ingest had left;
   * {@code compaction}: the segment compaction this ingest triggered, or null; {@code compactionFailure}:
   * why that compaction failed (the ingest is complete all the same), or null.
   */
  public record Result(IngestStats stats, boolean interrupted, int removedIncompleteRuns,
      SegmentCompaction.Result compaction, String compactionFailure) {}

  private CaseIngest() {}

  public static Result run(
      CaseDatabase db, IngestPipeline pipeline, List<SourceInfo> sources, IngestPipeline.Progress progress)
      throws IOException {
    AtomicBoolean cancelled = new AtomicBoolean();
    CountDownLatch done = new CountDownLatch(1);
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
    IngestStats stats;
    int removed;
    try (DatabaseSink sink = openSink(db)) {
      stats = pipeline.run(sources, sink, IngestPipeline.MessageListener.NONE, progress, cancelled::get);
      removed = sink.removedIncompleteRuns();
    } catch (IOException | RuntimeException e) {
      // The sink's failed write arrives wrapped by the database several times; say what happened and
      // that nothing of this run is in the case (the sink rolls an unfinished run back, and the next
      // ingest removes whatever a failed rollback left).
      Optional<WriteFailure> failure = WriteFailure.in(e);
      if (failure.isPresent()) {
        throw new UserFacingException(
            "cannot write to the case " + db.file() + ": " + failure.get().reason() + "; nothing of this ingest was"
                + " kept, " + failure.get().advice() + " and run it again",
            ExitCodes.CANNOT_WRITE,
            e);
      }
      throw e;
    } finally {
      done.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is already exiting (Ctrl-C): the hook is running and has just been released
      }
    }
    if (cancelled.get()) {
      return new Result(stats, true, removed, null, null);
    }
    try {
      return new Result(stats, false, removed, SegmentCompaction.compactIfNeeded(db), null);
    } catch (CaseException | RuntimeException e) {
      // Nothing is lost: the ingest is complete, a failed compaction leaves the case as it was, and the
      // next ingest or dnslens compact tries again; so it is reported, never fatal.
      return new Result(stats, false, removed, null, e.getMessage());
    }
  }

  /** A case opened for an ingest and the captures it will read. */
  public record Prepared(CaseDatabase db, List<SourceInfo> sources) {}

  /**
   * Describes the captures and opens (or creates) the case, side by side when that is safe. Both are fixed
   * costs at the start of every ingest, independent of each other: hashing the captures (sha256 of a 330 MB
   * capture is ~0.4 s of CPU) and opening the case (a new case runs its Flyway migrations, ~0.5 s). On a
   * 2-core machine nothing else runs yet, so the case opens on a second thread while this one hashes.
   * Only when every capture is a readable plain file: a missing file or a directory without captures must
   * be refused before a case file is created, as it was when the two ran one after the other.
   */
  public static Prepared prepare(Path casePath, CaptureArguments captures, IngestPipeline pipeline) throws IOException {
    if (!captures.plainFilesOnly()) {
      List<SourceInfo> sources = captures.describe(pipeline);
      return new Prepared(open(casePath), sources);
    }
    FutureTask<CaseDatabase> opening = new FutureTask<>(() -> open(casePath));
    Thread opener = new Thread(opening, "dnslens-case-open");
    opener.setDaemon(true);
    opener.start();
    List<SourceInfo> sources;
    try {
      sources = captures.describe(pipeline);
    } catch (IOException | RuntimeException | Error e) {
      // the captures' error is the one to report; a case that did open is closed again
      try {
        await(opening).close();
      } catch (RuntimeException | Error alsoFailed) {
        e.addSuppressed(alsoFailed);
      }
      throw e;
    }
    return new Prepared(await(opening), sources);
  }

  private static CaseDatabase await(FutureTask<CaseDatabase> opening) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return opening.get();
        } catch (InterruptedException e) {
          interrupted = true; // the open cannot be abandoned half-way: wait for it, keep the interrupt
        } catch (ExecutionException e) {
          if (e.getCause() instanceof RuntimeException r) {
            throw r;
          }
          if (e.getCause() instanceof Error err) {
            throw err;
          }
          throw new IllegalStateException(e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Opens (or creates) the case for an ingest. A case the user may not write, or one in a folder the user
   * may not write (the database keeps a lock file beside the case), is refused here in one sentence
   * rather than by the database halfway through opening.
   */
  public static CaseDatabase open(Path casePath) {
    Path file = CaseDatabase.caseFile(casePath);
    Path folder = file.getParent();
    if (folder != null && Files.isDirectory(folder) && !Files.isWritable(folder)) {
      throw new UserFacingException(
          "cannot ingest into " + file + ": the folder " + folder + " is read-only for you (the case needs to"
              + " create files beside it); search and info can still read the case",
          ExitCodes.CANNOT_WRITE);
    }
    if (Files.exists(file) && !Files.isWritable(file)) {
      throw new UserFacingException(
          "cannot ingest into " + file + ": the case file is read-only for you; search and info can still read it",
          ExitCodes.CANNOT_WRITE);
    }
    try {
      return CaseDatabase.open(casePath);
    } catch (CaseException e) {
      throw new UserFacingException(e.getMessage(), ExitCodes.BAD_INPUT, e);
    }
  }

  private static DatabaseSink openSink(CaseDatabase db) {
    if (db.isReadOnly()) {
      throw new UserFacingException(db.file() + " is read-only; ingest needs a writable case", ExitCodes.CANNOT_WRITE);
    }
    try {
      return DatabaseSink.open(db);
    } catch (CaseException e) {
      throw new UserFacingException(e.getMessage(), ExitCodes.BAD_INPUT, e);
    }
  }
}
