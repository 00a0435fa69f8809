package org.dnslens.testdata.gen;

import java.util.SplittableRandom;

/** Resolver bypass: a client sending ordinary queries straight to a public resolver (8.8.8.8). */
final class BypassActor extends ScheduledActor {

  static final int QUERIES = 200;

  private final Peer client;
  private final Peer server;

  BypassActor(SplittableRandom random, MessageFactory factory, DnsExchanges exchanges, TruthCounter truth,
      Peer client, Peer server, long start) {
    super(random, factory, exchanges, truth.actor("bypass", client.ipv4Text(), server.ipv4Text(), ""), QUERIES,
        start);
    this.client = client;
    this.server = server;
  }

  @Override
  void emit(long start, int index) {
    MessageFactory.Pair pair = factory.background(random, client, true);
    exchanges.udp(random, client, DnsExchanges.ephemeralPort(random), server, 53, false, new long[] {start},
        pair.query(), pair.reply(), start + DnsExchanges.micros(random, 8_000, 25_000), false, tally);
  }

  @Override
  long gapAfter(int index) {
    return DnsExchanges.micros(random, 500_000, 3_000_000);
  }
}
