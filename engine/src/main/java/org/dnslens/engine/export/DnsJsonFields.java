package org.dnslens.engine.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.util.List;
import org.dnslens.engine.model.DnsClass;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.model.DnsName;
import org.dnslens.engine.model.Edns;
import org.dnslens.engine.model.EdnsOption;
import org.dnslens.engine.model.PacketMeta;
import org.dnslens.engine.model.Question;
import org.dnslens.engine.model.RData;
import org.dnslens.engine.model.ResourceRecord;
import org.dnslens.engine.model.RrType;
import org.dnslens.engine.model.Section;
import org.dnslens.engine.model.TunnelHop;

/**
 * The JSON pieces shared by the transaction and record logs, so both name a field the same way. Field
 * names are the documented schema (docs/SCHEMAS.md); change them only with the docs.
 */
final class DnsJsonFields {
  // Pre-encoded field names: Jackson copies their UTF-8 bytes instead of encoding a String each time.
  static final SerializedString NAME = new SerializedString("name");
  static final SerializedString TYPE = new SerializedString("type");
  static final SerializedString CLASS = new SerializedString("class");
  static final SerializedString SECTION = new SerializedString("section");
  static final SerializedString TTL = new SerializedString("ttl");
  static final SerializedString DATA = new SerializedString("data");
  private static final SerializedString QUESTION = new SerializedString("question");

  private DnsJsonFields() {}

  /** The question as a record object of section {@code question}, names through {@code scratch}. */
  static void writeQuestion(JsonGenerator g, Question q, JsonScratch scratch) throws IOException {
    g.writeStartObject();
    scratch.name(g, NAME, q.name());
    g.writeFieldName(TYPE);
    g.writeString(RrType.name(q.type()));
    g.writeFieldName(CLASS);
    g.writeString(DnsClass.name(q.dnsClass()));
    g.writeFieldName(SECTION);
    g.writeString(QUESTION);
    g.writeEndObject();
  }

  static void writeRecord(JsonGenerator g, ResourceRecord r, JsonScratch scratch) throws IOException {
    g.writeStartObject();
    scratch.name(g, NAME, r.name());
    g.writeFieldName(TYPE);
    g.writeString(RrType.name(r.type()));
    g.writeFieldName(CLASS);
    g.writeString(DnsClass.name(r.dnsClass()));
    g.writeFieldName(SECTION);
    g.writeString(r.section().label());
    g.writeFieldName(TTL);
    g.writeNumber(r.ttl());
    g.writeFieldName(DATA);
    g.writeString(r.data());
    g.writeEndObject();
  }

  /** Every question and record of a message, in wire order, as one array; names through {@code scratch}. */
  static void writeMessageRecords(JsonGenerator g, SerializableString field, DnsMessage m, JsonScratch scratch)
      throws IOException {
    AsciiJsonBuffer raw = scratch.raw();
    if (raw != null && renderMessageRecords(raw, m)) {
      g.writeFieldName(field);
      g.writeRawValue(raw);
      return;
    }
    g.writeFieldName(field);
    g.writeStartArray();
    for (Question q : m.questions()) {
      writeQuestion(g, q, scratch);
    }
    for (ResourceRecord r : m.answers()) {
      writeRecord(g, r, scratch);
    }
    for (ResourceRecord r : m.authorities()) {
      writeRecord(g, r, scratch);
    }
    for (ResourceRecord r : m.additionals()) {
      writeRecord(g, r, scratch);
    }
    g.writeEndArray();
  }

  // The same objects as writeQuestion/writeRecord above, as bytes: see renderMessageRecords.
  private static final byte[] OBJECT_NAME = ascii("{\"name\":\"");
  private static final byte[] THEN_TYPE = ascii("\",\"type\":\"");
  private static final byte[] THEN_CLASS = ascii("\",\"class\":\"");
  private static final byte[] THEN_QUESTION_END = ascii("\",\"section\":\"question\"}");
  private static final byte[] THEN_DATA = ascii(",\"data\":\"");
  private static final byte[] STRING_OBJECT_END = ascii("\"}");

