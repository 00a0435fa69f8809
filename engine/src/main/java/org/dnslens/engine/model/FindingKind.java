package org.dnslens.engine.model;

import java.util.Locale;

/** What a detector found. Labels are stable API: they appear in output, in the case and on the CLI. */
public enum FindingKind {
  /** Data carried in query names (and replies) to one domain: tunneling or exfiltration. */
  TUNNELING,
  /** Queries for one name or domain at regular intervals: a C2 beacon. */
  BEACONING,
  /** A storm of failed, random-looking names from one client: a domain generation algorithm. */
  NXDOMAIN_BURST,
  /** A client asking servers other than the internal resolvers. */
  RESOLVER_BYPASS,
  /** DNS on a port that is not a DNS port. */
  NONSTANDARD_PORT,
  /** DNS over TLS (853) or HTTPS seen in the data, or queries to a public DoH/DoT resolver. */
  ENCRYPTED_DNS,
  /** ANY, NULL, AXFR or IXFR queries from a client. */
  ODD_QUERY_TYPE,
  /** A name answered with many addresses in many networks and short TTLs. */
  FAST_FLUX;

  /** Stable name: {@code tunneling}, {@code nxdomain_burst}, ... */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind for a stable name, any case; null if unknown. */
  public static FindingKind fromLabel(String label) {
    for (FindingKind k : values()) {
      if (k.label().equalsIgnoreCase(label.strip())) {
        return k;
      }
    }
    return null;
  }
}
