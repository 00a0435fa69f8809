package org.dnslens.engine.detect;

import org.dnslens.engine.model.Transaction;

/**
 * The lower-case question name and its registrable domain of the transaction being added, computed once
 * and shared by the detectors of a suite (each would otherwise render the name and look up the Public
 * Suffix List again). Remembers only the last transaction. Not thread-safe, like the detectors.
 */
final class NameFacts {
  private final RegistrableDomains domains = new RegistrableDomains();
  private Transaction last;
  private String name;
  private String domain;

  /** The question name in lower case without the final dot, or null without a question. */
  String name(Transaction tx) {
    load(tx);
    return name;
  }

  /** The registrable domain of the question name, or null without a question. */
  String domain(Transaction tx) {
    load(tx);
    if (domain == null && name != null) {
      domain = domains.of(name);
    }
    return domain;
  }

  private void load(Transaction tx) {
    if (tx != last) {
      last = tx;
      name = Transactions.queryName(tx);
      domain = null;
    }
  }
}
