package org.dnslens.testdata.gen;

import java.util.SplittableRandom;
import org.xbill.DNS.DClass;
import org.xbill.DNS.HINFORecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** ANY queries for popular domains, answered the RFC 8482 way (one synthesised HINFO). */
final class AnyQueryActor extends ScheduledActor {

  static final int QUERIES = 50;

  private final Peer client;
  private final Peer resolver;

  AnyQueryActor(SplittableRandom random, MessageFactory factory, DnsExchanges exchanges, TruthCounter truth,
      Peer client, Peer resolver, long start) {
    super(random, factory, exchanges, truth.actor("any", client.ipv4Text(), resolver.ipv4Text(), ""), QUERIES,
        start);
    this.client = client;
    this.resolver = resolver;
  }

  @Override
  void emit(long start, int index) {
    Name name = factory.vocabulary().popularDomain(random);
    Message query = factory.query(random, name, Type.ANY, MessageFactory.EDNS_PAYLOAD_SMALL, client);
    Message reply = factory.reply(random, query, Rcode.NOERROR, false);
    reply.addRecord(new HINFORecord(name, DClass.IN, 3_600, "RFC8482", ""), Section.ANSWER);
    exchanges.udp(random, client, DnsExchanges.ephemeralPort(random), resolver, 53, false, new long[] {start},
        query, reply, start + DnsExchanges.micros(random, 300, 3_000), false, tally);
  }

  @Override
  long gapAfter(int index) {
    return DnsExchanges.micros(random, 1_000_000, 5_000_000);
  }
}
