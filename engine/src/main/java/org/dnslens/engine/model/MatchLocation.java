package org.dnslens.engine.model;

import java.util.Locale;

/** Where in a transaction an indicator matched. Stable names: they appear in output and in cases. */
public enum MatchLocation {
  /** A question name (of the query or of a reply). */
  QNAME,
  CNAME_TARGET,
  DNAME_TARGET,
  NS_TARGET,
  MX_TARGET,
  PTR_TARGET,
  SRV_TARGET,
  /** Target name of an SVCB or HTTPS record. */
  SVCB_TARGET,
  /** Target of an obsolete single-name type (MB, MD, MF, MG, MR). */
  OTHER_TARGET,
  /** A or AAAA record data, in any section. */
  ANSWER_IP,
  CLIENT_IP,
  SERVER_IP,
  /** The owner name of a record that was not already hit as a question name or a target. */
  RECORD_OWNER;

  /** Stable name for output: {@code qname}, {@code cname_target}, ... */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
