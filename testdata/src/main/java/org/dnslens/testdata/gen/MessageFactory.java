package org.dnslens.testdata.gen;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.CookieOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.HTTPSRecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.SVCBBase;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Builds realistic DNS queries and replies with dnsjava (which also does name compression in toWire).
 * Never used by the engine: the engine decodes what this encodes.
 */
final class MessageFactory {

  /** EDNS UDP payload sizes advertised by clients. */
  static final int EDNS_PAYLOAD_SMALL = 1232;
  static final int EDNS_PAYLOAD_LARGE = 4096;
  /** Large replies aim above one Ethernet MTU but stay well inside the 4096-byte EDNS payload. */
  static final int MAX_LARGE_REPLY_BYTES = 3_900;

  /** A query with the reply to give it (null reply is decided by the caller, not here). */
  record Pair(Message query, Message reply) {}

  private final Vocabulary vocabulary;
  private final boolean stableAddresses;
  private final List<SVCBBase.ParameterBase> httpsParams;

  MessageFactory(Vocabulary vocabulary) {
    this(vocabulary, false);
  }

  /**
   * @param stableAddresses answer each A/AAAA name from a fixed pool of addresses derived from the name,
   *     instead of fresh random addresses in every reply
   */
  MessageFactory(Vocabulary vocabulary, boolean stableAddresses) {
    this.stableAddresses = stableAddresses;
    this.vocabulary = vocabulary;
    try {
      this.httpsParams = List.of(new SVCBBase.ParameterAlpn(List.of("h2", "h3")));
    } catch (TextParseException e) {
      throw new IllegalStateException(e);
    }
  }

  Vocabulary vocabulary() {
    return vocabulary;
  }

  /**
   * A query: RD set, EDNS on most (85%), some with client subnet or a cookie.
   *
   * @param ednsPayload 0 for no OPT record, else the advertised UDP payload size
   */
  Message query(SplittableRandom random, Name name, int type, int ednsPayload, Peer client) {
    Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
    query.getHeader().setID(random.nextInt(1 << 16));
    if (ednsPayload > 0) {
      List<EDNSOption> options = new ArrayList<>(2);
      double roll = random.nextDouble();
      if (roll < 0.10) {
        options.add(new ClientSubnetOption(24, subnet(client)));
      } else if (roll < 0.30) {
        byte[] cookie = new byte[8];
        random.nextBytes(cookie);
        options.add(new CookieOption(cookie));
      }
      int flags = random.nextInt(5) == 0 ? ExtendedFlags.DO : 0;
      query.addRecord(new OPTRecord(ednsPayload, 0, 0, flags, options), Section.ADDITIONAL);
    }
    return query;
  }

  int randomEdnsPayload(SplittableRandom random) {
    double roll = random.nextDouble();
    if (roll < 0.15) {
      return 0;
    }
    return roll < 0.60 ? EDNS_PAYLOAD_SMALL : EDNS_PAYLOAD_LARGE;
  }

  /** A reply skeleton: same id and question, QR RD RA, OPT mirrored (cookie gets a server part). */
  Message reply(SplittableRandom random, Message query, int rcode, boolean authoritative) {
    Message reply = new Message(query.getHeader().getID());
    reply.getHeader().setFlag(Flags.QR);
    reply.getHeader().setFlag(Flags.RD);
    reply.getHeader().setFlag(Flags.RA);
    if (authoritative) {
      reply.getHeader().setFlag(Flags.AA);
    }
    reply.getHeader().setRcode(rcode);
    reply.addRecord(query.getQuestion(), Section.QUESTION);
    OPTRecord opt = query.getOPT();
    if (opt != null) {
      List<EDNSOption> options = new ArrayList<>(1);
      for (EDNSOption option : opt.getOptions()) {
        if (option instanceof CookieOption cookie) {
          byte[] server = new byte[16];
          random.nextBytes(server);
          options.add(new CookieOption(cookie.getClientCookie(), server));
        } else if (option instanceof ClientSubnetOption subnet) {
          options.add(new ClientSubnetOption(subnet.getSourcePrefixLength(), 24, subnet.getAddress()));
        }
      }
      reply.addRecord(new OPTRecord(EDNS_PAYLOAD_SMALL, 0, 0, opt.getFlags(), options), Section.ADDITIONAL);
    }
    return reply;
  }

