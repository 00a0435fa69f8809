package org.dnslens.engine.model;

/** What an indicator of compromise names, and so how it matches. */
public enum IocKind {
  /** A domain: matches the name itself and every name below it (unless matching runs in exact mode). */
  DOMAIN,
  /** A single host name (from a URL or a MISP {@code hostname}): matches that name only. */
  DOMAIN_EXACT,
  /** One IPv4 or IPv6 address. */
  IP,
  /** An IPv4 or IPv6 network in CIDR notation. */
  CIDR
}
