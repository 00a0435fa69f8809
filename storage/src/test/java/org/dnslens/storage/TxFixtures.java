package org.dnslens.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.dnslens.engine.ingest.IngestStats;
import org.dnslens.engine.ingest.SourceInfo;
import org.dnslens.engine.ingest.SourceStats;
import org.dnslens.engine.model.DnsHeader;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.model.DnsName;
import org.dnslens.engine.model.FrameRef;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.engine.model.IssueReason;
import org.dnslens.engine.model.PacketMeta;
import org.dnslens.engine.model.ParseStatus;
import org.dnslens.engine.model.PortClass;
import org.dnslens.engine.model.Question;
import org.dnslens.engine.model.RData;
import org.dnslens.engine.model.ResourceRecord;
import org.dnslens.engine.model.Role;
import org.dnslens.engine.model.RrType;
import org.dnslens.engine.model.Section;
import org.dnslens.engine.model.Transaction;
import org.dnslens.engine.model.TransactionStatus;
import org.dnslens.engine.model.Transport;
import org.dnslens.engine.ingest.IngestSink;
import org.dnslens.storage.search.PassiveDnsQuery;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;

/** Builds model transactions for storage tests, with real wire bytes made by dnsjava. */
public final class TxFixtures {
  private TxFixtures() {}

  /** A transaction description: what the test asserts on. */
  public record Spec(
      int sourceId,
      long frame,
      long tsNanos,
      String client,
      String server,
      String qname,
      int qtype,
      int dnsId,
      List<String> answers,
      TransactionStatus status,
      int rcode) {}

  /** A reply's capture time after its query's (the first seen of the passive-DNS rows it makes). */
  public static final long REPLY_DELAY_NANOS = 1_500_000;

  public static Spec answered(long frame, long ts, String client, String qname, String... answerIps) {
    return new Spec(0, frame, ts, client, "192.0.2.53", qname, RrType.A, (int) (frame & 0xffff),
        List.of(answerIps), TransactionStatus.ANSWERED, 0);
  }

  public static Spec spec(int source, long frame, long ts, String client, String server, String qname, int qtype,
      List<String> answers, TransactionStatus status, int rcode) {
    return new Spec(source, frame, ts, client, server, qname, qtype, (int) (frame & 0xffff), answers, status, rcode);
  }

  public static Transaction build(Spec s) {
    IpAddress client = IpAddress.parse(s.client());
    IpAddress server = IpAddress.parse(s.server());
    DnsName name = DnsName.parse(s.qname());
    Question q = new Question(name, s.qtype(), 1);
    DnsMessage query = null;
    DnsMessage reply = null;
    if (s.status() != TransactionStatus.ORPHAN_REPLY) {
      PacketMeta qm = meta(s.sourceId(), s.frame(), s.tsNanos(), client, 40000 + (int) (s.frame() % 1000), server, 53);
      query = new DnsMessage(qm, new DnsHeader(s.dnsId(), 0x0100, 0, 1, 0, 0, 0), List.of(q), List.of(),
          List.of(), List.of(), null, ParseStatus.COMPLETE, null, wire(s, false));
    }
    if (s.status() != TransactionStatus.UNANSWERED) {
      PacketMeta rm = meta(s.sourceId(), s.frame() + 1, s.tsNanos() + REPLY_DELAY_NANOS, server, 53, client,
          40000 + (int) (s.frame() % 1000));
      List<ResourceRecord> answers = new ArrayList<>();
      for (String a : s.answers()) {
        IpAddress ip = IpAddress.parse(a);
        answers.add(new ResourceRecord(Section.ANSWER, name, ip.isIpv4() ? RrType.A : RrType.AAAA, 1, 300,
            ip.toString(), new RData.Address(ip)));
      }
      reply = new DnsMessage(rm, new DnsHeader(s.dnsId(), 0x8180 | s.rcode(), s.rcode(), 1, answers.size(), 0, 0),
          List.of(q), answers, List.of(), List.of(), null, ParseStatus.COMPLETE, null, wire(s, true));
    }
    TransactionStatus st = s.status() == TransactionStatus.DUPLICATE_REPLY ? TransactionStatus.ANSWERED : s.status();
    return new Transaction(st, query, reply, List.of(), 0, 0, Role.CLIENT,
        st == TransactionStatus.UNANSWERED ? IssueReason.PAIRING_END_OF_CAPTURE : null);
  }

