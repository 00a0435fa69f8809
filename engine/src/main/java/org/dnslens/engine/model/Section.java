package org.dnslens.engine.model;

import java.util.Locale;

/** The four sections of a DNS message. */
public enum Section {
  QUESTION,
  ANSWER,
  AUTHORITY,
  ADDITIONAL;

  /** Computed once: output calls label() per line, and toLowerCase would allocate each time. */
  private final String label = name().toLowerCase(Locale.ROOT);


  public String label() {
    return label;
  }
}
