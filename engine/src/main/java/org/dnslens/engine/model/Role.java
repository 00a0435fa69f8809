package org.dnslens.engine.model;

/**
 * Which leg of resolution a transaction is, named as packetlog and dnstap name them. The query's and
 * reply's own roles follow: a CLIENT transaction is CQ then CR, an UPSTREAM one SQ then SR.
 */
public enum Role {
  /** Stub client ↔ recursive resolver (CQ/CR). */
  CLIENT,
  /** Recursive resolver ↔ upstream/authoritative server (SQ/SR; dnstap RESOLVER_* and FORWARDER_*). */
  UPSTREAM,
  /** Seen by an authoritative server (dnstap AUTH_QUERY/AUTH_RESPONSE: AQ/AR). */
  AUTH,
  /** Dynamic update or other (dnstap UPDATE_*, TOOL_*, STUB_*). */
  OTHER,
  /** No resolver known, so the leg cannot be told. */
  UNKNOWN;

  /** Two-letter code of the query leg ({@code CQ}, {@code SQ}, {@code AQ}), or null. */
  public String queryCode() {
    switch (this) {
      case CLIENT:
        return "CQ";
      case UPSTREAM:
        return "SQ";
      case AUTH:
        return "AQ";
      default:
        return null;
    }
  }

  /** Two-letter code of the reply leg ({@code CR}, {@code SR}, {@code AR}), or null. */
  public String replyCode() {
    switch (this) {
      case CLIENT:
        return "CR";
      case UPSTREAM:
        return "SR";
      case AUTH:
        return "AR";
      default:
        return null;
    }
  }
}
