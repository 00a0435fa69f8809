package org.dnslens.testdata.gen;

import java.util.SplittableRandom;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Beaconing: one fixed name queried every {@code beaconIntervalSeconds} (default 60 s) ± up to {@code
 * beaconJitterSeconds} (default 2 s, uniform) for six hours, always the same answer.
 */
final class BeaconActor extends ScheduledActor {

  static final int INTERVAL_SECONDS = 60;
  static final double JITTER_SECONDS = 2.0;
  static final int QUERIES = 6 * 3_600 / INTERVAL_SECONDS;
  static final double DURATION_SECONDS = 6 * 3_600.0;

  private final Peer client;
  private final Peer resolver;
  private final Name name;
  private final byte[] address;
  private final double intervalSeconds;
  private final double jitterSeconds;

  BeaconActor(SplittableRandom random, MessageFactory factory, DnsExchanges exchanges, TruthCounter truth,
      Peer client, Peer resolver, long start, double intervalSeconds, double jitterSeconds) {
    super(random, factory, exchanges, truth.actor("beacon", client.ipv4Text(), resolver.ipv4Text(), ""),
        queries(intervalSeconds), start);
    this.intervalSeconds = intervalSeconds;
    this.jitterSeconds = jitterSeconds;
    this.client = client;
    this.resolver = resolver;
    this.name = Vocabulary.name("status." + TunnelActor.label(random, 8) + "-telemetry.com");
    this.address = MessageFactory.randomAddress(random, false);
    tally.domain(name.toString(true));
  }

  @Override
  void emit(long start, int index) {
    Message query = factory.query(random, name, Type.A, MessageFactory.EDNS_PAYLOAD_SMALL, client);
    Message reply = factory.reply(random, query, Rcode.NOERROR, false);
    reply.addRecord(new ARecord(name, DClass.IN, 30, MessageFactory.address(address)), Section.ANSWER);
    exchanges.udp(random, client, DnsExchanges.ephemeralPort(random), resolver, 53, false, new long[] {start},
        query, reply, start + DnsExchanges.micros(random, 300, 2_000), false, tally);
  }

  @Override
  long gapAfter(int index) {
    return seconds(intervalSeconds + (random.nextDouble() * 2 - 1) * jitterSeconds);
  }

  /** Six hours of beacons: {@value #QUERIES} at the default period. */
  static int queries(double intervalSeconds) {
    return Math.max(1, (int) Math.round(DURATION_SECONDS / intervalSeconds));
  }
}
