package org.dnslens.storage.layout;

/**
 * The sorted key spaces a run writes as segment pages ({@code seg_page}). Codes are stored; never reorder.
 * Name keys are lower-case names with labels reversed ({@code com.example.www}, UTF-8), so an exact name
 * and a domain with all its subdomains are both key ranges; address keys are a family byte then the
 * address bytes, so a CIDR block is a key range.
 */
public enum SegmentKind {
  /** Query name → ids of the blocks holding a transaction with it. */
  NAME(1),
  /** Client address → block ids. */
  CLIENT(2),
  /** Server address → block ids. */
  SERVER(3),
  /** A/AAAA answer address → block ids. */
  ANSWER(4),
  /** Record owner name → (name as sent, type, data, first, last, count): passive DNS by name. */
  PDNS_NAME(5),
  /** A/AAAA address → the same passive-DNS entries: passive DNS by address. */
  PDNS_IP(6),
  /** Query name → (client, name as sent, first, last, count). */
  CLIENT_BY_NAME(7),
  /** Client address → (name as sent, first, last, count). */
  NAME_BY_CLIENT(8),
  /**
   * The name table of a run's part (schema V8): ordinal (4 bytes, big-endian) → name as sent (UTF-8, the
   * whole value). {@code PDNS_IP} and {@code NAME_BY_CLIENT} pages of {@link SegmentPage#FORMAT_NAME_ORDINALS}
   * store a name as its ordinal in the table of their own run and part ({@link NameTable}).
   */
  NAME_TABLE(9);

  public final int code;

  SegmentKind(int code) {
    this.code = code;
  }

  public boolean isPostings() {
    return code <= 4;
  }

  /** Passive-DNS and per-client kinds: values are read and written by {@link AggregateCodec}. */
  public boolean isAggregate() {
    return code >= 5 && code <= 8;
  }

  /** Whether the values of this kind's newest pages name their names by ordinal ({@link NameTable}). */
  public boolean usesNameTable() {
    return this == PDNS_IP || this == NAME_BY_CLIENT;
  }

  public static SegmentKind of(int code) {
    for (SegmentKind k : values()) {
      if (k.code == code) {
        return k;
      }
    }
    throw new IllegalStateException("unknown segment kind " + code + " (case written by a newer dnslens?)");
  }
}
