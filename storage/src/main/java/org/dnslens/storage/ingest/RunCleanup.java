package org.dnslens.storage.ingest;

import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Removes every row of runs that did not complete (killed, crashed, or closed without completing), in one
 * database transaction, so the case is exactly as if those runs had never started. Only called while
 * holding the ingest lock: then no run marked 'running' can still be alive.
 *
 * <p>Exactness without a run_id index on the big tables: transaction ids are assigned contiguously from
 * the run's {@code first_tx_id}, and a run that did not complete is always the latest one (the next
 * ingest cleans it up before it starts), so its rows are an id range; the run_id test is a safety net.
 * Dictionary rows it added stay: they are valid entries that later runs reuse.
 */
final class RunCleanup {
  private RunCleanup() {}

  record DeadRun(int id, long firstTxId) {}

  /** Deletes the rows of every run not marked complete; returns how many runs were removed. */
  static int removeIncompleteRuns(Handle h) {
    List<DeadRun> dead =
        h.createQuery("SELECT id, first_tx_id FROM ingest_run WHERE status <> 'complete' ORDER BY id")
            .map((rs, ctx) -> new DeadRun(rs.getInt(1), rs.getLong(2)))
            .list();
    if (dead.isEmpty()) {
      return 0;
    }
    h.useTransaction(
        t -> {
          for (DeadRun r : dead) {
            removeRun(t, r);
          }
        });
    return dead.size();
  }

  /** Deletes one run's rows (the caller provides the transaction). */
  static void removeRun(Handle t, DeadRun r) {
    t.createUpdate("DELETE FROM tx WHERE id >= :first AND run_id = :run")
        .bind("first", r.firstTxId())
        .bind("run", r.id())
        .execute();
    t.createUpdate(
            "DELETE FROM tx_answer_ip a WHERE a.tx_id >= :first"
                + " AND NOT EXISTS (SELECT 1 FROM tx WHERE tx.id = a.tx_id)")
        .bind("first", r.firstTxId())
        .execute();
    t.createUpdate(
            "DELETE FROM tx_other_reply o WHERE o.tx_id >= :first"
                + " AND NOT EXISTS (SELECT 1 FROM tx WHERE tx.id = o.tx_id)")
        .bind("first", r.firstTxId())
        .execute();
    for (String table :
        List.of("source", "issue_sample", "issue_count", "pdns", "pdns_client")) {
      // Table names come from the fixed list above, never from input.
      t.createUpdate("DELETE FROM " + table + " WHERE run_id = :run").bind("run", r.id()).execute();
    }
    t.createUpdate("DELETE FROM ingest_run WHERE id = :run").bind("run", r.id()).execute();
  }
}
