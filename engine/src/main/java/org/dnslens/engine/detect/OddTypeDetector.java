package org.dnslens.engine.detect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dnslens.engine.model.Finding;
import org.dnslens.engine.model.FindingKind;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.engine.model.RData;
import org.dnslens.engine.model.ResourceRecord;
import org.dnslens.engine.model.RrType;
import org.dnslens.engine.model.Transaction;

/**
 * Odd query types from clients, and fast flux.
 *
 * <ul>
 *   <li>{@link FindingKind#ODD_QUERY_TYPE} per (client, kind of query): AXFR/IXFR (a zone transfer asked by
 *       a client: reconnaissance; score 70), NULL (no legitimate use; iodine's favourite; score 65), ANY
 *       (deprecated by RFC 8482, used for amplification and reconnaissance; score 45, 60 at ten times the
 *       threshold). Client leg only.
 *   <li>{@link FindingKind#FAST_FLUX} per question name: at least {@code fluxMinDistinctIps} distinct A/AAAA
 *       addresses in at least {@code fluxMinDistinctPrefixes} distinct /16 (IPv4) or /32 (IPv6) networks,
 *       and no address TTL above {@code fluxMaxTtlSeconds}. CDNs rotate addresses too, but within few
 *       networks (and the allow-list names the big ones). Score 55, +15 when the prefixes reach twice the
 *       threshold, +10 when every TTL is at most 60 s. Any leg: the answers matter, not who asked.
 * </ul>
 */
public final class OddTypeDetector implements Detector {
  /** (client, query kind) keys tracked. */
  public static final int MAX_TRACKED_CLIENT_KEYS = 50_000;
  /** Names tracked for fast flux. */
  public static final int MAX_TRACKED_NAMES = 100_000;
  /** Distinct addresses remembered per name. */
  public static final int MAX_IPS_PER_NAME = 256;

  private final DetectionConfig.OddTypes cfg;
  private final AllowList allowList;
  private final NameFacts facts;
  private final Map<ClientKey, Usage> clientKeys = new HashMap<>();
  private final Map<String, Flux> names = new HashMap<>();
  private final int maxKeys;
  private long overflow;

  private enum QueryKind {
    ZONE_TRANSFER("AXFR/IXFR"),
    NULL("NULL"),
    ANY("ANY");

    final String text;

    QueryKind(String text) {
      this.text = text;
    }
  }

  private record ClientKey(IpAddress client, QueryKind kind) {}

  private static final class Usage {
    long queries;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    final Evidence evidence = new Evidence();
    final Set<String> names = new HashSet<>();
  }

  private static final class Flux {
    final Set<IpAddress> ips = new HashSet<>();
    final Set<Long> prefixes = new HashSet<>();
    final Evidence evidence = new Evidence();
    long maxTtl;
    boolean disqualified;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    IpAddress firstClient;
  }

  public OddTypeDetector(DetectionConfig config) {
    this(config, new NameFacts(), MAX_TRACKED_CLIENT_KEYS);
  }

  OddTypeDetector(DetectionConfig config, int maxKeys) {
    this(config, new NameFacts(), maxKeys);
  }

  OddTypeDetector(DetectionConfig config, NameFacts facts, int maxKeys) {
    this.facts = facts;
    this.cfg = config.oddTypes();
    this.allowList = config.allowList();
    this.maxKeys = maxKeys;
  }

  @Override
  public String name() {
    return "odd_types";
  }

  @Override
  public void add(Transaction tx) {
    String name = facts.name(tx);
    if (name == null || allowList.allowsName(name) || allowList.allowsClient(tx.clientIp())) {
      return;
    }
    if (Transactions.isClientLeg(tx) && tx.query() != null && tx.clientIp() != null) {
      QueryKind kind = kindOf(Transactions.queryType(tx));
      if (kind != null) {
        countOdd(new ClientKey(tx.clientIp(), kind), name, tx);
      }
    }
    if (tx.reply() != null && !tx.reply().answers().isEmpty()) {
      fluxObserve(name, tx);
    }
  }

  private static QueryKind kindOf(int type) {
    switch (type) {
      case RrType.AXFR:
      case RrType.IXFR:
        return QueryKind.ZONE_TRANSFER;
      case RrType.NULL:
        return QueryKind.NULL;
      case RrType.ANY:
        return QueryKind.ANY;
      default:
        return null;
    }
  }

  private void countOdd(ClientKey key, String name, Transaction tx) {
    Usage u = clientKeys.get(key);
    if (u == null) {
      if (clientKeys.size() >= maxKeys) {
        overflow++;
        return;
      }
      u = new Usage();
      clientKeys.put(key, u);
    }
    u.queries++;
    long ts = tx.queryTimestampNanos();
    u.first = Math.min(u.first, ts);
    u.last = Math.max(u.last, ts);
    u.evidence.add(Transactions.frame(tx));
    if (u.names.size() < 5) {
      u.names.add(name);
    }
  }

