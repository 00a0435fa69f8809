package org.dnslens.engine.model;

import java.util.List;
import java.util.Objects;

/**
 * One resource record of the answer, authority or additional section.
 *
 * <p>A final class with a record's API (canonical constructor, accessors, value {@code equals}/{@code
 * hashCode}/{@code toString}) rather than a {@code record}, for one reason: {@link #data()} may be
 * made lazily. The decoder used to build the presentation text of every record at decode time, and the
 * NDJSON writer then re-encoded it; for A/AAAA, the single-name types and MX the text follows from
 * {@link #rdata()} alone (TXT too since session 17: its strings were escaped into a builder per record,
 * about 7 % of the reader thread; SOA since session 18, the authority record of every NXDOMAIN and NODATA
 * reply), so the decoder now passes {@code null} and the text is made on first call —
 * the NDJSON writer writes those rdata straight into its buffer and never asks (docs/PERFORMANCE.md:
 * DNS decode about 25 % cheaper in thread CPU). Equality compares {@link #data()}, so a lazy record
 * equals an eager one with the same content.
 *
 * @param dnsClass the 16-bit class as sent (mDNS sets the top bit as cache-flush)
 * @param ttl the 32-bit TTL as sent, unsigned
 * @param data rdata in presentation format (RFC 3597 {@code \# len hex} for types without one)
 * @param rdata typed fields for the common types, or null for a type without a typed form or an rdata
 *     that did not decode
 */
public final class ResourceRecord {
  private final Section section;
  private final DnsName name;
  private final int type;
  private final int dnsClass;
  private final long ttl;
  private final RData rdata;
  /**
   * The presentation text, or null until first asked for when it can be derived from {@link #rdata}.
   * A benign race: two threads may both build it; String is immutable and either result is the same.
   */
  private String data;

  /**
   * @param data the presentation text; when null and {@code rdata} is an {@link RData.Address}, {@link
   *     RData.Target}, {@link RData.Mx}, {@link RData.Txt} or {@link RData.Soa}, the text is derived on
   *     demand (otherwise it stays null)
   */
  public ResourceRecord(
      Section section, DnsName name, int type, int dnsClass, long ttl, String data, RData rdata) {
    this.section = section;
    this.name = name;
    this.type = type;
    this.dnsClass = dnsClass;
    this.ttl = ttl;
    this.data = data;
    this.rdata = rdata;
  }

  /** Whether {@link #derivedData} can render this rdata: the types the decoder leaves lazy. */
  public static boolean derivable(RData rdata) {
    return rdata instanceof RData.Address
        || rdata instanceof RData.Target
        || rdata instanceof RData.Mx
        || rdata instanceof RData.Txt
        || rdata instanceof RData.Soa;
  }

  public Section section() {
    return section;
  }

  public DnsName name() {
    return name;
  }

  public int type() {
    return type;
  }

  public int dnsClass() {
    return dnsClass;
  }

  public long ttl() {
    return ttl;
  }

  /** rdata in presentation format (zone-file text, names absolute); see the class comment. */
  public String data() {
    String d = data;
    if (d == null && derivable(rdata)) {
      d = derivedData(rdata);
      data = d;
    }
    return d;
  }

  /**
   * Whether {@link #data()} is still to be derived from {@link #rdata()} (so a writer may render the
   * rdata itself, exactly as {@link #derivedData} would, without making the String).
   */
  public boolean dataIsDerived() {
    return data == null && derivable(rdata);
  }

  public RData rdata() {
    return rdata;
  }

  /**
   * The presentation text of the derivable types, exactly as the decoder wrote it eagerly before:
   * address text (RFC 5952 for IPv6), names absolute with the trailing dot ({@code "."} for the root).
   */
  static String derivedData(RData rdata) {
    if (rdata instanceof RData.Address a) {
      return a.address().toString();
    }
    if (rdata instanceof RData.Target t) {
      return absolute(t.target());
    }
    if (rdata instanceof RData.Mx mx) {
      return mx.preference() + " " + absolute(mx.exchange());
    }
    if (rdata instanceof RData.Txt txt) {
      return txtText(txt.strings());
    }
    if (rdata instanceof RData.Soa soa) {
      return absolute(soa.mname()) + " " + absolute(soa.rname()) + " " + soa.serial() + " "
          + soa.refresh() + " " + soa.retry() + " " + soa.expire() + " " + soa.minimum();
    }
    throw new IllegalStateException("not derivable: " + rdata);
  }

  /**
   * TXT presentation text as dnsjava writes it: each character-string in double quotes, separated by
   * spaces, with {@code "} and {@code \} backslash-escaped and bytes below 0x20 or from 0x7f as {@code
   * \DDD}. The strings hold one char per wire byte (ISO-8859-1).
   */
  static String txtText(List<String> strings) {
    // Sized exactly by a counting pass: ingest asks every TXT answer's text (passive DNS), and a builder
    // sized for the worst case (4 chars a byte) made four times the garbage of plain text, while one
    // sized by the byte count grew several times over tunnel data (mostly \DDD escapes).
    int size = 0;
    for (String s : strings) {
      size += 3 + s.length();
      for (int i = 0, n = s.length(); i < n; i++) {
        char c = s.charAt(i);
        size += (c < 0x20 || c >= 0x7f) ? 3 : (c == '"' || c == '\\') ? 1 : 0;
      }
    }
    StringBuilder sb = new StringBuilder(size);
    for (String s : strings) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append('"');
      for (int i = 0, n = s.length(); i < n; i++) {
        char c = s.charAt(i);
        if (c < 0x20 || c >= 0x7f) {
          sb.append('\\').append((char) ('0' + c / 100)).append((char) ('0' + (c / 10) % 10));
          sb.append((char) ('0' + c % 10));
        } else if (c == '"' || c == '\\') {
          sb.append('\\').append(c);
        } else {
          sb.append(c);
        }
      }
      sb.append('"');
    }
    return sb.toString();
  }

  private static String absolute(DnsName n) {
    return n.isRoot() ? "." : n.toString() + ".";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResourceRecord r
        && type == r.type
        && dnsClass == r.dnsClass
        && ttl == r.ttl
        && section == r.section
        && Objects.equals(name, r.name)
        && Objects.equals(data(), r.data())
        && Objects.equals(rdata, r.rdata);
  }

  @Override
  public int hashCode() {
    int h = Objects.hashCode(section);
    h = 31 * h + Objects.hashCode(name);
    h = 31 * h + Integer.hashCode(type);
    h = 31 * h + Integer.hashCode(dnsClass);
    h = 31 * h + Long.hashCode(ttl);
    h = 31 * h + Objects.hashCode(data());
    h = 31 * h + Objects.hashCode(rdata);
    return h;
  }

  /** The same text a {@code record} would give. */
  @Override
  public String toString() {
    return "ResourceRecord[section=" + section + ", name=" + name + ", type=" + type + ", dnsClass="
        + dnsClass + ", ttl=" + ttl + ", data=" + data() + ", rdata=" + rdata + "]";
  }
}
