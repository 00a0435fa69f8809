package org.dnslens.engine.export;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.function.IntFunction;
import org.dnslens.engine.model.DnsClass;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.model.Opcode;
import org.dnslens.engine.model.PacketMeta;
import org.dnslens.engine.model.Question;
import org.dnslens.engine.model.Rcode;
import org.dnslens.engine.model.RrType;
import org.dnslens.engine.model.Transaction;

/**
 * The transaction log as NDJSON: one object per transaction (schema in docs/SCHEMAS.md), a superset of
 * dns-gazer's {@code dns.tx}. Written with Jackson's streaming generator: no object tree per line.
 */
public final class TransactionJsonWriter implements TransactionWriter {
  private final JsonGenerator g;
  private final IntFunction<String> sourceNames;
  private final TransactionAnnotator annotator;

  /**
   * @param sourceNames the file name (or stream label) for a source id
   */
  public TransactionJsonWriter(OutputStream out, IntFunction<String> sourceNames) throws IOException {
    this(out, sourceNames, TransactionAnnotator.NONE);
  }

  /** @param annotator adds fields to each line (e.g. IOC hits) */
  public TransactionJsonWriter(
      OutputStream out, IntFunction<String> sourceNames, TransactionAnnotator annotator)
      throws IOException {
    this(JsonOutput.newlineDelimited(out), sourceNames, annotator);
  }

  /** Over a generator of another format (msgpack: {@link MsgpackWriters}), same fields. */
  TransactionJsonWriter(JsonGenerator g, IntFunction<String> sourceNames, TransactionAnnotator annotator) {
    this.g = g;
    this.sourceNames = sourceNames;
    this.annotator = annotator;
  }

  @Override
  public void write(Transaction tx) throws IOException {
    DnsMessage q = tx.query();
    DnsMessage r = tx.reply();
    DnsMessage first = tx.first();
    PacketMeta meta = first.meta();
    g.writeStartObject();
    g.writeFieldName("query_ts");
    g.writeNumber(q != null ? EpochTime.seconds(q.meta().timestampNanos()) : null);
    g.writeFieldName("reply_ts");
    g.writeNumber(r != null ? EpochTime.seconds(r.meta().timestampNanos()) : null);
    if (q != null && r != null) {
      g.writeFieldName("rtt_ms");
      g.writeNumber(EpochTime.millis(tx.rttNanos()));
    } else {
      g.writeNullField("rtt_ms");
    }
    g.writeStringField("status", tx.status().label());
    if (tx.reason() != null) {
      g.writeStringField("reason", tx.reason().label());
    }
    g.writeStringField("client_addr", tx.clientIp().toString());
    g.writeNumberField("client_port", tx.clientPort());
    g.writeStringField("server_addr", tx.serverIp().toString());
    g.writeNumberField("server_port", tx.serverPort());
    g.writeStringField("transport", tx.transport().label());
    g.writeStringField("port_class", meta.portClass().name().toLowerCase(Locale.ROOT));
    g.writeNumberField("tx_id", tx.transactionId());
    g.writeStringField("opcode", Opcode.name(first.header().opcode()));
    Question question = tx.question();
    if (question != null) {
      DnsJsonFields.writeName(g, "qname", question.name());
      g.writeStringField("qtype", RrType.name(question.type()));
      g.writeStringField("qclass", DnsClass.name(question.dnsClass()));
    }
    if (r != null) {
      g.writeNumberField("rcode", r.header().rcode());
      g.writeStringField("rcode_name", Rcode.name(r.header().rcode()));
      g.writeStringField("flags", r.header().flagNames());
    } else {
      g.writeNullField("rcode");
      g.writeNullField("rcode_name");
      g.writeStringField("flags", q.header().flagNames());
    }
    if (q != null) {
      g.writeStringField("query_flags", q.header().flagNames());
    }
    String role = tx.role().name().toLowerCase(Locale.ROOT);
    g.writeStringField("role", role);
    if (tx.retransmissions() > 0) {
      g.writeNumberField("retransmissions", tx.retransmissions());
    }
    if (tx.identicalReplies() > 0) {
      g.writeNumberField("identical_replies", tx.identicalReplies());
    }
    if (q != null) {
      DnsJsonFields.writeMessageRecords(g, "query", q);
    } else {
      g.writeArrayFieldStart("query");
      g.writeEndArray();
    }
    if (r != null) {
      DnsJsonFields.writeMessageRecords(g, "reply", r);
    } else {
      g.writeArrayFieldStart("reply");
      g.writeEndArray();
    }
    if (!tx.otherReplies().isEmpty()) {
      g.writeArrayFieldStart("other_replies");
      for (DnsMessage other : tx.otherReplies()) {
        g.writeStartObject();
        g.writeFieldName("ts");
        g.writeNumber(EpochTime.seconds(other.meta().timestampNanos()));
        g.writeNumberField("rcode", other.header().rcode());
        g.writeStringField("server_addr", other.meta().sourceIp().toString());
        g.writeNumberField("frame", other.meta().frame().frameNumber());
        DnsJsonFields.writeMessageRecords(g, "reply", other);
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    if (q != null) {
      DnsJsonFields.writeEdns(g, "query_edns", q.edns());
    }
    if (r != null) {
      DnsJsonFields.writeEdns(g, "reply_edns", r.edns());
    }
    writePartial(q, "query_issue");
    writePartial(r, "reply_issue");
    DnsJsonFields.writeEncapsulation(g, meta);
    if (first.meta().sourceMac() != null) {
      g.writeStringField("client_mac", (q != null ? q.meta().sourceMac() : r.meta().destinationMac()).toString());
    }
    if (first.meta().dnstap() != null && first.meta().dnstap().identity() != null) {
      g.writeStringField("dnstap_identity", first.meta().dnstap().identity());
    }
    for (var field : annotator.annotate(tx).entrySet()) {
      g.writeFieldName(field.getKey());
      PlainValueJson.write(g, field.getValue());
    }
    g.writeObjectFieldStart("source");
    g.writeStringField("file", sourceNames.apply(meta.frame().sourceId()));
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

  private void writePartial(DnsMessage m, String field) throws IOException {
    if (m != null && m.issue() != null) {
      g.writeStringField(field, m.issue().label());
    }
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
