package org.dnslens.engine.ioc;

import java.util.ArrayList;
import java.util.List;
import org.dnslens.engine.model.DnsHeader;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.model.DnsName;
import org.dnslens.engine.model.FrameRef;
import org.dnslens.engine.model.IpAddress;
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

/** Builds model transactions for matcher tests: a client asks a resolver one question. */
final class TestTransactions {
  static final String CLIENT = "192.0.2.10";
  static final String SERVER = "192.0.2.53";

  private String client = CLIENT;
  private String server = SERVER;
  private DnsName qname = DnsName.parse("www.example.com");
  private int qtype = RrType.A;
  private long time = 1_700_000_000_000_000_000L;
  private long frame = 1;
  private final List<ResourceRecord> answers = new ArrayList<>();
  private final List<ResourceRecord> authorities = new ArrayList<>();
  private final List<ResourceRecord> additionals = new ArrayList<>();
  private boolean answered = true;

  static TestTransactions ask(String name) {
    TestTransactions t = new TestTransactions();
    t.qname = DnsName.parse(name);
    return t;
  }

  static TestTransactions ask(DnsName name) {
    TestTransactions t = new TestTransactions();
    t.qname = name;
    return t;
  }

  TestTransactions type(int type) {
    this.qtype = type;
    return this;
  }

  TestTransactions from(String clientIp) {
    this.client = clientIp;
    return this;
  }

  TestTransactions to(String serverIp) {
    this.server = serverIp;
    return this;
  }

  TestTransactions at(long nanos, long frameNumber) {
    this.time = nanos;
    this.frame = frameNumber;
    return this;
  }

  TestTransactions unanswered() {
    this.answered = false;
    return this;
  }

  TestTransactions cname(String owner, String target) {
    answers.add(rr(Section.ANSWER, owner, RrType.CNAME, new RData.Target(DnsName.parse(target))));
    return this;
  }

  TestTransactions a(String owner, String ip) {
    answers.add(rr(Section.ANSWER, owner, RrType.A, new RData.Address(IpAddress.parse(ip))));
    return this;
  }

  TestTransactions aaaa(String owner, String ip) {
    answers.add(rr(Section.ANSWER, owner, RrType.AAAA, new RData.Address(IpAddress.parse(ip))));
    return this;
  }

  TestTransactions ns(String owner, String target) {
    authorities.add(rr(Section.AUTHORITY, owner, RrType.NS, new RData.Target(DnsName.parse(target))));
    return this;
  }

  TestTransactions mx(String owner, String exchange) {
    answers.add(rr(Section.ANSWER, owner, RrType.MX, new RData.Mx(10, DnsName.parse(exchange))));
    return this;
  }

  TestTransactions ptr(String owner, String target) {
    answers.add(rr(Section.ANSWER, owner, RrType.PTR, new RData.Target(DnsName.parse(target))));
    return this;
  }

  TestTransactions srv(String owner, String target) {
    answers.add(rr(Section.ANSWER, owner, RrType.SRV, new RData.Srv(0, 5, 443, DnsName.parse(target))));
    return this;
  }

  TestTransactions https(String owner, String target) {
    answers.add(rr(Section.ANSWER, owner, RrType.HTTPS, new RData.Svcb(1, DnsName.parse(target), List.of())));
    return this;
  }

  TestTransactions dname(String owner, String target) {
    answers.add(rr(Section.ANSWER, owner, RrType.DNAME, new RData.Target(DnsName.parse(target))));
    return this;
  }

  TestTransactions additionalA(String owner, String ip) {
    additionals.add(rr(Section.ADDITIONAL, owner, RrType.A, new RData.Address(IpAddress.parse(ip))));
    return this;
  }

  private static ResourceRecord rr(Section s, String owner, int type, RData data) {
    return new ResourceRecord(s, DnsName.parse(owner), type, 1, 300, "", data);
  }

  Transaction build() {
    Question q = new Question(qname, qtype, 1);
    DnsMessage query =
        new DnsMessage(
            meta(client, 40000, server, 53, frame, time),
            new DnsHeader(4242, 0x0100, 0, 1, 0, 0, 0),
            List.of(q),
            List.of(),
            List.of(),
            List.of(),
            null,
            ParseStatus.COMPLETE,
            null,
            new byte[0]);
    if (!answered) {
      return new Transaction(TransactionStatus.UNANSWERED, query, null, List.of(), 0, 0, Role.CLIENT, null);
    }
    DnsMessage reply =
        new DnsMessage(
            meta(server, 53, client, 40000, frame + 1, time + 1_000_000),
            new DnsHeader(4242, 0x8180, 0, 1, answers.size(), authorities.size(), additionals.size()),
            List.of(q),
            answers,
            authorities,
            additionals,
            null,
            ParseStatus.COMPLETE,
            null,
            new byte[0]);
    return new Transaction(TransactionStatus.ANSWERED, query, reply, List.of(), 0, 0, Role.CLIENT, null);
  }

  private static PacketMeta meta(String src, int sport, String dst, int dport, long frame, long time) {
    return new PacketMeta(
        new FrameRef(1, frame),
        frame,
        time,
        Transport.UDP,
        IpAddress.parse(src),
        sport,
        IpAddress.parse(dst),
        dport,
        null,
        null,
        List.of(),
        List.of(),
        PortClass.DNS,
        null);
  }
}