  /** Background client traffic: qtype mix, CNAME chains, NODATA, NXDOMAIN ~5%, SERVFAIL ~0.5%. */
  Pair background(SplittableRandom random, Peer client, boolean allowLarge) {
    int ednsPayload = randomEdnsPayload(random);
    Name domain = vocabulary.popularDomain(random);
    if (allowLarge && ednsPayload == EDNS_PAYLOAD_LARGE && random.nextDouble() < 0.03) {
      return large(random, domain, client);
    }
    double roll = random.nextDouble();
    int type;
    Name name;
    if (roll < 0.45) {
      type = Type.A;
      name = vocabulary.host(random, domain);
    } else if (roll < 0.65) {
      type = Type.AAAA;
      name = vocabulary.host(random, domain);
    } else if (roll < 0.73) {
      type = Type.HTTPS;
      name = vocabulary.host(random, domain);
    } else if (roll < 0.80) {
      type = Type.PTR;
      name = ReverseMap.fromAddress(randomAddress(random, random.nextBoolean()));
    } else if (roll < 0.85) {
      type = Type.TXT;
      name = domain;
    } else if (roll < 0.89) {
      type = Type.MX;
      name = domain;
    } else if (roll < 0.92) {
      type = Type.SRV;
      name = vocabulary.srvName(random, domain);
    } else if (roll < 0.95) {
      type = Type.NS;
      name = domain;
    } else if (roll < 0.97) {
      type = Type.SOA;
      name = domain;
    } else {
      type = Type.CNAME;
      name = Vocabulary.concat(Vocabulary.relative("www"), domain);
    }
    double outcome = random.nextDouble();
    if (outcome < 0.05 && type != Type.SOA && type != Type.NS) {
      Name missing = type == Type.PTR ? name : vocabulary.nonexistent(random, domain);
      Message query = query(random, missing, type, ednsPayload, client);
      return new Pair(query, nxdomain(random, query, type == Type.PTR ? zoneOf(missing) : domain));
    }
    Message query = query(random, name, type, ednsPayload, client);
    if (outcome < 0.055) {
      return new Pair(query, reply(random, query, Rcode.SERVFAIL, false));
    }
    return new Pair(query, answer(random, query, name, type, domain));
  }

