package org.dnslens.engine.model;

/** Whether a DNS message decoded completely or only up to a fault. */
public enum ParseStatus {
  COMPLETE,
  /** Header and what came before the fault are kept; the reason says what went wrong. */
  PARTIAL
}
