package org.dnslens.engine.export.delivery;

/**
 * What a delivery did: every record submitted ends up counted in {@code sent} or {@code spilled}.
 *
 * @param sent records the peer accepted (acknowledged where the protocol has acks)
 * @param retried send attempts repeated after a failure, counted per record
 * @param spilled records written to the spill file after the retries ran out
 */
public record DeliveryStats(long sent, long retried, long spilled) {}
