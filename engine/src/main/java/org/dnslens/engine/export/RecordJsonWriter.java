package org.dnslens.engine.export;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.function.IntFunction;
import org.dnslens.engine.model.DnsClass;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.model.Question;
import org.dnslens.engine.model.Rcode;
import org.dnslens.engine.model.ResourceRecord;
import org.dnslens.engine.model.RrType;
import org.dnslens.engine.model.Transaction;

/**
 * The record log as NDJSON: one flat object per question and record of every section of both messages
 * (a superset of dns-gazer's {@code dns.record}), for Graylog-style SIEMs that want no nesting.
 */
public final class RecordJsonWriter implements TransactionWriter {
  private final JsonGenerator g;
  private final IntFunction<String> sourceNames;

  public RecordJsonWriter(OutputStream out, IntFunction<String> sourceNames) throws IOException {
    this(JsonOutput.newlineDelimited(out), sourceNames);
  }

  /** Over a generator of another format (msgpack: {@link MsgpackWriters}), same fields. */
  RecordJsonWriter(JsonGenerator g, IntFunction<String> sourceNames) {
    this.g = g;
    this.sourceNames = sourceNames;
  }

  @Override
  public void write(Transaction tx) throws IOException {
    if (tx.query() != null) {
      writeMessage(tx, tx.query(), "query");
    }
    if (tx.reply() != null) {
      writeMessage(tx, tx.reply(), "reply");
    }
    for (DnsMessage other : tx.otherReplies()) {
      writeMessage(tx, other, "reply");
    }
  }

  private void writeMessage(Transaction tx, DnsMessage m, String msgType) throws IOException {
    for (Question q : m.questions()) {
      start(tx, m, msgType, "question");
      DnsJsonFields.writeName(g, "name", q.name());
      g.writeStringField("type", RrType.name(q.type()));
      DnsJsonFields.writeClass(g, q.dnsClass(), "unicast_response");
      g.writeNullField("ttl");
      g.writeNullField("data");
      end(tx, m);
    }
    writeRecords(tx, m, msgType, m.answers());
    writeRecords(tx, m, msgType, m.authorities());
    writeRecords(tx, m, msgType, m.additionals());
  }

  private void writeRecords(Transaction tx, DnsMessage m, String msgType, List<ResourceRecord> rs)
      throws IOException {
    for (ResourceRecord r : rs) {
      start(tx, m, msgType, r.section().label());
      DnsJsonFields.writeName(g, "name", r.name());
      g.writeStringField("type", RrType.name(r.type()));
      DnsJsonFields.writeClass(g, r.dnsClass(), "cache_flush");
      g.writeNumberField("ttl", r.ttl());
      g.writeStringField("data", r.data());
      end(tx, m);
    }
  }

  private void start(Transaction tx, DnsMessage m, String msgType, String section) throws IOException {
    g.writeStartObject();
    g.writeFieldName("ts");
    g.writeNumber(EpochTime.seconds(m.meta().timestampNanos()));
    g.writeStringField("msg_type", msgType);
    g.writeStringField("section", section);
  }

  private void end(Transaction tx, DnsMessage m) throws IOException {
    g.writeStringField("client_addr", tx.clientIp().toString());
    g.writeNumberField("client_port", tx.clientPort());
    g.writeStringField("server_addr", tx.serverIp().toString());
    g.writeNumberField("server_port", tx.serverPort());
    g.writeStringField("transport", tx.transport().label());
    g.writeNumberField("tx_id", m.header().id());
    if (m.isResponse()) {
      g.writeNumberField("rcode", m.header().rcode());
      g.writeStringField("rcode_name", Rcode.name(m.header().rcode()));
    } else {
      g.writeNullField("rcode");
      g.writeNullField("rcode_name");
    }
    g.writeStringField("status", tx.status().label());
    g.writeStringField("file", sourceNames.apply(m.meta().frame().sourceId()));
    g.writeNumberField("frame", m.meta().frame().frameNumber());
    g.writeEndObject();
    g.writeRaw('\n');
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
