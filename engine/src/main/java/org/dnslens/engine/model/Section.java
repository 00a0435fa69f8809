package org.dnslens.engine.model;

import java.util.Locale;

/** The four sections of a DNS message. */
public enum Section {
  QUESTION,
  ANSWER,
  AUTHORITY,
  ADDITIONAL;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
