package org.dnslens.storage.search;

import java.util.List;
import java.util.Locale;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.casefile.NameKeys;

/**
 * Passive DNS over a case, offline, in the manner of DNSDB: which data a name resolved to, which names
 * resolved to an address, and which clients asked for what, each with first/last seen and a count.
 * Aggregates cover answer sections of every reply (passive DNS) and every query (per client) of completed
 * ingest runs.
 *
 * <p>Name patterns: {@code www.example.com} exact; {@code *.example.com} its subdomains (a reversed-name
 * index range); {@code www.example.*} right wildcard; any other {@code *} is a general wildcard. Matching
 * is case-insensitive and every other character is literal.
 */
public final class PassiveDnsQuery {
  /** Rows returned at most per query unless a smaller limit is given. */
  public static final int MAX_ROWS = 100_000;

  /** Passive DNS is stored per run; only complete runs count (a running or dead run is invisible). */
  private static final String COMPLETE_RUN =
      " JOIN ingest_run r ON r.id = p.run_id AND r.status = 'complete'";

  private static final String CLIENT_COMPLETE_RUN =
      " JOIN ingest_run r ON r.id = c.run_id AND r.status = 'complete'";

  /** One (name, type, data) aggregate. */
  public record Entry(String name, int type, String data, long firstNanos, long lastNanos, long count) {}

  /** One (client, name) aggregate. */
  public record ClientEntry(IpAddress client, String name, long firstNanos, long lastNanos, long count) {}

  private final CaseDatabase db;

  public PassiveDnsQuery(CaseDatabase db) {
    this.db = db;
  }

  private record NameMatch(String condition, String value) {}

  private static NameMatch nameMatch(String pattern) {
    String p = pattern.strip().toLowerCase(Locale.ROOT);
    if (p.length() > 1 && p.endsWith(".") && !p.endsWith("\\.")) {
      p = p.substring(0, p.length() - 1);
    }
    int stars = (int) p.chars().filter(c -> c == '*').count();
    if (stars == 0) {
      String key = NameKeys.lowerUserName(p);
      return new NameMatch("n.lname = :v", key != null ? key : "\u0000no-such-name");
    }
    if (stars == 1 && p.startsWith("*.")) {
      String key = NameKeys.reversedUserName(p.substring(2));
      if (key != null) {
        return new NameMatch("n.rname LIKE :v ESCAPE '\\'", NameKeys.escapeLike(key) + ".%");
      }
    }
    return new NameMatch("n.lname LIKE :v ESCAPE '\\'", TransactionSearch.wildcardToLike(p));
  }

  /** Passive DNS for names matching {@code pattern}, by name, type and data. */
  public List<Entry> byName(String pattern, int limit) {
    NameMatch m = nameMatch(pattern);
    String sql =
        "SELECT n.name, p.rtype, d.data, MIN(p.first_ts), MAX(p.last_ts), SUM(p.cnt) FROM pdns p"
            + COMPLETE_RUN
            + " JOIN dns_name n ON n.id = p.name_id JOIN rdata d ON d.id = p.data_id"
            + " WHERE p.name_id IN (SELECT n.id FROM dns_name n WHERE "
            + m.condition()
            + ") GROUP BY p.name_id, p.rtype, p.data_id, n.name, n.lname, d.data"
            + " ORDER BY n.lname, p.rtype, d.data LIMIT :limit";
    return db.jdbi()
        .withHandle(
            h ->
                h.createQuery(sql)
                    .bind("v", m.value())
                    .bind("limit", bounded(limit))
                    .map(
                        (rs, ctx) ->
                            new Entry(
                                rs.getString(1), rs.getInt(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                                rs.getLong(6)))
                    .list());
  }

  /** Names that resolved (A/AAAA) to an address in {@code ipOrCidr}. */
  public List<Entry> byIp(String ipOrCidr, int limit) {
    IpRange r = IpRange.parse(ipOrCidr);
    String sql =
        "SELECT n.name, p.rtype, d.data, MIN(p.first_ts), MAX(p.last_ts), SUM(p.cnt) FROM pdns p"
            + COMPLETE_RUN
            + " JOIN dns_name n ON n.id = p.name_id JOIN rdata d ON d.id = p.data_id"
            + " WHERE p.ip_id IN (SELECT id FROM ip_addr WHERE ip_key BETWEEN :lo AND :hi)"
            + " GROUP BY p.name_id, p.rtype, p.data_id, n.name, n.lname, d.data"
            + " ORDER BY d.data, n.lname LIMIT :limit";
    return db.jdbi()
        .withHandle(
            h ->
                h.createQuery(sql)
                    .bind("lo", r.low())
                    .bind("hi", r.high())
                    .bind("limit", bounded(limit))
                    .map(
                        (rs, ctx) ->
                            new Entry(
                                rs.getString(1), rs.getInt(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                                rs.getLong(6)))
                    .list());
  }

  /** Which clients asked for names matching {@code pattern}. */
  public List<ClientEntry> clientsForName(String pattern, int limit) {
    NameMatch m = nameMatch(pattern);
    String sql =
        "SELECT i.ip_key, n.name, MIN(c.first_ts), MAX(c.last_ts), SUM(c.cnt) FROM pdns_client c"
            + CLIENT_COMPLETE_RUN
            + " JOIN dns_name n ON n.id = c.name_id JOIN ip_addr i ON i.id = c.client_ip_id"
            + " WHERE c.name_id IN (SELECT n.id FROM dns_name n WHERE "
            + m.condition()
            + ") GROUP BY c.client_ip_id, c.name_id, i.ip_key, n.name, n.lname"
            + " ORDER BY n.lname, i.ip_key LIMIT :limit";
    return clientQuery(sql, limit, q -> q.bind("v", m.value()));
  }

  /** Which names clients in {@code ipOrCidr} asked for. */
  public List<ClientEntry> namesForClient(String ipOrCidr, int limit) {
    IpRange r = IpRange.parse(ipOrCidr);
    String sql =
        "SELECT i.ip_key, n.name, MIN(c.first_ts), MAX(c.last_ts), SUM(c.cnt) FROM pdns_client c"
            + CLIENT_COMPLETE_RUN
            + " JOIN dns_name n ON n.id = c.name_id JOIN ip_addr i ON i.id = c.client_ip_id"
            + " WHERE c.client_ip_id IN (SELECT id FROM ip_addr WHERE ip_key BETWEEN :lo AND :hi)"
            + " GROUP BY c.client_ip_id, c.name_id, i.ip_key, n.name, n.lname"
            + " ORDER BY i.ip_key, n.lname LIMIT :limit";
    return clientQuery(sql, limit, q -> q.bind("lo", r.low()).bind("hi", r.high()));
  }

  private List<ClientEntry> clientQuery(
      String sql, int limit, java.util.function.UnaryOperator<org.jdbi.v3.core.statement.Query> bind) {
    return db.jdbi()
        .withHandle(
            h ->
                bind.apply(h.createQuery(sql))
                    .bind("limit", bounded(limit))
                    .map(
                        (rs, ctx) ->
                            new ClientEntry(
                                NameKeys.ipFromKey(rs.getBytes(1)), rs.getString(2), rs.getLong(3),
                                rs.getLong(4), rs.getLong(5)))
                    .list());
  }

  private static int bounded(int limit) {
    return limit < 1 || limit > MAX_ROWS ? MAX_ROWS : limit;
  }
}
