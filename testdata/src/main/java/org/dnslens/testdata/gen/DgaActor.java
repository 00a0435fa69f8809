package org.dnslens.testdata.gen;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A DGA-infected client: {@value #BURSTS} bursts of {@value #BURST_SIZE} random 12-letter names under
 * random TLDs, 20-80 ms apart, all NXDOMAIN except one per burst that resolves; bursts 5 minutes apart.
 */
final class DgaActor extends ScheduledActor {

  static final int BURSTS = 6;
  static final int BURST_SIZE = 40;
  static final int LABEL_LENGTH = 12;
  private static final String[] TLDS = {"com", "net", "org", "info", "biz", "ru", "top", "xyz"};

  private final Peer client;
  private final Peer resolver;
  private final int[] resolvingIndex = new int[BURSTS];
  private final List<String> resolved = new ArrayList<>();

  DgaActor(SplittableRandom random, MessageFactory factory, DnsExchanges exchanges, TruthCounter truth,
      Peer client, Peer resolver, long start) {
    super(random, factory, exchanges, truth.actor("dga", client.ipv4Text(), resolver.ipv4Text(), ""),
        BURSTS * BURST_SIZE, start);
    this.client = client;
    this.resolver = resolver;
    for (int i = 0; i < BURSTS; i++) {
      resolvingIndex[i] = random.nextInt(BURST_SIZE);
    }
  }

  @Override
  void emit(long start, int index) {
    int burst = index / BURST_SIZE;
    String tld = TLDS[random.nextInt(TLDS.length)];
    Name name = Vocabulary.name(TunnelActor.label(random, LABEL_LENGTH).replace('2', 'q').replace('3', 'x')
        .replace('4', 'k').replace('5', 'f').replace('6', 'w').replace('7', 'j') + "." + tld);
    Message query = factory.query(random, name, Type.A, MessageFactory.EDNS_PAYLOAD_SMALL, client);
    Message reply;
    if (index % BURST_SIZE == resolvingIndex[burst]) {
      reply = factory.reply(random, query, Rcode.NOERROR, false);
      reply.addRecord(new ARecord(name, DClass.IN, 300,
          MessageFactory.address(MessageFactory.randomAddress(random, false))), Section.ANSWER);
      resolved.add(name.toString(true));
      tally.domain(String.join(" ", resolved));
    } else {
      reply = factory.nxdomain(random, query, Vocabulary.name(tld));
    }
    exchanges.udp(random, client, DnsExchanges.ephemeralPort(random), resolver, 53, false, new long[] {start},
        query, reply, start + DnsExchanges.micros(random, 5_000, 40_000), false, tally);
  }

  @Override
  long gapAfter(int index) {
    return (index + 1) % BURST_SIZE == 0 ? seconds(300) : DnsExchanges.micros(random, 20_000, 80_000);
  }
}
