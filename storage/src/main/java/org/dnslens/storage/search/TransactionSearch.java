package org.dnslens.storage.search;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.casefile.NameKeys;
import org.dnslens.storage.casefile.StoredCodes;

/**
 * Runs {@link SearchQuery}s against a case. The SQL is assembled from fixed fragments chosen by which
 * criteria are set; every value is bound. Names and addresses are first resolved in the (small)
 * dictionaries, then facts are found through the integer-id indexes. Results come in (query time, id)
 * order; only transactions of completed ingest runs are visible.
 */
public final class TransactionSearch {
  private static final String SELECT =
      "SELECT t.id, t.source_id, s.label AS source_label, t.query_frame, t.reply_frame, t.ts, t.reply_ts,"
          + " ci.ip_key AS client_key, t.client_port, si.ip_key AS server_key, t.server_port, t.transport,"
          + " t.port_class, t.dns_id, n.name AS qname, t.qtype, t.qclass, t.rcode, t.status, t.role,"
          + " t.query_flags, t.reply_flags, t.retransmissions, t.identical_replies, t.reason, t.query_issue,"
          + " t.reply_issue, t.query_wire, t.reply_wire"
          + " FROM tx t"
          + " JOIN ingest_run r ON r.id = t.run_id AND r.status = 'complete'"
          + " JOIN source s ON s.id = t.source_id"
          + " JOIN ip_addr ci ON ci.id = t.client_ip_id"
          + " JOIN ip_addr si ON si.id = t.server_ip_id"
          + " LEFT JOIN dns_name n ON n.id = t.qname_id";
  private static final String IPS_IN = "(SELECT id FROM ip_addr WHERE ip_key BETWEEN :%1$sLo AND :%1$sHi)";

  private final CaseDatabase db;

  public TransactionSearch(CaseDatabase db) {
    this.db = db;
  }

  /**
   * Runs the query.
   *
   * @throws IllegalArgumentException when an address or CIDR block does not parse (the message is one
   *     sentence for the user)
   */
  public List<StoredTransaction> search(SearchQuery q) {
    Filter f = filter(q, true);
    if (f.impossible()) {
      return List.of();
    }
    String sql = SELECT + f.where() + " ORDER BY t.ts, t.id LIMIT :limit OFFSET :offset";
    Map<String, Object> binds = new LinkedHashMap<>(f.binds());
    binds.put("limit", q.limit());
    binds.put("offset", q.offset());
    return db.jdbi()
        .withHandle(
            h -> h.createQuery(sql).bindMap(binds).map((rs, ctx) -> map(rs)).collectIntoList());
  }

  /** How many transactions match (ignoring limit, offset and cursor). */
  public long count(SearchQuery q) {
    Filter f = filter(q, false);
    if (f.impossible()) {
      return 0;
    }
    String sql =
        "SELECT COUNT(*) FROM tx t JOIN ingest_run r ON r.id = t.run_id AND r.status = 'complete'" + f.where();
    return db.jdbi().withHandle(h -> h.createQuery(sql).bindMap(f.binds()).mapTo(Long.class).one());
  }

  /**
   * The latest query time in the case, or empty when it holds no transaction: the reference point for
   * relative times ({@code --since -2h}) in a forensic case. Uses the time index.
   */
  public OptionalLong lastTimestampNanos() {
    Long last = db.jdbi().withHandle(h -> h.createQuery("SELECT MAX(ts) FROM tx").mapTo(Long.class).one());
    return last == null ? OptionalLong.empty() : OptionalLong.of(last);
  }

  private record Filter(String where, Map<String, Object> binds, boolean impossible) {}

