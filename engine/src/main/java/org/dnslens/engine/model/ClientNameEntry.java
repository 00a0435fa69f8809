package org.dnslens.engine.model;

/**
 * Who asked for what: one (client, name, type) with when and how often.
 *
 * @param client the querying address
 * @param name the question name, presentation format, ASCII lower-cased
 * @param qtype the question type
 * @param firstSeenNanos capture time of the earliest query
 * @param lastSeenNanos capture time of the latest query
 * @param count number of transactions (retransmissions of one query are not counted again)
 */
public record ClientNameEntry(
    IpAddress client, String name, int qtype, long firstSeenNanos, long lastSeenNanos, long count) {}
