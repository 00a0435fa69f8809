package org.dnslens.engine.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dnslens.engine.issue.IssueCounter;
import org.dnslens.engine.model.DnsClass;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.model.PassiveDnsEntry;
import org.dnslens.engine.model.Question;
import org.dnslens.engine.model.Rcode;
import org.dnslens.engine.model.ResourceRecord;
import org.dnslens.engine.model.RrType;
import org.dnslens.engine.model.Transaction;
import org.dnslens.engine.passive.PassiveDnsAggregator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ExtensionValue;
import org.msgpack.value.Value;

/** Every export format written, then read back with an independent reader and compared. */
class FormatRoundTripTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static List<Transaction> corpus;

  @BeforeAll
  static void load() throws IOException {
    corpus = ExportCorpus.load();
    assertThat(corpus).hasSizeGreaterThan(200);
  }

  private static String name(int id) {
    return "src" + id;
  }

  private static byte[] write(TransactionWriter w, ByteArrayOutputStream out) throws IOException {
    try (w) {
      for (Transaction tx : corpus) {
        w.write(tx);
      }
    }
    return out.toByteArray();
  }

  private static List<Object> jsonLines(byte[] ndjson) throws IOException {
    List<Object> out = new ArrayList<>();
    for (String line : new String(ndjson, StandardCharsets.UTF_8).split("\n")) {
      out.add(normalise(JSON.readValue(line, Object.class)));
    }
    return out;
  }

  /** Integers as Long, so JSON's Integer/Long choice and msgpack's int widths compare equal. */
  private static Object normalise(Object o) {
    if (o instanceof Integer i) {
      return i.longValue();
    }
    if (o instanceof Map<?, ?> m) {
      Map<String, Object> c = new LinkedHashMap<>();
      m.forEach((k, v) -> c.put((String) k, normalise(v)));
      return c;
    }
    if (o instanceof List<?> l) {
      List<Object> c = new ArrayList<>();
      l.forEach(v -> c.add(normalise(v)));
      return c;
    }
    return o;
  }

  /** msgpack-core's own value model to plain Java, independent of Jackson. */
  static Object fromMsgpack(Value v) {
    switch (v.getValueType()) {
      case NIL:
        return null;
      case BOOLEAN:
        return v.asBooleanValue().getBoolean();
      case INTEGER:
        return v.asIntegerValue().toLong();
      case FLOAT:
        return v.asFloatValue().toDouble();
      case STRING:
        return v.asStringValue().asString();
      case ARRAY:
        List<Object> l = new ArrayList<>();
        v.asArrayValue().forEach(e -> l.add(fromMsgpack(e)));
        return l;
      case MAP:
        Map<String, Object> m = new LinkedHashMap<>();
        v.asMapValue().entrySet().forEach(e -> m.put(e.getKey().asStringValue().asString(), fromMsgpack(e.getValue())));
        return m;
      default:
        return v;
    }
  }

  private static List<Value> unpackAll(byte[] bytes) throws IOException {
    List<Value> out = new ArrayList<>();
    try (MessageUnpacker u = MessagePack.newDefaultUnpacker(bytes)) {
      while (u.hasNext()) {
        out.add(u.unpackValue());
      }
    }
    return out;
  }

  @Test
  void msgpackTransactionsEqualTheNdjsonLog() throws IOException {
    ByteArrayOutputStream j = new ByteArrayOutputStream();
    ByteArrayOutputStream m = new ByteArrayOutputStream();
    List<Object> json = jsonLines(write(new TransactionJsonWriter(j, FormatRoundTripTest::name), j));
    byte[] packed = write(MsgpackWriters.transactions(m, FormatRoundTripTest::name, TransactionAnnotator.NONE), m);
    List<Object> unpacked = new ArrayList<>();
    for (Value v : unpackAll(packed)) {
      unpacked.add(fromMsgpack(v));
    }
    assertThat(unpacked).hasSize(corpus.size()).isEqualTo(json);
  }

  @Test
  void msgpackRecordsEqualTheNdjsonRecordLog() throws IOException {
    ByteArrayOutputStream j = new ByteArrayOutputStream();
    ByteArrayOutputStream m = new ByteArrayOutputStream();
    List<Object> json = jsonLines(write(new RecordJsonWriter(j, FormatRoundTripTest::name), j));
    List<Object> unpacked = new ArrayList<>();
    for (Value v : unpackAll(write(MsgpackWriters.records(m, FormatRoundTripTest::name), m))) {
      unpacked.add(fromMsgpack(v));
    }
    assertThat(unpacked).hasSizeGreaterThan(corpus.size()).isEqualTo(json);
  }

  @Test
  void fluentdLayoutIsTagEventTimeRecord() throws IOException {
    ByteArrayOutputStream j = new ByteArrayOutputStream();
    ByteArrayOutputStream m = new ByteArrayOutputStream();
    List<Object> json = jsonLines(write(new TransactionJsonWriter(j, FormatRoundTripTest::name), j));
    byte[] packed =
        write(MsgpackWriters.fluentdTransactions(m, FormatRoundTripTest::name, MsgpackWriters.TAG_TRANSACTIONS, EventTimeMode.EVENT_TIME), m);
    List<Value> entries = unpackAll(packed);
    assertThat(entries).hasSize(corpus.size());
    for (int i = 0; i < entries.size(); i++) {
      List<Value> e = entries.get(i).asArrayValue().list();
      assertThat(e).hasSize(3);
      assertThat(e.get(0).asStringValue().asString()).isEqualTo("dnslens.dns.tx");
      ExtensionValue time = e.get(1).asExtensionValue();
      assertThat(time.getType()).isEqualTo((byte) 0);
      ByteBuffer b = ByteBuffer.wrap(time.getData());
      long nanos = corpus.get(i).queryTimestampNanos();
      assertThat(Integer.toUnsignedLong(b.getInt())).isEqualTo(nanos / 1_000_000_000L);
      assertThat(b.getInt()).isEqualTo((int) (nanos % 1_000_000_000L));
      assertThat(fromMsgpack(e.get(2))).isEqualTo(json.get(i));
    }
  }

  @Test
  void fluentdRecordsWithIntegerSeconds() throws IOException {
    ByteArrayOutputStream m = new ByteArrayOutputStream();
    byte[] packed =
        write(MsgpackWriters.fluentdRecords(m, FormatRoundTripTest::name, MsgpackWriters.TAG_RECORDS, EventTimeMode.INTEGER_SECONDS), m);
    List<Value> entries = unpackAll(packed);
    assertThat(entries).hasSizeGreaterThan(corpus.size());
    for (Value v : entries) {
      List<Value> e = v.asArrayValue().list();
      assertThat(e.get(0).asStringValue().asString()).isEqualTo("dnslens.dns.record");
      assertThat(e.get(1).isIntegerValue()).isTrue();
      assertThat(e.get(2).isMapValue()).isTrue();
    }
  }

  @Test
  void ecsDocumentsCarryTheTransaction() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String[] lines = new String(write(new EcsJsonWriter(out, FormatRoundTripTest::name, null), out), StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(corpus.size());
    for (int i = 0; i < lines.length; i++) {
      Transaction tx = corpus.get(i);
      JsonNode d = JSON.readTree(lines[i]);
      assertThat(d.at("/@timestamp").asText()).isEqualTo(EpochTime.iso(tx.queryTimestampNanos()));
      assertThat(d.at("/source/ip").asText()).isEqualTo(tx.clientIp().toString());
      assertThat(d.at("/source/port").asInt()).isEqualTo(tx.clientPort());
      assertThat(d.at("/destination/ip").asText()).isEqualTo(tx.serverIp().toString());
      assertThat(d.at("/network/transport").asText()).isEqualTo(tx.transport().label().startsWith("tcp") ? "tcp" : "udp");
      assertThat(d.at("/dns/id").asInt()).isEqualTo(tx.transactionId());
      Question q = tx.question();
      if (q != null) {
        assertThat(d.at("/dns/question/name").asText()).isEqualTo(q.name().toString());
        assertThat(d.at("/dns/question/type").asText()).isEqualTo(RrType.name(q.type()));
      }
      DnsMessage r = tx.reply();
      if (r != null) {
        assertThat(d.at("/dns/response_code").asText()).isEqualTo(Rcode.name(r.header().rcode()));
        assertThat(d.at("/dns/answers_count").asInt()).isEqualTo(r.answers().size());
        assertThat(d.at("/dns/authorities_count").asInt()).isEqualTo(r.authorities().size());
        assertThat(d.at("/dns/additionals_count").asInt()).isEqualTo(r.additionals().size());
        for (int k = 0; k < r.answers().size(); k++) {
          assertThat(d.at("/dns/answers/" + k + "/data").asText()).isEqualTo(r.answers().get(k).data());
        }
        if (r.edns() != null) {
          assertThat(d.at("/dns/opt/udp_size").asInt()).isEqualTo(r.edns().udpPayloadSize());
        }
      } else {
        assertThat(d.at("/dns/type").asText()).isEqualTo("query");
      }
    }
  }

  @Test
  void ecsBulkWritesAnActionLineBeforeEachDocument() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String[] lines = new String(write(new EcsJsonWriter(out, FormatRoundTripTest::name, "logs-dns-default"), out), StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(2 * corpus.size());
    for (int i = 0; i < lines.length; i += 2) {
      assertThat(JSON.readTree(lines[i]).at("/create/_index").asText()).isEqualTo("logs-dns-default");
      assertThat(JSON.readTree(lines[i + 1]).has("dns")).isTrue();
    }
  }

  @Test
  void csvParsesBackWithFormulaCellsNeutralised() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String csv = new String(write(new CsvTransactionWriter(out, FormatRoundTripTest::name), out), StandardCharsets.UTF_8);
    List<List<String>> rows = Rfc4180.parse(csv);
    assertThat(rows.get(0)).isEqualTo(CsvTransactionWriter.COLUMNS);
    assertThat(rows).hasSize(corpus.size() + 1);
    int qname = CsvTransactionWriter.COLUMNS.indexOf("qname");
    int answers = CsvTransactionWriter.COLUMNS.indexOf("answers");
    int client = CsvTransactionWriter.COLUMNS.indexOf("client_addr");
    for (int i = 0; i < corpus.size(); i++) {
      Transaction tx = corpus.get(i);
      List<String> row = rows.get(i + 1);
      assertThat(row).hasSize(CsvTransactionWriter.COLUMNS.size());
      for (String cell : row) {
        assertThat(cell).doesNotStartWith("=").doesNotStartWith("+").doesNotStartWith("-").doesNotStartWith("@")
            .doesNotStartWith("\t").doesNotStartWith("\r");
      }
      assertThat(row.get(client)).isEqualTo(tx.clientIp().toString());
      assertThat(unneutralise(row.get(qname))).isEqualTo(tx.question() == null ? "" : tx.question().name().toString());
      StringBuilder expected = new StringBuilder();
      if (tx.reply() != null) {
        for (ResourceRecord a : tx.reply().answers()) {
          expected.append(expected.length() > 0 ? "; " : "").append(RrType.name(a.type())).append(' ').append(a.data());
        }
      }
      assertThat(unneutralise(row.get(answers))).isEqualTo(expected.toString());
    }
    assertThat(csv).contains("\"'=cmd.example\"".substring(1, 14));
  }

  private static String unneutralise(String cell) {
    return cell.startsWith("'") ? cell.substring(1) : cell;
  }

  @Test
  void packetlogLinesHaveTheLegFieldsAndStayOneLine() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String text = new String(write(new PacketlogWriter(out, PacketlogWriter.Legs.BOTH), out), StandardCharsets.UTF_8);
    String[] lines = text.split("\n");
    int expected = 0;
    for (Transaction tx : corpus) {
      expected += (tx.query() != null ? 1 : 0) + (tx.reply() != null ? 1 : 0);
    }
    assertThat(lines).hasSize(expected);
    int li = 0;
    for (Transaction tx : corpus) {
      for (DnsMessage m : new DnsMessage[] {tx.query(), tx.reply()}) {
        if (m == null) {
          continue;
        }
        String[] f = lines[li++].split(" ", -1);
        assertThat(f[0]).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d");
        assertThat(f[1]).isEqualTo(m.meta().sourceIp() + "#" + m.meta().sourcePort());
        assertThat(f[2]).isEqualTo(m.meta().destinationIp() + "#" + m.meta().destinationPort());
        assertThat(f[3]).isEqualTo(m == tx.query() ? PacketlogWriter.queryCode(tx.role()) : PacketlogWriter.replyCode(tx.role()));
        assertThat(Integer.parseInt(f[4], 16)).isEqualTo(m.header().id());
        assertThat(Integer.parseInt(f[5], 16)).isEqualTo(m.header().rcode() & 0xff);
        int k = 6;
        if (m.isResponse()) {
          assertThat(f[k++]).isEqualTo(m.header().questionCount() + "/" + m.header().answerCount() + "/"
              + m.header().authorityCount() + "/" + m.header().additionalCount());
        }
        Question q = m.firstQuestion();
        if (q != null && !q.name().isRoot() && !q.name().toString().contains(" ")) {
          assertThat(f[k]).isEqualTo(q.name().toString());
          assertThat(f[k + 1]).isEqualTo(DnsClass.name(q.dnsClass()));
          assertThat(f[k + 2]).isEqualTo(RrType.name(q.type()));
        }
      }
    }
  }

  @Test
  void gamelinuxLinesSplitIntoNineFields() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String text = new String(write(new PassiveDnsLineWriter(out), out), StandardCharsets.UTF_8);
    List<String[]> expected = new ArrayList<>();
    for (Transaction tx : corpus) {
      if (tx.reply() != null) {
        for (ResourceRecord a : tx.reply().answers()) {
          expected.add(new String[] {tx.clientIp().toString(), tx.serverIp().toString(), RrType.name(a.type()), Long.toString(a.ttl())});
        }
      }
    }
    String[] lines = text.split("\n");
    assertThat(lines).hasSize(expected.size());
    for (int i = 0; i < lines.length; i++) {
      String[] f = lines[i].split("\\|\\|", -1);
      assertThat(f).hasSize(9);
      assertThat(f[1]).isEqualTo(expected.get(i)[0]);
      assertThat(f[2]).isEqualTo(expected.get(i)[1]);
      assertThat(f[4]).endsWith(".");
      assertThat(f[5]).isEqualTo(expected.get(i)[2]);
      assertThat(f[7]).isEqualTo(expected.get(i)[3]);
      assertThat(f[8]).isEqualTo("1");
    }
    assertThat(text).contains("-x\\124\\124y");
  }

  @Test
  void gopassivednsEntriesParseBack() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String text = new String(write(new GoPassiveDnsWriter(out), out), StandardCharsets.UTF_8);
    List<JsonNode> docs = new ArrayList<>();
    for (String line : text.split("\n")) {
      docs.add(JSON.readTree(line));
    }
    int i = 0;
    for (Transaction tx : corpus) {
      DnsMessage r = tx.reply();
      if (r == null || tx.question() == null) {
        continue;
      }
      if (r.header().rcode() != 0) {
        JsonNode d = docs.get(i++);
        assertThat(d.get("a").asText()).isEqualTo(Rcode.name(r.header().rcode()));
        assertThat(d.get("rcode").asInt()).isEqualTo(r.header().rcode());
        continue;
      }
      for (ResourceRecord a : r.answers()) {
        JsonNode d = docs.get(i++);
        assertThat(d.get("q").asText()).isEqualTo(tx.question().name().toString());
        assertThat(d.get("a").asText()).isEqualTo(a.data());
        assertThat(d.get("atype").asText()).isEqualTo(RrType.name(a.type()));
        assertThat(d.get("src").asText()).isEqualTo(tx.clientIp().toString());
        assertThat(d.get("sport").asText()).isEqualTo(Integer.toString(tx.clientPort()));
        assertThat(d.get("query_id").asInt()).isEqualTo(r.header().id());
      }
    }
    assertThat(docs).hasSize(i);
  }

  @Test
  void cofFromTheAggregator() throws IOException {
    PassiveDnsAggregator agg = new PassiveDnsAggregator(new IssueCounter());
    corpus.forEach(agg::add);
    List<PassiveDnsEntry> entries = agg.entries();
    assertThat(entries).isNotEmpty();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (CofWriter w = new CofWriter(out, "sensor-1")) {
      for (PassiveDnsEntry e : entries) {
        w.write(e);
      }
    }
    String[] lines = new String(out.toByteArray(), StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(entries.size());
    for (int i = 0; i < lines.length; i++) {
      JsonNode d = JSON.readTree(lines[i]);
      PassiveDnsEntry e = entries.get(i);
      assertThat(d.get("rrname").asText()).isEqualTo(e.name());
      assertThat(d.get("rrtype").asText()).isEqualTo(RrType.name(e.type()));
      assertThat(d.get("rdata").asText()).isEqualTo(e.data());
      assertThat(d.get("time_first").asLong()).isEqualTo(e.firstSeenNanos() / 1_000_000_000L);
      assertThat(d.get("time_last").asLong()).isEqualTo(e.lastSeenNanos() / 1_000_000_000L);
      assertThat(d.get("count").asLong()).isEqualTo(e.count());
      assertThat(d.get("sensor_id").asText()).isEqualTo("sensor-1");
    }
  }
}
