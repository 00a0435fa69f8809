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
  NAME_BY_CLIENT(8);

  public final int code;

  SegmentKind(int code) {
    this.code = code;
  }

  public boolean isPostings() {
    return code <= 4;
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
