package org.dnslens.cli.option;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dnslens.engine.ingest.IngestStats;
import org.dnslens.engine.ingest.SourceInfo;
import org.dnslens.engine.ingest.SourceStats;
import org.dnslens.engine.model.IssueReason;
import org.dnslens.engine.model.SafeText;
import org.dnslens.engine.model.TransactionStatus;

/** What a run read and what it counted, for stderr. */
public final class RunReport {
  /** Reasons named in the one-line hint before "...". */
  public static final int HINT_REASONS = 3;

  private final PrintWriter err;

  public RunReport(PrintWriter err) {
    this.err = err;
  }

  /** One line per source that was not a capture at all. */
  public void warnUnreadable(List<SourceInfo> sources, IngestStats stats) {
    for (SourceStats s : stats.sources()) {
      if ("unknown".equals(s.format())) {
        err.println("dnslens: " + SafeText.escape(sources.get(s.sourceId()).path().toString())
            + " is not a pcap or pcapng capture (gzip is fine); skipped");
      }
    }
    err.flush();
  }

  /** Without --stats: one line naming the commonest reasons, when there are any. */
  public void printIssueHint(IngestStats stats) {
    if (stats.issues().isEmpty()) {
      return;
    }
    long total = stats.issues().values().stream().mapToLong(Long::longValue).sum();
    StringBuilder sb = new StringBuilder("dnslens: ").append(total).append(" issue(s): ");
    int shown = 0;
    for (Map.Entry<IssueReason, Long> e : sorted(stats)) {
      if (shown == HINT_REASONS) {
        sb.append(", ...");
        break;
      }
      sb.append(shown++ > 0 ? ", " : "").append(e.getKey().label()).append(' ').append(e.getValue());
    }
    err.println(sb.append(" (--stats for all)"));
    err.flush();
  }

  /** The --stats block. */
  public void printStats(List<SourceInfo> sources, IngestStats stats) {
    err.printf(Locale.ROOT, "frames read          %d%n", stats.frames());
    err.printf(Locale.ROOT, "dns messages         %d%n", stats.dnsMessages());
    err.printf(Locale.ROOT, "transactions         %d%n", stats.transactions());
    for (TransactionStatus s : TransactionStatus.values()) {
      err.printf(Locale.ROOT, "  %-18s %d%n", s.label(), stats.byStatus().getOrDefault(s, 0L));
    }
    for (SourceStats s : stats.sources()) {
      err.printf(Locale.ROOT, "source %d %s: %s, %d frames, %d dns messages%n", s.sourceId(),
          SafeText.escape(sources.get(s.sourceId()).label()), s.format(), s.frames(), s.dnsMessages());
    }
    if (stats.issues().isEmpty()) {
      err.println("issues               none");
    } else {
      err.println("issues (reason, count):");
      for (Map.Entry<IssueReason, Long> e : sorted(stats)) {
        err.printf(Locale.ROOT, "  %-32s %8d  %s%n", e.getKey().label(), e.getValue(), e.getKey().description());
      }
    }
    err.flush();
  }

  private static List<Map.Entry<IssueReason, Long>> sorted(IngestStats stats) {
    return stats.issues().entrySet().stream()
        .sorted(Map.Entry.<IssueReason, Long>comparingByValue().reversed()
            .thenComparing(e -> e.getKey().label()))
        .toList();
  }
}
