package org.dnslens.engine.detect;

import java.util.List;
import org.dnslens.engine.model.Finding;
import org.dnslens.engine.model.Transaction;

/**
 * A hunting detector over transactions. Transactions arrive in roughly capture-time order; all time in a
 * detector is capture time. State is bounded: each detector caps the keys it tracks with named {@code
 * MAX_} limits and counts what it had to leave out ({@link #overflowCount()}).
 *
 * <p>Not thread-safe: one detector per ingest run, fed from one thread.
 */
public interface Detector {

  /** Short stable name for logs and statistics ({@code tunneling}, {@code beaconing}, ...). */
  String name();

  /** Takes one transaction into account. */
  void add(Transaction tx);

  /** Scores what was seen and returns the findings, best first. Call once, after the last {@link #add}. */
  List<Finding> finish();

  /** How many keys (or values) were not tracked because a {@code MAX_} limit was reached. */
  long overflowCount();
}