  /**
   * Every passive-DNS row (name as asked, A/AAAA, address) of the answered {@code specs} whose query name
   * {@code wanted} accepts, summed over them, in {@code pdns name}'s order (lower-case name, name, type, data):
   * what a case holding exactly these transactions must answer.
   */
  public static List<PassiveDnsQuery.Entry> passiveDnsRows(Collection<Spec> specs, Predicate<String> wanted) {
    Map<List<Object>, long[]> rows = new LinkedHashMap<>();
    for (Spec s : specs) {
      if (!wanted.test(s.qname())) {
        continue;
      }
      for (String a : s.answers()) {
        IpAddress ip = IpAddress.parse(a);
        long t = s.tsNanos() + REPLY_DELAY_NANOS;
        rows.merge(List.of(s.qname(), ip.isIpv4() ? RrType.A : RrType.AAAA, ip.toString()), new long[] {t, t, 1},
            (x, y) -> new long[] {Math.min(x[0], y[0]), Math.max(x[1], y[1]), x[2] + y[2]});
      }
    }
    List<PassiveDnsQuery.Entry> out = new ArrayList<>();
    rows.forEach((k, v) -> out.add(new PassiveDnsQuery.Entry((String) k.get(0), (int) k.get(1), (String) k.get(2),
        v[0], v[1], v[2])));
    out.sort(Comparator.comparing((PassiveDnsQuery.Entry e) -> e.name().toLowerCase(Locale.ROOT))
        .thenComparing(PassiveDnsQuery.Entry::name).thenComparingInt(PassiveDnsQuery.Entry::type)
        .thenComparing(PassiveDnsQuery.Entry::data));
    return out;
  }

  static PacketMeta meta(int source, long frame, long ts, IpAddress src, int sport, IpAddress dst, int dport) {
    return new PacketMeta(new FrameRef(source, frame), frame, ts, Transport.UDP, src, sport, dst, dport, null, null,
        List.of(), List.of(), PortClass.DNS, null);
  }

  static byte[] wire(Spec s, boolean reply) {
    try {
      Name n = Name.fromString(s.qname().endsWith(".") ? s.qname() : s.qname() + ".");
      Message m = Message.newQuery(Record.newRecord(n, s.qtype(), DClass.IN));
      m.getHeader().setID(s.dnsId());
      if (reply) {
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setRcode(s.rcode());
        for (String a : s.answers()) {
          IpAddress ip = IpAddress.parse(a);
          m.addRecord(ip.isIpv4() ? new ARecord(n, DClass.IN, 300, ip.toInetAddress())
              : new AAAARecord(n, DClass.IN, 300, ip.toInetAddress()), org.xbill.DNS.Section.ANSWER);
        }
      }
      return m.toWire();
    } catch (TextParseException e) {
      throw new IllegalArgumentException(e);
    }
  }

  public static SourceInfo source(int id, String sha256) {
    return new SourceInfo(id, Path.of("/captures/source" + id + ".pcap"), "source" + id + ".pcap", sha256, 1234);
  }

  /** A 64-hex-digit fake digest derived from {@code seed}. */
  public static String sha(int seed) {
    return String.format("%064x", seed);
  }

  public static IngestStats stats(long transactions, List<SourceInfo> sources, Map<IssueReason, Long> issues) {
    Map<TransactionStatus, Long> byStatus = new EnumMap<>(TransactionStatus.class);
    for (TransactionStatus s : TransactionStatus.values()) {
      byStatus.put(s, 0L);
    }
    List<SourceStats> ss = new ArrayList<>();
    for (SourceInfo s : sources) {
      ss.add(new SourceStats(s.id(), "pcap", Set.of(1), 10, 10, 1_000_000_000L, 2_000_000_000L));
    }
    return new IngestStats(1000, 10, 10, transactions, byStatus, issues, ss);
  }

  /** begin, every transaction, complete. */
  public static void ingest(IngestSink sink, List<SourceInfo> sources, List<Spec> specs) throws IOException {
    sink.begin(sources);
    for (Spec s : specs) {
      sink.transaction(build(s));
    }
    sink.complete(stats(specs.size(), sources, Map.of()));
  }
}
