package org.dnslens.engine.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.dnslens.engine.issue.IssueCounter;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.engine.model.IssueReason;
import org.dnslens.engine.model.ParseStatus;
import org.dnslens.engine.model.ResourceRecord;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CAARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNAMERecord;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.NAPTRRecord;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * The decoder agrees with dnsjava on every message dnsjava writes, and survives any bytes.
 *
 * <p>Agreement means: same owner names (exact text, case kept), types, classes, TTLs, and the same
 * {@code data} as dnsjava's {@code rdataToString()}, except A/AAAA which compare as addresses (the
 * decoder writes RFC 5952 text).
 */
class DnsMessageDecoderProperties {

  /** Label bytes: mixed-case letters, digits and hyphen mostly, with the bytes that need escaping. */
  private static Arbitrary<byte[]> label() {
    Arbitrary<Byte> common = Arbitraries.of("aAbBzZ09-_".chars().mapToObj(c -> (byte) c).toList());
    Arbitrary<Byte> odd = Arbitraries.of((byte) 0, (byte) ' ', (byte) '.', (byte) '\\', (byte) '"', (byte) 0xff, (byte) 0x7f);
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(9, common), net.jqwik.api.Tuple.of(1, odd))
        .list()
        .ofMinSize(1)
        .ofMaxSize(12)
        .map(l -> {
          byte[] b = new byte[l.size()];
          for (int i = 0; i < b.length; i++) {
            b[i] = l.get(i);
          }
          return b;
        });
  }

  @Provide
  Arbitrary<Name> names() {
    Arbitrary<Name> suffixed =
        label().list().ofMinSize(0).ofMaxSize(4).map(labels -> {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          for (byte[] l : labels) {
            out.write(l.length);
            out.write(l, 0, l.length);
          }
          // A shared suffix so dnsjava's compression has pointers to write.
          byte[] tail = {7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'C', 'o', 'M', 0};
          out.write(tail, 0, tail.length);
          try {
            return new Name(out.toByteArray());
          } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
          }
        });
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(9, suffixed), net.jqwik.api.Tuple.of(1, Arbitraries.just(Name.root)));
  }

  private static String escaped(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (byte x : b) {
      int v = x & 0xff;
      sb.append('\\').append((char) ('0' + v / 100)).append((char) ('0' + v / 10 % 10)).append((char) ('0' + v % 10));
    }
    return sb.toString();
  }

  @Provide
  Arbitrary<Record> records() {
    Arbitrary<Name> n = names();
    Arbitrary<Long> ttl = Arbitraries.longs().between(0, 0x7fffffffL);
    Arbitrary<Integer> u16 = Arbitraries.integers().between(0, 0xffff);
    Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
    Arbitrary<byte[]> ip4 = Arbitraries.bytes().array(byte[].class).ofSize(4);
    Arbitrary<byte[]> ip6 = Arbitraries.bytes().array(byte[].class).ofSize(16);
    List<Arbitrary<Record>> kinds = new ArrayList<>();
    kinds.add(Combinators.combine(n, ttl, ip4).as((o, t, a) -> new ARecord(o, DClass.IN, t, addr(a))));
    kinds.add(Combinators.combine(n, ttl, ip6).as((o, t, a) -> new AAAARecord(o, DClass.IN, t, addr(a))));
    kinds.add(Combinators.combine(n, ttl, n).as((o, t, x) -> new NSRecord(o, DClass.IN, t, x)));
    kinds.add(Combinators.combine(n, ttl, n).as((o, t, x) -> new CNAMERecord(o, DClass.IN, t, x)));
    kinds.add(Combinators.combine(n, ttl, n).as((o, t, x) -> new PTRRecord(o, DClass.IN, t, x)));
    kinds.add(Combinators.combine(n, ttl, n).as((o, t, x) -> new DNAMERecord(o, DClass.IN, t, x)));
    kinds.add(Combinators.combine(n, ttl, u16, n).as((o, t, p, x) -> new MXRecord(o, DClass.IN, t, p, x)));
    kinds.add(Combinators.combine(n, ttl, u16, u16, u16, n)
        .as((o, t, a, b, c, x) -> new SRVRecord(o, DClass.IN, t, a, b, c, x)));
    kinds.add(Combinators.combine(n, ttl, n, n, Arbitraries.longs().between(0, 0xffffffffL))
        .as((o, t, m, r, s) -> new SOARecord(o, DClass.IN, t, m, r, s, 1, 2, 3, 4)));
    kinds.add(Combinators.combine(n, ttl, bytes.list().ofMinSize(1).ofMaxSize(3))
        .as((o, t, l) -> new TXTRecord(o, DClass.IN, t, l.stream().map(DnsMessageDecoderProperties::escaped).toList())));
    kinds.add(Combinators.combine(n, ttl, Arbitraries.of("issue", "iodef", "issuewild", "Tag9"), bytes)
        .as((o, t, tag, v) -> new CAARecord(o, DClass.IN, t, 0, tag, escaped(v))));
    kinds.add(Combinators.combine(n, ttl, u16, bytes, n)
        .as((o, t, p, s, x) -> new NAPTRRecord(o, DClass.IN, t, p, 7, "U", escaped(s), "!^.*$!x!", x)));
    kinds.add(Combinators.combine(n, ttl, u16, Arbitraries.bytes().array(byte[].class).ofSize(32))
        .as((o, t, tag, d) -> new DSRecord(o, DClass.IN, t, tag, 13, 2, d)));
    kinds.add(Combinators.combine(n, ttl, n)
        .as((o, t, x) -> new NSECRecord(o, DClass.IN, t, x, new int[] {Type.A, Type.MX, Type.RRSIG, 1234})));
    kinds.add(Combinators.combine(n, ttl, Arbitraries.integers().between(65280, 65534), bytes)
        .as((o, t, type, d) -> Record.newRecord(o, type, DClass.IN, t, d)));
    return Arbitraries.oneOf(kinds);
  }

  private static InetAddress addr(byte[] a) {
    try {
      return InetAddress.getByAddress(a);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  @Property(tries = 300)
  void agreesWithDnsjavaOnMessagesItWrites(
      @ForAll("names") Name qname,
      @ForAll @Size(max = 6) List<@From("records") Record> answers,
      @ForAll @Size(max = 3) List<@From("records") Record> authorities)
      throws Exception {
    Message m = Message.newQuery(Record.newRecord(qname, Type.A, DClass.IN));
    m.getHeader().setFlag(Flags.QR);
    answers.forEach(r -> m.addRecord(r, Section.ANSWER));
    authorities.forEach(r -> m.addRecord(r, Section.AUTHORITY));
    byte[] wire = m.toWire();
    Message dj = new Message(wire);

    IssueCounter issues = new IssueCounter();
    DnsMessage d = new DnsMessageDecoder(issues).decode(DnsTestMessages.raw(wire));
    assertThat(issues.snapshot()).isEmpty();
    assertThat(d.status()).isEqualTo(ParseStatus.COMPLETE);
    assertThat(PresentationText.name(d.firstQuestion().name())).isEqualTo(dj.getQuestion().getName().toString());
    assertSame(d.answers(), dj.getSection(Section.ANSWER));
    assertSame(d.authorities(), dj.getSection(Section.AUTHORITY));
  }

  private static void assertSame(List<ResourceRecord> ours, List<Record> theirs) {
    assertThat(ours).hasSameSizeAs(theirs);
    for (int i = 0; i < ours.size(); i++) {
      ResourceRecord o = ours.get(i);
      Record t = theirs.get(i);
      assertThat(PresentationText.name(o.name())).isEqualTo(t.getName().toString());
      assertThat(o.type()).isEqualTo(t.getType());
      assertThat(o.dnsClass()).isEqualTo(t.getDClass());
      assertThat(o.ttl()).isEqualTo(t.getTTL());
      if (o.type() == Type.A || o.type() == Type.AAAA) {
        assertThat(IpAddress.parse(o.data())).isEqualTo(IpAddress.parse(t.rdataToString()));
      } else {
        assertThat(o.data()).isEqualTo(t.rdataToString().stripTrailing());
      }
      assertThat(o.rdata()).as("typed rdata for %s", Type.string(o.type()))
          .matches(r -> r != null || o.type() >= 65280);
    }
  }

  @Property(tries = 1000)
  void arbitraryBytesNeverThrow(@ForAll @Size(max = 600) byte[] wire) {
    IssueCounter issues = new IssueCounter();
    DnsMessage d = new DnsMessageDecoder(issues).decode(DnsTestMessages.raw(wire));
    assertThat(d).isNotNull();
    assertThat(d.header()).isNotNull();
    assertThat(issues.get(IssueReason.INTERNAL_MISSING_BOUNDS_CHECK)).isZero();
  }

  @Property(tries = 500)
  void mutatedMessagesNeverThrow(
      @ForAll @Size(min = 1, max = 4) List<@From("records") Record> answers,
      @ForAll @Size(min = 1, max = 8) List<Integer> positions,
      @ForAll byte value) {
    Message m = Message.newQuery(Record.newRecord(Name.root, Type.A, DClass.IN));
    answers.forEach(r -> m.addRecord(r, Section.ANSWER));
    byte[] wire = m.toWire();
    for (int p : positions) {
      wire[Math.floorMod(p, wire.length)] ^= value == 0 ? (byte) 0xc0 : value;
    }
    IssueCounter issues = new IssueCounter();
    new DnsMessageDecoder(issues).decode(DnsTestMessages.raw(wire));
    assertThat(issues.get(IssueReason.INTERNAL_MISSING_BOUNDS_CHECK)).isZero();
  }
}
