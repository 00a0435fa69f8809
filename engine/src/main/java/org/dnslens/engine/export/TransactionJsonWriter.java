package org.dnslens.engine.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import org.dnslens.engine.model.DnsClass;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.model.Opcode;
import org.dnslens.engine.model.PacketMeta;
import org.dnslens.engine.model.PortClass;
import org.dnslens.engine.model.Question;
import org.dnslens.engine.model.Rcode;
import org.dnslens.engine.model.Role;
import org.dnslens.engine.model.RrType;
import org.dnslens.engine.model.Transaction;

/**
 * The transaction log as NDJSON: one object per transaction (schema in docs/SCHEMAS.md), a superset of
 * dns-gazer's {@code dns.tx}. Written with Jackson's streaming generator: no object tree per line.
 */
public final class TransactionJsonWriter implements TransactionWriter {
  // Field names pre-encoded once (Jackson copies their bytes): see JsonScratch for the measurements.
  private static final SerializedString QUERY_TS = new SerializedString("query_ts");
  private static final SerializedString REPLY_TS = new SerializedString("reply_ts");
  private static final SerializedString RTT_MS = new SerializedString("rtt_ms");
  private static final SerializedString STATUS = new SerializedString("status");
  private static final SerializedString CLIENT_ADDR = new SerializedString("client_addr");
  private static final SerializedString CLIENT_PORT = new SerializedString("client_port");
  private static final SerializedString SERVER_ADDR = new SerializedString("server_addr");
  private static final SerializedString SERVER_PORT = new SerializedString("server_port");
  private static final SerializedString TRANSPORT = new SerializedString("transport");
  private static final SerializedString PORT_CLASS = new SerializedString("port_class");
  private static final SerializedString TX_ID = new SerializedString("tx_id");
  private static final SerializedString OPCODE = new SerializedString("opcode");
  private static final SerializedString QNAME = new SerializedString("qname");
  private static final SerializedString QTYPE = new SerializedString("qtype");
  private static final SerializedString QCLASS = new SerializedString("qclass");
  private static final SerializedString RCODE = new SerializedString("rcode");
  private static final SerializedString RCODE_NAME = new SerializedString("rcode_name");
  private static final SerializedString FLAGS = new SerializedString("flags");
  private static final SerializedString QUERY_FLAGS = new SerializedString("query_flags");
  private static final SerializedString ROLE = new SerializedString("role");
  private static final SerializedString QUERY = new SerializedString("query");
  private static final SerializedString REPLY = new SerializedString("reply");
  private static final SerializedString CLIENT_MAC = new SerializedString("client_mac");
  private static final SerializedString SOURCE = new SerializedString("source");
  private static final SerializedString FILE = new SerializedString("file");
  private static final SerializedString QUERY_FRAME = new SerializedString("query_frame");
  private static final SerializedString REPLY_FRAME = new SerializedString("reply_frame");
  /** Lower-case enum names by ordinal, made once instead of a toLowerCase per line. */
  private static final List<String> PORT_CLASSES = lowerNames(PortClass.values());
  private static final List<String> ROLES = lowerNames(Role.values());

