package org.dnslens.engine.ioc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.dnslens.engine.dns.DnsMessageDecoder;
import org.dnslens.engine.issue.IssueCounter;
import org.dnslens.engine.model.FrameRef;
import org.dnslens.engine.model.Ioc;
import org.dnslens.engine.model.IocKind;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.engine.model.PacketMeta;
import org.dnslens.engine.model.PortClass;
import org.dnslens.engine.model.RawDnsMessage;
import org.dnslens.engine.model.Role;
import org.dnslens.engine.model.Transaction;
import org.dnslens.engine.model.TransactionStatus;
import org.dnslens.engine.model.Transport;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.HTTPSRecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * The wire screen never says "no" where the matcher, run on the decoded message, finds a hit: for
 * messages built from names and addresses that share labels with the indicators (every section, every
 * name-bearing type, any case), for the same messages with bytes flipped (the decoder keeps what it can;
 * the screen must still not miss it), and for garbage (it never throws).
 */
class IocWireScreenProperties {
  private static final IpAddress ENDPOINT_A = IpAddress.parse("192.0.2.200");
  private static final IpAddress ENDPOINT_B = IpAddress.parse("192.0.2.201");

  private static Arbitrary<String> label() {
    return Arbitraries.of("a", "b", "evil", "notevil", "com", "x-y", "EVIL", "xn--bcher-kva", "_tcp", "arpa",
        "in-addr", "1", "2", "113", "0", "203", "a\\.b", "*", "\\195\\188");
  }

  private static Arbitrary<String> name() {
    return label().list().ofMinSize(0).ofMaxSize(5).map(l -> l.isEmpty() ? "." : String.join(".", l) + ".");
  }

  private static Arbitrary<String> address() {
    return Arbitraries.of("203.0.113.1", "203.0.113.2", "198.51.100.7", "2001:db8::1", "2001:db8::2",
        "::ffff:203.0.113.1");
  }

