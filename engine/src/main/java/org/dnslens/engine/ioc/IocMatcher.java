package org.dnslens.engine.ioc;

import java.net.IDN;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.model.DnsName;
import org.dnslens.engine.model.Ioc;
import org.dnslens.engine.model.IocKind;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.engine.model.MatchLocation;
import org.dnslens.engine.model.Question;
import org.dnslens.engine.model.RData;
import org.dnslens.engine.model.ResourceRecord;
import org.dnslens.engine.model.RrType;
import org.dnslens.engine.model.Transaction;

/**
 * Matches transactions against indicators: question names, every name a reply points at (CNAME, DNAME,
 * NS, MX, PTR, SRV, SVCB/HTTPS targets, in every section, so a benign name whose CNAME chain ends in a
 * listed domain is a hit), record owners, A/AAAA data, both endpoints, and reverse-lookup question names
 * ({@code in-addr.arpa}, {@code ip6.arpa}) against address indicators.
 *
 * <p>Immutable once built and safe to share between threads. Domains match on label boundaries only, in
 * the lower-case ASCII presentation form of the name (a label holding non-ASCII bytes is escaped there and
 * cannot match, which is right: indicators are held in punycode).
 */
public final class IocMatcher {
  private final DomainSuffixTable domains;
  private final Map<IpAddress, Ioc[]> ips = new HashMap<>();
  /** IPv4 networks keyed by (prefix length << 32 | network); lengths tried longest first. */
  private final Map<Long, Ioc[]> v4Networks = new HashMap<>();
  private final int[] v4Lengths;
  private final Map<V6Network, Ioc[]> v6Networks = new HashMap<>();
  private final int[] v6Lengths;
  private final boolean exact;
  private final int size;
  /**
   * One bit per IPv4 /16 that an IPv4 IP or CIDR indicator reaches, so that the wire screen rules out most
   * answer addresses and reverse lookups with one bit test instead of an address object and map lookups.
   */
  private final long[] v4Sixteens = new long[(1 << 16) / 64];
  /** Whether any IP or CIDR indicator is IPv6 (then the screen asks {@link #matchesAnyIp} for every AAAA). */
  private boolean v6Indicators;

  private record V6Network(long high, long low, int length) {}