  private void fluxObserve(String name, Transaction tx) {
    Flux f = names.get(name);
    boolean anyAddress = false;
    for (ResourceRecord rr : tx.reply().answers()) {
      if (rr.type() == RrType.A || rr.type() == RrType.AAAA) {
        anyAddress = true;
        break;
      }
    }
    if (!anyAddress) {
      return;
    }
    if (f == null) {
      if (names.size() >= MAX_TRACKED_NAMES) {
        overflow++;
        return;
      }
      f = new Flux();
      names.put(name, f);
    }
    if (f.disqualified) {
      return;
    }
    long ts = tx.queryTimestampNanos();
    f.first = Math.min(f.first, ts);
    f.last = Math.max(f.last, ts);
    if (f.firstClient == null) {
      f.firstClient = tx.clientIp();
    }
    boolean fresh = false;
    for (ResourceRecord rr : tx.reply().answers()) {
      if (!(rr.rdata() instanceof RData.Address a)) {
        continue;
      }
      f.maxTtl = Math.max(f.maxTtl, rr.ttl());
      if (rr.ttl() > cfg.fluxMaxTtlSeconds()) {
        // A long TTL is not flux: stop spending memory on this name.
        f.disqualified = true;
        f.ips.clear();
        f.prefixes.clear();
        return;
      }
      if (f.ips.size() < MAX_IPS_PER_NAME && f.ips.add(a.address())) {
        fresh = true;
        f.prefixes.add(prefix(a.address()));
      }
    }
    if (fresh) {
      f.evidence.add(Transactions.frame(tx));
    }
  }

  /** The /16 of an IPv4 address or the /32 of an IPv6 address, as a number (family in the top bit). */
  static long prefix(IpAddress ip) {
    if (ip.isIpv4()) {
      return (ip.byteAt(0) << 8) | ip.byteAt(1);
    }
    return (1L << 40)
        | ((long) ip.byteAt(0) << 24)
        | (ip.byteAt(1) << 16)
        | (ip.byteAt(2) << 8)
        | ip.byteAt(3);
  }

  @Override
  public List<Finding> finish() {
    List<Finding> out = new ArrayList<>();
    for (Map.Entry<ClientKey, Usage> e : clientKeys.entrySet()) {
      Finding f = odd(e.getKey(), e.getValue());
      if (f != null) {
        out.add(f);
      }
    }
    for (Map.Entry<String, Flux> e : names.entrySet()) {
      Finding f = flux(e.getKey(), e.getValue());
      if (f != null) {
        out.add(f);
      }
    }
    out.sort(TunnelingDetector.FINDING_ORDER);
    return out;
  }

  private Finding odd(ClientKey key, Usage u) {
    int min;
    int score;
    switch (key.kind()) {
      case ZONE_TRANSFER:
        min = cfg.minZoneTransferQueries();
        score = 70;
        break;
      case NULL:
        min = cfg.minNullQueries();
        score = 65;
        break;
      default:
        min = cfg.minAnyQueries();
        score = u.queries >= 10L * min ? 60 : 45;
        break;
    }
    if (u.queries < min) {
      return null;
    }
    List<String> sample = new ArrayList<>(u.names);
    sample.sort(null);
    String explanation =
        "host "
            + key.client()
            + " sent "
            + Explain.count(u.queries)
            + " "
            + key.kind().text
            + " "
            + (u.queries == 1 ? "query" : "queries")
            + " in "
            + Explain.duration(u.last - u.first)
            + ", for "
            + String.join(", ", sample)
            + (u.names.size() >= 5 ? " and more" : "");
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("queries", (double) u.queries);
    m.put("qtype", (double) (key.kind() == QueryKind.ANY ? RrType.ANY
        : key.kind() == QueryKind.NULL ? RrType.NULL : RrType.AXFR));
    return Finding.of(
        FindingKind.ODD_QUERY_TYPE,
        score,
        key.client(),
        sample.isEmpty() ? null : sample.get(0),
        u.first,
        u.last,
        explanation,
        m,
        u.evidence.refs());
  }

  private Finding flux(String name, Flux f) {
    if (f.disqualified
        || f.ips.size() < cfg.fluxMinDistinctIps()
        || f.prefixes.size() < cfg.fluxMinDistinctPrefixes()) {
      return null;
    }
    int score = 55 + (f.prefixes.size() >= 2 * cfg.fluxMinDistinctPrefixes() ? 15 : 0)
        + (f.maxTtl <= 60 ? 10 : 0);
    String explanation =
        name
            + " resolved to "
            + Explain.count(f.ips.size())
            + (f.ips.size() >= MAX_IPS_PER_NAME ? "+" : "")
            + " distinct addresses in "
            + Explain.count(f.prefixes.size())
            + " networks (/16) over "
            + Explain.duration(f.last - f.first)
            + ", TTL at most "
            + f.maxTtl
            + " s";
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("distinct_ips", (double) f.ips.size());
    m.put("distinct_prefixes", (double) f.prefixes.size());
    m.put("max_ttl_seconds", (double) f.maxTtl);
    return Finding.of(
        FindingKind.FAST_FLUX, Math.min(100, score), null, name, f.first, f.last, explanation, m,
        f.evidence.refs());
  }

  @Override
  public long overflowCount() {
    return overflow;
  }

  int trackedKeys() {
    return clientKeys.size();
  }
}
