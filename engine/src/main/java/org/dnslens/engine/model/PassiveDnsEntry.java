package org.dnslens.engine.model;

/**
 * Passive DNS: one (name, type, data) seen in replies, with when and how often.
 *
 * @param name owner name, presentation format, ASCII lower-cased (RFC 4343; as DNSDB does)
 * @param type record type number
 * @param data rdata in presentation format; lower-cased only for types whose rdata is made of names
 * @param firstSeenNanos capture time of the earliest reply holding it, nanoseconds since the epoch
 * @param lastSeenNanos capture time of the latest reply holding it
 * @param count number of records seen (one per reply message section entry)
 */
public record PassiveDnsEntry(
    String name, int type, String data, long firstSeenNanos, long lastSeenNanos, long count) {}
