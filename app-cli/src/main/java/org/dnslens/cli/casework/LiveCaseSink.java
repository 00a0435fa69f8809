package org.dnslens.cli.casework;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dnslens.engine.ingest.CheckpointingSink;
import org.dnslens.engine.ingest.IngestStats;
import org.dnslens.engine.ingest.SourceInfo;
import org.dnslens.engine.ingest.SourceStats;
import org.dnslens.engine.model.DecodeIssue;
import org.dnslens.engine.model.IssueReason;
import org.dnslens.engine.model.Transaction;
import org.dnslens.engine.model.TransactionStatus;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.casefile.CaseException;
import org.dnslens.storage.ingest.DatabaseSink;
import org.dnslens.storage.ingest.SegmentCompaction;

/**
 * A live capture (or dnstap stream) written continuously into a case: one ingest run per commit
 * interval ("part"), each a complete {@link DatabaseSink} run. A live source has no file and no
 * SHA-256, so each part is a source of its own, labelled with the stream, the time the capture
 * started and the part number ({@code live:eth0 (started 2026-12-02T08:10:00Z, part 3)}); nothing is
 * skipped as "already in the case".
 *
 * <p><b>Why parts.</b> A {@link DatabaseSink} run is all or nothing: until {@code complete} nothing of
 * it is visible, and a run that never completes is removed whole. One run for a capture of days would
 * lose everything on a kill -9. Completing a run per interval keeps DatabaseSink's exactly-once
 * guarantee per part: a crash loses the uncommitted part only (the next open removes it), and every
 * committed part is searchable while the capture goes on. A part starts only when something arrives, so
 * an idle interface adds no empty runs and does not hold the case's ingest lock.
 *
 * <p>Frame numbers in a part count from the start of the capture, not of the part. Transactions are
 * written when they complete, so a query seen at the end of one part lands, with its reply, in the next.
 */
public final class LiveCaseSink implements CheckpointingSink {
  /**
   * How long a new part waits for the ingest lock (another {@code dnslens ingest} into the same case)
   * before the live run fails; meanwhile the feed queue absorbs traffic and counts what it cannot hold.
   */
  public static final long MAX_LOCK_WAIT_MILLIS = 60_000;

  private static final long LOCK_RETRY_MILLIS = 500;

  private final CaseDatabase db;
  private final Instant started;
  private DatabaseSink current;
  private boolean currentBegun;
  private SourceInfo base;
  private int part = 1;
  private int committedParts;
  private int compactions;
  private int compactionFailures;
  private int removedIncompleteRuns;
  private IngestStats committed = empty();
  private long firstTs = Long.MAX_VALUE;
  private long lastTs = Long.MIN_VALUE;

  private LiveCaseSink(CaseDatabase db, Instant started, DatabaseSink first) {
    this.db = db;
    this.started = started;
    this.current = first;
    this.removedIncompleteRuns = first.removedIncompleteRuns();
  }

  /**
   * Opens the first part's sink right away, so a read-only or busy case is reported before the capture
   * starts.
   */
  public static LiveCaseSink open(CaseDatabase db, Instant started) throws CaseException {
    return new LiveCaseSink(db, started, DatabaseSink.open(db));
  }

  /** Parts committed so far. */
  public int committedParts() {
    return committedParts;
  }

  /** Runs an earlier interrupted ingest had left, removed when a part opened. */
  public int removedIncompleteRuns() {
    return removedIncompleteRuns;
  }

  /** The case source label of part {@code n}. */
  public static String partLabel(String label, Instant started, int n) {
    return label + " (started " + started.truncatedTo(ChronoUnit.SECONDS) + ", part " + n + ")";
  }

  @Override
  public void begin(List<SourceInfo> sources) throws IOException {
    if (sources.size() != 1) {
      throw new IllegalArgumentException("a live run has exactly one source, not " + sources.size());
    }
    base = sources.get(0);
    startPart();
  }

  @Override
  public void transaction(Transaction tx) throws IOException {
    startPart();
    current.transaction(tx);
    long ts = tx.queryTimestampNanos();
    firstTs = Math.min(firstTs, ts);
    lastTs = Math.max(lastTs, ts);
  }

  @Override
  public void issue(DecodeIssue issue) throws IOException {
    startPart();
    current.issue(issue);
  }

