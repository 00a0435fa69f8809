package org.dnslens.cli.casework;

import java.util.function.Consumer;
import org.dnslens.casework.CaseScanner;
import org.dnslens.casework.TransactionReplay;
import org.dnslens.engine.model.Transaction;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.search.SearchQuery;
import org.dnslens.storage.search.StoredTransaction;

/**
 * Every transaction of a case, rebuilt as the engine's model, for {@code hunt} and {@code ioc match}: a thin
 * delegate to the shared {@link TransactionReplay} and {@link CaseScanner} (module casework, also used by the
 * GUI and by {@code export --case}), so detectors and IOC matching see a case exactly as a capture.
 */
public final class CaseTransactions {
  /** Transactions fetched per page. */
  public static final int PAGE_SIZE = CaseScanner.PAGE_ROWS;

  private final CaseDatabase db;
  private final TransactionReplay replay = new TransactionReplay();

  public CaseTransactions(CaseDatabase db) {
    this.db = db;
  }

  /** Calls {@code each} for every transaction in capture-time order; returns how many there were. */
  public long forEach(Consumer<Transaction> each) {
    return new CaseScanner(db).forEach(SearchQuery.all(), Long.MAX_VALUE, s -> each.accept(rebuild(s)), CaseScanner.Progress.NONE);
  }

  /** The engine's transaction for a stored one (frame references use the case's source ids). */
  public Transaction rebuild(StoredTransaction s) {
    return replay.rebuild(s);
  }
}
