package org.dnslens.storage.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.dnslens.storage.layout.CaseWriter;

/**
 * Writes a {@link Chunk} on the writer thread and commits it: blocks (compressed here, beside the parsing
 * thread), segment pages, counts and issue samples, all rows of this run.
 */
final class ChunkWriter implements AutoCloseable {
  private final Connection c;
  private final int runId;
  private final CaseWriter rows;
  private final PreparedStatement insIssue;

  ChunkWriter(Connection c, int runId) throws SQLException {
    this.c = c;
    this.runId = runId;
    c.setAutoCommit(false);
    rows = new CaseWriter(c, runId);
    insIssue =
        c.prepareStatement(
            "INSERT INTO issue_sample (run_id, source_id, frame, ts, reason, detail) VALUES (?, ?, ?, ?, ?, ?)");
  }

  void write(Chunk k) throws SQLException, InterruptedException {
    CaseWriter.Compressed pre = k.compressedForWriter();
    try {
      rows.blocks(k.blocks, pre);
      rows.pages(k.pages, pre);
      rows.counts(k.counts);
      for (Chunk.IssueRow r : k.issues) {
        insIssue.setInt(1, runId);
        insIssue.setInt(2, r.sourceId());
        insIssue.setLong(3, r.frame());
        insIssue.setLong(4, r.ts());
        insIssue.setString(5, r.reason());
        insIssue.setString(6, r.detail());
        insIssue.addBatch();
      }
      if (!k.issues.isEmpty()) {
        insIssue.executeBatch();
      }
      c.commit();
    } catch (SQLException e) {
      c.rollback();
      throw e;
    }
  }

  @Override
  public void close() throws SQLException {
    rows.close();
    insIssue.close();
    // Hand the connection back in the state Jdbi expects (no open transaction).
    c.setAutoCommit(true);
  }
}
