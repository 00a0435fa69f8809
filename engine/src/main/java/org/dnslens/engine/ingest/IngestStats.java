package org.dnslens.engine.ingest;

import java.util.List;
import java.util.Map;
import org.dnslens.engine.model.IssueReason;
import org.dnslens.engine.model.TransactionStatus;

/**
 * Totals of a run: what was read, what was found, and every reason something was dropped or odd.
 *
 * @param bytesRead bytes of the sources consumed
 * @param frames frames read from all sources
 * @param dnsMessages DNS messages found (decoded, partially or not)
 * @param transactions transactions emitted, all statuses
 * @param byStatus transactions per status (all statuses present, zero when none)
 * @param issues non-zero counts per reason
 * @param sources per-source figures in source id order
 */
public record IngestStats(
    long bytesRead,
    long frames,
    long dnsMessages,
    long transactions,
    Map<TransactionStatus, Long> byStatus,
    Map<IssueReason, Long> issues,
    List<SourceStats> sources) {
  public IngestStats {
    byStatus = Map.copyOf(byStatus);
    issues = Map.copyOf(issues);
    sources = List.copyOf(sources);
  }
}
