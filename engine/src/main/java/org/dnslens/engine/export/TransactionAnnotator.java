package org.dnslens.engine.export;

import java.util.Map;
import org.dnslens.engine.model.Transaction;

/**
 * Adds fields of its own to a transaction's output (IOC hits found on the fly, for instance). Values are
 * plain Java: String, Number, Boolean, List and Map of those, so implementations need no Jackson.
 */
@FunctionalInterface
public interface TransactionAnnotator {
  TransactionAnnotator NONE = tx -> Map.of();

  /** Fields to add, in iteration order; empty for none. */
  Map<String, Object> annotate(Transaction tx);
}
