package org.dnslens.engine.model;

import java.util.Locale;

/** How urgent a finding is, derived from its score alone so that every detector grades alike. */
public enum Severity {
  /** Score 0..39: worth a look when hunting, not an alert. */
  LOW,
  /** Score 40..69. */
  MEDIUM,
  /** Score 70..89. */
  HIGH,
  /** Score 90..100. */
  CRITICAL;

  /** The severity of a score in 0..100. */
  public static Severity ofScore(int score) {
    if (score < 0 || score > 100) {
      throw new IllegalArgumentException("score " + score + " outside 0..100");
    }
    if (score >= 90) {
      return CRITICAL;
    }
    if (score >= 70) {
      return HIGH;
    }
    return score >= 40 ? MEDIUM : LOW;
  }

  /** Stable lower-case name for output and the database. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The severity for a stable name, any case; null if unknown. */
  public static Severity fromLabel(String label) {
    for (Severity s : values()) {
      if (s.label().equalsIgnoreCase(label.strip())) {
        return s;
      }
    }
    return null;
  }
}
