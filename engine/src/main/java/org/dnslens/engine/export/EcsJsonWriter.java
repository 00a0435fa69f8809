package org.dnslens.engine.export;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import org.dnslens.engine.model.DnsClass;
import org.dnslens.engine.model.DnsHeader;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.model.Edns;
import org.dnslens.engine.model.Opcode;
import org.dnslens.engine.model.Question;
import org.dnslens.engine.model.RData;
import org.dnslens.engine.model.Rcode;
import org.dnslens.engine.model.ResourceRecord;
import org.dnslens.engine.model.RrType;
import org.dnslens.engine.model.Transaction;

/**
 * One Elastic Common Schema document per transaction (NDJSON), shaped like Packetbeat's DNS events so
 * Kibana's DNS dashboards and detection rules work on it: {@code @timestamp}, {@code event.*}, {@code
 * network.*}, {@code source.*}/{@code client.*} and {@code destination.*}/{@code server.*}, {@code dns.*}
 * (ECS) plus Packetbeat's extensions {@code dns.authorities}, {@code dns.additionals}, their counts and
 * {@code dns.opt.*} (EDNS). Everything dnslens adds that ECS has no field for sits under {@code dnslens.*}.
 *
 * <p>With a bulk index, each document is preceded by the Elasticsearch bulk API action line
 * {@code {"create":{"_index":"..."}}} ({@code create} works for both indices and data streams), so the output
 * can be POSTed to {@code _bulk} as is. Without, the lines are ready for Filebeat's NDJSON input.
 */
public final class EcsJsonWriter implements TransactionWriter {
  /** The ECS version the field names follow. */
  public static final String ECS_VERSION = "8.11.0";

  private final JsonGenerator g;
  private final IntFunction<String> sourceNames;
  private final String bulkIndex;

  /**
   * @param bulkIndex index or data stream for the bulk action line, or null to write documents only
   */
  public EcsJsonWriter(OutputStream out, IntFunction<String> sourceNames, String bulkIndex) throws IOException {
    this.g = JsonOutput.newlineDelimited(out);
    this.sourceNames = sourceNames;
    this.bulkIndex = bulkIndex;
  }

