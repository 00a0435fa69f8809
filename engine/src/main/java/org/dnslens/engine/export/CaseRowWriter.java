package org.dnslens.engine.export;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.dnslens.engine.model.Finding;
import org.dnslens.engine.model.FrameRef;
import org.dnslens.engine.model.IocHitSummary;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.engine.model.PassiveDnsEntry;
import org.dnslens.engine.model.RrType;

/**
 * Writes the case's aggregate tables — passive DNS, hunt findings, IOC hits — as NDJSON, msgpack maps or
 * CSV with the same field names in each, so a pipeline can switch format without renaming fields. Rows
 * are small and few compared with transactions, so each is built as an ordered map first.
 *
 * <p>Passive DNS rows carry the COF field names ({@code rrname}, {@code rrtype}, {@code rdata},
 * {@code time_first}, {@code time_last} as integer epoch seconds, {@code count}); findings and IOC hits use
 * decimal epoch seconds ({@code first_seen}, {@code last_seen}) like the transaction log's timestamps.
 */
public final class CaseRowWriter implements Closeable {
  /** Formats the aggregate tables can be written in. */
  public enum Format {
    json,
    msgpack,
    csv
  }

  public static final List<String> PDNS_COLUMNS =
      List.of("rrname", "rrtype", "rdata", "time_first", "time_last", "count", "sensor_id");
  public static final List<String> FINDING_COLUMNS =
      List.of("kind", "score", "severity", "client", "domain", "first_seen", "last_seen", "explanation", "metrics", "evidence");
  public static final List<String> IOC_HIT_COLUMNS =
      List.of("ioc", "ioc_kind", "list", "line", "object_id", "tags", "description", "where", "matched", "count",
          "first_seen", "last_seen", "clients", "clients_truncated", "transactions", "transactions_truncated");

  private final Format format;
  private final OutputStream out;
  private final List<String> columns;
  private final JsonGenerator g;
  private final Writer text;
  private final IntFunction<String> sourceNames;

  private CaseRowWriter(Format format, OutputStream out, List<String> columns, IntFunction<String> sourceNames)
      throws IOException {
    this.format = format;
    this.out = out;
    this.columns = columns;
    this.sourceNames = sourceNames;
    this.g = switch (format) {
      case json -> JsonOutput.newlineDelimited(out);
      case msgpack -> MsgpackGenerator.plain(out);
      case csv -> null;
    };
    this.text = format == Format.csv ? new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8)) : null;
    if (text != null) {
      StringBuilder header = new StringBuilder();
      for (String c : columns) {
        header.append(header.length() == 0 ? "" : ",").append(c);
      }
      text.write(header.append("\r\n").toString());
    }
  }

  public static CaseRowWriter passiveDns(Format format, OutputStream out) throws IOException {
    return new CaseRowWriter(format, out, PDNS_COLUMNS, id -> "");
  }

  /** @param sourceNames file names of the case's sources, for evidence references */
  public static CaseRowWriter findings(Format format, OutputStream out, IntFunction<String> sourceNames) throws IOException {
    return new CaseRowWriter(format, out, FINDING_COLUMNS, sourceNames);
  }

  /** @param sourceNames file names of the case's sources, for evidence references */
  public static CaseRowWriter iocHits(Format format, OutputStream out, IntFunction<String> sourceNames) throws IOException {
    return new CaseRowWriter(format, out, IOC_HIT_COLUMNS, sourceNames);
  }

  /** @param sensorId written as {@code sensor_id} when not null */
  public void write(PassiveDnsEntry e, String sensorId) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rrname", e.name());
    m.put("rrtype", RrType.name(e.type()));
    m.put("rdata", e.data());
    m.put("time_first", Math.floorDiv(e.firstSeenNanos(), 1_000_000_000L));
    m.put("time_last", Math.floorDiv(e.lastSeenNanos(), 1_000_000_000L));
    m.put("count", e.count());
    if (sensorId != null) {
      m.put("sensor_id", sensorId);
    }
    row(m);
  }

  public void write(Finding f) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", f.kind().label());
    m.put("score", (long) f.score());
    m.put("severity", f.severity().name());
    m.put("client", f.client() != null ? f.client().toString() : null);
    m.put("domain", f.domain());
    m.put("first_seen", new PlainValueJson.Decimal(EpochTime.seconds(f.firstSeenNanos())));
    m.put("last_seen", new PlainValueJson.Decimal(EpochTime.seconds(f.lastSeenNanos())));
    m.put("explanation", f.explanation());
    m.put("metrics", new LinkedHashMap<String, Object>(f.metrics()));
    m.put("evidence", frames(f.evidence()));
    row(m);
  }

  public void write(IocHitSummary h) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ioc", h.ioc().value());
    m.put("ioc_kind", h.ioc().kind().name().toLowerCase(java.util.Locale.ROOT));
    m.put("list", h.ioc().list());
    m.put("line", h.ioc().line());
    m.put("object_id", h.ioc().objectId());
    m.put("tags", new ArrayList<Object>(h.ioc().tags()));
    m.put("description", h.ioc().description());
    m.put("where", h.where().label());
    m.put("matched", h.matchedValue());
    m.put("count", h.count());
    m.put("first_seen", new PlainValueJson.Decimal(EpochTime.seconds(h.firstSeenNanos())));
    m.put("last_seen", new PlainValueJson.Decimal(EpochTime.seconds(h.lastSeenNanos())));
    List<Object> clients = new ArrayList<>();
    for (IpAddress c : h.clients()) {
      clients.add(c.toString());
    }
    m.put("clients", clients);
    m.put("clients_truncated", h.clientsTruncated());
    m.put("transactions", frames(h.transactions()));
    m.put("transactions_truncated", h.transactionsTruncated());
    row(m);
  }

  /** Evidence as {@code file:frame} strings: readable in every format, and the file is what an analyst opens. */
  private List<Object> frames(List<FrameRef> refs) {
    List<Object> out = new ArrayList<>();
    for (FrameRef r : refs) {
      out.add(sourceNames.apply(r.sourceId()) + ":" + r.frameNumber());
    }
    return out;
  }

  private void row(Map<String, Object> m) throws IOException {
    if (text != null) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < columns.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        CsvTransactionWriter.appendCell(sb, cell(m.get(columns.get(i))));
      }
      text.write(sb.append("\r\n").toString());
      return;
    }
    PlainValueJson.write(g, m);
    if (format == Format.json) {
      g.writeRaw('\n');
    }
  }

  /** CSV cell text: lists joined by {@code "; "}, maps as {@code name=value;...}. */
  private static String cell(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof PlainValueJson.Decimal d) {
      return d.text();
    }
    if (v instanceof List<?> l) {
      StringBuilder sb = new StringBuilder();
      for (Object o : l) {
        sb.append(sb.length() == 0 ? "" : "; ").append(o);
      }
      return sb.toString();
    }
    if (v instanceof Map<?, ?> map) {
      StringBuilder sb = new StringBuilder();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        sb.append(sb.length() == 0 ? "" : ";").append(e.getKey()).append('=').append(e.getValue());
      }
      return sb.toString();
    }
    return v.toString();
  }

  public void flush() throws IOException {
    if (text != null) {
      text.flush();
    } else {
      g.flush();
    }
    out.flush();
  }

  @Override
  public void close() throws IOException {
    if (text != null) {
      text.flush();
    } else {
      g.close();
    }
    out.flush();
  }
}
