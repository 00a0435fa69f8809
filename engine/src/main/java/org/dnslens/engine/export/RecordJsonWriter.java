package org.dnslens.engine.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
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
  // Pre-encoded field names and a scratch buffer: see JsonScratch for why.
  private static final SerializedString TS = new SerializedString("ts");
  private static final SerializedString MSG_TYPE = new SerializedString("msg_type");
  private static final SerializedString CLIENT_ADDR = new SerializedString("client_addr");
  private static final SerializedString CLIENT_PORT = new SerializedString("client_port");
  private static final SerializedString SERVER_ADDR = new SerializedString("server_addr");
  private static final SerializedString SERVER_PORT = new SerializedString("server_port");
  private static final SerializedString TRANSPORT = new SerializedString("transport");
  private static final SerializedString TX_ID = new SerializedString("tx_id");
  private static final SerializedString RCODE = new SerializedString("rcode");
  private static final SerializedString RCODE_NAME = new SerializedString("rcode_name");
  private static final SerializedString STATUS = new SerializedString("status");
  private static final SerializedString FILE = new SerializedString("file");
  private static final SerializedString FRAME = new SerializedString("frame");

  private final JsonScratch scratch = new JsonScratch();
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
      scratch.name(g, DnsJsonFields.NAME, q.name());
      g.writeFieldName(DnsJsonFields.TYPE);
      g.writeString(RrType.name(q.type()));
      DnsJsonFields.writeClass(g, q.dnsClass(), "unicast_response");
      g.writeFieldName(DnsJsonFields.TTL);
      g.writeNull();
      g.writeFieldName(DnsJsonFields.DATA);
      g.writeNull();
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
      scratch.name(g, DnsJsonFields.NAME, r.name());
      g.writeFieldName(DnsJsonFields.TYPE);
      g.writeString(RrType.name(r.type()));
      DnsJsonFields.writeClass(g, r.dnsClass(), "cache_flush");
      g.writeFieldName(DnsJsonFields.TTL);
      g.writeNumber(r.ttl());
      g.writeFieldName(DnsJsonFields.DATA);
      g.writeString(r.data());
      end(tx, m);
    }
  }

  private void start(Transaction tx, DnsMessage m, String msgType, String section) throws IOException {
    g.writeStartObject();
    g.writeFieldName(TS);
    scratch.epochSeconds(g, m.meta().timestampNanos());
    g.writeFieldName(MSG_TYPE);
    g.writeString(msgType);
    g.writeFieldName(DnsJsonFields.SECTION);
    g.writeString(section);
  }

  private void end(Transaction tx, DnsMessage m) throws IOException {
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
    g.writeFieldName(TX_ID);
    g.writeNumber(m.header().id());
    g.writeFieldName(RCODE);
    if (m.isResponse()) {
      g.writeNumber(m.header().rcode());
      g.writeFieldName(RCODE_NAME);
      g.writeString(Rcode.name(m.header().rcode()));
    } else {
      g.writeNull();
      g.writeFieldName(RCODE_NAME);
      g.writeNull();
    }
    g.writeFieldName(STATUS);
    g.writeString(tx.status().label());
    g.writeFieldName(FILE);
    g.writeString(sourceNames.apply(m.meta().frame().sourceId()));
    g.writeFieldName(FRAME);
    g.writeNumber(m.meta().frame().frameNumber());
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
