package org.dnslens.testdata.gen;

import java.util.SplittableRandom;

/** An actor that emits {@code count} events, each scheduled by {@link #gapAfter(int)}. */
abstract class ScheduledActor implements TrafficSource {

  protected final SplittableRandom random;
  protected final MessageFactory factory;
  protected final DnsExchanges exchanges;
  protected final ActorTally tally;
  private final int count;
  private int emitted;
  private long nextStart;

  ScheduledActor(SplittableRandom random, MessageFactory factory, DnsExchanges exchanges, ActorTally tally,
      int count, long firstStart) {
    this.random = random;
    this.factory = factory;
    this.exchanges = exchanges;
    this.tally = tally;
    this.count = count;
    this.nextStart = firstStart;
  }

  @Override
  public final boolean hasNext() {
    return emitted < count;
  }

  @Override
  public final long nextStart() {
    return nextStart;
  }

  @Override
  public final void emitNext() {
    emit(nextStart, emitted);
    emitted++;
    nextStart += gapAfter(emitted - 1);
  }

  /** Emits event number {@code index} starting at {@code start}. */
  abstract void emit(long start, int index);

  /** Nanoseconds from the start of event {@code index} to the next one. */
  abstract long gapAfter(int index);

  static long seconds(double value) {
    return (long) (value * 1_000_000_000L);
  }
}
