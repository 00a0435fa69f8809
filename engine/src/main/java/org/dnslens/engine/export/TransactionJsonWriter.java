package org.dnslens.engine.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.dnslens.engine.model.DnsClass;
import org.dnslens.engine.model.DnsHeader;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.model.Edns;
import org.dnslens.engine.model.EdnsOption;
import org.dnslens.engine.model.IssueReason;
import org.dnslens.engine.model.Opcode;
import org.dnslens.engine.model.PacketMeta;
import org.dnslens.engine.model.PortClass;
import org.dnslens.engine.model.Question;
import org.dnslens.engine.model.Rcode;
import org.dnslens.engine.model.Role;
import org.dnslens.engine.model.RrType;
import org.dnslens.engine.model.Transaction;
import org.dnslens.engine.model.TransactionStatus;
import org.dnslens.engine.model.Transport;

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
  /**
   * The generator's own stream, when this writer made the generator: hand-rendered lines go straight
   * to it (see {@link #write}); null for a generator given by the caller.
   */
  private final OutputStream direct;
  private final IntFunction<String> sourceNames;
  private final TransactionAnnotator annotator;
  /** The source name of the last line and its pre-encoded bytes (null: appendString decides). */
  private String lastSourceName;
  private byte[] lastSourceBytes;

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
    this(JsonOutput.newlineDelimited(out), out, sourceNames, annotator);
  }

  /** Over a generator of another format (msgpack: {@link MsgpackWriters}), same fields. */
  TransactionJsonWriter(JsonGenerator g, IntFunction<String> sourceNames, TransactionAnnotator annotator) {
    this(g, null, sourceNames, annotator);
  }

  private TransactionJsonWriter(
      JsonGenerator g, OutputStream direct, IntFunction<String> sourceNames, TransactionAnnotator annotator) {
    this.g = g;
    this.direct = direct;
    this.scratch = new JsonScratch(g);
    this.sourceNames = sourceNames;
    this.annotator = annotator;
  }

  @Override
  public void write(Transaction tx) throws IOException {
    AsciiJsonBuffer raw = scratch.raw();
    if (raw != null && annotator == TransactionAnnotator.NONE && renderLine(raw, tx)) {
      if (direct != null) {
        // Straight to the stream: through the generator the line was copied into its 8000-byte buffer,
        // and a line that did not fit was first copied into a new array (asUnquotedUTF8; 6 % of the
        // bytes the NDJSON pipeline allocated). What the generator still holds (lines it wrote itself)
        // goes out first, so the order of lines is kept; it writes nothing between root values.
        if (g.getOutputBuffered() != 0) {
          g.flush();
        }
        raw.appendByte('\n');
        raw.writeUnquotedUTF8(direct);
        return;
      }
      g.writeRawValue(raw);
      g.writeRaw('\n');
      return;
    }
    writeFields(tx);
  }

  // The common line as bytes, in the order writeFields writes them: see renderLine.
  private static final byte[] L_QUERY_TS = ascii("{\"query_ts\":");
  private static final byte[] L_REPLY_TS = ascii(",\"reply_ts\":");
  private static final byte[] L_RTT_MS = ascii(",\"rtt_ms\":");
  private static final byte[] L_NULL = ascii("null");
  private static final byte[] L_STATUS = ascii(",\"status\":\"");
  private static final byte[] L_REASON = ascii("\",\"reason\":\"");
  private static final byte[] L_CLIENT_ADDR = ascii("\",\"client_addr\":\"");
  private static final byte[] L_CLIENT_PORT = ascii("\",\"client_port\":");
  private static final byte[] L_SERVER_ADDR = ascii(",\"server_addr\":\"");
  private static final byte[] L_SERVER_PORT = ascii("\",\"server_port\":");
  private static final byte[] L_TRANSPORT = ascii(",\"transport\":\"");
  private static final byte[] L_PORT_CLASS = ascii("\",\"port_class\":\"");
  private static final byte[] L_TX_ID = ascii("\",\"tx_id\":");
  private static final byte[] L_OPCODE = ascii(",\"opcode\":\"");
  private static final byte[] L_QNAME = ascii("\",\"qname\":\"");
  private static final byte[] L_QTYPE = ascii("\",\"qtype\":\"");
  private static final byte[] L_QCLASS = ascii("\",\"qclass\":\"");
  private static final byte[] L_RCODE = ascii("\",\"rcode\":");
  private static final byte[] L_RCODE_NAME = ascii(",\"rcode_name\":");
  private static final byte[] L_FLAGS = ascii(",\"flags\":\"");
  private static final byte[] L_QUERY_FLAGS = ascii("\",\"query_flags\":\"");
  private static final byte[] L_ROLE = ascii("\",\"role\":\"");
  private static final byte[] L_RETRANSMISSIONS = ascii(",\"retransmissions\":");
  private static final byte[] L_IDENTICAL_REPLIES = ascii(",\"identical_replies\":");
  private static final byte[] L_QUERY = ascii(",\"query\":");
  private static final byte[] L_REPLY = ascii(",\"reply\":");
  private static final byte[] L_EMPTY_ARRAY = ascii("[]");
  private static final byte[] L_QUERY_EDNS = ascii(",\"query_edns\":");
  private static final byte[] L_REPLY_EDNS = ascii(",\"reply_edns\":");
  private static final byte[] L_QUERY_ISSUE = ascii(",\"query_issue\":\"");
  private static final byte[] L_REPLY_ISSUE = ascii(",\"reply_issue\":\"");
  private static final byte[] L_CLIENT_MAC = ascii(",\"client_mac\":\"");
  private static final byte[] L_SOURCE_FILE = ascii(",\"source\":{\"file\":\"");
  private static final byte[] L_QUERY_FRAME = ascii(",\"query_frame\":");
  private static final byte[] L_REPLY_FRAME = ascii(",\"reply_frame\":");
  private static final byte[] L_EDNS_UDP_SIZE = ascii("{\"udp_size\":");
  private static final byte[] L_EDNS_VERSION = ascii(",\"version\":");
  private static final byte[] L_EDNS_DO_TRUE = ascii(",\"do\":true");
  private static final byte[] L_EDNS_DO_FALSE = ascii(",\"do\":false");
  private static final byte[] L_EDNS_EXTENDED_RCODE = ascii(",\"extended_rcode\":");
  private static final byte[] L_EDNS_OPTIONS = ascii(",\"options\":[");
  private static final byte[] L_OPTION_CODE_FIRST = ascii("{\"code\":");
  private static final byte[] L_OPTION_CODE = ascii(",{\"code\":");
  private static final byte[] L_OPTION_NAME = ascii(",\"name\":\"");
  private static final byte[] L_OPTION_DATA = ascii("\",\"data\":\"");

  private static byte[] ascii(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  // The short strings of every line pre-encoded, as appendString would write them (null where it would
  // refuse): status, transport, port class, role, opcode, reason, rcode name and the flag sets were
  // encoded char by char per line, about a tenth of the NDJSON thread's samples (session 17).
  private static final byte[][] STATUS_BYTES = labels(TransactionStatus.values(), TransactionStatus::label);
  private static final byte[][] REASON_BYTES = labels(IssueReason.values(), IssueReason::label);
  private static final byte[][] TRANSPORT_BYTES = labels(Transport.values(), Transport::label);
  private static final byte[][] PORT_CLASS_BYTES = labels(PortClass.values(), c -> PORT_CLASSES.get(c.ordinal()));
  private static final byte[][] ROLE_BYTES = labels(Role.values(), r -> ROLES.get(r.ordinal()));
  private static final int PRE_ENCODED_CODES = 256;
  private static final byte[][] OPCODE_BYTES = codes(16, Opcode::name);
  private static final byte[][] RCODE_BYTES = codes(PRE_ENCODED_CODES, Rcode::name);
  /** By {@link #flagIndex}: the 256 combinations of QR and the seven flag bits, as DnsHeader has them. */
  private static final byte[][] FLAG_BYTES =
      codes(256, i -> new DnsHeader(0, ((i & 0x7f) << 4) | ((i & 0x80) << 8), 0, 0, 0, 0, 0).flagNames());

  private static <E extends Enum<E>> byte[][] labels(E[] values, Function<E, String> label) {
    byte[][] t = new byte[values.length][];
    for (E v : values) {
      t[v.ordinal()] = DnsJsonFields.plainAscii(label.apply(v));
    }
    return t;
  }

  private static byte[][] codes(int count, IntFunction<String> name) {
    byte[][] t = new byte[count][];
    for (int i = 0; i < count; i++) {
      t[i] = DnsJsonFields.plainAscii(name.apply(i));
    }
    return t;
  }

  /** The index of DnsHeader's flag-name table: AA..CD (bits 10..4) low, QR (bit 15) as bit 7. */
  private static int flagIndex(DnsHeader h) {
    int flags = h.flags();
    return ((flags >>> 4) & 0x7f) | ((flags >>> 8) & 0x80);
  }

  /** A pre-encoded string, or {@code fallback} through appendString when the table has none. */
  private static boolean appendLabel(AsciiJsonBuffer raw, byte[] encoded, String fallback) {
    if (encoded != null) {
      raw.appendRaw(encoded);
      return true;
    }
    return raw.appendString(fallback);
  }

  private static boolean appendCode(AsciiJsonBuffer raw, byte[][] table, int code, IntFunction<String> name) {
    return code >= 0 && code < table.length && table[code] != null
        ? appendLabel(raw, table[code], null)
        : raw.appendString(name.apply(code));
  }

  /**
   * The whole line rendered into {@code raw}, byte for byte what {@link #writeFields} writes through
   * the generator, for the common shape of a transaction; Jackson then copies it as one raw value.
   * Measured with {@code dnslens bench} (docs/PERFORMANCE.md): Jackson's per-field calls (name, context
   * and value checks, escaping scans) were most of the NDJSON thread's time. Returns false, and the
   * caller writes the line through the generator, for anything else: a string that is not printable
   * ASCII (EDNS option text included), an internationalised name, other replies, VLANs or tunnels,
   * dnstap identity.
   */
  boolean renderLine(AsciiJsonBuffer raw, Transaction tx) {
    DnsMessage q = tx.query();
    DnsMessage r = tx.reply();
    DnsMessage first = tx.first();
    PacketMeta meta = first.meta();
    if (!tx.otherReplies().isEmpty()
        || !meta.vlanIds().isEmpty()
        || !meta.tunnels().isEmpty()
        // dnstap metadata (identity, the dnstap object of either message) is written by Jackson only.
        || meta.dnstap() != null
        || (q != null && q.meta().dnstap() != null)
        || (r != null && r.meta().dnstap() != null)) {
      return false;
    }
    raw.reset();
    raw.appendRaw(L_QUERY_TS);
    if (q != null) {
      raw.appendEpochSeconds(q.meta().timestampNanos());
    } else {
      raw.appendRaw(L_NULL);
    }
    raw.appendRaw(L_REPLY_TS);
    if (r != null) {
      raw.appendEpochSeconds(r.meta().timestampNanos());
    } else {
      raw.appendRaw(L_NULL);
    }
    raw.appendRaw(L_RTT_MS);
    if (q != null && r != null) {
      raw.appendMillis(tx.rttNanos());
    } else {
      raw.appendRaw(L_NULL);
    }
    raw.appendRaw(L_STATUS);
    if (!appendLabel(raw, STATUS_BYTES[tx.status().ordinal()], tx.status().label())) {
      return false;
    }
    if (tx.reason() != null) {
      raw.appendRaw(L_REASON);
      if (!appendLabel(raw, REASON_BYTES[tx.reason().ordinal()], tx.reason().label())) {
        return false;
      }
    }
    raw.appendRaw(L_CLIENT_ADDR);
    raw.appendAddress(tx.clientIp());
    raw.appendRaw(L_CLIENT_PORT);
    raw.appendLong(tx.clientPort());
    raw.appendRaw(L_SERVER_ADDR);
    raw.appendAddress(tx.serverIp());
    raw.appendRaw(L_SERVER_PORT);
    raw.appendLong(tx.serverPort());
    raw.appendRaw(L_TRANSPORT);
    if (!appendLabel(raw, TRANSPORT_BYTES[tx.transport().ordinal()], tx.transport().label())) {
      return false;
    }
    raw.appendRaw(L_PORT_CLASS);
    int portClass = meta.portClass().ordinal();
    if (!appendLabel(raw, PORT_CLASS_BYTES[portClass], PORT_CLASSES.get(portClass))) {
      return false;
    }
    raw.appendRaw(L_TX_ID);
    raw.appendLong(tx.transactionId());
    raw.appendRaw(L_OPCODE);
    if (!appendCode(raw, OPCODE_BYTES, first.header().opcode(), Opcode::name)) {
      return false;
    }
    Question question = tx.question();
    if (question != null) {
      if (question.name().isInternationalized()) {
        return false;
      }
      raw.appendRaw(L_QNAME);
      raw.appendName(question.name(), false);
      raw.appendRaw(L_QTYPE);
      if (!DnsJsonFields.appendTypeName(raw, question.type())) {
        return false;
      }
      raw.appendRaw(L_QCLASS);
      if (!DnsJsonFields.appendClassName(raw, question.dnsClass())) {
        return false;
      }
    }
    raw.appendRaw(L_RCODE); // closes the previous string value
    DnsHeader flagsOf;
    if (r != null) {
      raw.appendLong(r.header().rcode());
      raw.appendRaw(L_RCODE_NAME);
      raw.appendByte('"');
      if (!appendCode(raw, RCODE_BYTES, r.header().rcode(), Rcode::name)) {
        return false;
      }
      raw.appendByte('"');
      flagsOf = r.header();
    } else {
      raw.appendRaw(L_NULL);
      raw.appendRaw(L_RCODE_NAME);
      raw.appendRaw(L_NULL);
      flagsOf = q.header();
    }
    raw.appendRaw(L_FLAGS);
    if (!appendLabel(raw, FLAG_BYTES[flagIndex(flagsOf)], flagsOf.flagNames())) {
      return false;
    }
    if (q != null) {
      raw.appendRaw(L_QUERY_FLAGS);
      if (!appendLabel(raw, FLAG_BYTES[flagIndex(q.header())], q.header().flagNames())) {
        return false;
      }
    }
    raw.appendRaw(L_ROLE);
    int role = tx.role().ordinal();
    if (!appendLabel(raw, ROLE_BYTES[role], ROLES.get(role))) {
      return false;
    }
    raw.appendByte('"');
    if (tx.retransmissions() > 0) {
      raw.appendRaw(L_RETRANSMISSIONS);
      raw.appendLong(tx.retransmissions());
    }
    if (tx.identicalReplies() > 0) {
      raw.appendRaw(L_IDENTICAL_REPLIES);
      raw.appendLong(tx.identicalReplies());
    }
    raw.appendRaw(L_QUERY);
    if (q != null) {
      if (!DnsJsonFields.appendMessageRecords(raw, q)) {
        return false;
      }
    } else {
      raw.appendRaw(L_EMPTY_ARRAY);
    }
    raw.appendRaw(L_REPLY);
    if (r != null) {
      if (!DnsJsonFields.appendMessageRecords(raw, r)) {
        return false;
      }
    } else {
      raw.appendRaw(L_EMPTY_ARRAY);
    }
    if (q != null && q.edns() != null) {
      raw.appendRaw(L_QUERY_EDNS);
      if (!appendEdns(raw, q.edns())) {
        return false;
      }
    }
    if (r != null && r.edns() != null) {
      raw.appendRaw(L_REPLY_EDNS);
      if (!appendEdns(raw, r.edns())) {
        return false;
      }
    }
    if (q != null && q.issue() != null) {
      raw.appendRaw(L_QUERY_ISSUE);
      if (!raw.appendString(q.issue().label())) {
        return false;
      }
      raw.appendByte('"');
    }
    if (r != null && r.issue() != null) {
      raw.appendRaw(L_REPLY_ISSUE);
      if (!raw.appendString(r.issue().label())) {
        return false;
      }
      raw.appendByte('"');
    }
    if (first.meta().sourceMac() != null) {
      raw.appendRaw(L_CLIENT_MAC);
      if (!raw.appendString((q != null ? q.meta().sourceMac() : r.meta().destinationMac()).toString())) {
        return false;
      }
      raw.appendByte('"');
    }
    raw.appendRaw(L_SOURCE_FILE);
    String sourceName = sourceNames.apply(meta.frame().sourceId());
    if (sourceName != lastSourceName) { // identity: the names are made once per source
      lastSourceName = sourceName;
      lastSourceBytes = DnsJsonFields.plainAscii(sourceName);
    }
    if (!appendLabel(raw, lastSourceBytes, sourceName)) {
      return false;
    }
    raw.appendByte('"');
    if (q != null) {
      raw.appendRaw(L_QUERY_FRAME);
      raw.appendLong(q.meta().frame().frameNumber());
    }
    if (r != null) {
      raw.appendRaw(L_REPLY_FRAME);
      raw.appendLong(r.meta().frame().frameNumber());
    }
    raw.appendByte('}');
    raw.appendByte('}');
    return true;
  }

  /**
   * {@link DnsJsonFields#writeEdns} as bytes, options included (cookies and client subnets are common
   * enough that sending those lines through the generator calls cost a fifth of the writer thread).
   * False when an option's text is not printable ASCII: the caller falls back to the generator.
   */
  private static boolean appendEdns(AsciiJsonBuffer raw, Edns e) {
    raw.appendRaw(L_EDNS_UDP_SIZE);
    raw.appendLong(e.udpPayloadSize());
    raw.appendRaw(L_EDNS_VERSION);
    raw.appendLong(e.version());
    raw.appendRaw(e.dnssecOk() ? L_EDNS_DO_TRUE : L_EDNS_DO_FALSE);
    if (e.extendedRcode() != 0) {
      raw.appendRaw(L_EDNS_EXTENDED_RCODE);
      raw.appendLong(e.extendedRcode());
    }
    List<EdnsOption> options = e.options();
    if (!options.isEmpty()) {
      raw.appendRaw(L_EDNS_OPTIONS);
      for (int i = 0, n = options.size(); i < n; i++) {
        EdnsOption o = options.get(i);
        raw.appendRaw(i == 0 ? L_OPTION_CODE_FIRST : L_OPTION_CODE);
        raw.appendLong(o.code());
        raw.appendRaw(L_OPTION_NAME);
        if (o.name() == null || !raw.appendString(o.name())) {
          return false;
        }
        raw.appendRaw(L_OPTION_DATA);
        if (!raw.appendOptionData(o)) {
          return false;
        }
        raw.appendByte('"');
        raw.appendByte('}');
      }
      raw.appendByte(']');
    }
    raw.appendByte('}');
    return true;
  }

  /** The line through the generator's calls: every shape of transaction, and every generator. */
  private void writeFields(Transaction tx) throws IOException {
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
    if (first.meta().dnstap() != null) {
      DnstapJsonFields.writeTransaction(g, q, r);
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
