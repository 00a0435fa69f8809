package org.dnslens.engine.issue;

import java.util.EnumMap;
import java.util.Map;
import org.dnslens.engine.model.DecodeIssue;
import org.dnslens.engine.model.FrameRef;
import org.dnslens.engine.model.IssueReason;

/**
 * Counts issues per reason and forwards each located issue to a listener (which may store a bounded
 * sample). Not thread-safe: one per pipeline thread; merge with {@link #addAll}.
 */
public final class IssueCounter {
  /** Receives every located issue. */
  @FunctionalInterface
  public interface Listener {
    void onIssue(DecodeIssue issue);
  }

  private static final Listener IGNORE = issue -> {};

  private final long[] counts = new long[IssueReason.values().length];
  private final Listener listener;

  public IssueCounter() {
    this(IGNORE);
  }

  public IssueCounter(Listener listener) {
    this.listener = listener;
  }

  /** Counts one occurrence and tells the listener where. */
  public void count(IssueReason reason, FrameRef frame, long timestampNanos, String detail) {
    counts[reason.ordinal()]++;
    listener.onIssue(new DecodeIssue(frame, timestampNanos, reason, detail));
  }

  /** Counts without a location (e.g. a summary of evictions already reported elsewhere). */
  public void countOnly(IssueReason reason, long n) {
    counts[reason.ordinal()] += n;
  }

  public long get(IssueReason reason) {
    return counts[reason.ordinal()];
  }

  public long total() {
    long t = 0;
    for (long c : counts) {
      t += c;
    }
    return t;
  }

  /** Non-zero counts in declaration order. */
  public Map<IssueReason, Long> snapshot() {
    Map<IssueReason, Long> m = new EnumMap<>(IssueReason.class);
    for (IssueReason r : IssueReason.values()) {
      if (counts[r.ordinal()] != 0) {
        m.put(r, counts[r.ordinal()]);
      }
    }
    return m;
  }

  public void addAll(IssueCounter other) {
    for (int i = 0; i < counts.length; i++) {
      counts[i] += other.counts[i];
    }
  }
}
