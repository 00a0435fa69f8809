package org.dnslens.cli.command;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dnslens.cli.error.ExitCodes;
import org.dnslens.engine.export.EpochTime;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.search.CaseInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dnslens info}: what a case holds. */
@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    description = "Summarise a case: sources, time span, counts, top names/clients/servers, rcodes, qtypes, issues.")
public final class InfoCommand implements Callable<Integer> {
  enum Format {
    text,
    json
  }

  @Spec CommandSpec spec;

  @Option(names = "--case", required = true, description = "The case file (case or case.mv.db).")
  Path casePath;

  @Option(names = "--format", defaultValue = "text", description = "text or json.")
  Format format;

  @Override
  public Integer call() throws IOException {
    try (CaseDatabase db = CaseAccess.openForReading(casePath)) {
      CaseInfo info = CaseInfo.load(db);
      PrintWriter out = spec.commandLine().getOut();
      if (format == Format.json) {
        json(out, db, info);
      } else {
        text(out, db, info);
      }
      out.flush();
    }
    return ExitCodes.OK;
  }

  private static void json(PrintWriter out, CaseDatabase db, CaseInfo info) throws IOException {
    JsonGenerator g = CaseAccess.json(out);
    g.writeStartObject();
    g.writeStringField("case", db.file().toString());
    g.writeNumberField("transactions", info.transactions());
    g.writeNumberField("records", info.records());
    g.writeStringField("first_ts", info.firstNanos() != null ? EpochTime.iso(info.firstNanos()) : null);
    g.writeStringField("last_ts", info.lastNanos() != null ? EpochTime.iso(info.lastNanos()) : null);
    g.writeArrayFieldStart("sources");
    for (CaseInfo.Source s : info.sources()) {
      g.writeStartObject();
      g.writeStringField("label", s.label());
      g.writeStringField("path", s.path());
      g.writeStringField("sha256", s.sha256());
      g.writeNumberField("size_bytes", s.sizeBytes());
      g.writeStringField("format", s.format());
      g.writeStringField("link_types", s.linkTypes());
      g.writeStringField("first_ts", s.firstNanos() != 0 ? EpochTime.iso(s.firstNanos()) : null);
      g.writeStringField("last_ts", s.lastNanos() != 0 ? EpochTime.iso(s.lastNanos()) : null);
      g.writeNumberField("frames", s.frames());
      g.writeNumberField("dns_messages", s.dnsMessages());
      g.writeNumberField("transactions", s.transactions());
      g.writeEndObject();
    }
    g.writeEndArray();
    counts(g, "top_names", "name", info.topNames());
    counts(g, "top_clients", "client", info.topClients());
    counts(g, "top_servers", "server", info.topServers());
    map(g, "rcodes", info.rcodes());
    map(g, "qtypes", info.qtypes());
    map(g, "statuses", info.statuses());
    map(g, "issues", info.issues());
    g.writeEndObject();
    g.writeRaw('\n');
    g.flush();
  }

  private static void counts(JsonGenerator g, String field, String key, List<CaseInfo.Count> counts)
      throws IOException {
    g.writeArrayFieldStart(field);
    for (CaseInfo.Count c : counts) {
      g.writeStartObject();
      g.writeStringField(key, c.key());
      g.writeNumberField("count", c.count());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void map(JsonGenerator g, String field, Map<String, Long> m) throws IOException {
    g.writeObjectFieldStart(field);
    for (var e : m.entrySet()) {
      g.writeNumberField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
  }

  private static void text(PrintWriter out, CaseDatabase db, CaseInfo info) {
    out.println("case:          " + db.file());
    out.println("transactions:  " + info.transactions());
    out.println("records:       " + info.records());
    out.println(
        "time span:     "
            + (info.firstNanos() != null
                ? EpochTime.iso(info.firstNanos()) + " .. " + EpochTime.iso(info.lastNanos())
                : "(empty)"));
    out.println("sources:       " + info.sources().size());
    for (CaseInfo.Source s : info.sources()) {
      out.printf(
          Locale.ROOT,
          "  %s  %s  %d bytes  %s  %d transactions  sha256 %s%n",
          s.label(),
          s.format() != null ? s.format() : "?",
          s.sizeBytes(),
          s.firstNanos() != 0 ? EpochTime.iso(s.firstNanos()) + " .. " + EpochTime.iso(s.lastNanos()) : "-",
          s.transactions(),
          s.sha256() != null ? s.sha256() : "-");
    }
    section(out, "top names", info.topNames());
    section(out, "top clients", info.topClients());
    section(out, "top servers", info.topServers());
    mapSection(out, "rcodes", info.rcodes());
    mapSection(out, "qtypes", info.qtypes());
    mapSection(out, "statuses", info.statuses());
    mapSection(out, "issues", info.issues());
  }

  private static void section(PrintWriter out, String title, List<CaseInfo.Count> counts) {
    out.println(title + ":");
    for (CaseInfo.Count c : counts) {
      out.printf(Locale.ROOT, "  %10d  %s%n", c.count(), c.key());
    }
  }

  private static void mapSection(PrintWriter out, String title, Map<String, Long> m) {
    out.println(title + ":");
    if (m.isEmpty()) {
      out.println("  (none)");
    }
    for (var e : m.entrySet()) {
      out.printf(Locale.ROOT, "  %10d  %s%n", e.getValue(), e.getKey());
    }
  }
}
