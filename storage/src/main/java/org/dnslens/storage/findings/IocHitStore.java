package org.dnslens.storage.findings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.dnslens.engine.model.Ioc;
import org.dnslens.engine.model.IocHitSummary;
import org.dnslens.engine.model.IocKind;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.engine.model.MatchLocation;
import org.dnslens.storage.casefile.CaseDatabase;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The case's IOC hits. A retroactive match covers the whole case, so its hits replace the previous ones
 * atomically (the analyst matches all current lists at once).
 */
public final class IocHitStore {
  /** Bounded text columns: client and evidence lists are cut (and flagged truncated) past this. */
  public static final int MAX_LIST_CHARS = 20_000;

  private final CaseDatabase db;

  public IocHitStore(CaseDatabase db) {
    this.db = db;
  }

  public void replaceAll(List<IocHitSummary> hits) {
    db.jdbi()
        .useTransaction(
            h -> {
              h.execute("DELETE FROM ioc_hit");
              PreparedBatch b =
                  h.prepareBatch(
                      "INSERT INTO ioc_hit (ioc, ioc_kind, list, list_line, object_id, tags, location, matched,"
                          + " hit_count, first_seen, last_seen, clients, clients_truncated, evidence,"
                          + " evidence_truncated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
              for (IocHitSummary s : hits) {
                String clients = joinClients(s.clients());
                String evidence = FindingStore.EvidenceRefs.format(s.transactions(), MAX_LIST_CHARS);
                b.add(
                    FindingStore.cut(s.ioc().value(), 1100),
                    s.ioc().kind().name(),
                    FindingStore.cut(s.ioc().list(), 1024),
                    s.ioc().line(),
                    FindingStore.cut(s.ioc().objectId(), 256),
                    FindingStore.cut(String.join(",", s.ioc().tags()), 2000),
                    s.where().label(),
                    FindingStore.cut(s.matchedValue(), 1100),
                    s.count(),
                    s.firstSeenNanos(),
                    s.lastSeenNanos(),
                    clients,
                    s.clientsTruncated() || clients.length() < joinedLength(s.clients()),
                    evidence,
                    s.transactionsTruncated() || evidence.split(",", -1).length < s.transactions().size());
              }
              if (!hits.isEmpty()) {
                b.execute();
              }
            });
  }

  /** Every stored hit, most frequent first. */
  public List<IocHitSummary> list() {
    return db.jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT * FROM ioc_hit ORDER BY hit_count DESC, first_seen, id")
                    .map(
                        (rs, ctx) -> {
                          String tags = rs.getString("tags");
                          Ioc ioc =
                              new Ioc(
                                  rs.getString("ioc"),
                                  IocKind.valueOf(rs.getString("ioc_kind")),
                                  rs.getString("list"),
                                  rs.getLong("list_line"),
                                  rs.getString("object_id"),
                                  tags == null || tags.isEmpty() ? List.of() : Arrays.asList(tags.split(",")),
                                  null,
                                  null,
                                  null);
                          return new IocHitSummary(
                              ioc,
                              location(rs.getString("location")),
                              rs.getString("matched"),
                              rs.getLong("hit_count"),
                              rs.getLong("first_seen"),
                              rs.getLong("last_seen"),
                              parseClients(rs.getString("clients")),
                              rs.getBoolean("clients_truncated"),
                              FindingStore.EvidenceRefs.parse(rs.getString("evidence")),
                              rs.getBoolean("evidence_truncated"));
                        })
                    .list());
  }

  private static MatchLocation location(String label) {
    return MatchLocation.valueOf(label.toUpperCase(Locale.ROOT));
  }

  private static String joinClients(List<IpAddress> clients) {
    StringBuilder sb = new StringBuilder();
    for (IpAddress c : clients) {
      String s = c.toString();
      if (sb.length() + s.length() + 1 > MAX_LIST_CHARS) {
        break;
      }
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(s);
    }
    return sb.toString();
  }

  private static int joinedLength(List<IpAddress> clients) {
    int n = Math.max(0, clients.size() - 1);
    for (IpAddress c : clients) {
      n += c.toString().length();
    }
    return n;
  }

  private static List<IpAddress> parseClients(String s) {
    List<IpAddress> out = new ArrayList<>();
    if (s != null && !s.isEmpty()) {
      for (String c : s.split(",")) {
        out.add(IpAddress.parse(c));
      }
    }
    return out;
  }
}
