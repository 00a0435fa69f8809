package org.dnslens.engine.detect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.dnslens.engine.model.Finding;
import org.dnslens.engine.model.FindingKind;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.engine.model.PortClass;
import org.dnslens.engine.model.Role;
import org.dnslens.engine.model.Transaction;
import org.dnslens.engine.model.Transport;

/**
 * Clients that go around the network's resolvers, DNS on non-DNS ports, and encrypted DNS.
 *
 * <p>Internal resolvers are the configured ones, or else inferred: servers that answered at least {@code
 * resolverMinClients} clients and either at least {@code resolverMinClientShare} of all clients or from a
 * private address (RFC 1918, RFC 4193), so that a secondary internal resolver counts too. A resolver's own
 * queries (upstream leg, or a client address that is itself a resolver) are never bypass.
 *
 * <ul>
 *   <li>{@link FindingKind#RESOLVER_BYPASS}: at least {@code minBypassQueries} port-53 queries from a
 *       client to servers that are not internal resolvers, reported only when internal resolvers exist.
 *       Score 50, +20 when a server is a well-known public resolver (which also serves DoH/DoT, where a
 *       client can go next unseen), +10 when most of the client's queries bypass.
 *   <li>{@link FindingKind#NONSTANDARD_PORT}: at least {@code minNonstandardQueries} DNS messages with
 *       {@link PortClass#NONSTANDARD} ports. Score 60.
 *   <li>{@link FindingKind#ENCRYPTED_DNS}: a transaction over DoT/DoH/DoQ/DNSCrypt (only dnstap reports
 *       these) or with server port 853. A packet capture shows DoT only as TLS, which is not decoded as
 *       DNS, so in captures this finding is rare; DoH is invisible to a DNS capture. Score 45, +20 when the
 *       network has internal resolvers and the server is not one.
 * </ul>
 */
public final class ResolverBypassDetector implements Detector {
  /** Clients tracked. */
  public static final int MAX_TRACKED_CLIENTS = 50_000;
  /** Servers tracked. */
  public static final int MAX_TRACKED_SERVERS = 10_000;
  /** Distinct servers remembered per client. */
  public static final int MAX_SERVERS_PER_CLIENT = 64;
  /** Distinct clients remembered per server (enough to decide it is a resolver). */
  public static final int MAX_CLIENTS_PER_SERVER = 100_000;
  /** DoT (RFC 7858). */
  static final int DOT_PORT = 853;

  private final DetectionConfig.Bypass cfg;
  private final AllowList allowList;
  private final Set<IpAddress> publicResolvers;
  private final NameFacts facts;
  private final Map<IpAddress, Set<IpAddress>> serverClients = new HashMap<>();
  private final Map<IpAddress, ClientState> clients = new HashMap<>();
  private final int maxClients;
  private long overflow;

  private static final class Usage {
    long queries;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    final Evidence evidence = new Evidence();
    final Map<IpAddress, Long> servers = new LinkedHashMap<>();
    final Set<Integer> ports = new TreeSet<>();

    void add(Transaction tx, IpAddress server) {
      queries++;
      long ts = tx.queryTimestampNanos();
      first = Math.min(first, ts);
      last = Math.max(last, ts);
      evidence.add(Transactions.frame(tx));
      if (servers.size() < MAX_SERVERS_PER_CLIENT || servers.containsKey(server)) {
        servers.merge(server, 1L, Long::sum);
      }
      if (ports.size() < 8) {
        ports.add(tx.serverPort());
      }
    }
  }

  private static final class ClientState {
    long queries;
    final Map<IpAddress, Usage> byServer = new HashMap<>();
    final Usage nonstandard = new Usage();
    final Usage encrypted = new Usage();
  }

  public ResolverBypassDetector(DetectionConfig config) {
    this(config, new NameFacts(), MAX_TRACKED_CLIENTS);
  }

  ResolverBypassDetector(DetectionConfig config, int maxClients) {
    this(config, new NameFacts(), maxClients);
  }

  ResolverBypassDetector(DetectionConfig config, NameFacts facts, int maxClients) {
    this.facts = facts;
    this.cfg = config.bypass();
    this.allowList = config.allowList();
    this.publicResolvers = Set.copyOf(cfg.publicResolvers());
    this.maxClients = maxClients;
  }