  @Override
  public void write(Transaction tx) throws IOException {
    if (bulkIndex != null) {
      g.writeStartObject();
      g.writeObjectFieldStart("create");
      g.writeStringField("_index", bulkIndex);
      g.writeEndObject();
      g.writeEndObject();
      g.writeRaw('\n');
    }
    DnsMessage q = tx.query();
    DnsMessage r = tx.reply();
    DnsMessage last = r != null ? r : q;
    g.writeStartObject();
    g.writeStringField("@timestamp", EpochTime.iso(tx.queryTimestampNanos()));
    g.writeObjectFieldStart("ecs");
    g.writeStringField("version", ECS_VERSION);
    g.writeEndObject();

    g.writeObjectFieldStart("event");
    g.writeStringField("kind", "event");
    g.writeArrayFieldStart("category");
    g.writeString("network");
    g.writeEndArray();
    g.writeArrayFieldStart("type");
    g.writeString("connection");
    g.writeString("protocol");
    g.writeEndArray();
    g.writeStringField("dataset", "dnslens.dns");
    g.writeStringField("start", EpochTime.iso(tx.queryTimestampNanos()));
    g.writeStringField("end", EpochTime.iso(last.meta().timestampNanos()));
    if (tx.rttNanos() >= 0) {
      g.writeNumberField("duration", tx.rttNanos());
    }
    g.writeStringField("outcome", r == null ? "unknown" : (r.header().rcode() == Rcode.NOERROR ? "success" : "failure"));
    g.writeEndObject();

    g.writeObjectFieldStart("network");
    g.writeStringField("type", tx.clientIp().isIpv4() ? "ipv4" : "ipv6");
    g.writeStringField("transport", tx.transport() == org.dnslens.engine.model.Transport.TCP ? "tcp" : "udp");
    g.writeStringField("protocol", "dns");
    g.writeEndObject();

    endpoint("source", tx.clientIp().toString(), tx.clientPort());
    endpoint("client", tx.clientIp().toString(), tx.clientPort());
    endpoint("destination", tx.serverIp().toString(), tx.serverPort());
    endpoint("server", tx.serverIp().toString(), tx.serverPort());

    g.writeObjectFieldStart("dns");
    g.writeNumberField("id", tx.transactionId());
    g.writeStringField("type", r != null ? "answer" : "query");
    g.writeStringField("op_code", Opcode.name(tx.first().header().opcode()));
    DnsHeader h = last.header();
    g.writeArrayFieldStart("header_flags");
    for (String f : headerFlags(h)) {
      g.writeString(f);
    }
    g.writeEndArray();
    g.writeObjectFieldStart("flags");
    g.writeBooleanField("authoritative", h.aa());
    g.writeBooleanField("recursion_available", h.ra());
    g.writeBooleanField("recursion_desired", h.rd());
    g.writeBooleanField("authentic_data", h.ad());
    g.writeBooleanField("checking_disabled", h.cd());
    g.writeBooleanField("truncated_response", h.tc());
    g.writeEndObject();
    if (r != null) {
      g.writeStringField("response_code", Rcode.name(r.header().rcode()));
    }
    Question question = tx.question();
    if (question != null) {
      g.writeObjectFieldStart("question");
      g.writeStringField("name", question.name().toString());
      g.writeStringField("type", RrType.name(question.type()));
      g.writeStringField("class", DnsClass.name(question.dnsClass()));
      g.writeEndObject();
    }
    if (r != null) {
      records("answers", r.answers());
      records("authorities", r.authorities());
      records("additionals", r.additionals());
      List<String> resolved = new ArrayList<>();
      for (ResourceRecord a : r.answers()) {
        if (a.rdata() instanceof RData.Address addr) {
          resolved.add(addr.address().toString());
        }
      }
      if (!resolved.isEmpty()) {
        g.writeArrayFieldStart("resolved_ip");
        for (String ip : resolved) {
          g.writeString(ip);
        }
        g.writeEndArray();
      }
    }
    Edns edns = last.edns();
    if (edns != null) {
      g.writeObjectFieldStart("opt");
      g.writeStringField("version", Integer.toString(edns.version()));
      g.writeBooleanField("do", edns.dnssecOk());
      g.writeNumberField("udp_size", edns.udpPayloadSize());
      if (r != null) {
        g.writeStringField("ext_rcode", Rcode.name(r.header().rcode()));
      }
      g.writeEndObject();
    }
    g.writeEndObject();

    g.writeObjectFieldStart("dnslens");
    g.writeStringField("status", tx.status().label());
    if (tx.reason() != null) {
      g.writeStringField("reason", tx.reason().label());
    }
    g.writeStringField("role", tx.role().name().toLowerCase(Locale.ROOT));
    g.writeStringField("file", sourceNames.apply(tx.first().meta().frame().sourceId()));
    if (q != null) {
      g.writeNumberField("query_frame", q.meta().frame().frameNumber());
    }
    if (r != null) {
      g.writeNumberField("reply_frame", r.meta().frame().frameNumber());
    }
    g.writeEndObject();
    g.writeEndObject();
    g.writeRaw('\n');
  }

  private void endpoint(String field, String ip, int port) throws IOException {
    g.writeObjectFieldStart(field);
    g.writeStringField("ip", ip);
    g.writeNumberField("port", port);
    g.writeEndObject();
  }

  private void records(String field, List<ResourceRecord> rs) throws IOException {
    g.writeNumberField(field + "_count", rs.size());
    if (rs.isEmpty()) {
      return;
    }
    g.writeArrayFieldStart(field);
    for (ResourceRecord a : rs) {
      g.writeStartObject();
      g.writeStringField("name", a.name().toString());
      g.writeStringField("type", RrType.name(a.type()));
      g.writeStringField("class", DnsClass.name(a.dnsClass()));
      g.writeNumberField("ttl", a.ttl());
      g.writeStringField("data", a.data());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /** ECS {@code dns.header_flags}: the set flags, upper case. */
  static List<String> headerFlags(DnsHeader h) {
    List<String> f = new ArrayList<>(7);
    if (h.aa()) {
      f.add("AA");
    }
    if (h.tc()) {
      f.add("TC");
    }
    if (h.rd()) {
      f.add("RD");
    }
    if (h.ra()) {
      f.add("RA");
    }
    if (h.ad()) {
      f.add("AD");
    }
    if (h.cd()) {
      f.add("CD");
    }
    if (h.z()) {
      f.add("Z");
    }
    return f;
  }

  @Override
  public void flush() throws IOException {
    g.flush();
  }

  @Override
  public void close() throws IOException {
    g.close();
  }
}