  private static Filter filter(SearchQuery q, boolean withCursor) {
    Map<String, Object> binds = new LinkedHashMap<>();
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    boolean impossible = false;
    if (q.name() != null) {
      String key = NameKeys.lowerUserName(q.name());
      impossible |= key == null;
      where.append(" AND t.qname_id IN (SELECT id FROM dns_name WHERE lname = :name)");
      binds.put("name", key != null ? key : "");
    }
    if (q.domain() != null) {
      String key = NameKeys.reversedUserName(q.domain());
      impossible |= key == null;
      if (key != null && key.equals(".")) {
        where.append(" AND t.qname_id IS NOT NULL"); // the root and all its subdomains: every name
      } else {
        where.append(
            " AND t.qname_id IN (SELECT id FROM dns_name WHERE rname = :dom OR rname LIKE :domLike ESCAPE '\\')");
        binds.put("dom", key != null ? key : "");
        binds.put("domLike", NameKeys.escapeLike(key != null ? key : "") + ".%");
      }
    }
    if (q.pattern() != null) {
      where.append(" AND t.qname_id IN (SELECT id FROM dns_name WHERE lname LIKE :pattern ESCAPE '\\')");
      binds.put("pattern", wildcardToLike(q.pattern()));
    }
    if (q.client() != null) {
      where.append(" AND t.client_ip_id IN ").append(String.format(Locale.ROOT, IPS_IN, "client"));
      bindRange(binds, "client", IpRange.parse(q.client()));
    }
    if (q.server() != null) {
      where.append(" AND t.server_ip_id IN ").append(String.format(Locale.ROOT, IPS_IN, "server"));
      bindRange(binds, "server", IpRange.parse(q.server()));
    }
    if (q.ip() != null) {
      String ips = String.format(Locale.ROOT, IPS_IN, "ip");
      where
          .append(" AND t.id IN (SELECT id FROM tx WHERE client_ip_id IN ")
          .append(ips)
          .append(" UNION SELECT id FROM tx WHERE server_ip_id IN ")
          .append(ips)
          .append(" UNION SELECT tx_id FROM tx_answer_ip WHERE ip_id IN ")
          .append(ips)
          .append(')');
      bindRange(binds, "ip", IpRange.parse(q.ip()));
    }
    if (q.sinceNanos() != null) {
      where.append(" AND t.ts >= :since");
      binds.put("since", q.sinceNanos());
    }
    if (q.untilNanos() != null) {
      where.append(" AND t.ts <= :until");
      binds.put("until", q.untilNanos());
    }
    if (q.qtype() != null) {
      where.append(" AND t.qtype = :qtype");
      binds.put("qtype", q.qtype());
    }
    if (q.rcode() != null) {
      where.append(" AND t.rcode = :rcode");
      binds.put("rcode", q.rcode());
    }
    if (q.status() != null) {
      where.append(" AND t.status = :status");
      binds.put("status", StoredCodes.code(q.status()));
    }
    if (withCursor && q.after() != null) {
      where.append(" AND (t.ts > :afterTs OR (t.ts = :afterTs AND t.id > :afterId))");
      binds.put("afterTs", q.after().tsNanos());
      binds.put("afterId", q.after().id());
    }
    return new Filter(where.toString(), binds, impossible);
  }

  private static void bindRange(Map<String, Object> binds, String prefix, IpRange r) {
    binds.put(prefix + "Lo", r.low());
    binds.put(prefix + "Hi", r.high());
  }

  /** {@code *} becomes {@code %}; every other character, including {@code %} and {@code _}, is literal. */
  static String wildcardToLike(String pattern) {
    String p = pattern.strip().toLowerCase(Locale.ROOT);
    if (p.endsWith(".") && p.length() > 1) {
      p = p.substring(0, p.length() - 1);
    }
    String[] parts = p.split("\\*", -1);
    StringBuilder sb = new StringBuilder(p.length() + 4);
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        sb.append('%');
      }
      sb.append(NameKeys.escapeLike(parts[i]));
    }
    return sb.toString();
  }

  private static StoredTransaction map(ResultSet rs) throws SQLException {
    return new StoredTransaction(
        rs.getLong("id"),
        rs.getInt("source_id"),
        rs.getString("source_label"),
        rs.getObject("query_frame", Long.class),
        rs.getObject("reply_frame", Long.class),
        rs.getLong("ts"),
        rs.getObject("reply_ts", Long.class),
        NameKeys.ipFromKey(rs.getBytes("client_key")),
        rs.getInt("client_port"),
        NameKeys.ipFromKey(rs.getBytes("server_key")),
        rs.getInt("server_port"),
        StoredCodes.transport(rs.getInt("transport")),
        StoredCodes.portClass(rs.getInt("port_class")),
        rs.getInt("dns_id"),
        rs.getString("qname"),
        rs.getObject("qtype", Integer.class),
        rs.getObject("qclass", Integer.class),
        rs.getInt("rcode"),
        StoredCodes.status(rs.getInt("status")),
        StoredCodes.role(rs.getInt("role")),
        rs.getObject("query_flags", Integer.class),
        rs.getObject("reply_flags", Integer.class),
        rs.getInt("retransmissions"),
        rs.getInt("identical_replies"),
        rs.getString("reason"),
        rs.getString("query_issue"),
        rs.getString("reply_issue"),
        rs.getBytes("query_wire"),
        rs.getBytes("reply_wire"));
  }
}
