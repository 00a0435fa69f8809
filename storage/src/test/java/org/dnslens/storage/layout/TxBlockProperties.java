package org.dnslens.storage.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.dnslens.engine.model.DnsName;
import org.dnslens.engine.model.IpAddress;
import org.junit.jupiter.api.Test;

/**
 * {@link TxBlock}'s packed blocks (schema V7): every field of every row reads back as written (rows are stored
 * column by column), and whatever the messages (well-formed exchanges, a query whose
 * question differs from the reply's, ids that differ from the row's, names that need escapes, names whose
 * text is not the message's, truncated and random bytes, other replies), the block gives back every row's
 * query and reply byte for byte, in the layout blocks had before V7; and the packing does shrink the
 * stored wire of ordinary exchanges.
 */
class TxBlockProperties {
  private static final IpAddress CLIENT = IpAddress.parse("10.0.0.1");
  private static final IpAddress SERVER = IpAddress.parse("192.0.2.53");

  /** One transaction's messages and the fields the packing compares them with. */
  record Row(int dnsId, String qname, byte[] query, byte[] reply, List<byte[]> others, List<IpAddress> answers) {
    Row(int dnsId, String qname, byte[] query, byte[] reply, List<byte[]> others) {
      this(dnsId, qname, query, reply, others, List.of());
    }
  }

  /** An answer section: its records' bytes, how many, and the row's answer addresses given to the block. */
  record Answers(byte[] records, int count, List<IpAddress> listed) {}

  @Provide
  Arbitrary<Answers> answerSections() {
    Arbitrary<IpAddress> address = Arbitraries.oneOf(
        Arbitraries.bytes().array(byte[].class).ofSize(4).map(IpAddress::of),
        Arbitraries.bytes().array(byte[].class).ofSize(16).map(IpAddress::of));
    Arbitrary<Integer> shape = Arbitraries.integers().between(0, 4);
    return Combinators.combine(address.list().ofMaxSize(5), shape, Arbitraries.bytes().array(byte[].class).ofMaxSize(9))
        .as((addresses, s, other) -> {
          ByteArrayOutputStream m = new ByteArrayOutputStream();
          int count = 0;
          List<IpAddress> listed = new ArrayList<>(addresses);
          if (s == 1 && !listed.isEmpty()) {
            listed.remove(0); // a record whose address the row does not list
          }
          if (s == 2) {
            m.writeBytes(record(new byte[] {(byte) 0xc0, 12}, 5, other)); // a CNAME first
            count++;
          }
          for (IpAddress a : addresses) {
            byte[] raw = a.toBytes();
            m.writeBytes(record(new byte[] {(byte) 0xc0, 12}, raw.length == 4 ? 1 : 28, raw));
            count++;
          }
          if (s == 3 && !addresses.isEmpty()) { // an A-typed record whose data is not 4 bytes
            m.writeBytes(record(new byte[] {1, 'x', 0}, 1, addresses.get(0).toBytes().length == 4 ? new byte[16] : new byte[4]));
            count++;
          }
          if (s == 4) {
            listed.addAll(addresses); // listed twice
          }
          return new Answers(m.toByteArray(), count, listed);
        });
  }

  private static byte[] record(byte[] owner, int type, byte[] data) {
    ByteArrayOutputStream m = new ByteArrayOutputStream();
    m.writeBytes(owner);
    m.writeBytes(new byte[] {0, (byte) type, 0, 1, 0, 0, 1, 0, (byte) (data.length >> 8), (byte) data.length});
    m.writeBytes(data);
    return m.toByteArray();
  }

