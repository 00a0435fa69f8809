package org.dnslens.engine.model;

/**
 * One entry of the question section.
 *
 * @param dnsClass the 16-bit class as sent (mDNS sets the top bit to ask for a unicast response)
 */
public record Question(DnsName name, int type, int dnsClass) {
  /** Same name (case-insensitively, RFC 4343), type and class: the pairing rule for a reply's question. */
  public boolean matches(Question other) {
    return type == other.type && dnsClass == other.dnsClass && name.equalsIgnoreCase(other.name);
  }
}
