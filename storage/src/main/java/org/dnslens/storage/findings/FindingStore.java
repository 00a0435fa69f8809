package org.dnslens.storage.findings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dnslens.engine.model.Finding;
import org.dnslens.engine.model.FindingKind;
import org.dnslens.engine.model.FrameRef;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.engine.model.Severity;
import org.dnslens.storage.casefile.CaseDatabase;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The case's hunt findings. A hunt looks at the whole case, so its findings replace the previous ones in
 * one transaction: a reader sees the old set or the new one, never half.
 */
public final class FindingStore {
  /** Longest explanation kept (explanations are sentences; a longer one is cut, never rejected). */
  public static final int MAX_EXPLANATION_CHARS = 4000;

  private final CaseDatabase db;

  public FindingStore(CaseDatabase db) {
    this.db = db;
  }

  /** Replaces every stored finding with {@code findings}. */
  public void replaceAll(List<Finding> findings) {
    db.jdbi()
        .useTransaction(
            h -> {
              h.execute("DELETE FROM finding");
              PreparedBatch b =
                  h.prepareBatch(
                      "INSERT INTO finding (kind, score, severity, client, domain, first_seen, last_seen,"
                          + " explanation, metrics, evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
              for (Finding f : findings) {
                b.add(
                    f.kind().label(),
                    f.score(),
                    f.severity().name(),
                    f.client() != null ? f.client().toString() : null,
                    cut(f.domain(), 1100),
                    f.firstSeenNanos(),
                    f.lastSeenNanos(),
                    cut(f.explanation(), MAX_EXPLANATION_CHARS),
                    metrics(f.metrics()),
                    EvidenceRefs.format(f.evidence(), 2000));
              }
              if (!findings.isEmpty()) {
                b.execute();
              }
            });
  }

  /** Stored findings with at least {@code minScore}, of {@code kind} (null: all), best first. */
  public List<Finding> list(int minScore, FindingKind kind) {
    return db.jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT kind, score, client, domain, first_seen, last_seen, explanation, metrics,"
                            + " evidence FROM finding WHERE score >= :min AND (:kind IS NULL OR kind = :kind)"
                            + " ORDER BY score DESC, first_seen, id")
                    .bind("min", minScore)
                    .bind("kind", kind != null ? kind.label() : null)
                    .map(
                        (rs, ctx) ->
                            new Finding(
                                FindingKind.fromLabel(rs.getString("kind")),
                                rs.getInt("score"),
                                Severity.ofScore(rs.getInt("score")),
                                rs.getString("client") != null ? IpAddress.parse(rs.getString("client")) : null,
                                rs.getString("domain"),
                                rs.getLong("first_seen"),
                                rs.getLong("last_seen"),
                                rs.getString("explanation"),
                                parseMetrics(rs.getString("metrics")),
                                EvidenceRefs.parse(rs.getString("evidence"))))
                    .list());
  }

  /** Metrics as {@code name=value;...}: names are code-chosen identifiers, values finite numbers. */
  static String metrics(Map<String, Double> metrics) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Double> e : metrics.entrySet()) {
      if (sb.length() > 0) {
        sb.append(';');
      }
      sb.append(e.getKey()).append('=').append(String.format(Locale.ROOT, "%s", e.getValue()));
    }
    return cut(sb.toString(), 8000);
  }

  static Map<String, Double> parseMetrics(String s) {
    Map<String, Double> m = new LinkedHashMap<>();
    if (s == null || s.isEmpty()) {
      return m;
    }
    for (String part : s.split(";")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        try {
          m.put(part.substring(0, eq), Double.parseDouble(part.substring(eq + 1)));
        } catch (NumberFormatException e) {
          // a cut last entry; skip it
        }
      }
    }
    return m;
  }

  static String cut(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }

  /** "source:frame" lists, bounded so a row never exceeds its column. */
  static final class EvidenceRefs {
    private EvidenceRefs() {}

    static String format(List<FrameRef> refs, int maxChars) {
      StringBuilder sb = new StringBuilder();
      for (FrameRef r : refs) {
        String item = r.sourceId() + ":" + r.frameNumber();
        if (sb.length() + item.length() + 1 > maxChars) {
          break;
        }
        if (sb.length() > 0) {
          sb.append(',');
        }
        sb.append(item);
      }
      return sb.toString();
    }

    static List<FrameRef> parse(String s) {
      List<FrameRef> out = new ArrayList<>();
      if (s == null || s.isEmpty()) {
        return out;
      }
      for (String item : s.split(",")) {
        int c = item.indexOf(':');
        out.add(new FrameRef(Integer.parseInt(item.substring(0, c)), Long.parseLong(item.substring(c + 1))));
      }
      return out;
    }
  }
}