  @Provide
  Arbitrary<Row> rows() {
    Arbitrary<byte[]> label = Arbitraries.oneOf(
        Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12).map(s -> s.getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
        Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(63));
    Arbitrary<DnsName> name = label.list().ofMinSize(0).ofMaxSize(4).map(DnsName::fromLabels);
    Arbitrary<Integer> id = Arbitraries.integers().between(0, 0xffff);
    Arbitrary<byte[]> tail = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
    Arbitrary<byte[]> junk = Arbitraries.bytes().array(byte[].class).ofMaxSize(30);
    Arbitrary<Integer> shape = Arbitraries.integers().between(0, 10);
    Arbitrary<List<byte[]>> others = Arbitraries.oneOf(Arbitraries.just(List.<byte[]>of()),
        junk.list().ofMaxSize(2));
    return Combinators.combine(name, id, tail, tail, junk, shape, others, answerSections())
        .as((n, i, qTail, rTail, j, s, o, ans) -> {
          int otherId = (i + 1) & 0xffff;
          byte[] q = message(i, 0x0100, 1, n.toWire(), qTail);
          byte[] r = message(i, 0x8180, 1, ans.count(), n.toWire(), concat(ans.records(), rTail));
          String text = n.toString();
          return switch (s) {
            case 0 -> new Row(i, text, q, null, o); // unanswered
            case 1 -> new Row(i, text, null, r, o); // reply only
            case 2 -> new Row(otherId, text, q, r, o); // the row's id is not the messages'
            case 3 -> new Row(i, text, message(i, 0x0100, 1, DnsName.parse("other.example").toWire(), qTail), r, o);
            case 4 -> new Row(i, text.toUpperCase(java.util.Locale.ROOT), q, r, o); // text not the message's case
            case 5 -> new Row(i, null, j, j.length == 0 ? null : j, o); // no question, random bytes
            case 6 -> new Row(i, text, Arrays.copyOf(q, Math.min(q.length, 13)), Arrays.copyOf(r, Math.min(r.length, 14)), o);
            case 7 -> new Row(i, text, message(i, 0x0100, 2, concat(n.toWire(), new byte[4], n.toWire()), qTail),
                message(i, 0x8180, 2, ans.count(), concat(n.toWire(), new byte[4], n.toWire()), concat(ans.records(), rTail)),
                o, ans.listed()); // two questions
            case 8 -> new Row(i, text, q, Arrays.copyOf(r, Math.max(12, r.length - 3)), o, ans.listed()); // cut short
            default -> new Row(i, text, q, r, o, ans.listed());
          };
        });
  }

  @Provide
  Arbitrary<List<Row>> blocks() {
    return rows().list().ofMinSize(1).ofMaxSize(40);
  }

  @Property(tries = 300)
  void packedBlocksGiveBackEveryMessageByteForByte(@ForAll("blocks") List<Row> rows) {
    TxBlock.Encoder e = new TxBlock.Encoder();
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    List<TxInput> added = new ArrayList<>();
    for (Row row : rows) {
      added.add(add(e, row));
      if (row.query() != null) {
        raw.writeBytes(row.query());
      }
      if (row.reply() != null) {
        raw.writeBytes(row.reply());
      }
      row.others().forEach(raw::writeBytes);
    }
    TxBlock b = TxBlock.decode(e.summary(), 100);
    assertThat(b.format).isEqualTo(TxBlock.FORMAT_PACKED_WIRE);
    byte[] wire = b.wire(e.wire());
    assertThat(wire).isEqualTo(raw.toByteArray());
    for (int i = 0; i < rows.size(); i++) {
      assertThat(b.queryWire(wire, i)).isEqualTo(rows.get(i).query());
      assertThat(b.replyWire(wire, i)).isEqualTo(rows.get(i).reply());
      assertRow(b, i, added.get(i));
    }
  }

  /** Every name's text rebuilds its wire form, so the question name is left out for every name, escaped or not. */
  @Property(tries = 500)
  void nameTextGivesBackTheWireForm(@ForAll("names") DnsName n) {
    byte[] out = new byte[300];
    int len = TxBlock.nameWire(n.toString(), out, 7);
    assertThat(Arrays.copyOfRange(out, 7, 7 + len)).isEqualTo(n.toWire());
  }

