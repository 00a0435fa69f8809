package org.dnslens.engine.model;

import java.util.List;

/**
 * One indicator of compromise read from a list.
 *
 * @param value the normalised value: a lower-case ASCII domain without the final dot (Unicode names in
 *     punycode), an RFC 5952 / dotted-quad IP, or a CIDR {@code network/length} with host bits cleared
 * @param kind how it matches
 * @param list the list it came from (file name, as given to the reader)
 * @param line 1-based line of the list where the entry is (for JSON: the line where its object starts),
 *     0 when unknown
 * @param objectId the STIX indicator id or MISP attribute uuid, or null for line-based lists
 * @param tags labels, tags or categories the list gives the entry, in list order; may be empty
 * @param description the indicator's name and/or description or a trailing comment, or null
 * @param validFrom STIX {@code valid_from} as written, or null
 * @param validUntil STIX {@code valid_until} as written, or null
 */
public record Ioc(
    String value,
    IocKind kind,
    String list,
    long line,
    String objectId,
    List<String> tags,
    String description,
    String validFrom,
    String validUntil) {

  public Ioc {
    tags = List.copyOf(tags);
  }

  /** Whether the value is a domain name (as opposed to an address or network). */
  public boolean isDomain() {
    return kind == IocKind.DOMAIN || kind == IocKind.DOMAIN_EXACT;
  }
}
