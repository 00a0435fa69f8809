package org.dnslens.cli.casework;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dnslens.cli.error.ExitCodes;
import org.dnslens.cli.error.UserFacingException;
import org.dnslens.cli.error.WriteFailure;
import org.dnslens.cli.option.CaptureArguments;
import org.dnslens.engine.ingest.IngestPipeline;
import org.dnslens.engine.ingest.IngestStats;
import org.dnslens.engine.ingest.SourceDigests;
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

  /**
   * Runs the ingest. {@code digests} gives the captures' sha256 (see {@link DatabaseSink#open(CaseDatabase,
   * SourceDigests)}); the sources may come without theirs.
   */
  public static Result run(
      CaseDatabase db,
      IngestPipeline pipeline,
      List<SourceInfo> sources,
      SourceDigests digests,
      IngestPipeline.Progress progress)
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
    try (DatabaseSink sink = openSink(db, digests)) {
      // The captures' digests are made once a quarter of the bytes are read (SourceDigests "When"), or
      // earlier if the sink needs one.
      stats = pipeline.run(
          sources, sink, IngestPipeline.MessageListener.NONE, digests.hashingFrom(progress), cancelled::get);
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

  /**
   * A case opened for an ingest, the captures it will read and their sha256 being made ({@link #close}
   * stops that and closes the case).
   */
  public record Prepared(CaseDatabase db, List<SourceInfo> sources, SourceDigests digests) implements AutoCloseable {
    @Override
    public void close() {
      digests.close();
      db.close();
    }
  }

  /**
   * Describes the captures, starts hashing them on a thread of their own ({@link SourceDigests}: the sink
   * waits only for the digest of a capture that could already be in the case) and opens (or creates) the
   * case. The captures are described first: a missing file or a directory without captures is refused
   * before a case file is created.
   */
  public static Prepared prepare(Path casePath, CaptureArguments captures, IngestPipeline pipeline) throws IOException {
    return prepare(casePath, captures.describe(pipeline));
  }

  /** {@link #prepare(Path, CaptureArguments, IngestPipeline)} for captures already described. */
  public static Prepared prepare(Path casePath, List<SourceInfo> sources) {
    SourceDigests digests = SourceDigests.start(sources);
    try {
      return new Prepared(open(casePath), sources, digests);
    } catch (RuntimeException | Error e) {
      digests.close();
      throw e;
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

  private static DatabaseSink openSink(CaseDatabase db, SourceDigests digests) {
    if (db.isReadOnly()) {
      throw new UserFacingException(db.file() + " is read-only; ingest needs a writable case", ExitCodes.CANNOT_WRITE);
    }
    try {
      return DatabaseSink.open(db, digests);
    } catch (CaseException e) {
      throw new UserFacingException(e.getMessage(), ExitCodes.BAD_INPUT, e);
    }
  }
}