  @Override
  public String name() {
    return "resolver_bypass";
  }

  @Override
  public void add(Transaction tx) {
    if (tx.role() == Role.UPSTREAM || tx.role() == Role.AUTH) {
      return;
    }
    PortClass pc = tx.first().meta().portClass();
    if (pc == PortClass.MDNS || pc == PortClass.LLMNR) {
      return;
    }
    IpAddress client = tx.clientIp();
    IpAddress server = tx.serverIp();
    if (client == null || server == null || allowList.allowsClient(client)) {
      return;
    }
    String name = facts.name(tx);
    if (name != null && allowList.allowsName(name)) {
      return;
    }
    Set<IpAddress> served = serverClients.get(server);
    if (served == null) {
      if (serverClients.size() >= MAX_TRACKED_SERVERS) {
        overflow++;
      } else {
        served = new HashSet<>();
        serverClients.put(server, served);
      }
    }
    if (served != null && served.size() < MAX_CLIENTS_PER_SERVER) {
      served.add(client);
    }
    ClientState c = clients.get(client);
    if (c == null) {
      if (clients.size() >= maxClients) {
        overflow++;
        return;
      }
      c = new ClientState();
      clients.put(client, c);
    }
    c.queries++;
    Transport t = tx.transport();
    if (t != Transport.UDP && t != Transport.TCP || tx.serverPort() == DOT_PORT) {
      c.encrypted.add(tx, server);
    } else if (pc == PortClass.NONSTANDARD) {
      c.nonstandard.add(tx, server);
    } else {
      Usage u = c.byServer.get(server);
      if (u == null) {
        if (c.byServer.size() >= MAX_SERVERS_PER_CLIENT) {
          overflow++;
          return;
        }
        u = new Usage();
        c.byServer.put(server, u);
      }
      u.add(tx, server);
    }
  }

  /** The internal resolvers: configured, or inferred from who answers whom (after the last add). */
  public Set<IpAddress> resolvers() {
    if (!cfg.internalResolvers().isEmpty()) {
      return Set.copyOf(cfg.internalResolvers());
    }
    Set<IpAddress> out = new HashSet<>();
    int totalClients = clients.size();
    for (Map.Entry<IpAddress, Set<IpAddress>> e : serverClients.entrySet()) {
      int n = e.getValue().size();
      if (n < cfg.resolverMinClients()) {
        continue;
      }
      if (n >= cfg.resolverMinClientShare() * totalClients || isPrivate(e.getKey())) {
        out.add(e.getKey());
      }
    }
    return out;
  }

  static boolean isPrivate(IpAddress ip) {
    if (ip.isIpv4()) {
      int a = ip.byteAt(0);
      int b = ip.byteAt(1);
      return a == 10 || (a == 172 && b >= 16 && b <= 31) || (a == 192 && b == 168);
    }
    return (ip.byteAt(0) & 0xfe) == 0xfc;
  }

  @Override
  public List<Finding> finish() {
    Set<IpAddress> resolvers = resolvers();
    List<Finding> out = new ArrayList<>();
    for (Map.Entry<IpAddress, ClientState> e : clients.entrySet()) {
      IpAddress client = e.getKey();
      ClientState c = e.getValue();
      if (!resolvers.isEmpty() && !resolvers.contains(client) && !servesOthers(client)) {
        Finding f = bypass(client, c, resolvers);
        if (f != null) {
          out.add(f);
        }
      }
      if (c.nonstandard.queries >= cfg.minNonstandardQueries()) {
        out.add(nonstandard(client, c.nonstandard));
      }
      if (c.encrypted.queries > 0) {
        out.add(encrypted(client, c.encrypted, resolvers));
      }
    }
    out.sort(TunnelingDetector.FINDING_ORDER);
    return out;
  }

  private boolean servesOthers(IpAddress ip) {
    Set<IpAddress> served = serverClients.get(ip);
    return served != null && served.size() >= cfg.resolverMinClients();
  }

