package org.dnslens.engine.ioc;

/** The list formats {@link IocListReader} understands. */
public enum IocFormat {
  /** Plain text: one entry per line, defanged forms, URLs, hosts-file lines, wildcards, CIDRs. */
  TEXT,
  /** Comma-separated values with a header row (RFC 4180 quoting). */
  CSV,
  /** A STIX 2.1 bundle (or a lone indicator object, or an array of objects). */
  STIX,
  /** A MISP event export ({@code {"Event": ...}}, a REST {@code response}, or an array of events). */
  MISP
}
