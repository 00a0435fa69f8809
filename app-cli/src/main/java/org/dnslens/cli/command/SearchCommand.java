package org.dnslens.cli.command;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.dnslens.cli.error.ExitCodes;
import org.dnslens.cli.error.UserFacingException;
import org.dnslens.engine.export.EpochTime;
import org.dnslens.engine.model.DnsClass;
import org.dnslens.engine.model.Rcode;
import org.dnslens.engine.model.RrType;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.search.SearchQuery;
import org.dnslens.storage.search.StoredTransaction;
import org.dnslens.storage.search.TransactionSearch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dnslens search}: transactions of a case by name, address, time, type, rcode and status. */
@Command(
    name = "search",
    mixinStandardHelpOptions = true,
    description = {
      "Search the transactions of a case. Criteria combine with AND.",
      "Relative times (-2h, -30m, -1d) count back from the case's last capture timestamp, not from now."
    })
public final class SearchCommand implements Callable<Integer> {
  enum Format {
    table,
    json,
    csv
  }

  @Spec CommandSpec spec;

  @Option(names = "--case", required = true, description = "The case file (case or case.mv.db).")
  Path casePath;

  @Mixin SearchFilterOptions filters;

  @Option(names = "--limit", defaultValue = "100", description = "At most this many rows (default ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--format", defaultValue = "table", description = "table, json (one object per line) or csv.")
  Format format;

  @Override
  public Integer call() throws IOException {
    if (limit < 1 || limit > SearchQuery.MAX_LIMIT) {
      throw new UserFacingException("--limit must be between 1 and " + SearchQuery.MAX_LIMIT, ExitCodes.USAGE);
    }
    try (CaseDatabase db = CaseAccess.openForReading(casePath)) {
      TransactionSearch search = new TransactionSearch(db);
      SearchQuery q = query(search);
      List<StoredTransaction> rows;
      try {
        rows = search.search(q);
      } catch (IllegalArgumentException e) {
        throw new UserFacingException(e.getMessage(), ExitCodes.USAGE, e);
      }
      PrintWriter out = spec.commandLine().getOut();
      switch (format) {
        case json -> writeJson(out, rows);
        case csv -> writeCsv(out, rows);
        default -> writeTable(out, rows);
      }
      out.flush();
    }
    return ExitCodes.OK;
  }

  private SearchQuery query(TransactionSearch search) {
    return filters.query(search).withLimit(limit);
  }

  private static void writeJson(PrintWriter out, List<StoredTransaction> rows) throws IOException {
    JsonGenerator g = CaseAccess.json(out);
    for (StoredTransaction t : rows) {
      g.writeStartObject();
      g.writeNumberField("id", t.id());
      g.writeFieldName("query_ts");
      g.writeNumber(t.queryFrame() != null ? EpochTime.seconds(t.tsNanos()) : null);
      g.writeFieldName("reply_ts");
      g.writeNumber(t.replyTsNanos() != null ? EpochTime.seconds(t.replyTsNanos()) : null);
      g.writeFieldName("rtt_ms");
      g.writeNumber(t.rttNanos() >= 0 ? EpochTime.millis(t.rttNanos()) : null);
      g.writeStringField("status", t.status().label());
      if (t.reason() != null) {
        g.writeStringField("reason", t.reason());
      }
      g.writeStringField("client_addr", t.clientIp().toString());
      g.writeNumberField("client_port", t.clientPort());
      g.writeStringField("server_addr", t.serverIp().toString());
      g.writeNumberField("server_port", t.serverPort());
      g.writeStringField("transport", t.transport().label());
      g.writeNumberField("tx_id", t.dnsId());
      g.writeStringField("qname", t.qname());
      g.writeStringField("qtype", t.qtype() != null ? RrType.name(t.qtype()) : null);
      g.writeStringField("qclass", t.qclass() != null ? DnsClass.name(t.qclass()) : null);
      if (t.rcode() >= 0) {
        g.writeNumberField("rcode", t.rcode());
        g.writeStringField("rcode_name", Rcode.name(t.rcode()));
      } else {
        g.writeNullField("rcode");
        g.writeNullField("rcode_name");
      }
      g.writeObjectFieldStart("source");
      g.writeStringField("file", t.sourceLabel());
      if (t.queryFrame() != null) {
        g.writeNumberField("query_frame", t.queryFrame());
      }
      if (t.replyFrame() != null) {
        g.writeNumberField("reply_frame", t.replyFrame());
      }
      g.writeEndObject();
      g.writeEndObject();
      g.writeRaw('\n');
    }
    g.flush();
  }

  private static void writeCsv(PrintWriter out, List<StoredTransaction> rows) {
    out.println("query_ts,client_addr,client_port,server_addr,server_port,transport,tx_id,qname,qtype,rcode,status,rtt_ms,file,query_frame,reply_frame");
    for (StoredTransaction t : rows) {
      out.println(
          CaseAccess.csvLine(
              EpochTime.iso(t.tsNanos()), t.clientIp(), t.clientPort(), t.serverIp(), t.serverPort(),
              t.transport().label(), t.dnsId(), t.qname(), t.qtype() != null ? RrType.name(t.qtype()) : null,
              t.rcode() >= 0 ? Rcode.name(t.rcode()) : null, t.status().label(),
              t.rttNanos() >= 0 ? EpochTime.millis(t.rttNanos()) : null, t.sourceLabel(), t.queryFrame(),
              t.replyFrame()));
    }
  }

  private static void writeTable(PrintWriter out, List<StoredTransaction> rows) {
    String fmt = "%-27s %-39s %-39s %-6s %-9s %-12s %9s  %s%n";
    out.printf(java.util.Locale.ROOT, fmt, "TIME", "CLIENT", "SERVER", "QTYPE", "RCODE", "STATUS", "RTT_MS", "QNAME");
    for (StoredTransaction t : rows) {
      out.printf(
          java.util.Locale.ROOT,
          fmt,
          EpochTime.iso(t.tsNanos()),
          t.clientIp() + "#" + t.clientPort(),
          t.serverIp() + "#" + t.serverPort(),
          t.qtype() != null ? RrType.name(t.qtype()) : "-",
          t.rcode() >= 0 ? Rcode.name(t.rcode()) : "-",
          t.status().label(),
          t.rttNanos() >= 0 ? EpochTime.millis(t.rttNanos()) : "-",
          t.qname() != null ? t.qname() : "-");
    }
    out.printf(java.util.Locale.ROOT, "%d transaction%s%n", rows.size(), rows.size() == 1 ? "" : "s");
  }
}