  private Finding bypass(IpAddress client, ClientState c, Set<IpAddress> resolvers) {
    Usage all = new Usage();
    List<IpAddress> outside = new ArrayList<>();
    boolean publicResolver = false;
    long bypassQueries = 0;
    for (Map.Entry<IpAddress, Usage> e : c.byServer.entrySet()) {
      if (resolvers.contains(e.getKey())) {
        continue;
      }
      Usage u = e.getValue();
      bypassQueries += u.queries;
      outside.add(e.getKey());
      publicResolver |= publicResolvers.contains(e.getKey());
      all.first = Math.min(all.first, u.first);
      all.last = Math.max(all.last, u.last);
      for (var ref : u.evidence.refs()) {
        all.evidence.add(ref);
      }
    }
    if (bypassQueries < cfg.minBypassQueries()) {
      return null;
    }
    outside.sort(null);
    double share = c.queries == 0 ? 0 : (double) bypassQueries / c.queries;
    int score = 50 + (publicResolver ? 20 : 0) + (share >= 0.5 ? 10 : 0);
    List<IpAddress> publicOnes = new ArrayList<>();
    for (IpAddress ip : outside) {
      if (publicResolvers.contains(ip)) {
        publicOnes.add(ip);
      }
    }
    List<IpAddress> sortedResolvers = new ArrayList<>(resolvers);
    sortedResolvers.sort(null);
    String explanation =
        "host "
            + client
            + " sent "
            + Explain.count(bypassQueries)
            + " of its "
            + Explain.count(c.queries)
            + " queries ("
            + Explain.percent(share)
            + ") to "
            + list(outside)
            + " instead of the internal resolver"
            + (resolvers.size() > 1 ? "s " : " ")
            + list(sortedResolvers)
            + (publicOnes.isEmpty()
                ? ""
                : "; " + list(publicOnes) + (publicOnes.size() > 1 ? " are" : " is")
                    + " a public resolver that also serves DoH/DoT");
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("bypass_queries", (double) bypassQueries);
    m.put("client_queries", (double) c.queries);
    m.put("bypass_share", share);
    m.put("outside_servers", (double) outside.size());
    m.put("public_resolver", publicResolver ? 1.0 : 0.0);
    m.put("internal_resolvers", (double) resolvers.size());
    return Finding.of(
        FindingKind.RESOLVER_BYPASS,
        score,
        client,
        null,
        all.first,
        all.last,
        explanation,
        m,
        all.evidence.refs());
  }

  private Finding nonstandard(IpAddress client, Usage u) {
    List<IpAddress> servers = new ArrayList<>(u.servers.keySet());
    servers.sort(null);
    String explanation =
        "host "
            + client
            + " exchanged "
            + Explain.count(u.queries)
            + " DNS messages with "
            + list(servers)
            + " on non-DNS ports "
            + u.ports
            + " over "
            + Explain.duration(u.last - u.first);
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("messages", (double) u.queries);
    m.put("servers", (double) servers.size());
    return Finding.of(
        FindingKind.NONSTANDARD_PORT, 60, client, null, u.first, u.last, explanation, m, u.evidence.refs());
  }

  private Finding encrypted(IpAddress client, Usage u, Set<IpAddress> resolvers) {
    List<IpAddress> servers = new ArrayList<>(u.servers.keySet());
    servers.sort(null);
    boolean outside = !resolvers.isEmpty() && !resolvers.containsAll(servers);
    int score = 45 + (outside ? 20 : 0);
    String explanation =
        "host "
            + client
            + " used encrypted DNS (DoT/DoH/DoQ, port "
            + u.ports
            + ") with "
            + list(servers)
            + " "
            + Explain.count(u.queries)
            + " times"
            + (outside ? ", bypassing the internal resolvers" : "");
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("transactions", (double) u.queries);
    m.put("outside_internal_resolvers", outside ? 1.0 : 0.0);
    return Finding.of(
        FindingKind.ENCRYPTED_DNS, score, client, null, u.first, u.last, explanation, m, u.evidence.refs());
  }

  private static String list(List<IpAddress> ips) {
    StringBuilder sb = new StringBuilder();
    int shown = Math.min(ips.size(), 5);
    for (int i = 0; i < shown; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(ips.get(i));
    }
    if (ips.size() > shown) {
      sb.append(" and ").append(ips.size() - shown).append(" more");
    }
    return sb.toString();
  }

  @Override
  public long overflowCount() {
    return overflow;
  }

  int trackedClients() {
    return clients.size();
  }
}
