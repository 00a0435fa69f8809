package org.dnslens.engine.ingest;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.dnslens.engine.model.DecodeIssue;
import org.dnslens.engine.model.Transaction;

/**
 * Where a run's results go: the seam the case database (storage), log writers and exporters implement.
 * Calls arrive from one thread, in this order: {@link #begin}, then any mix of {@link #transaction} and
 * {@link #issue}, then {@link #complete} if the run finished (not when it was cancelled or failed), then
 * {@link #close}. A sink that is closed without {@link #complete} must leave its destination as if the run
 * never started, or clearly marked incomplete (the case database rolls the run back).
 */
public interface IngestSink extends Closeable {
  /** The run starts with these sources (ids as used in every FrameRef). */
  void begin(List<SourceInfo> sources) throws IOException;

  /**
   * Sources (by id) that {@link #begin} decided not to take, e.g. captures the case already holds (same
   * sha256); the pipeline does not read them.
   */
  default Set<Integer> skippedSourceIds() {
    return Set.of();
  }

  /** One transaction, in emission order. */
  void transaction(Transaction transaction) throws IOException;

  /**
   * Work on one transaction that depends on nothing {@link #transaction} changes, done ahead of it. In a
   * threaded run the pipeline calls this on its reader thread, which has CPU to spare, for every
   * transaction in emission order, and hands the result to {@link #transaction(Transaction, Object)} on
   * the calling thread: the sink's own thread (the run's critical path) then only does what needs the
   * sink's state. Without a reader thread both calls are made one after the other on the calling thread.
   * It runs after {@link #begin} and may read what {@code begin} set up, but must write nothing {@link
   * #transaction} reads, and nothing durable: a run cancelled between the two calls must not show it.
   *
   * @return anything the sink wants back (null: nothing); the default prepares nothing
   */
  default Object prepare(Transaction transaction) {
    return null;
  }

  /**
   * One transaction with what {@link #prepare} returned for it; the default ignores {@code prepared}.
   */
  default void transaction(Transaction transaction, Object prepared) throws IOException {
    transaction(transaction);
  }

  /** One located issue. Sinks may keep only a bounded sample; the counts arrive in {@link #complete}. */
  void issue(DecodeIssue issue) throws IOException;

  /** The run finished; make its results durable. */
  void complete(IngestStats stats) throws IOException;
}
