package org.dnslens.storage.layout;

import java.io.IOException;
import java.util.List;

/** Where a {@link RunWriter} sends what it produced: the ingest's writer thread, or the migration's connection. */
public interface RunOutput {
  void block(EncodedBlock block) throws IOException;

  void pages(List<SegmentPage> pages) throws IOException;

  /** Per-run counts for {@code CaseInfo} (run_count rows). */
  void counts(List<RunCount> counts) throws IOException;

  /**
   * Called while the run writer waits for its helper thread: the output may do one bounded piece of its own
   * pending work on this thread (the ingest compresses a chunk its writer thread has not taken yet) and
   * returns whether it did; false when there is nothing to do (then the run writer just waits).
   */
  default boolean helpWhileWaiting() {
    return false;
  }

  /** One run_count row: what (kind), which item, how many. */
  record RunCount(String kind, String item, long count) {}
}
