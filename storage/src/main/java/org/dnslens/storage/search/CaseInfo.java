package org.dnslens.storage.search;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dnslens.engine.model.Rcode;
import org.dnslens.engine.model.RrType;
import org.dnslens.storage.casefile.CaseDatabase;
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

  /** Run counts (run_count) of complete runs. */
  private static final String COUNTS =
      "SELECT c.item, SUM(c.cnt) AS total FROM run_count c JOIN ingest_run r ON r.id = c.run_id"
          + " AND r.status = 'complete' WHERE c.kind = :kind GROUP BY c.item";

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
    Long[] span =
        h.createQuery(
                "SELECT MIN(b.min_ts), MAX(b.max_ts) FROM tx_block b"
                    + " JOIN ingest_run r ON r.id = b.run_id AND r.status = 'complete'")
            .map((rs, ctx) -> new Long[] {rs.getObject(1, Long.class), rs.getObject(2, Long.class)})
            .one();
    Long first = span[0];
    Long last = span[1];
    // Tops: each run keeps its top RunWriter.TOP_PER_RUN names/clients/servers; summed over runs.
    List<Count> topNames = top(counts(h, "name"));
    List<Count> topClients = top(counts(h, "client"));
    List<Count> topServers = top(counts(h, "server"));
    Map<String, Long> rcodes = new LinkedHashMap<>();
    counts(h, "rcode").entrySet().stream()
        .sorted(Map.Entry.comparingByKey(java.util.Comparator.comparingInt(Integer::parseInt)))
        .forEach(e -> {
          int code = Integer.parseInt(e.getKey());
          rcodes.merge(code < 0 ? "none" : Rcode.name(code), e.getValue(), Long::sum);
        });
    Map<String, Long> qtypes = new LinkedHashMap<>();
    counts(h, "qtype").entrySet().stream()
        .sorted(java.util.Comparator.comparing((Map.Entry<String, Long> e) -> -e.getValue())
            .thenComparingInt(e -> Integer.parseInt(e.getKey())))
        .forEach(e -> {
          int code = Integer.parseInt(e.getKey());
          qtypes.merge(code < 0 ? "none" : RrType.name(code), e.getValue(), Long::sum);
        });
    Map<String, Long> statuses = new LinkedHashMap<>();
    counts(h, "status").entrySet().stream()
        .sorted(Map.Entry.comparingByKey(java.util.Comparator.comparingInt(Integer::parseInt)))
        .forEach(e -> statuses.merge(StoredCodes.status(Integer.parseInt(e.getKey())).label(), e.getValue(), Long::sum));
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

  private static Map<String, Long> counts(Handle h, String kind) {
    Map<String, Long> m = new LinkedHashMap<>();
    h.createQuery(COUNTS)
        .bind("kind", kind)
        .map((rs, ctx) -> m.put(rs.getString(1), rs.getLong(2)))
        .forEach(x -> {});
    return m;
  }

  private static List<Count> top(Map<String, Long> counts) {
    return counts.entrySet().stream()
        .sorted(java.util.Comparator.comparing((Map.Entry<String, Long> e) -> -e.getValue())
            .thenComparing(Map.Entry::getKey))
        .limit(TOP)
        .map(e -> new Count(e.getKey(), e.getValue()))
        .toList();
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