  @Override
  public void checkpoint(IngestStats soFar) throws IOException {
    commit(soFar);
  }

  @Override
  public void complete(IngestStats stats) throws IOException {
    commit(stats);
  }

  private void commit(IngestStats soFar) throws IOException {
    if (current == null && sameCounts(soFar, committed)) {
      return; // nothing arrived since the last part
    }
    startPart();
    current.complete(delta(soFar, committed));
    committed = soFar;
    committedParts++;
    DatabaseSink done = current;
    current = null;
    currentBegun = false;
    part++;
    firstTs = Long.MAX_VALUE;
    lastTs = Long.MIN_VALUE;
    done.close();
    // One run per part: past the threshold, merge the parts' segments so searches stay one stream per
    // kind. On this thread, between parts (the next part's run has not started, the lock is free); a
    // failure loses nothing (the case stays as it was) and the next part tries again.
    try {
      if (SegmentCompaction.compactIfNeeded(db) != null) {
        compactions++;
      }
    } catch (CaseException | RuntimeException e) {
      compactionFailures++;
    }
  }

  /** Segment compactions the parts triggered, and how many of those failed (the case unchanged by them). */
  public int compactions() {
    return compactions;
  }

  public int compactionFailures() {
    return compactionFailures;
  }

  /** Opens (waiting for the lock if another ingest holds it) and begins the current part's run. */
  private void startPart() throws IOException {
    if (current == null) {
      current = openWaiting();
      removedIncompleteRuns += current.removedIncompleteRuns();
    }
    if (!currentBegun) {
      current.begin(List.of(new SourceInfo(base.id(), null, partLabel(base.label(), started, part), null, -1)));
      currentBegun = true;
    }
  }

  private DatabaseSink openWaiting() throws IOException {
    long deadline = System.nanoTime() + MAX_LOCK_WAIT_MILLIS * 1_000_000;
    while (true) {
      try {
        return DatabaseSink.open(db);
      } catch (CaseException e) {
        if (System.nanoTime() - deadline >= 0) {
          throw new IOException("cannot start part " + part + " in the case: " + e.getMessage(), e);
        }
      }
      try {
        Thread.sleep(LOCK_RETRY_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for the case");
      }
    }
  }

  /** Ends the run; an uncommitted part is rolled back by its sink (as an interrupted ingest is). */
  @Override
  public void close() throws IOException {
    if (current != null) {
      DatabaseSink open = current;
      current = null;
      open.close();
    }
  }

  private static boolean sameCounts(IngestStats a, IngestStats b) {
    return a.frames() == b.frames()
        && a.dnsMessages() == b.dnsMessages()
        && a.transactions() == b.transactions()
        && a.issues().equals(b.issues());
  }

  /** The figures of the part: the run's cumulative ones minus what earlier parts committed. */
  private IngestStats delta(IngestStats now, IngestStats before) {
    Map<TransactionStatus, Long> byStatus = new EnumMap<>(TransactionStatus.class);
    for (var e : now.byStatus().entrySet()) {
      byStatus.put(e.getKey(), e.getValue() - before.byStatus().getOrDefault(e.getKey(), 0L));
    }
    Map<IssueReason, Long> issues = new EnumMap<>(IssueReason.class);
    for (var e : now.issues().entrySet()) {
      long n = e.getValue() - before.issues().getOrDefault(e.getKey(), 0L);
      if (n != 0) {
        issues.put(e.getKey(), n);
      }
    }
    long frames = now.frames() - before.frames();
    long messages = now.dnsMessages() - before.dnsMessages();
    String format = now.sources().isEmpty() ? "live" : now.sources().get(0).format();
    return new IngestStats(
        now.bytesRead() - before.bytesRead(),
        frames,
        messages,
        now.transactions() - before.transactions(),
        byStatus,
        issues,
        List.of(
            new SourceStats(
                base.id(),
                format,
                now.sources().isEmpty() ? Set.of() : now.sources().get(0).linkTypes(),
                frames,
                messages,
                firstTs == Long.MAX_VALUE ? 0 : firstTs,
                lastTs == Long.MIN_VALUE ? 0 : lastTs)));
  }

  private static IngestStats empty() {
    return new IngestStats(0, 0, 0, 0, Map.of(), Map.of(), List.of());
  }
}
