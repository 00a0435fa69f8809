package org.dnslens.cli.casework;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dnslens.cli.error.ExitCodes;
import org.dnslens.cli.error.UserFacingException;
import org.dnslens.engine.ingest.IngestPipeline;
import org.dnslens.engine.ingest.IngestStats;
import org.dnslens.engine.ingest.SourceInfo;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.casefile.CaseException;
import org.dnslens.storage.ingest.DatabaseSink;

/**
 * One ingest into an open case, interruptible: Ctrl-C or SIGTERM asks the pipeline to stop, and the JVM
 * waits (up to {@link #SHUTDOWN_GRACE_SECONDS}) for the sink to roll the run back, so the case stays as
 * it was before the run. A kill -9 leaves an incomplete run that the next ingest removes.
 */
public final class CaseIngest {
  /** How long Ctrl-C waits for the run to roll back before the JVM exits anyway. */
  public static final long SHUTDOWN_GRACE_SECONDS = 30;

  /** What happened. {@code removedIncompleteRuns}: runs an earlier interrupted ingest had left. */
  public record Result(IngestStats stats, boolean interrupted, int removedIncompleteRuns) {}

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
    try (DatabaseSink sink = openSink(db)) {
      IngestStats stats =
          pipeline.run(sources, sink, IngestPipeline.MessageListener.NONE, progress, cancelled::get);
      return new Result(stats, cancelled.get(), sink.removedIncompleteRuns());
    } finally {
      done.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is already exiting (Ctrl-C): the hook is running and has just been released
      }
    }
  }

  public static CaseDatabase open(java.nio.file.Path casePath) {
    try {
      return CaseDatabase.open(casePath);
    } catch (CaseException e) {
      throw new UserFacingException(e.getMessage(), ExitCodes.BAD_INPUT, e);
    }
  }

  private static DatabaseSink openSink(CaseDatabase db) {
    try {
      return DatabaseSink.open(db);
    } catch (CaseException e) {
      throw new UserFacingException(e.getMessage(), ExitCodes.BAD_INPUT, e);
    }
  }
}