  @Provide
  Arbitrary<List<Ioc>> iocs() {
    Arbitrary<Ioc> domain = Combinators.combine(
            label().filter(l -> !l.contains("\\") && !l.equals("*")).list().ofMinSize(1).ofMaxSize(3)
                .map(l -> String.join(".", l).toLowerCase()),
            Arbitraries.of(IocKind.DOMAIN, IocKind.DOMAIN_EXACT))
        .as((v, k) -> new Ioc(v, k, "p", 0, null, List.of(), null, null, null));
    Arbitrary<Ioc> ip = Arbitraries.of("203.0.113.1", "2001:db8::1", "198.51.100.7")
        .map(v -> new Ioc(v, IocKind.IP, "p", 0, null, List.of(), null, null, null));
    Arbitrary<Ioc> cidr = Arbitraries.of("203.0.113.0/24", "2001:db8::/32")
        .map(v -> new Ioc(v, IocKind.CIDR, "p", 0, null, List.of(), null, null, null));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, domain), net.jqwik.api.Tuple.of(1, ip), net.jqwik.api.Tuple.of(1, cidr))
        .list().ofMaxSize(12);
  }

  @Provide
  Arbitrary<byte[]> messages() {
    Arbitrary<Record> rr = Combinators.combine(name(), name(), address(), Arbitraries.integers().between(0, 9))
        .as(IocWireScreenProperties::record);
    return Combinators.combine(name(), rr.list().ofMaxSize(4), rr.list().ofMaxSize(3), rr.list().ofMaxSize(3),
            Arbitraries.of(Type.A, Type.PTR, Type.MX, Type.HTTPS))
        .as((q, an, ns, ar, qtype) -> {
          Message m = new Message(4711);
          m.getHeader().setFlag(Flags.QR);
          m.addRecord(Record.newRecord(Name.fromConstantString(q), qtype, DClass.IN), Section.QUESTION);
          an.forEach(r -> m.addRecord(r, Section.ANSWER));
          ns.forEach(r -> m.addRecord(r, Section.AUTHORITY));
          ar.forEach(r -> m.addRecord(r, Section.ADDITIONAL));
          return m.toWire();
        });
  }

  private static Record record(String owner, String target, String address, int kind) {
    try {
      Name o = Name.fromString(owner);
      Name t = Name.fromString(target);
      return switch (kind) {
        case 0 -> new CNAMERecord(o, DClass.IN, 60, t);
        case 1 -> new MXRecord(o, DClass.IN, 60, 10, t);
        case 2 -> new SRVRecord(o, DClass.IN, 60, 1, 1, 443, t);
        case 3 -> new NSRecord(o, DClass.IN, 60, t);
        case 4 -> new PTRRecord(o, DClass.IN, 60, t);
        case 5 -> new HTTPSRecord(o, DClass.IN, 60, 1, t, List.of());
        case 6 -> new SOARecord(o, DClass.IN, 60, t, t, 1, 2, 3, 4, 5);
        case 7 -> new TXTRecord(o, DClass.IN, 60, target);
        default -> address.contains(":")
            ? new AAAARecord(o, DClass.IN, 60, java.net.InetAddress.getByName(address))
            : new ARecord(o, DClass.IN, 60, java.net.InetAddress.getByName(address));
      };
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Property(tries = 2000)
  void theScreenNeverMissesWhatTheMatcherFinds(@ForAll("messages") byte[] wire, @ForAll("iocs") List<Ioc> iocs,
      @ForAll boolean exact) {
    Statistics.collect(check(wire, IocMatcher.of(iocs, exact)));
    // An always-true screen would pass the check: make sure both answers occur often.
    Statistics.coverage(c -> {
      c.check("hit").percentage(p -> p > 10);
      c.check("no hit, ruled out").percentage(p -> p > 10);
    });
  }

  @Property(tries = 2000)
  void orWhatItFindsInADamagedMessage(@ForAll("messages") byte[] wire, @ForAll("iocs") List<Ioc> iocs,
      @ForAll @IntRange(min = 1, max = 4) int flips, @ForAll long seed) {
    java.util.Random r = new java.util.Random(seed);
    byte[] damaged = wire.clone();
    for (int i = 0; i < flips; i++) {
      damaged[r.nextInt(damaged.length)] = (byte) r.nextInt(256);
    }
    if (r.nextBoolean()) {
      damaged = java.util.Arrays.copyOf(damaged, r.nextInt(damaged.length + 1));
    }
    check(damaged, IocMatcher.of(iocs, false));
  }

  @Property(tries = 1000)
  void aScreenReusedForManyMessagesNeverMissesEither(@ForAll @Size(min = 1, max = 6) List<@From("messages") byte[]> messages,
      @ForAll("iocs") List<Ioc> iocs, @ForAll long seed) {
    // The screen remembers the last question that matched nothing, and names in a message that nothing
    // matches below: each message twice in a row (a reply repeats its query's question), then in a random
    // order, some damaged, all through one screen.
    IocMatcher matcher = IocMatcher.of(iocs, false);
    IocWireScreen screen = matcher.wireScreen();
    java.util.Random r = new java.util.Random(seed);
    List<byte[]> sequence = new ArrayList<>();
    for (byte[] m : messages) {
      sequence.add(m);
      sequence.add(m);
    }
    for (int i = 0; i < messages.size() * 2; i++) {
      byte[] m = messages.get(r.nextInt(messages.size())).clone();
      if (r.nextInt(3) == 0) {
        m[r.nextInt(m.length)] = (byte) r.nextInt(256);
      }
      sequence.add(m);
    }
    for (byte[] m : sequence) {
      Statistics.collect(check(m, matcher, screen));
    }
    Statistics.coverage(c -> c.check("no hit, ruled out").percentage(p -> p > 3));
  }

  @Test
  void namesPointingAtANameThatMatchesNothingBelowAreRuledOutAndTheOthersAreNot() {
    IocMatcher m = IocMatcher.of(List.of(new Ioc("x.example.com", IocKind.DOMAIN, "p", 0, null, List.of(), null, null, null),
        new Ioc("evil.com", IocKind.DOMAIN, "p", 0, null, List.of(), null, null, null)));
    IocWireScreen screen = m.wireScreen();
    byte[] query = reply("www.benign.org.");
    byte[] answered = reply("www.benign.org.", a("www.benign.org.", "192.0.2.1"), a("www.benign.org.", "192.0.2.2"));
    assertThat(screen.mayMatch(query, 0, query.length)).isFalse();
    assertThat(screen.mayMatch(answered, 0, answered.length)).as("same question, owners pointing at it").isFalse();
    // example.com matches nothing, but a name below it does: an owner x + pointer to it must be looked at
    byte[] below = reply("example.com.", a("x.example.com.", "192.0.2.1"));
    assertThat(screen.mayMatch(below, 0, below.length)).isTrue();
    byte[] belowAgain = reply("example.com.", a("x.example.com.", "192.0.2.1"));
    assertThat(screen.mayMatch(belowAgain, 0, belowAgain.length)).isTrue();
    byte[] chain = reply("www.benign.org.", new CNAMERecord(n("www.benign.org."), DClass.IN, 60, n("evil.com.")));
    assertThat(screen.mayMatch(chain, 0, chain.length)).as("same question, CNAME to a listed name").isTrue();
  }

  @Test
  void addressesAreRuledOutByTheirSixteenOnlyWhenNoIndicatorReachesIt() {
    List<Ioc> v4 = List.of(ip("1.2.3.4", IocKind.IP), ip("10.0.0.0/8", IocKind.CIDR), ip("192.168.16.0/20", IocKind.CIDR));
    IocMatcher matcher = IocMatcher.of(v4);
    IocWireScreen screen = matcher.wireScreen();
    for (String address : List.of("1.2.3.4", "10.200.1.1", "10.255.255.255", "192.168.31.255", "::ffff:1.2.3.4")) {
      byte[] m = reply("www.example.org.", a("www.example.org.", address));
      assertThat(check(m, matcher, screen)).as(address).isEqualTo("hit");
    }
    for (String address : List.of("1.2.3.5", "1.3.3.4", "11.0.0.1", "9.255.255.255", "192.168.32.1", "8.8.8.8",
        "2001:db8::1", "::ffff:1.2.3.5", "::fffe:1.2.3.4", "::1.2.3.4")) {
      byte[] m = reply("www.example.org.", a("www.example.org.", address));
      assertThat(check(m, matcher, screen)).as(address).isEqualTo("no hit, ruled out");
    }
    for (String q : List.of("4.3.2.1.in-addr.arpa.", "4.3.002.01.IN-ADDR.ARPA.", "9.9.200.10.in-addr.arpa.")) {
      byte[] m = reply(q);
      assertThat(check(m, matcher, screen)).as(q).isEqualTo("hit");
    }
    for (String q : List.of("5.3.2.1.in-addr.arpa.", "4.3.2.9.in-addr.arpa.", "3.2.1.in-addr.arpa.", "4.3.256.1.in-addr.arpa.")) {
      byte[] m = reply(q);
      assertThat(check(m, matcher, screen)).as(q).isEqualTo("no hit, ruled out");
    }
    List<Ioc> withV6 = new ArrayList<>(v4);
    withV6.add(ip("2001:db8::/32", IocKind.CIDR));
    IocMatcher both = IocMatcher.of(withV6);
    for (String address : List.of("::ffff:1.2.3.4", "2001:db8::1")) {
      byte[] m = reply("www.example.org.", a("www.example.org.", address));
      assertThat(check(m, both, both.wireScreen())).as(address).isEqualTo("hit");
    }
  }

  private static Ioc ip(String value, IocKind kind) {
    return new Ioc(value, kind, "p", 0, null, List.of(), null, null, null);
  }

  private static Record a(String owner, String address) {
    try {
      java.net.InetAddress ip = java.net.InetAddress.getByName(address);
      if (!address.contains(":")) {
        return new ARecord(n(owner), DClass.IN, 60, ip);
      }
      // 16 bytes as written: InetAddress turns ::ffff:a.b.c.d into an IPv4 address
      byte[] b = ip.getAddress();
      if (b.length == 4) {
        b = new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, b[0], b[1], b[2], b[3]};
      }
      return new AAAARecord(n(owner), DClass.IN, 60, java.net.Inet6Address.getByAddress(null, b, -1));
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void benignMessagesAreRuledOutWithoutDecoding() {
    IocMatcher m = IocMatcher.of(List.of(new Ioc("evil.com", IocKind.DOMAIN, "p", 0, null, List.of(), null, null, null),
        new Ioc("203.0.113.1", IocKind.IP, "p", 0, null, List.of(), null, null, null)));
    IocWireScreen screen = m.wireScreen();
    byte[] benign = reply("www.notevil.com.", new CNAMERecord(n("www.notevil.com."), DClass.IN, 60, n("cdn.example.net.")));
    assertThat(screen.mayMatch(benign, 0, benign.length)).isFalse();
    byte[] cname = reply("www.example.com.", new CNAMERecord(n("www.example.com."), DClass.IN, 60, n("x.EVIL.com.")));
    assertThat(screen.mayMatch(cname, 0, cname.length)).isTrue();
    byte[] reverse = reply("1.113.0.203.in-addr.arpa.");
    assertThat(screen.mayMatch(reverse, 0, reverse.length)).isTrue();
    byte[] otherReverse = reply("2.113.0.203.in-addr.arpa.");
    assertThat(screen.mayMatch(otherReverse, 0, otherReverse.length)).isFalse();
    byte[] inside = new byte[benign.length + 7];
    System.arraycopy(cname, 0, inside, 7, cname.length);
    assertThat(screen.mayMatch(inside, 7, cname.length)).as("a message inside a block's bytes").isTrue();
  }

  private static Name n(String s) {
    return Name.fromConstantString(s);
  }

  private static byte[] reply(String q, Record... answers) {
    Message m = new Message(1);
    m.getHeader().setFlag(Flags.QR);
    m.addRecord(Record.newRecord(n(q), Type.A, DClass.IN), Section.QUESTION);
    for (Record r : answers) {
      m.addRecord(r, Section.ANSWER);
    }
    return m.toWire();
  }

  private static String check(byte[] wire, IocMatcher matcher) {
    return check(wire, matcher, matcher.wireScreen());
  }

  private static String check(byte[] wire, IocMatcher matcher, IocWireScreen screen) {
    DnsMessageDecoder decoder = new DnsMessageDecoder(new IssueCounter());
    PacketMeta meta = new PacketMeta(new FrameRef(0, 1), 1, 0, Transport.UDP, ENDPOINT_A, 53, ENDPOINT_B, 5353,
        null, null, List.of(), List.of(), PortClass.DNS, null);
    Transaction tx = new Transaction(TransactionStatus.UNANSWERED, decoder.decode(new RawDnsMessage(meta, wire)), null,
        List.of(), 0, 0, Role.CLIENT, null);
    List<IocHit> hits = new ArrayList<>();
    matcher.match(tx, hits);
    boolean maybe = screen.mayMatch(wire, 0, wire.length);
    if (!hits.isEmpty()) {
      assertThat(maybe).as("screen said no, matcher found %s", hits).isTrue();
      return "hit";
    }
    return maybe ? "no hit, let through" : "no hit, ruled out";
  }
}
