package org.dnslens.engine.conformance;

import java.util.ArrayList;
import java.util.List;
import org.dnslens.engine.ingest.IngestSink;
import org.dnslens.engine.ingest.IngestStats;
import org.dnslens.engine.ingest.SourceInfo;
import org.dnslens.engine.model.DecodeIssue;
import org.dnslens.engine.model.Transaction;

/** Keeps everything a run emits, for assertions. */
final class CollectingSink implements IngestSink {
  final List<Transaction> transactions = new ArrayList<>();
  final List<DecodeIssue> issues = new ArrayList<>();
  IngestStats stats;
  boolean closed;

  @Override
  public void begin(List<SourceInfo> sources) {}

  @Override
  public void transaction(Transaction transaction) {
    transactions.add(transaction);
  }

  @Override
  public void issue(DecodeIssue issue) {
    issues.add(issue);
  }

  @Override
  public void complete(IngestStats s) {
    this.stats = s;
  }

  @Override
  public void close() {
    closed = true;
  }
}