  /** Answers for each type; a share of A as CNAME chains, a share of AAAA as NODATA. */
  Message answer(SplittableRandom random, Message query, Name name, int type, Name domain) {
    Message reply = reply(random, query, Rcode.NOERROR, false);
    long ttl = ttl(random);
    switch (type) {
      case Type.A -> {
        Name owner = name;
        if (random.nextDouble() < 0.30) {
          Name edge = vocabulary.cdnEdge(random, name);
          reply.addRecord(new CNAMERecord(name, DClass.IN, ttl, edge), Section.ANSWER);
          owner = edge;
          ttl = 20 + random.nextInt(40);
        }
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
          reply.addRecord(new ARecord(owner, DClass.IN, ttl, address(answerAddress(random, name, i, false))),
              Section.ANSWER);
        }
      }
      case Type.AAAA -> {
        if (random.nextDouble() < 0.15) {
          reply.addRecord(soa(domain), Section.AUTHORITY);
        } else {
          int count = 1 + random.nextInt(2);
          for (int i = 0; i < count; i++) {
            reply.addRecord(new AAAARecord(name, DClass.IN, ttl, address(answerAddress(random, name, i, true))),
                Section.ANSWER);
          }
        }
      }
      case Type.HTTPS -> reply.addRecord(new HTTPSRecord(name, DClass.IN, ttl, 1, Name.root, httpsParams),
          Section.ANSWER);
      case Type.PTR -> reply.addRecord(new PTRRecord(name, DClass.IN, ttl,
          vocabulary.host(random, vocabulary.popularDomain(random))), Section.ANSWER);
      case Type.TXT -> {
        reply.addRecord(new TXTRecord(name, DClass.IN, ttl, "v=spf1 include:_spf." + name.toString(true)
            + " ~all"), Section.ANSWER);
        if (random.nextBoolean()) {
          reply.addRecord(new TXTRecord(name, DClass.IN, ttl, "site-verification=" + token(random, 43)),
              Section.ANSWER);
        }
      }
      case Type.MX -> {
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
          Name exchange = Vocabulary.concat(Vocabulary.relative("mx" + (i + 1)), name);
          reply.addRecord(new MXRecord(name, DClass.IN, ttl, 10 * (i + 1), exchange), Section.ANSWER);
          reply.addRecord(new ARecord(exchange, DClass.IN, ttl, address(randomAddress(random, false))),
              Section.ADDITIONAL);
        }
      }
      case Type.SRV -> {
        int count = 1 + random.nextInt(2);
        for (int i = 0; i < count; i++) {
          Name target = Vocabulary.concat(Vocabulary.relative("srv" + (i + 1)), domain);
          reply.addRecord(new SRVRecord(name, DClass.IN, ttl, 10, 100, 5060 + i, target), Section.ANSWER);
        }
      }
      case Type.NS -> {
        for (int i = 0; i < 2; i++) {
          Name server = vocabulary.nameServer(name, i);
          reply.addRecord(new NSRecord(name, DClass.IN, 86_400, server), Section.ANSWER);
          reply.addRecord(new ARecord(server, DClass.IN, 86_400, address(randomAddress(random, false))),
              Section.ADDITIONAL);
        }
      }
      case Type.SOA -> reply.addRecord(soa(name), Section.ANSWER);
      case Type.CNAME -> reply.addRecord(new CNAMERecord(name, DClass.IN, ttl, domain), Section.ANSWER);
      default -> throw new IllegalArgumentException("no answer for type " + type);
    }
    return reply;
  }

  /** NXDOMAIN with the zone's SOA in authority (RFC 2308). */
  Message nxdomain(SplittableRandom random, Message query, Name zone) {
    Message reply = reply(random, query, Rcode.NXDOMAIN, false);
    reply.addRecord(soa(zone), Section.AUTHORITY);
    return reply;
  }

  /** A TXT reply of 2-3.9 KB: above the MTU, so sent as IPv4 fragments over UDP. */
  private Pair large(SplittableRandom random, Name domain, Peer client) {
    Name name = Vocabulary.concat(Vocabulary.relative("_keys"), domain);
    Message query = query(random, name, Type.TXT, EDNS_PAYLOAD_LARGE, client);
    Message reply = reply(random, query, Rcode.NOERROR, false);
    int target = 2_000 + random.nextInt(MAX_LARGE_REPLY_BYTES - 2_400);
    int size = 100;
    while (size < target) {
      String text = "k=" + token(random, 180);
      reply.addRecord(new TXTRecord(name, DClass.IN, 300, text), Section.ANSWER);
      size += text.length() + 13;
    }
    return new Pair(query, reply);
  }

  SOARecord soa(Name zone) {
    return new SOARecord(zone, DClass.IN, 900, vocabulary.nameServer(zone, 0),
        Vocabulary.concat(Vocabulary.relative("hostmaster"), zone), 2_026_010_501L, 7_200, 3_600, 1_209_600,
        300);
  }

  /** Zone of a reverse name: in-addr.arpa /16, or the last two nibbles of ip6.arpa. */
  private static Name zoneOf(Name reverse) {
    return new Name(reverse, Math.max(0, reverse.labels() - 5));
  }

  static long ttl(SplittableRandom random) {
    int[] ttls = {30, 60, 300, 300, 600, 3_600, 86_400};
    return ttls[random.nextInt(ttls.length)];
  }

  /**
   * Address number {@code index} of an answer to a question for {@code owner}. The shared random is always
   * drawn from, so switching {@code stableAddresses} changes the addresses and nothing else; stable
   * addresses come from a random seeded by the question name (also through a CDN CNAME, whose edge name
   * varies), so every reply for a name draws from the same four addresses.
   */
  private byte[] answerAddress(SplittableRandom random, Name owner, int index, boolean v6) {
    byte[] fresh = randomAddress(random, v6);
    if (!stableAddresses) {
      return fresh;
    }
    long seed = owner.toString(true).toLowerCase(java.util.Locale.ROOT).hashCode() * 0x9E3779B97F4A7C15L
        + (v6 ? 16 : 4) * 31L + index;
    return randomAddress(new SplittableRandom(seed), v6);
  }

  static byte[] randomAddress(SplittableRandom random, boolean v6) {
    byte[] address = new byte[v6 ? 16 : 4];
    random.nextBytes(address);
    if (v6) {
      address[0] = 0x2a;
      address[1] = 0x00;
    } else {
      // Stay in ordinary unicast space (1..223, not 10/127).
      address[0] = (byte) (11 + random.nextInt(112));
    }
    return address;
  }

  static InetAddress address(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static InetAddress subnet(Peer client) {
    byte[] masked = client.ipv4().clone();
    masked[3] = 0;
    return address(masked);
  }

  private static final char[] TOKEN_ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

  static String token(SplittableRandom random, int length) {
    char[] out = new char[length];
    for (int i = 0; i < length; i++) {
      out[i] = TOKEN_ALPHABET[random.nextInt(TOKEN_ALPHABET.length)];
    }
    return new String(out);
  }
}
