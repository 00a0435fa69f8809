package org.dnslens.engine.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.dnslens.engine.model.DnsClass;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.model.DnsName;
import org.dnslens.engine.model.Edns;
import org.dnslens.engine.model.EdnsOption;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.engine.model.RData;
import org.dnslens.engine.model.ResourceRecord;
import org.dnslens.engine.model.Role;
import org.dnslens.engine.model.RrType;
import org.dnslens.engine.model.Section;
import org.dnslens.engine.model.Transaction;
import org.dnslens.engine.model.TransactionStatus;
import org.dnslens.engine.pairing.DnsFixtures;
import org.junit.jupiter.api.Test;

/**
 * The NDJSON writer's hand-rendered line ({@code renderLine}, {@code DnsJsonFields.appendMessageRecords})
 * must be byte for byte what the generator calls write: every transaction of the export corpus and of
 * hostile names and lazily derived record data is written both ways and compared.
 */
class RawJsonLineTest {

  private static byte[] write(List<Transaction> txs, boolean raw) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    // A delegate is not UTF8JsonGenerator itself, so JsonScratch gives it no raw buffer: the call path.
    // The raw path is the public constructor's: rendered lines straight to the stream, the others
    // through the generator, interleaved (the corpus has both), so the order of lines is checked too.
    TransactionJsonWriter w =
        raw
            ? new TransactionJsonWriter(out, id -> "f" + id, TransactionAnnotator.NONE)
            : new TransactionJsonWriter(
                new JsonGeneratorDelegate(JsonOutput.newlineDelimited(out)), id -> "f" + id, TransactionAnnotator.NONE);
    try (w) {
      for (Transaction tx : txs) {
        w.write(tx);
      }
    }
    return out.toByteArray();
  }

  private static ResourceRecord lazy(String owner, int type, RData rdata) {
    return new ResourceRecord(Section.ANSWER, DnsName.parse(owner), type, DnsClass.IN, 4_294_967_295L, null, rdata);
  }

  /** Names with JSON-special, non-printable, non-ASCII and IDNA labels; records whose data is derived. */
  static List<Transaction> awkward() {
    DnsFixtures f = new DnsFixtures();
    List<Transaction> out = new ArrayList<>();
    String[] owners = {
      "quote\\\"d.example", "back\\\\slash.example", "del\\127.example", "caf\\195\\169.example",
      "xn--caf-dma.example", "sp\\032ace.example", "plain.example"
    };
    long t = 1_700_000_000L * DnsFixtures.S;
    int id = 1;
    for (String owner : owners) {
      DnsName name = DnsName.parse(owner);
      List<ResourceRecord> answers =
          new ArrayList<>(List.of(
              lazy(owner, RrType.CNAME, new RData.Target(name)),
              lazy(owner, RrType.NS, new RData.Target(DnsName.ROOT)),
              lazy(owner, RrType.MX, new RData.Mx(10, name)),
              lazy(owner, RrType.A, new RData.Address(IpAddress.parse("192.0.2.255"))),
              lazy(owner, RrType.AAAA, new RData.Address(IpAddress.parse("::ffff:192.0.2.1"))),
              lazy(owner, RrType.AAAA, new RData.Address(IpAddress.parse("2001:db8::1"))),
              // TXT rendered from its strings (appendTxt) against its derived text through Jackson
              lazy(owner, RrType.TXT, new RData.Txt(List.of("q\"b\\s \u0001\u007f\u00ff~", "", "plain"))),
              lazy(owner, RrType.TXT, new RData.Txt(List.of())),
              // SOA rendered from its fields against its derived text; serials past 2^31 stay unsigned
              lazy(owner, RrType.SOA, new RData.Soa(name, DnsName.ROOT, 4_294_967_295L, 0, 1, 2, 3)),
              lazy(owner, RrType.SOA, new RData.Soa(DnsName.ROOT, name, 2026010501L, 7200, 3600, 1209600, 300))));
      if (owner.startsWith("plain")) {
        answers.add(DnsFixtures.txt(owner, "t\u00e9xt \\ \" \u0001"));
      }
      DnsMessage q = f.query("10.0.0.1", "10.0.0.53", id, owner, RrType.A, t);
      DnsMessage r = f.reply("10.0.0.1", "10.0.0.53", id, owner, RrType.A, t + 1_234_567, answers, List.of());
      out.add(new Transaction(TransactionStatus.ANSWERED, q, r, List.of(), 2, 1, Role.CLIENT, null));
      out.add(new Transaction(TransactionStatus.ORPHAN_REPLY, null, r, List.of(), 0, 0, Role.UNKNOWN, null));
      id++;
      t -= 1_000_003L * DnsFixtures.S; // also before the epoch, where the decimals count down
    }
    out.addAll(withEdnsOptions(f, t));
    return out;
  }

  /** EDNS with options on the query, the reply or both; option text plain, JSON-special or non-ASCII. */
  static List<Transaction> withEdnsOptions(DnsFixtures f, long t) {
    List<Transaction> out = new ArrayList<>();
    List<List<EdnsOption>> optionSets = List.of(
        List.of(new EdnsOption(10, "COOKIE", "client=0102030405060708", "0102030405060708")),
        List.of(
            new EdnsOption(8, "ECS", "192.0.2.0/24/0", "0001180000c00002"),
            new EdnsOption(3, "NSID", "6e5c22 \"n\\\"", "6e5c22"),
            new EdnsOption(65001, "OPT65001", "", "")),
        List.of(new EdnsOption(3, "NSID", "caf\u00e9", "636166c3a9")),
        List.of(new EdnsOption(12, "PADDING", null, "0000")));
    int id = 900;
    for (List<EdnsOption> options : optionSets) {
      Edns e = new Edns(1232, id % 2 == 0 ? 0 : 1, 0, id % 2 == 0, 0x8000, options);
      DnsMessage q = withEdns(f.query("10.0.0.2", "10.0.0.53", id, "opt.example", RrType.A, t), e);
      DnsMessage r = withEdns(
          f.reply("10.0.0.2", "10.0.0.53", id, "opt.example", RrType.A, t + 5_000, List.of(), List.of()), e);
      DnsMessage plainQ = f.query("10.0.0.2", "10.0.0.53", id + 1, "opt.example", RrType.A, t);
      out.add(new Transaction(TransactionStatus.ANSWERED, q, r, List.of(), 0, 0, Role.CLIENT, null));
      out.add(new Transaction(TransactionStatus.UNANSWERED, q, null, List.of(), 0, 0, Role.CLIENT, null));
      out.add(new Transaction(TransactionStatus.ANSWERED, plainQ, r, List.of(), 0, 0, Role.CLIENT, null));
      id += 2;
    }
    return out;
  }

  private static DnsMessage withEdns(DnsMessage m, Edns e) {
    return new DnsMessage(
        m.meta(), m.header(), m.questions(), m.answers(), m.authorities(), m.additionals(), e, m.status(),
        m.issue(), m.wire());
  }

  @Test
  void renderedLinesEqualTheGeneratorCallsOnTheCorpus() throws IOException {
    List<Transaction> txs = new ArrayList<>(ExportCorpus.load());
    txs.addAll(awkward());
    byte[] calls = write(txs, false);
    byte[] rendered = write(txs, true);
    String[] a = new String(calls, StandardCharsets.UTF_8).split("\n");
    String[] b = new String(rendered, StandardCharsets.UTF_8).split("\n");
    assertThat(b).hasSameSizeAs(a);
    for (int i = 0; i < a.length; i++) {
      assertThat(b[i]).as("line %d", i + 1).isEqualTo(a[i]);
    }
    assertThat(rendered).isEqualTo(calls);
  }

  @Test
  void mostCorpusLinesTakeTheRenderedPathAndAwkwardOnesFallBack() throws IOException {
    List<Transaction> corpus = ExportCorpus.load();
    TransactionJsonWriter w =
        new TransactionJsonWriter(JsonOutput.newlineDelimited(new ByteArrayOutputStream()), id -> "f", TransactionAnnotator.NONE);
    AsciiJsonBuffer raw = new AsciiJsonBuffer();
    long rendered = corpus.stream().filter(tx -> w.renderLine(raw, tx)).count();
    // Without this the equality test above could pass with the fast path never taken.
    assertThat(rendered).isGreaterThan(corpus.size() / 2);
    List<Transaction> awkward = awkward();
    assertThat(w.renderLine(raw, awkward.get(0))).as("quote in a name: escaped, still rendered").isTrue();
    assertThat(w.renderLine(raw, awkward.get(2 * 3))).as("non-ASCII label byte: \\DDD, rendered").isTrue();
    assertThat(w.renderLine(raw, awkward.get(2 * 4))).as("IDNA name: name_unicode via Jackson").isFalse();
    assertThat(w.renderLine(raw, awkward.get(2 * 6))).as("non-ASCII and control chars in TXT data").isFalse();
    List<Transaction> edns = withEdnsOptions(new DnsFixtures(), 1_700_000_000L * DnsFixtures.S);
    assertThat(w.renderLine(raw, edns.get(0))).as("EDNS cookie: rendered").isTrue();
    assertThat(w.renderLine(raw, edns.get(3))).as("EDNS options with quotes and backslashes: rendered").isTrue();
    assertThat(w.renderLine(raw, edns.get(6))).as("non-ASCII option text: via Jackson").isFalse();
    assertThat(w.renderLine(raw, edns.get(9))).as("option without text: via Jackson").isFalse();
  }

  @Test
  void flushPushesRenderedLinesThroughABufferedStream() throws IOException {
    // Streaming output (read -o FILE, live capture) relies on flush() reaching the file: rendered lines
    // bypass the generator, so its flush must still flush the stream they went to.
    List<Transaction> corpus = ExportCorpus.load();
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    java.io.BufferedOutputStream buffered = new java.io.BufferedOutputStream(file, 1 << 16);
    TransactionJsonWriter w = new TransactionJsonWriter(buffered, id -> "f", TransactionAnnotator.NONE);
    AsciiJsonBuffer probe = new AsciiJsonBuffer();
    Transaction rendered = corpus.stream().filter(tx -> w.renderLine(probe, tx)).findFirst().orElseThrow();
    w.write(rendered);
    assertThat(file.size()).isZero();
    w.flush();
    assertThat(new String(file.toByteArray(), StandardCharsets.UTF_8)).endsWith("}\n").contains("\"query_ts\":");
    Transaction fallback = awkward().get(2 * 4); // IDNA name: written by the generator
    w.write(fallback);
    w.write(rendered);
    w.close();
    String[] lines = new String(file.toByteArray(), StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(3);
    assertThat(lines[1]).contains("name_unicode");
    assertThat(lines[2]).isEqualTo(lines[0]);
  }
}
