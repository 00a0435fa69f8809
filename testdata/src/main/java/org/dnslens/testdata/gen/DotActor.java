package org.dnslens.testdata.gen;

import java.util.SplittableRandom;

/**
 * DNS over TLS seen from outside: TCP connections to port 853 (handshake and close). They carry no
 * DNS message in clear, so they count as connections, not transactions.
 */
final class DotActor extends ScheduledActor {

  static final int CONNECTIONS = 20;
  static final int DOT_PORT = 853;

  private final Peer client;
  private final Peer server;

  DotActor(SplittableRandom random, MessageFactory factory, DnsExchanges exchanges, TruthCounter truth,
      Peer client, Peer server, long start) {
    super(random, factory, exchanges, truth.actor("dot", client.ipv4Text(), server.ipv4Text(), ""), CONNECTIONS,
        start);
    this.client = client;
    this.server = server;
  }

  @Override
  void emit(long start, int index) {
    exchanges.emptyTcpConnection(random, client, server, DOT_PORT, false, start,
        DnsExchanges.micros(random, 200, 1_500), tally);
  }

  @Override
  long gapAfter(int index) {
    return DnsExchanges.micros(random, 10_000_000, 40_000_000);
  }
}