  private final JsonScratch scratch;
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
    this.scratch = new JsonScratch(g);
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
    g.writeFieldName(QUERY_TS);
    if (q != null) {
      scratch.epochSeconds(g, q.meta().timestampNanos());
    } else {
      g.writeNull();
    }
    g.writeFieldName(REPLY_TS);
    if (r != null) {
      scratch.epochSeconds(g, r.meta().timestampNanos());
    } else {
      g.writeNull();
    }
    g.writeFieldName(RTT_MS);
    if (q != null && r != null) {
      scratch.millis(g, tx.rttNanos());
    } else {
      g.writeNull();
    }
    g.writeFieldName(STATUS);
    g.writeString(tx.status().label());
    if (tx.reason() != null) {
      g.writeStringField("reason", tx.reason().label());
    }
    g.writeFieldName(CLIENT_ADDR);
    g.writeString(tx.clientIp().toString());
    g.writeFieldName(CLIENT_PORT);
    g.writeNumber(tx.clientPort());
    g.writeFieldName(SERVER_ADDR);
    g.writeString(tx.serverIp().toString());
    g.writeFieldName(SERVER_PORT);
    g.writeNumber(tx.serverPort());
    g.writeFieldName(TRANSPORT);
    g.writeString(tx.transport().label());
    g.writeFieldName(PORT_CLASS);
    g.writeString(PORT_CLASSES.get(meta.portClass().ordinal()));
    g.writeFieldName(TX_ID);
    g.writeNumber(tx.transactionId());
    g.writeFieldName(OPCODE);
    g.writeString(Opcode.name(first.header().opcode()));
    Question question = tx.question();
    if (question != null) {
      scratch.name(g, QNAME, question.name());
      g.writeFieldName(QTYPE);
      g.writeString(RrType.name(question.type()));
      g.writeFieldName(QCLASS);
      g.writeString(DnsClass.name(question.dnsClass()));
    }
    if (r != null) {
      g.writeFieldName(RCODE);
      g.writeNumber(r.header().rcode());
      g.writeFieldName(RCODE_NAME);
      g.writeString(Rcode.name(r.header().rcode()));
      g.writeFieldName(FLAGS);
      g.writeString(r.header().flagNames());
    } else {
      g.writeFieldName(RCODE);
      g.writeNull();
      g.writeFieldName(RCODE_NAME);
      g.writeNull();
      g.writeFieldName(FLAGS);
      g.writeString(q.header().flagNames());
    }
    if (q != null) {
      g.writeFieldName(QUERY_FLAGS);
      g.writeString(q.header().flagNames());
    }
    g.writeFieldName(ROLE);
    g.writeString(ROLES.get(tx.role().ordinal()));
    if (tx.retransmissions() > 0) {
      g.writeNumberField("retransmissions", tx.retransmissions());
    }
    if (tx.identicalReplies() > 0) {
      g.writeNumberField("identical_replies", tx.identicalReplies());
    }
    if (q != null) {
      DnsJsonFields.writeMessageRecords(g, QUERY, q, scratch);
    } else {
      g.writeFieldName(QUERY);
      g.writeStartArray();
      g.writeEndArray();
    }
    if (r != null) {
      DnsJsonFields.writeMessageRecords(g, REPLY, r, scratch);
    } else {
      g.writeFieldName(REPLY);
      g.writeStartArray();
      g.writeEndArray();
    }
    if (!tx.otherReplies().isEmpty()) {
      g.writeArrayFieldStart("other_replies");
      for (DnsMessage other : tx.otherReplies()) {
        g.writeStartObject();
        g.writeFieldName("ts");
        scratch.epochSeconds(g, other.meta().timestampNanos());
        g.writeNumberField("rcode", other.header().rcode());
        g.writeStringField("server_addr", other.meta().sourceIp().toString());
        g.writeNumberField("frame", other.meta().frame().frameNumber());
        DnsJsonFields.writeMessageRecords(g, REPLY, other, scratch);
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
      g.writeFieldName(CLIENT_MAC);
      g.writeString((q != null ? q.meta().sourceMac() : r.meta().destinationMac()).toString());
    }
    if (first.meta().dnstap() != null && first.meta().dnstap().identity() != null) {
      g.writeStringField("dnstap_identity", first.meta().dnstap().identity());
    }
    for (var field : annotator.annotate(tx).entrySet()) {
      g.writeFieldName(field.getKey());
      PlainValueJson.write(g, field.getValue());
    }
    g.writeFieldName(SOURCE);
    g.writeStartObject();
    g.writeFieldName(FILE);
    g.writeString(sourceNames.apply(meta.frame().sourceId()));
    if (q != null) {
      g.writeFieldName(QUERY_FRAME);
      g.writeNumber(q.meta().frame().frameNumber());
    }
    if (r != null) {
      g.writeFieldName(REPLY_FRAME);
      g.writeNumber(r.meta().frame().frameNumber());
    }
    g.writeEndObject();
    g.writeEndObject();
    g.writeRaw('\n');
  }

  static List<String> lowerNames(Enum<?>[] values) {
    List<String> names = new ArrayList<>(values.length);
    for (Enum<?> v : values) {
      names.add(v.name().toLowerCase(Locale.ROOT));
    }
    return List.copyOf(names);
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
