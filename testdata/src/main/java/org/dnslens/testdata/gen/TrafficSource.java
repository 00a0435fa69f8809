package org.dnslens.testdata.gen;

/**
 * A stream of transactions in start-time order. The generator merges sources by {@link #nextStart()}; a
 * source emits all frames of one transaction (or TCP session) at once, none earlier than its start and
 * none later than {@link PacketTimeline#MAX_TRANSACTION_SPAN_NANOS} after it.
 */
interface TrafficSource {

  boolean hasNext();

  long nextStart();

  /** Emits the transaction starting at {@link #nextStart()} and schedules the next one. */
  void emitNext();
}
