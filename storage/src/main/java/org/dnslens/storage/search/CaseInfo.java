package org.dnslens.storage.search;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dnslens.engine.model.Rcode;
import org.dnslens.engine.model.RrType;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.casefile.NameKeys;
import org.dnslens.storage.casefile.StoredCodes;
import org.jdbi.v3.core.Handle;

/**
 * What a case holds, for {@code dnslens info} and the GUI's case page. Covers completed ingest runs only.
 *
 * @param firstNanos earliest query time, or null for an empty case
 * @param lastNanos latest query time, or null for an empty case
 * @param topNames the {@value #TOP} most queried names with their query counts
 * @param rcodes transactions per response code name ({@code NOERROR}, ..., {@code none} when unanswered)
 * @param qtypes transactions per query type name
 * @param statuses transactions per status label
 * @param issues issue counts per reason label, over all runs
 */
public record CaseInfo(
    List<Source> sources,
    long transactions,
    long records,
    Long firstNanos,
    Long lastNanos,
    List<Count> topNames,
    List<Count> topClients,
    List<Count> topServers,
    Map<String, Long> rcodes,
    Map<String, Long> qtypes,
    Map<String, Long> statuses,
    Map<String, Long> issues) {
  public static final int TOP = 10;

  /** One capture in the case. Time span in epoch nanoseconds (0 when it held no frames). */
  public record Source(
      int id,
      String label,
      String path,
      String sha256,
      long sizeBytes,
      String format,
      String linkTypes,
      long firstNanos,
      long lastNanos,
      long frames,
      long dnsMessages,
      long transactions) {}

  public record Count(String key, long count) {}

  /** Reads the summary of a case. */
  public static CaseInfo load(CaseDatabase db) {
    return db.jdbi().withHandle(CaseInfo::load);
  }

  private static final String DONE = " JOIN ingest_run r ON r.id = t.run_id AND r.status = 'complete'";
  private static final String CLIENTS_DONE =
      " JOIN ingest_run r ON r.id = c.run_id AND r.status = 'complete'";

  private static CaseInfo load(Handle h) {
    List<Source> sources =
        h.createQuery(
                "SELECT s.id, s.label, s.path, s.sha256, s.size_bytes, s.format, s.link_types, s.first_ts,"
                    + " s.last_ts, s.frames, s.dns_messages, s.transactions FROM source s"
                    + " JOIN ingest_run r ON r.id = s.run_id AND r.status = 'complete' ORDER BY s.id")
            .map(
                (rs, ctx) ->
                    new Source(
                        rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                        rs.getString(6), rs.getString(7), rs.getLong(8), rs.getLong(9), rs.getLong(10),
                        rs.getLong(11), rs.getLong(12)))
            .list();
    long transactions =
        h.createQuery("SELECT COALESCE(SUM(transactions), 0) FROM ingest_run WHERE status = 'complete'")
            .mapTo(Long.class)
            .one();
    long records =
        h.createQuery("SELECT COALESCE(SUM(records), 0) FROM ingest_run WHERE status = 'complete'")
            .mapTo(Long.class)
            .one();
    Long first = h.createQuery("SELECT MIN(t.ts) FROM tx t" + DONE).mapTo(Long.class).one();
    Long last = h.createQuery("SELECT MAX(t.ts) FROM tx t" + DONE).mapTo(Long.class).one();
    // Top names and clients from the per-client aggregates: far fewer rows than transactions.
    List<Count> topNames =
        h.createQuery(
                "SELECT n.name, SUM(c.cnt) AS total FROM pdns_client c" + CLIENTS_DONE
                    + " JOIN dns_name n ON n.id = c.name_id"
                    + " GROUP BY n.name ORDER BY total DESC, n.name LIMIT " + TOP)
            .map((rs, ctx) -> new Count(rs.getString(1), rs.getLong(2)))
            .list();
    List<Count> topClients =
        h.createQuery(
                "SELECT i.ip_key, SUM(c.cnt) AS total FROM pdns_client c" + CLIENTS_DONE
                    + " JOIN ip_addr i ON i.id = c.client_ip_id"
                    + " GROUP BY i.ip_key ORDER BY total DESC, i.ip_key LIMIT " + TOP)
            .map((rs, ctx) -> new Count(NameKeys.ipFromKey(rs.getBytes(1)).toString(), rs.getLong(2)))
            .list();
    List<Count> topServers =
        h.createQuery(
                "SELECT i.ip_key, g.total FROM (SELECT t.server_ip_id, COUNT(*) AS total FROM tx t" + DONE
                    + " GROUP BY t.server_ip_id ORDER BY total DESC LIMIT " + TOP + ") g"
                    + " JOIN ip_addr i ON i.id = g.server_ip_id ORDER BY g.total DESC, i.ip_key")
            .map((rs, ctx) -> new Count(NameKeys.ipFromKey(rs.getBytes(1)).toString(), rs.getLong(2)))
            .list();
    Map<String, Long> rcodes = new LinkedHashMap<>();
    h.createQuery("SELECT t.rcode, COUNT(*) FROM tx t" + DONE + " GROUP BY t.rcode ORDER BY t.rcode")
        .map((rs, ctx) -> {
          int code = rs.getInt(1);
          rcodes.put(code < 0 ? "none" : Rcode.name(code), rs.getLong(2));
          return null;
        })
        .forEach(x -> {});
    Map<String, Long> qtypes = new LinkedHashMap<>();
    h.createQuery(
            "SELECT t.qtype, COUNT(*) AS c FROM tx t" + DONE + " GROUP BY t.qtype ORDER BY c DESC, t.qtype")
        .map((rs, ctx) -> {
          int code = rs.getInt(1);
          qtypes.put(rs.wasNull() ? "none" : RrType.name(code), rs.getLong(2));
          return null;
        })
        .forEach(x -> {});
    Map<String, Long> statuses = new LinkedHashMap<>();
    h.createQuery("SELECT t.status, COUNT(*) FROM tx t" + DONE + " GROUP BY t.status ORDER BY t.status")
        .map((rs, ctx) -> {
          statuses.put(StoredCodes.status(rs.getInt(1)).label(), rs.getLong(2));
          return null;
        })
        .forEach(x -> {});
    Map<String, Long> issues = new LinkedHashMap<>();
    h.createQuery(
            "SELECT i.reason, SUM(i.cnt) AS c FROM issue_count i JOIN ingest_run r ON r.id = i.run_id"
                + " AND r.status = 'complete' GROUP BY i.reason ORDER BY c DESC, i.reason")
        .map((rs, ctx) -> {
          issues.put(rs.getString(1), rs.getLong(2));
          return null;
        })
        .forEach(x -> {});
    return new CaseInfo(
        sources, transactions, records, first, last, topNames, topClients, topServers, rcodes, qtypes,
        statuses, issues);
  }

  public CaseInfo {
    sources = List.copyOf(sources);
    topNames = List.copyOf(topNames);
    topClients = List.copyOf(topClients);
    topServers = List.copyOf(topServers);
    rcodes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(rcodes));
    qtypes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(qtypes));
    statuses = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(statuses));
    issues = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(issues));
  }
}
