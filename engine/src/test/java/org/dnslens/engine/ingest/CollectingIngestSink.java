package org.dnslens.engine.ingest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dnslens.engine.model.DecodeIssue;
import org.dnslens.engine.model.Transaction;

/**
 * The {@link IngestSink} of tests that read captures through {@link IngestPipeline} or {@link LivePipeline}
 * and then look at what came out: every transaction in emission order, every located issue, the final
 * stats and whether the sink was closed. Shared by the tests of every module through engine's test-jar,
 * instead of an anonymous sink in each.
 */
public final class CollectingIngestSink implements IngestSink {
  private final List<Transaction> transactions;
  private final List<DecodeIssue> issues;
  private final boolean keepTransactions;
  private final boolean keepIssues;
  private volatile IngestStats stats;
  private volatile boolean closed;

  private CollectingIngestSink(
      List<Transaction> transactions, List<DecodeIssue> issues, boolean keepTransactions, boolean keepIssues) {
    this.transactions = transactions;
    this.issues = issues;
    this.keepTransactions = keepTransactions;
    this.keepIssues = keepIssues;
  }

  /** Keeps everything, for a pipeline run on the test's own thread. */
  public CollectingIngestSink() {
    this(new ArrayList<>(), new ArrayList<>(), true, true);
  }

  /**
   * Keeps everything in lists a test may read while a live pipeline still adds to them from its own
   * thread (live runs emit a handful of transactions, so copying on write costs nothing).
   */
  public static CollectingIngestSink forLiveRun() {
    return new CollectingIngestSink(new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>(), true, true);
  }

  /** Keeps the transactions and the stats, not the issues: hostile captures may locate millions. */
  public static CollectingIngestSink transactionsOnly() {
    return new CollectingIngestSink(new ArrayList<>(), List.of(), true, false);
  }

  /**
   * Keeps only the stats (transactions and issues are dropped as they come): for runs that measure what
   * the pipeline itself allocates.
   */
  public static CollectingIngestSink statsOnly() {
    return new CollectingIngestSink(List.of(), List.of(), false, false);
  }

  @Override
  public void begin(List<SourceInfo> sources) {}

  @Override
  public void transaction(Transaction transaction) {
    if (keepTransactions) {
      transactions.add(transaction);
    }
  }

  @Override
  public void issue(DecodeIssue issue) {
    if (keepIssues) {
      issues.add(issue);
    }
  }

  @Override
  public void complete(IngestStats s) {
    this.stats = s;
  }

  @Override
  public void close() {
    closed = true;
  }

  /** The transactions so far (a live view; empty for {@link #statsOnly()}). */
  public List<Transaction> transactions() {
    return Collections.unmodifiableList(transactions);
  }

  /** The located issues so far (a live view; empty unless kept). */
  public List<DecodeIssue> issues() {
    return Collections.unmodifiableList(issues);
  }

  /** What {@link #complete} received; null before the run completed. */
  public IngestStats stats() {
    return stats;
  }

  public boolean closed() {
    return closed;
  }
}