  @Provide
  Arbitrary<DnsName> names() {
    Arbitrary<byte[]> label = Arbitraries.oneOf(
        Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(63).map(s -> s.getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
        Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(63));
    return label.list().ofMinSize(0).ofMaxSize(3).map(DnsName::fromLabels);
  }

  @Test
  void ordinaryExchangesStoreLessThanTheirBytes() {
    TxBlock.Encoder e = new TxBlock.Encoder();
    int raw = 0;
    for (int i = 0; i < 100; i++) {
      DnsName n = DnsName.parse("host" + i + ".Example.com");
      byte[] opt = {0, 0, 41, 4, (byte) 0xd0, 0, 0, 0, 0, 0, 0};
      byte[] q = message(i * 7, 0x0120, 1, n.toWire(), opt);
      byte[] r = message(i * 7, 0x8180, 1, 1, n.toWire(), new byte[] {(byte) 0xc0, 12, 0, 1, 0, 1, 0, 0, 1, 0, 0, 4, 10, 0, 0, (byte) i});
      add(e, new Row(i * 7, n.toString(), q, r, List.of(), List.of(IpAddress.parse("10.0.0." + i))));
      raw += q.length + r.length;
    }
    byte[] stored = e.wire();
    // each exchange loses the query's id and question, the reply's id, name and answer address (1 byte left)
    assertThat(stored.length).isLessThan(raw - 100 * 43);
    TxBlock b = TxBlock.decode(e.summary(), 1);
    assertThat(b.wire(stored)).hasSize(raw);
    // a search's rebuild of its result rows only gives those rows exactly
    int[] results = {0, 3, 17, 39, 99};
    byte[] part = b.wire(stored, results);
    byte[] whole = b.wire(stored);
    for (int i : results) {
      assertThat(b.replyWire(part, i)).isEqualTo(b.replyWire(whole, i));
      assertThat(b.queryWire(part, i)).isEqualTo(b.queryWire(whole, i));
    }
    assertThatThrownBy(() -> b.wire(stored, new int[] {5, 5})).isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * A search rebuilds only its result rows and walks the stored bytes of the rows before them without writing
   * ({@code TxBlock.skipRow}): every row, alone or with a random set of others, comes out equal to the whole
   * block's rebuild (query, reply and other replies), whatever the messages.
   */
  @Property(tries = 300)
  void resultRowsRebuiltAloneEqualTheWholeRebuild(@ForAll("blocks") List<Row> rows, @ForAll long seed) {
    TxBlock.Encoder e = new TxBlock.Encoder();
    rows.forEach(row -> add(e, row));
    TxBlock b = TxBlock.decode(e.summary(), 100);
    byte[] stored = e.wire();
    byte[] whole = b.wire(stored);
    for (int i = 0; i < b.count; i++) {
      assertSameRow(b, b.wire(stored, new int[] {i}), whole, i);
    }
    java.util.Random g = new java.util.Random(seed);
    int[] some = java.util.stream.IntStream.range(0, b.count).filter(i -> g.nextInt(3) == 0).toArray();
    byte[] part = b.wire(stored, some);
    for (int i : some) {
      assertSameRow(b, part, whole, i);
    }
  }

  /** Damaged stored bytes (bits flipped, cut short) give a result row or the usual damaged-case error, nothing else. */
  @Property(tries = 300)
  void damagedStoredBytesFailAsADamagedCase(@ForAll("blocks") List<Row> rows, @ForAll long seed) {
    TxBlock.Encoder e = new TxBlock.Encoder();
    rows.forEach(row -> add(e, row));
    TxBlock b = TxBlock.decode(e.summary(), 100);
    byte[] stored = e.wire();
    java.util.Random g = new java.util.Random(seed);
    byte[] damaged = Arrays.copyOf(stored, g.nextBoolean() ? stored.length : g.nextInt(stored.length + 1));
    for (int k = 0; k < 3 && damaged.length > 0; k++) {
      damaged[g.nextInt(damaged.length)] ^= (byte) (1 << g.nextInt(8));
    }
    for (int i = 0; i < b.count; i++) {
      try {
        b.wire(damaged, new int[] {i});
      } catch (IllegalStateException expected) {
        assertThat(expected).hasMessageContaining("damaged");
      }
    }
  }

  private static void assertSameRow(TxBlock b, byte[] part, byte[] whole, int i) {
    assertThat(b.queryWire(part, i)).isEqualTo(b.queryWire(whole, i));
    assertThat(b.replyWire(part, i)).isEqualTo(b.replyWire(whole, i));
    int others = b.wireStart[i] + Math.max(0, b.queryLen[i]) + Math.max(0, b.replyLen[i]);
    assertThat(Arrays.copyOfRange(part, others, others + b.otherBytes[i]))
        .isEqualTo(Arrays.copyOfRange(whole, others, others + b.otherBytes[i]));
  }

  @Test
  void storedBytesThatDoNotFitTheSummaryAreADamagedCase() {
    TxBlock.Encoder e = new TxBlock.Encoder();
    DnsName n = DnsName.parse("a.example");
    add(e, new Row(5, n.toString(), message(5, 0x0100, 1, n.toWire(), new byte[0]),
        message(5, 0x8180, 1, n.toWire(), new byte[8]), List.of()));
    TxBlock b = TxBlock.decode(e.summary(), 1);
    byte[] stored = e.wire();
    assertThat(b.wire(stored)).isNotEmpty();
    assertThatThrownBy(() -> b.wire(Arrays.copyOf(stored, stored.length - 1)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("damaged");
    assertThatThrownBy(() -> b.wire(Arrays.copyOf(stored, stored.length + 1)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("damaged");
  }

  @Test
  void aSummaryOfAnUnknownFormatIsRefused() {
    byte[] summary = {(byte) 0x80, 0, 2, 0, 0, 0, 0};
    assertThatThrownBy(() -> TxBlock.decode(summary, 1)).hasMessageContaining("newer dnslens");
  }

  /**
   * Adds the row with every other field drawn from a generator seeded by the row (frames, times, ports,
   * codes, flags, labels; now and then a client port that does not fit 16 bits), and returns what was added.
   */
  private static TxInput add(TxBlock.Encoder e, Row row) {
    java.util.Random g = new java.util.Random(Arrays.hashCode(row.query()) * 31L + Arrays.hashCode(row.reply()) + row.dnsId());
    List<TxInput.OtherReply> others = new ArrayList<>();
    for (byte[] o : row.others()) {
      others.add(new TxInput.OtherReply(g.nextLong(), g.nextInt(1 << 20), g.nextBoolean() ? SERVER : CLIENT, o));
    }
    long ts = 1_700_000_000_000_000_000L + g.nextInt(1 << 30);
    String[] labels = {null, "dns_truncated_record", "pairing_evicted"};
    TxInput t = new TxInput(g.nextInt(3), row.query() == null ? null : (long) g.nextInt(1 << 20),
        row.reply() == null ? null : (long) g.nextInt(1 << 20), ts,
        row.reply() == null ? null : ts + g.nextInt(1 << 28), g.nextBoolean() ? CLIENT : SERVER,
        g.nextInt(20) == 0 ? 70_000 : g.nextInt(1 << 16), SERVER, g.nextBoolean() ? 53 : g.nextInt(1 << 16),
        g.nextInt(2), g.nextInt(3), row.dnsId(), row.qname(), g.nextBoolean() ? null : g.nextInt(1 << 16),
        g.nextBoolean() ? null : g.nextInt(300), g.nextInt(30) - 1, g.nextInt(5), g.nextInt(3),
        row.query() == null ? null : g.nextInt(1 << 16), row.reply() == null ? null : g.nextInt(1 << 16),
        g.nextInt(4), g.nextInt(4), labels[g.nextInt(3)], labels[g.nextInt(3)], labels[g.nextInt(3)],
        row.query(), row.reply(), List.of(), others);
    int name = row.qname() == null ? -1 : e.addName(row.qname()); // a name per row: the dictionary may repeat names (the run writer adds each once per block)
    int[] answers = new int[row.answers().size()];
    for (int i = 0; i < answers.length; i++) {
      answers[i] = e.ip(row.answers().get(i));
    }
    e.add(t, name, e.ip(t.clientIp()), e.ip(t.serverIp()), answers, answers.length);
    return t.withAnswerIps(row.answers());
  }

  /** Every field of row {@code i} of the decoded block is the one added. */
  private static void assertRow(TxBlock b, int i, TxInput t) {
    assertThat(b.sourceId[i]).isEqualTo(t.sourceId());
    assertThat(TxBlock.orNull(b.queryFrame[i])).isEqualTo(t.queryFrame());
    assertThat(TxBlock.orNull(b.replyFrame[i])).isEqualTo(t.replyFrame());
    assertThat(b.ts[i]).isEqualTo(t.ts());
    assertThat(TxBlock.orNull(b.replyTs[i])).isEqualTo(t.replyTs());
    assertThat(b.ip(b.client[i])).isEqualTo(t.clientIp());
    assertThat(b.clientPort[i]).isEqualTo(t.clientPort());
    assertThat(b.ip(b.server[i])).isEqualTo(t.serverIp());
    assertThat(b.serverPort[i]).isEqualTo(t.serverPort());
    assertThat(b.transport[i]).isEqualTo(t.transport());
    assertThat(b.portClass[i]).isEqualTo(t.portClass());
    assertThat(b.dnsId[i]).isEqualTo(t.dnsId());
    assertThat(b.qname[i] < 0 ? null : b.name(b.qname[i])).isEqualTo(t.qname());
    assertThat(TxBlock.orNull(b.qtype[i])).isEqualTo(t.qtype());
    assertThat(TxBlock.orNull(b.qclass[i])).isEqualTo(t.qclass());
    assertThat(b.rcode[i]).isEqualTo(t.rcode());
    assertThat(b.status[i]).isEqualTo(t.status());
    assertThat(b.role[i]).isEqualTo(t.role());
    assertThat(b.queryFlags[i] == TxBlock.NULL ? null : (int) b.queryFlags[i]).isEqualTo(t.queryFlags());
    assertThat(b.replyFlags[i] == TxBlock.NULL ? null : (int) b.replyFlags[i]).isEqualTo(t.replyFlags());
    assertThat(b.retransmissions[i]).isEqualTo(t.retransmissions());
    assertThat(b.identicalReplies[i]).isEqualTo(t.identicalReplies());
    assertThat(b.label(b.reason[i])).isEqualTo(t.reason());
    assertThat(b.label(b.queryIssue[i])).isEqualTo(t.queryIssue());
    assertThat(b.label(b.replyIssue[i])).isEqualTo(t.replyIssue());
    List<IpAddress> answers = new ArrayList<>();
    for (int a = b.answerStart[i]; a < b.answerStart[i + 1]; a++) {
      answers.add(b.ip(b.answerIps[a]));
    }
    assertThat(answers).isEqualTo(t.answerIps());
  }

  /** A DNS message: header (id, flags, qdcount, no other counts), the question bytes, then {@code tail}. */
  private static byte[] message(int id, int flags, int qdcount, byte[] questionName, byte[] tail) {
    return message(id, flags, qdcount, 0, questionName, tail);
  }

  private static byte[] message(int id, int flags, int qdcount, int ancount, byte[] questionName, byte[] tail) {
    ByteArrayOutputStream m = new ByteArrayOutputStream();
    m.writeBytes(new byte[] {(byte) (id >> 8), (byte) id, (byte) (flags >> 8), (byte) flags, 0, (byte) qdcount,
        0, (byte) ancount, 0, 0, 0, (byte) (tail.length > 0 ? 1 : 0)});
    m.writeBytes(questionName);
    m.writeBytes(new byte[] {0, 1, 0, 1});
    m.writeBytes(tail);
    return m.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream m = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      m.writeBytes(p);
    }
    return m.toByteArray();
  }
}
