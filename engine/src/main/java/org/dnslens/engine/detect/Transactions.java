package org.dnslens.engine.detect;

import org.dnslens.engine.model.FrameRef;
import org.dnslens.engine.model.Question;
import org.dnslens.engine.model.Role;
import org.dnslens.engine.model.Transaction;

/** What the detectors read from a transaction, in one place. */
final class Transactions {
  private Transactions() {}

  /**
   * Whether the transaction is a client's own question (stub ↔ resolver) or the leg is unknown. The
   * resolver's upstream leg repeats its clients' questions; counting it would accuse the resolver and
   * hide the client, and a resolver's cache hides repeats there anyway.
   */
  static boolean isClientLeg(Transaction tx) {
    return tx.role() == Role.CLIENT || tx.role() == Role.UNKNOWN;
  }

  /** The question name in lower case without the final dot, or null without a question. */
  static String queryName(Transaction tx) {
    Question q = tx.question();
    return q == null ? null : q.name().toLowerCaseString();
  }

  /** The question type, or -1 without a question. */
  static int queryType(Transaction tx) {
    Question q = tx.question();
    return q == null ? -1 : q.type();
  }

  /** The frame of the query (of the reply for an orphan). */
  static FrameRef frame(Transaction tx) {
    return tx.first().meta().frame();
  }
}
