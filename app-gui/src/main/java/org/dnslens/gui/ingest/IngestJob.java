package org.dnslens.gui.ingest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.dnslens.engine.ingest.IngestPipeline;
import org.dnslens.engine.ingest.IngestStats;
import org.dnslens.engine.ingest.SourceDigests;
import org.dnslens.engine.ingest.SourceInfo;
import org.dnslens.gui.task.TaskRunner;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.casefile.CaseException;
import org.dnslens.storage.ingest.DatabaseSink;

/**
 * Captures into a case: the engine's {@link IngestPipeline} writing to a {@link DatabaseSink}, with progress
 * and cancellation from the task. A cancelled run is rolled back by the sink (never half a run).
 *
 * <p>The captures' sha256 are made beside the reading ({@link SourceDigests}), as the CLI's ingest does:
 * hashed before it, the 1 M capture (330 MB) kept the run from starting for ~0.35 s; the sink waits only
 * for the digest of a capture that could already be in the case.
 */
public final class IngestJob {
  /** What a run did. */
  public record Outcome(IngestStats stats, boolean cancelled, int skippedSources) {}

  private IngestJob() {}

  public static Outcome run(CaseDatabase db, List<Path> captures, TaskRunner.TaskContext ctx)
      throws IOException, CaseException {
    IngestPipeline pipeline = new IngestPipeline(IngestPipeline.Config.defaults());
    ctx.progress(-1, "opening " + captures.size() + " capture(s)");
    List<SourceInfo> sources = pipeline.describe(captures);
    try (SourceDigests digests = SourceDigests.start(sources);
        DatabaseSink sink = DatabaseSink.open(db, digests)) {
      IngestPipeline.Progress progress =
          (bytes, total, frames, messages, transactions) ->
              ctx.progress(
                  total > 0 ? Math.min(1.0, (double) bytes / total) : -1,
                  String.format(
                      Locale.ROOT, "%,d frames, %,d messages, %,d transactions", frames, messages, transactions));
      IngestStats stats =
          pipeline.run(
              sources, sink, IngestPipeline.MessageListener.NONE, digests.hashingFrom(progress), ctx::isCancelled);
      return new Outcome(stats, ctx.isCancelled(), sink.skippedSourceIds().size());
    }
  }
}
