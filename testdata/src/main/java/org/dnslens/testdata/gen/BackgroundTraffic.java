package org.dnslens.testdata.gen;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Ordinary clients querying the local resolvers: UDP (IPv4 and a share of IPv6) with ~2% unanswered,
 * ~1% retransmitted, some resolver → upstream legs, and a share of TCP sessions carrying one to four
 * transactions.
 */
final class BackgroundTraffic implements TrafficSource {

  static final double UNANSWERED_SHARE = 0.02;
  static final double RETRANSMIT_SHARE = 0.01;
  static final long RETRANSMIT_AFTER_NANOS = 1_000_000_000L;

  private final GeneratorConfig config;
  private final SplittableRandom random;
  private final MessageFactory factory;
  private final DnsExchanges exchanges;
  private final Network network;
  private final double meanGapNanos;
  private long remaining;
  private long nextStart;

  BackgroundTraffic(GeneratorConfig config, SplittableRandom random, MessageFactory factory,
      DnsExchanges exchanges, Network network) {
    this.config = config;
    this.random = random;
    this.factory = factory;
    this.exchanges = exchanges;
    this.network = network;
    this.meanGapNanos = config.meanGapMicros() * 1_000.0;
    this.remaining = config.transactions();
    this.nextStart = config.startEpochNanos();
  }

  @Override
  public boolean hasNext() {
    return remaining > 0;
  }

  @Override
  public long nextStart() {
    return nextStart;
  }

  @Override
  public void emitNext() {
    long t = nextStart;
    List<Peer> clients = network.clients();
    double u = random.nextDouble();
    Peer client = clients.get((int) (clients.size() * u * u));
    Peer resolver = network.resolvers().get(random.nextInt(network.resolvers().size()));
    boolean v6 = random.nextDouble() < config.ipv6Share();
    if (random.nextDouble() < config.tcpShare()) {
      int sessionSize = random.nextDouble() < 0.3 ? 2 + random.nextInt(3) : 1;
      sessionSize = (int) Math.min(sessionSize, remaining);
      List<DnsExchanges.Exchange> session = new ArrayList<>(sessionSize);
      for (int i = 0; i < sessionSize; i++) {
        // Large replies over IPv6 TCP are fine: TCP segments at the MSS.
        MessageFactory.Pair pair = factory.background(random, client, true);
        session.add(new DnsExchanges.Exchange(pair.query(), pair.reply()));
      }
      exchanges.tcpSession(random, client, resolver, 53, v6, t, DnsExchanges.micros(random, 150, 1_500), session,
          null);
      remaining -= sessionSize;
    } else {
      udp(t, client, resolver, v6);
      remaining--;
    }
    nextStart = t + (long) (-Math.log(1.0 - random.nextDouble()) * meanGapNanos);
  }

  private void udp(long t, Peer client, Peer resolver, boolean v6) {
    MessageFactory.Pair pair = factory.background(random, client, !v6);
    boolean answered = random.nextDouble() >= UNANSWERED_SHARE;
    int copies = 1;
    if (random.nextDouble() < RETRANSMIT_SHARE || (!answered && random.nextBoolean())) {
      copies = answered ? 2 : 2 + random.nextInt(2);
    }
    long[] queryTimes = new long[copies];
    queryTimes[0] = t;
    for (int i = 1; i < copies; i++) {
      queryTimes[i] = queryTimes[i - 1] + RETRANSMIT_AFTER_NANOS + DnsExchanges.micros(random, 0, 100_000);
    }
    long lastQuery = queryTimes[copies - 1];
    long replyTime = lastQuery + DnsExchanges.micros(random, 150, 2_500);
    if (answered && random.nextDouble() < config.upstreamShare()) {
      replyTime = upstreamLeg(lastQuery, resolver, v6, pair);
    }
    exchanges.udp(random, client, DnsExchanges.ephemeralPort(random), resolver, 53, v6, queryTimes,
        pair.query(), answered ? pair.reply() : null, replyTime, false, null);
  }

  /** The resolver asks an upstream server the same question; returns when the client reply goes out. */
  private long upstreamLeg(long clientQueryTime, Peer resolver, boolean v6, MessageFactory.Pair pair) {
    Peer upstream = network.upstreams().get(random.nextInt(network.upstreams().size()));
    Record question = pair.query().getQuestion();
    long queryTime = clientQueryTime + DnsExchanges.micros(random, 40, 200);
    // Same advertised payload as the client, so a large answer stays plausible on the upstream leg too.
    org.xbill.DNS.OPTRecord clientOpt = pair.query().getOPT();
    int payload = clientOpt == null ? MessageFactory.EDNS_PAYLOAD_SMALL : clientOpt.getPayloadSize();
    Message upQuery = factory.query(random, question.getName(), question.getType(), payload, resolver);
    upQuery.getHeader().unsetFlag(org.xbill.DNS.Flags.RD);
    Message upReply = factory.reply(random, upQuery, pair.reply().getRcode(), true);
    upReply.getHeader().unsetFlag(org.xbill.DNS.Flags.RA);
    upReply.getHeader().unsetFlag(org.xbill.DNS.Flags.RD);
    for (int section : new int[] {Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL}) {
      for (Record record : pair.reply().getSection(section)) {
        if (record.getType() != Type.OPT) {
          upReply.addRecord(record, section);
        }
      }
    }
    long replyTime = queryTime + DnsExchanges.micros(random, 8_000, 80_000);
    exchanges.udp(random, resolver, DnsExchanges.ephemeralPort(random), upstream, 53, v6,
        new long[] {queryTime}, upQuery, upReply, replyTime, true, null);
    return replyTime + DnsExchanges.micros(random, 30, 300);
  }
}
