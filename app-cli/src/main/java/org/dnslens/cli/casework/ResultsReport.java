package org.dnslens.cli.casework;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.dnslens.cli.command.CaseAccess;
import org.dnslens.engine.model.Finding;
import org.dnslens.engine.model.FrameRef;
import org.dnslens.engine.model.IocHitSummary;
import org.dnslens.engine.model.SafeText;
import org.dnslens.engine.export.EpochTime;

/** Findings and IOC hits as a table, NDJSON or CSV. Every attacker-chosen string is escaped for terminals. */
public final class ResultsReport {
  /** Output formats of hunt and ioc. */
  public enum Format {
    table,
    json,
    csv
  }

  private final PrintWriter out;
  private final Map<Integer, String> sourceLabels;

  /** @param sourceLabels case source id → file name, for evidence references */
  public ResultsReport(PrintWriter out, Map<Integer, String> sourceLabels) {
    this.out = out;
    this.sourceLabels = sourceLabels;
  }

  public void findings(List<Finding> findings, Format format) throws IOException {
    switch (format) {
      case json -> {
        JsonGenerator g = CaseAccess.json(out);
        for (Finding f : findings) {
          g.writeStartObject();
          g.writeStringField("kind", f.kind().label());
          g.writeNumberField("score", f.score());
          g.writeStringField("severity", f.severity().name().toLowerCase(Locale.ROOT));
          g.writeStringField("client", f.client() != null ? f.client().toString() : null);
          g.writeStringField("domain", f.domain());
          g.writeStringField("first_seen", EpochTime.iso(f.firstSeenNanos()));
          g.writeStringField("last_seen", EpochTime.iso(f.lastSeenNanos()));
          g.writeStringField("explanation", f.explanation());
          g.writeObjectFieldStart("metrics");
          for (Map.Entry<String, Double> m : f.metrics().entrySet()) {
            g.writeNumberField(m.getKey(), m.getValue());
          }
          g.writeEndObject();
          g.writeArrayFieldStart("evidence");
          for (FrameRef r : f.evidence()) {
            g.writeString(ref(r));
          }
          g.writeEndArray();
          g.writeEndObject();
          g.flush();
          out.println();
        }
      }
      case csv -> {
        out.println("score,severity,kind,client,domain,first_seen,last_seen,explanation,evidence");
        for (Finding f : findings) {
          out.println(CaseAccess.csvLine(f.score(), f.severity().name().toLowerCase(Locale.ROOT), f.kind().label(),
              f.client() != null ? f.client().toString() : "", f.domain(), EpochTime.iso(f.firstSeenNanos()),
              EpochTime.iso(f.lastSeenNanos()), f.explanation(),
              f.evidence().stream().map(this::ref).collect(Collectors.joining(" "))));
        }
      }
      default -> {
        if (findings.isEmpty()) {
          out.println("no findings");
        }
        for (Finding f : findings) {
          out.printf(Locale.ROOT, "%3d %-8s %-16s %-16s %s%n", f.score(), f.severity().name(), f.kind().label(),
              f.client() != null ? f.client().toString() : "-", f.domain() != null ? SafeText.escape(f.domain()) : "-");
          out.println("      " + SafeText.escape(f.explanation()));
          if (!f.evidence().isEmpty()) {
            out.println("      evidence: " + f.evidence().stream().limit(3).map(this::ref).collect(Collectors.joining(", "))
                + (f.evidence().size() > 3 ? " (+" + (f.evidence().size() - 3) + " more)" : ""));
          }
        }
      }
    }
    out.flush();
  }

  public void iocHits(List<IocHitSummary> hits, Format format) throws IOException {
    switch (format) {
      case json -> {
        JsonGenerator g = CaseAccess.json(out);
        for (IocHitSummary h : hits) {
          g.writeStartObject();
          g.writeStringField("ioc", h.ioc().value());
          g.writeStringField("ioc_kind", h.ioc().kind().name().toLowerCase(Locale.ROOT));
          g.writeStringField("list", h.ioc().list());
          g.writeNumberField("line", h.ioc().line());
          g.writeStringField("where", h.where().label());
          g.writeStringField("matched", h.matchedValue());
          g.writeNumberField("count", h.count());
          g.writeStringField("first_seen", EpochTime.iso(h.firstSeenNanos()));
          g.writeStringField("last_seen", EpochTime.iso(h.lastSeenNanos()));
          g.writeArrayFieldStart("clients");
          for (var c : h.clients()) {
            g.writeString(c.toString());
          }
          g.writeEndArray();
          g.writeArrayFieldStart("evidence");
          for (FrameRef r : h.transactions()) {
            g.writeString(ref(r));
          }
          g.writeEndArray();
          g.writeEndObject();
          g.flush();
          out.println();
        }
      }
      case csv -> {
        out.println("ioc,ioc_kind,list,line,where,matched,count,first_seen,last_seen,clients");
        for (IocHitSummary h : hits) {
          out.println(CaseAccess.csvLine(h.ioc().value(), h.ioc().kind().name().toLowerCase(Locale.ROOT), h.ioc().list(),
              h.ioc().line(), h.where().label(), h.matchedValue(), h.count(), EpochTime.iso(h.firstSeenNanos()),
              EpochTime.iso(h.lastSeenNanos()), h.clients().stream().map(Object::toString).collect(Collectors.joining(" "))));
        }
      }
      default -> {
        if (hits.isEmpty()) {
          out.println("no IOC hits");
        }
        for (IocHitSummary h : hits) {
          out.printf(Locale.ROOT, "%6d x %-12s %s  (IOC %s from %s:%d)%n", h.count(), h.where().label(),
              SafeText.escape(h.matchedValue()), SafeText.escape(h.ioc().value()), SafeText.escape(h.ioc().list()), h.ioc().line());
          out.println("         clients: " + h.clients().stream().limit(5).map(Object::toString).collect(Collectors.joining(", "))
              + (h.clients().size() > 5 ? " (+" + (h.clients().size() - 5) + ")" : "")
              + "  first " + EpochTime.iso(h.firstSeenNanos()) + "  last " + EpochTime.iso(h.lastSeenNanos()));
        }
      }
    }
    out.flush();
  }

  private String ref(FrameRef r) {
    return SafeText.escape(sourceLabels.getOrDefault(r.sourceId(), "source " + r.sourceId())) + "#" + r.frameNumber();
  }
}