  private IocMatcher(Collection<Ioc> iocs, boolean exact) {
    this.exact = exact;
    List<Ioc> domainIocs = new ArrayList<>();
    TreeSet<Integer> l4 = new TreeSet<>();
    TreeSet<Integer> l6 = new TreeSet<>();
    int n = 0;
    for (Ioc ioc : iocs) {
      n++;
      switch (ioc.kind()) {
        case DOMAIN:
        case DOMAIN_EXACT:
          domainIocs.add(ioc);
          break;
        case IP:
          {
            IpAddress ip = IpAddress.parse(ioc.value());
            add(ips, ip, ioc);
            if (ip.isIpv4()) {
              reach(ip.toIpv4Int(), 32);
            } else {
              v6Indicators = true;
            }
            break;
          }
        case CIDR:
          {
            int slash = ioc.value().indexOf('/');
            IpAddress net = IpAddress.parse(ioc.value().substring(0, slash));
            int len = Integer.parseInt(ioc.value().substring(slash + 1));
            net = IocValueParser.network(net, len);
            if (net.isIpv4()) {
              add(v4Networks, v4Key(net.toIpv4Int(), len), ioc);
              l4.add(len);
              reach(net.toIpv4Int(), len);
            } else {
              add(v6Networks, v6Key(net, len), ioc);
              l6.add(len);
              v6Indicators = true;
            }
            break;
          }
        default:
          break;
      }
    }
    this.size = n;
    this.domains = new DomainSuffixTable(domainIocs, exact);
    this.v4Lengths = l4.descendingSet().stream().mapToInt(Integer::intValue).toArray();
    this.v6Lengths = l6.descendingSet().stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * A matcher for {@code iocs} (as produced by {@link IocListReader}: values normalised).
   *
   * @param exact when true, domain indicators match the name itself only, never its subdomains
   * @throws IllegalArgumentException if an IP or CIDR value is not normalised text
   */
  public static IocMatcher of(Collection<Ioc> iocs, boolean exact) {
    return new IocMatcher(iocs, exact);
  }

  /** A matcher with subdomain matching. */
  public static IocMatcher of(Collection<Ioc> iocs) {
    return new IocMatcher(iocs, false);
  }

  /** Number of indicators it was built from. */
  public int size() {
    return size;
  }

  public boolean isExact() {
    return exact;
  }

  /** Hits in {@code tx}, without duplicates (same indicator, place and value); empty (shared) if none. */
  public List<IocHit> match(Transaction tx) {
    Collector c = new Collector();
    matchInto(tx, c);
    return c.hits == null ? List.of() : c.hits;
  }

  /**
   * Appends the hits in {@code tx} to {@code into} (a list the caller may reuse), without duplicates
   * among those it appends; returns how many it appended. Allocates nothing for a transaction without a
   * hit beyond the lower-case names it has to build.
   */
  public int match(Transaction tx, List<IocHit> into) {
    Collector c = new Collector();
    c.hits = into;
    c.start = into.size();
    matchInto(tx, c);
    return into.size() - c.start;
  }

  /**
   * Domain indicators matching {@code name} (any case, final dot optional, Unicode or punycode), e.g. for
   * a search box. Not the hot path.
   */
  public List<Ioc> matchDomain(String name) {
    String n = name.strip().toLowerCase(Locale.ROOT);
    if (n.endsWith(".")) {
      n = n.substring(0, n.length() - 1);
    }
    if (!n.chars().allMatch(ch -> ch < 0x80)) {
      try {
        n = IDN.toASCII(n, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
      } catch (IllegalArgumentException e) {
        return List.of();
      }
    }
    return domains.match(n);
  }

  /**
   * Calls {@code sink} with each domain indicator matching {@code lowerCaseName} (lower-case presentation
   * format without the final dot, as {@link DnsName#toLowerCaseString()} gives): the hot path, which
   * allocates nothing when nothing matches.
   */
  public void matchLowerCaseName(String lowerCaseName, IocSink sink) {
    domains.match(lowerCaseName, sink);
  }

  /** Receives the indicators a value matches. */
  @FunctionalInterface
  public interface IocSink {
    void hit(Ioc ioc);
  }

  /** IP and CIDR indicators containing {@code ip}. */
  public List<Ioc> matchIp(IpAddress ip) {
    List<Ioc> out = new ArrayList<>(0);
    matchIp(ip, out::add);
    return out;
  }

  /** Calls {@code sink} with each IP and CIDR indicator containing {@code ip}. */
  public void matchIp(IpAddress ip, IocSink sink) {
    matchIpOnce(ip, sink);
    IpAddress v4 = mappedIpv4(ip);
    if (v4 != null) {
      matchIpOnce(v4, sink);
    }
  }

  private void matchIpOnce(IpAddress ip, IocSink sink) {
    Ioc[] exactHits = ips.get(ip);
    if (exactHits != null) {
      for (Ioc i : exactHits) {
        sink.hit(i);
      }
    }
    if (ip.isIpv4()) {
      int a = ip.toIpv4Int();
      for (int len : v4Lengths) {
        int net = len == 0 ? 0 : a & (-1 << (32 - len));
        Ioc[] hits = v4Networks.get(v4Key(net, len));
        if (hits != null) {
          for (Ioc i : hits) {
            sink.hit(i);
          }
        }
      }
    } else {
      for (int len : v6Lengths) {
        Ioc[] hits = v6Networks.get(v6Key(IocValueParser.network(ip, len), len));
        if (hits != null) {
          for (Ioc i : hits) {
            sink.hit(i);
          }
        }
      }
    }
  }

  /** The IPv4 address inside an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}), else null. */
  private static IpAddress mappedIpv4(IpAddress ip) {
    if (!ip.isIpv6()) {
      return null;
    }
    for (int i = 0; i < 10; i++) {
      if (ip.byteAt(i) != 0) {
        return null;
      }
    }
    if (ip.byteAt(10) != 0xff || ip.byteAt(11) != 0xff) {
      return null;
    }
    return IpAddress.of(new byte[] {(byte) ip.byteAt(12), (byte) ip.byteAt(13), (byte) ip.byteAt(14), (byte) ip.byteAt(15)});
  }

  private void matchInto(Transaction tx, Collector c) {
    // Three passes so that a name is reported where it means most: as a question, then as a target, and
    // as a record owner only when neither already reported it.
    for (int pass = 0; pass < 3; pass++) {
      c.ownersOnlyIfNew = pass == 2;
      int n = 2 + tx.otherReplies().size();
      for (int k = 0; k < n; k++) {
        DnsMessage m = k == 0 ? tx.query() : k == 1 ? tx.reply() : tx.otherReplies().get(k - 2);
        if (m != null) {
          scan(m, pass, c);
        }
      }
    }
    c.ownersOnlyIfNew = false;
    IpAddress client = endpoint(tx, true);
    if (client != null) {
      ip(client, MatchLocation.CLIENT_IP, c);
    }
    IpAddress server = endpoint(tx, false);
    if (server != null) {
      ip(server, MatchLocation.SERVER_IP, c);
    }
  }

  private void scan(DnsMessage m, int pass, Collector c) {
    if (pass == 0) {
      for (Question q : m.questions()) {
        name(q.name(), MatchLocation.QNAME, c);
      }
    } else if (pass == 1) {
      records(m.answers(), c);
      records(m.authorities(), c);
      records(m.additionals(), c);
    } else {
      owners(m.answers(), c);
      owners(m.authorities(), c);
      owners(m.additionals(), c);
    }
  }

  private static IpAddress endpoint(Transaction tx, boolean client) {
    DnsMessage m = tx.first();
    if (m.meta() == null) {
      return null;
    }
    return client ? tx.clientIp() : tx.serverIp();
  }

  private void records(List<ResourceRecord> records, Collector c) {
    for (ResourceRecord r : records) {
      RData d = r.rdata();
      if (d instanceof RData.Address a) {
        if (a.address() != null) {
          ip(a.address(), MatchLocation.ANSWER_IP, c);
        }
      } else if (d instanceof RData.Target t) {
        name(t.target(), targetLocation(r.type()), c);
      } else if (d instanceof RData.Mx mx) {
        name(mx.exchange(), MatchLocation.MX_TARGET, c);
      } else if (d instanceof RData.Srv srv) {
        name(srv.target(), MatchLocation.SRV_TARGET, c);
      } else if (d instanceof RData.Svcb svcb) {
        name(svcb.target(), MatchLocation.SVCB_TARGET, c);
      }
    }
  }

  private void owners(List<ResourceRecord> records, Collector c) {
    for (ResourceRecord r : records) {
      if (r.type() != RrType.OPT) {
        name(r.name(), MatchLocation.RECORD_OWNER, c);
      }
    }
  }

  private static MatchLocation targetLocation(int type) {
    switch (type) {
      case RrType.CNAME:
        return MatchLocation.CNAME_TARGET;
      case RrType.DNAME:
        return MatchLocation.DNAME_TARGET;
      case RrType.NS:
        return MatchLocation.NS_TARGET;
      case RrType.PTR:
        return MatchLocation.PTR_TARGET;
      default:
        return MatchLocation.OTHER_TARGET;
    }
  }

  private void name(DnsName name, MatchLocation where, Collector c) {
    if (name == null || name.isRoot()) {
      return;
    }
    String lower = name.toLowerCaseString();
    c.where = where;
    c.value = lower;
    domains.match(lower, c);
    if (where == MatchLocation.QNAME && lower.endsWith(".arpa") && hasIpIndicators()) {
      // a reverse lookup of a listed address (PTR query for 23.100.51.198.in-addr.arpa) is a hit too
      IpAddress reversed = ReverseName.address(lower);
      if (reversed != null) {
        c.ip = null;
        matchIp(reversed, c);
      }
    }
  }

  /** A screen for raw DNS messages against this matcher (one per thread: it keeps scratch arrays). */
  public IocWireScreen wireScreen() {
    return new IocWireScreen(this);
  }

  DomainSuffixTable domainTable() {
    return domains;
  }

  /** Whether any IP or CIDR indicator contains {@code ip} (IPv4-mapped IPv6 included, as in matching). */
  public boolean matchesAnyIp(IpAddress ip) {
    if (!hasIpIndicators()) {
      return false;
    }
    boolean[] any = {false};
    matchIp(ip, i -> any[0] = true);
    return any[0];
  }

  /** Marks the /16s of the IPv4 network {@code network/length} as reached. */
  private void reach(int network, int length) {
    int first = network >>> 16;
    int count = length >= 16 ? 1 : 1 << (16 - length);
    for (int i = first; i < first + count; i++) {
      v4Sixteens[i >>> 6] |= 1L << i;
    }
  }

  /** Whether an IPv4 indicator might contain an address of the /16 {@code sixteen} (its upper 16 bits). */
  boolean mayHoldIpv4(int sixteen) {
    return (v4Sixteens[sixteen >>> 6] & (1L << sixteen)) != 0;
  }

  /**
   * {@link #matchesAnyIp} for the 4 or 16 address bytes at {@code b[at]}, without making an address when
   * no IPv4 indicator reaches its /16 (IPv4, or IPv4-mapped IPv6 while no indicator is IPv6).
   */
  boolean matchesAnyIp(byte[] b, int at, int length) {
    if (!hasIpIndicators()) {
      return false;
    }
    int v4At;
    if (length == 4) {
      v4At = at;
    } else if (v6Indicators) {
      return matchesAnyIp(IpAddress.of(b, at, length));
    } else if (isMappedIpv4(b, at)) {
      v4At = at + 12;
    } else {
      return false; // an IPv6 address other than a mapped IPv4 one, and no IPv6 indicator
    }
    if (!mayHoldIpv4(((b[v4At] & 0xff) << 8) | (b[v4At + 1] & 0xff))) {
      return false;
    }
    return matchesAnyIp(IpAddress.of(b, at, length));
  }

  private static boolean isMappedIpv4(byte[] b, int at) {
    for (int i = 0; i < 10; i++) {
      if (b[at + i] != 0) {
        return false;
      }
    }
    return b[at + 10] == (byte) 0xff && b[at + 11] == (byte) 0xff;
  }

  boolean hasIpIndicators() {
    return !ips.isEmpty() || v4Lengths.length > 0 || v6Lengths.length > 0;
  }

  private void ip(IpAddress ip, MatchLocation where, Collector c) {
    if (!hasIpIndicators()) {
      return;
    }
    c.where = where;
    c.value = null;
    c.ip = ip;
    matchIp(ip, c);
  }

  private static long v4Key(int network, int length) {
    return ((long) length << 32) | (network & 0xffffffffL);
  }

  private static V6Network v6Key(IpAddress net, int length) {
    byte[] b = net.toBytes();
    long hi = 0;
    long lo = 0;
    for (int i = 0; i < 8; i++) {
      hi = (hi << 8) | (b[i] & 0xff);
      lo = (lo << 8) | (b[i + 8] & 0xff);
    }
    return new V6Network(hi, lo, length);
  }

  private static <K> void add(Map<K, Ioc[]> map, K key, Ioc ioc) {
    Ioc[] old = map.get(key);
    if (old == null) {
      map.put(key, new Ioc[] {ioc});
    } else {
      Ioc[] grown = Arrays.copyOf(old, old.length + 1);
      grown[old.length] = ioc;
      map.put(key, grown);
    }
  }

  /** Gathers hits for one transaction, dropping duplicates; the hit list is made on the first hit. */
  private static final class Collector implements IocSink {
    List<IocHit> hits;
    int start;
    MatchLocation where;
    String value;
    IpAddress ip;
    boolean ownersOnlyIfNew;

    @Override
    public void hit(Ioc ioc) {
      String v = value != null ? value : ip.toString();
      if (hits == null) {
        hits = new ArrayList<>(4);
      }
      for (int i = start; i < hits.size(); i++) {
        IocHit h = hits.get(i);
        if (h.ioc() == ioc && h.matchedValue().equals(v) && (ownersOnlyIfNew || h.where() == where)) {
          return;
        }
      }
      hits.add(new IocHit(ioc, where, v));
    }
  }
}
