package org.dnslens.storage.ingest;

import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Removes every row of runs that did not complete (killed, crashed, or closed without completing), in one
 * database transaction, so the case is exactly as if those runs had never started. Only called while
 * holding the ingest lock: then no run marked 'running' can still be alive. Every row a run writes carries
 * its run id (blocks, pages, counts, sources, issues) or hangs off a block or page of it.
 */
final class RunCleanup {
  private RunCleanup() {}

  /**
   * Deletes the rows of every run not marked complete, and blobs left without their block or page; returns
   * how many runs were removed.
   */
  static int removeIncompleteRuns(Handle h) {
    List<Integer> dead =
        h.createQuery("SELECT id FROM ingest_run WHERE status <> 'complete' ORDER BY id").mapTo(Integer.class).list();
    h.useTransaction(
        t -> {
          for (int r : dead) {
            removeRun(t, r);
          }
          removeBlobsAboveTheLastId(t);
        });
    return dead.size();
  }

  /**
   * A block's or page's blob rows are written in one database transaction with it, so none should outlive
   * it; yet once, in a run whose last write failed for a file-size limit (DiskFullIngestTest, session 30),
   * the next ingest met a {@code tx_block_summary} row of the failed run whose block was gone, and failed on
   * its primary key, because new ids start above the largest block id. Such a row can only lie above the
   * largest id left (a run takes ids above every existing one, and this runs before any new run), so the
   * delete is a range read from the top of the key: nothing to read in a sound case.
   */
  private static void removeBlobsAboveTheLastId(Handle t) {
    t.createUpdate("DELETE FROM tx_block_summary WHERE block_id > (SELECT COALESCE(MAX(id), 0) FROM tx_block)")
        .execute();
    t.createUpdate("DELETE FROM tx_block_wire WHERE block_id > (SELECT COALESCE(MAX(id), 0) FROM tx_block)").execute();
    t.createUpdate("DELETE FROM seg_page_data WHERE page_id > (SELECT COALESCE(MAX(id), 0) FROM seg_page)").execute();
  }

  /** Deletes one run's rows (the caller provides the transaction). */
  static void removeRun(Handle t, int run) {
    t.createUpdate("DELETE FROM tx_block_summary WHERE block_id IN (SELECT id FROM tx_block WHERE run_id = :run)")
        .bind("run", run)
        .execute();
    t.createUpdate("DELETE FROM tx_block_wire WHERE block_id IN (SELECT id FROM tx_block WHERE run_id = :run)")
        .bind("run", run)
        .execute();
    t.createUpdate("DELETE FROM seg_page_data WHERE page_id IN (SELECT id FROM seg_page WHERE run_id = :run)")
        .bind("run", run)
        .execute();
    for (String table : List.of("tx_block", "seg_page", "run_count", "source", "issue_sample", "issue_count")) {
      // Table names come from the fixed list above, never from input.
      t.createUpdate("DELETE FROM " + table + " WHERE run_id = :run").bind("run", run).execute();
    }
    t.createUpdate("DELETE FROM ingest_run WHERE id = :run").bind("run", run).execute();
  }
}
