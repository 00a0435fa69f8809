package org.dnslens.engine.model;

/**
 * One resource record of the answer, authority or additional section.
 *
 * @param dnsClass the 16-bit class as sent (mDNS sets the top bit as cache-flush)
 * @param ttl the 32-bit TTL as sent, unsigned
 * @param data rdata in presentation format (RFC 3597 {@code \# len hex} for types without one)
 * @param rdata typed fields for the common types, or null for a type without a typed form or an rdata
 *     that did not decode
 */
public record ResourceRecord(
    Section section, DnsName name, int type, int dnsClass, long ttl, String data, RData rdata) {}
