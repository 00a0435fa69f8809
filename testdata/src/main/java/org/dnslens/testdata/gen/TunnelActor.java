package org.dnslens.testdata.gen;

import java.util.List;
import java.util.SplittableRandom;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.NULLRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * DNS tunnelling: unique base32 labels of 50-63 characters (sometimes two) under one domain, TXT, NULL
 * and CNAME queries, large TXT replies, every 0.2-1.2 s.
 */
final class TunnelActor extends ScheduledActor {

  static final int QUERIES = 400;
  private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

  private final Peer client;
  private final Peer resolver;
  private final Name domain;

  TunnelActor(SplittableRandom random, MessageFactory factory, DnsExchanges exchanges, TruthCounter truth,
      Peer client, Peer resolver, long start) {
    super(random, factory, exchanges, truth.actor("tunnel", client.ipv4Text(), resolver.ipv4Text(), ""),
        QUERIES, start);
    this.client = client;
    this.resolver = resolver;
    this.domain = Vocabulary.name("t." + label(random, 6) + "-sync.net");
    tally.domain(domain.toString(true));
  }

  @Override
  void emit(long start, int index) {
    String labels = label(random, 50 + random.nextInt(14));
    if (random.nextInt(3) == 0) {
      labels += "." + label(random, 30 + random.nextInt(34));
    }
    Name name = Vocabulary.concat(Vocabulary.relative(labels), domain);
    double roll = random.nextDouble();
    int type = roll < 0.6 ? Type.TXT : roll < 0.8 ? Type.NULL : Type.CNAME;
    Message query = factory.query(random, name, type, MessageFactory.EDNS_PAYLOAD_LARGE, client);
    Message reply = factory.reply(random, query, Rcode.NOERROR, false);
    switch (type) {
      case Type.TXT -> {
        int strings = 2 + random.nextInt(3);
        String[] parts = new String[strings];
        for (int i = 0; i < strings; i++) {
          parts[i] = MessageFactory.token(random, 200 + random.nextInt(55));
        }
        reply.addRecord(new TXTRecord(name, DClass.IN, 0, List.of(parts)), Section.ANSWER);
      }
      case Type.NULL -> {
        byte[] data = new byte[100 + random.nextInt(120)];
        random.nextBytes(data);
        reply.addRecord(new NULLRecord(name, DClass.IN, 0, data), Section.ANSWER);
      }
      default -> reply.addRecord(new CNAMERecord(name, DClass.IN, 0,
          Vocabulary.concat(Vocabulary.relative(label(random, 40 + random.nextInt(20))), domain)), Section.ANSWER);
    }
    // The answer comes from the tunnel server through the resolver: a slow, uncached round trip.
    long replyTime = start + DnsExchanges.micros(random, 20_000, 90_000);
    exchanges.udp(random, client, DnsExchanges.ephemeralPort(random), resolver, 53, false, new long[] {start},
        query, reply, replyTime, false, tally);
  }

  @Override
  long gapAfter(int index) {
    return DnsExchanges.micros(random, 200_000, 1_200_000);
  }

  static String label(SplittableRandom random, int length) {
    char[] out = new char[length];
    for (int i = 0; i < length; i++) {
      out[i] = BASE32[random.nextInt(BASE32.length)];
    }
    return new String(out);
  }
}
