package org.dnslens.engine.export.delivery;

/**
 * One record to deliver: a JSON object (UTF-8, no newline) as the NDJSON logs write it, the key that
 * partitions it (Kafka) and its capture time (fluentd event time, syslog TIMESTAMP).
 *
 * @param key partition key, or null for none
 * @param timeNanos capture time, nanoseconds since the epoch
 * @param json one JSON object, UTF-8
 */
public record DeliveryEvent(String key, long timeNanos, byte[] json) {}
