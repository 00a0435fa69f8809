package org.dnslens.engine.model;

import java.util.Locale;

/** How a query and its reply(ies) ended up. */
public enum TransactionStatus {
  /** Query and reply seen. */
  ANSWERED,
  /** Query seen, no reply within the capture-time timeout (or evicted; see the transaction's reason). */
  UNANSWERED,
  /** Reply seen without its query. */
  ORPHAN_REPLY,
  /** Query answered by two or more different replies (a spoofing or race signal); all are kept. */
  DUPLICATE_REPLY;

  /** Computed once: output calls label() per line, and toLowerCase would allocate each time. */
  private final String label = name().toLowerCase(Locale.ROOT);

  /** Stable name for output: {@code answered}, {@code unanswered}, {@code orphan_reply}, ... */
  public String label() {
    return label;
  }

  /** The status for a stable name, any case; null if unknown. */
  public static TransactionStatus fromLabel(String label) {
    for (TransactionStatus s : values()) {
      if (s.label().equalsIgnoreCase(label.strip())) {
        return s;
      }
    }
    return null;
  }
}