  private static byte[] ascii(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  /** Codes below this have their type and class names pre-encoded; others are encoded per use. */
  private static final int PRE_ENCODED_CODES = 256;
  // Pre-encoded names, as appendString would write them (null where it would refuse): looking up and
  // encoding these short strings for every record was a measurable part of the NDJSON writer's profile.
  private static final byte[][] TYPE_NAMES = new byte[PRE_ENCODED_CODES][];
  private static final byte[][] CLASS_NAMES = new byte[PRE_ENCODED_CODES][];
  /** {@code ","section":"<label>","ttl":} per {@link Section} ordinal. */
  private static final byte[][] SECTION_THEN_TTL = new byte[Section.values().length][];

  static {
    for (int code = 0; code < PRE_ENCODED_CODES; code++) {
      TYPE_NAMES[code] = plainAscii(RrType.name(code));
      CLASS_NAMES[code] = plainAscii(DnsClass.name(code));
    }
    for (Section section : Section.values()) {
      SECTION_THEN_TTL[section.ordinal()] = ascii("\",\"section\":\"" + section.label() + "\",\"ttl\":");
    }
  }

  /** The bytes of {@code s} when it is printable ASCII that JSON writes unescaped, else null. */
  /** {@code s} as bytes when it needs no JSON escape and is printable ASCII, else null. */
  static byte[] plainAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
        return null;
      }
    }
    return ascii(s);
  }

  static boolean appendTypeName(AsciiJsonBuffer raw, int type) {
    byte[] b = type >= 0 && type < PRE_ENCODED_CODES ? TYPE_NAMES[type] : null;
    if (b != null) {
      raw.appendRaw(b);
      return true;
    }
    return raw.appendString(RrType.name(type));
  }

  static boolean appendClassName(AsciiJsonBuffer raw, int dnsClass) {
    byte[] b = dnsClass >= 0 && dnsClass < PRE_ENCODED_CODES ? CLASS_NAMES[dnsClass] : null;
    if (b != null) {
      raw.appendRaw(b);
      return true;
    }
    return raw.appendString(DnsClass.name(dnsClass));
  }

  /**
   * Renders {@link #writeMessageRecords}'s array into {@code raw}, byte for byte what the generator
   * calls write, so it can go to Jackson as one raw value (measured: NDJSON writing thread CPU
   * down by about a third, docs/PERFORMANCE.md). Returns false for what only Jackson writes
   * (internationalised names with their {@code _unicode} field, non-ASCII or control characters in a
   * string, a null data): the caller then writes this message through the generator as before.
   */
  static boolean renderMessageRecords(AsciiJsonBuffer raw, DnsMessage m) {
    raw.reset();
    return appendMessageRecords(raw, m);
  }

  /** {@link #renderMessageRecords} appended to what {@code raw} holds. */
  static boolean appendMessageRecords(AsciiJsonBuffer raw, DnsMessage m) {
    raw.appendByte('[');
    boolean first = true;
    // Indexed, as the record loops below: a for-each made an iterator per message on the writer thread
    // (28 MB of a 1 M read, the writer's largest allocation after its lines).
    List<Question> questions = m.questions();
    for (int i = 0, n = questions.size(); i < n; i++) {
      Question q = questions.get(i);
      if (!first) {
        raw.appendByte(',');
      }
      first = false;
      if (q.name().isInternationalized()) {
        return false;
      }
      raw.appendRaw(OBJECT_NAME);
      raw.appendName(q.name(), false);
      raw.appendRaw(THEN_TYPE);
      if (!appendTypeName(raw, q.type())) {
        return false;
      }
      raw.appendRaw(THEN_CLASS);
      if (!appendClassName(raw, q.dnsClass())) {
        return false;
      }
      raw.appendRaw(THEN_QUESTION_END);
    }
    for (int section = 0; section < 3; section++) {
      List<ResourceRecord> records =
          section == 0 ? m.answers() : section == 1 ? m.authorities() : m.additionals();
      for (int i = 0, n = records.size(); i < n; i++) {
        if (!first) {
          raw.appendByte(',');
        }
        first = false;
        if (!renderRecord(raw, records.get(i))) {
          return false;
        }
      }
    }
    raw.appendByte(']');
    return true;
  }

  private static boolean renderRecord(AsciiJsonBuffer raw, ResourceRecord r) {
    if (r.name().isInternationalized()) {
      return false;
    }
    raw.appendRaw(OBJECT_NAME);
    raw.appendName(r.name(), false);
    raw.appendRaw(THEN_TYPE);
    if (!appendTypeName(raw, r.type())) {
      return false;
    }
    raw.appendRaw(THEN_CLASS);
    if (!appendClassName(raw, r.dnsClass())) {
      return false;
    }
    raw.appendRaw(SECTION_THEN_TTL[r.section().ordinal()]);
    raw.appendLong(r.ttl());
    raw.appendRaw(THEN_DATA);
    if (r.dataIsDerived()) {
      // The text ResourceRecord would derive, written without making it (it is never needed again).
      RData rd = r.rdata();
      if (rd instanceof RData.Address a) {
        raw.appendAddress(a.address());
      } else if (rd instanceof RData.Target t) {
        raw.appendName(t.target(), true);
      } else if (rd instanceof RData.Mx mx) {
        raw.appendLong(mx.preference());
        raw.appendByte(' ');
        raw.appendName(mx.exchange(), true);
      } else if (rd instanceof RData.Txt txt) {
        raw.appendTxt(txt.strings());
      } else if (rd instanceof RData.Soa soa) {
        raw.appendName(soa.mname(), true);
        raw.appendByte(' ');
        raw.appendName(soa.rname(), true);
        raw.appendByte(' ');
        raw.appendLong(soa.serial());
        raw.appendByte(' ');
        raw.appendLong(soa.refresh());
        raw.appendByte(' ');
        raw.appendLong(soa.retry());
        raw.appendByte(' ');
        raw.appendLong(soa.expire());
        raw.appendByte(' ');
        raw.appendLong(soa.minimum());
      } else {
        return false;
      }
    } else {
      String d = r.data();
      if (d == null || !raw.appendString(d)) {
        return false;
      }
    }
    raw.appendRaw(STRING_OBJECT_END);
    return true;
  }

  /** {@code "name"} and, for internationalised names, {@code "name_unicode"}. */
  static void writeName(JsonGenerator g, String field, DnsName name) throws IOException {
    g.writeStringField(field, name.toString());
    if (name.isInternationalized()) {
      String u = name.toUnicodeString();
      if (u != null) {
        g.writeStringField(field + "_unicode", u);
      }
    }
  }

  /** The question as a record object of section {@code question}. */
  static void writeQuestion(JsonGenerator g, Question q) throws IOException {
    g.writeStartObject();
    writeName(g, "name", q.name());
    g.writeStringField("type", RrType.name(q.type()));
    writeClass(g, q.dnsClass(), "unicast_response");
    g.writeStringField("section", "question");
    g.writeEndObject();
  }

  static void writeRecord(JsonGenerator g, ResourceRecord r) throws IOException {
    g.writeStartObject();
    writeName(g, "name", r.name());
    g.writeStringField("type", RrType.name(r.type()));
    writeClass(g, r.dnsClass(), "cache_flush");
    g.writeStringField("section", r.section().label());
    g.writeNumberField("ttl", r.ttl());
    g.writeStringField("data", r.data());
    g.writeEndObject();
  }

  /**
   * The class; mDNS (RFC 6762 5.4, 10.2) uses the top bit as unicast-response (questions) or cache-flush
   * (records), so a set top bit over a known class is written as that class plus a flag, which keeps the
   * evidence and keeps "IN" searchable. An unknown class stays RFC 3597 {@code CLASSnnn} as sent.
   */
  static void writeClass(JsonGenerator g, int dnsClass, String topBitFlag) throws IOException {
    int base = dnsClass & 0x7fff;
    if ((dnsClass & 0x8000) != 0 && !DnsClass.name(base).startsWith("CLASS")) {
      g.writeStringField("class", DnsClass.name(base));
      g.writeBooleanField(topBitFlag, true);
    } else {
      g.writeStringField("class", DnsClass.name(dnsClass));
    }
  }

  /** Every question and record of a message, in wire order, as one array. */
  static void writeMessageRecords(JsonGenerator g, String field, DnsMessage m) throws IOException {
    g.writeArrayFieldStart(field);
    for (Question q : m.questions()) {
      writeQuestion(g, q);
    }
    writeRecords(g, m.answers());
    writeRecords(g, m.authorities());
    writeRecords(g, m.additionals());
    g.writeEndArray();
  }

  private static void writeRecords(JsonGenerator g, List<ResourceRecord> records) throws IOException {
    for (ResourceRecord r : records) {
      writeRecord(g, r);
    }
  }

  static void writeEdns(JsonGenerator g, String field, Edns e) throws IOException {
    if (e == null) {
      return;
    }
    g.writeObjectFieldStart(field);
    g.writeNumberField("udp_size", e.udpPayloadSize());
    g.writeNumberField("version", e.version());
    g.writeBooleanField("do", e.dnssecOk());
    if (e.extendedRcode() != 0) {
      g.writeNumberField("extended_rcode", e.extendedRcode());
    }
    if (!e.options().isEmpty()) {
      g.writeArrayFieldStart("options");
      for (EdnsOption o : e.options()) {
        g.writeStartObject();
        g.writeNumberField("code", o.code());
        g.writeStringField("name", o.name());
        g.writeStringField("data", o.data());
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  /** VLAN ids and tunnels when present (most packets have neither, so nothing is written). */
  static void writeEncapsulation(JsonGenerator g, PacketMeta meta) throws IOException {
    if (!meta.vlanIds().isEmpty()) {
      g.writeArrayFieldStart("vlan");
      for (int id : meta.vlanIds()) {
        g.writeNumber(id);
      }
      g.writeEndArray();
    }
    if (!meta.tunnels().isEmpty()) {
      g.writeArrayFieldStart("tunnels");
      for (TunnelHop t : meta.tunnels()) {
        g.writeStartObject();
        g.writeStringField("type", t.type().label());
        if (t.outerSource() != null) {
          g.writeStringField("src", t.outerSource().toString());
        }
        if (t.outerDestination() != null) {
          g.writeStringField("dst", t.outerDestination().toString());
        }
        if (t.id() >= 0) {
          g.writeNumberField("id", t.id());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
    }
  }
}
