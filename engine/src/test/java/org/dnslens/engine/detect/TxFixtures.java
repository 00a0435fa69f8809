package org.dnslens.engine.detect;

import java.util.ArrayList;
import java.util.List;
import org.dnslens.engine.model.DnsClass;
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
import org.dnslens.engine.model.Rcode;
import org.dnslens.engine.model.ResourceRecord;
import org.dnslens.engine.model.Role;
import org.dnslens.engine.model.RrType;
import org.dnslens.engine.model.Section;
import org.dnslens.engine.model.Transaction;
import org.dnslens.engine.model.TransactionStatus;
import org.dnslens.engine.model.Transport;

/** Builds transactions from model records for detector tests; wire bytes are empty unless sized. */
final class TxFixtures {
  static final long SECOND = 1_000_000_000L;
  /** 2024-01-01T00:00:00Z: an arbitrary capture start. */
  static final long T0 = 1_704_067_200L * SECOND;

  private long frame;

  static IpAddress ip(String text) {
    return IpAddress.parse(text);
  }

  /** A fluent transaction builder. */
  final class Tx {
    private String client = "10.0.0.10";
    private String server = "10.0.0.53";
    private int serverPort = 53;
    private PortClass portClass = PortClass.DNS;
    private Transport transport = Transport.UDP;
    private String name = "www.example.com";
    private int type = RrType.A;
    private long ts = T0;
    private Role role = Role.CLIENT;
    private boolean answered = true;
    private int rcode = Rcode.NOERROR;
    private final List<ResourceRecord> answers = new ArrayList<>();
    private int replyBytes;

    Tx client(String c) {
      client = c;
      return this;
    }

    Tx server(String s) {
      server = s;
      return this;
    }

    Tx port(int p, PortClass pc) {
      serverPort = p;
      portClass = pc;
      return this;
    }

    Tx transport(Transport t) {
      transport = t;
      return this;
    }

    Tx name(String n) {
      name = n;
      return this;
    }

    Tx type(int t) {
      type = t;
      return this;
    }

    Tx at(long nanos) {
      ts = nanos;
      return this;
    }

    Tx atSeconds(double seconds) {
      ts = T0 + Math.round(seconds * SECOND);
      return this;
    }

    Tx role(Role r) {
      role = r;
      return this;
    }

    Tx unanswered() {
      answered = false;
      return this;
    }

    Tx nxdomain() {
      rcode = Rcode.NXDOMAIN;
      return this;
    }

    Tx a(String address, long ttl) {
      IpAddress ip = ip(address);
      answers.add(
          new ResourceRecord(
              Section.ANSWER,
              DnsName.parse(name),
              ip.isIpv4() ? RrType.A : RrType.AAAA,
              DnsClass.IN,
              ttl,
              address,
              new RData.Address(ip)));
      return this;
    }

    Tx replyBytes(int n) {
      replyBytes = n;
      return this;
    }

    Transaction build() {
      long f = ++frame;
      IpAddress c = ip(client);
      IpAddress s = ip(server);
      Question q = new Question(DnsName.parse(name), type, DnsClass.IN);
      PacketMeta qm =
          new PacketMeta(
              new FrameRef(1, f), f, ts, transport, c, 40000, s, serverPort, null, null, List.of(),
              List.of(), portClass, null);
      DnsMessage query =
          new DnsMessage(
              qm, new DnsHeader((int) (f & 0xffff), 0x0100, 0, 1, 0, 0, 0), List.of(q), List.of(),
              List.of(), List.of(), null, ParseStatus.COMPLETE, null, new byte[0]);
      if (!answered) {
        return new Transaction(
            TransactionStatus.UNANSWERED, query, null, List.of(), 0, 0, role, null);
      }
      long rf = ++frame;
      PacketMeta rm =
          new PacketMeta(
              new FrameRef(1, rf), rf, ts + 20_000_000L, transport, s, serverPort, c, 40000, null, null,
              List.of(), List.of(), portClass, null);
      DnsMessage reply =
          new DnsMessage(
              rm,
              new DnsHeader((int) (f & 0xffff), 0x8180 | rcode, rcode, 1, answers.size(), 0, 0),
              List.of(q), answers, List.of(), List.of(), null, ParseStatus.COMPLETE, null,
              new byte[replyBytes]);
      return new Transaction(TransactionStatus.ANSWERED, query, reply, List.of(), 0, 0, role, null);
    }
  }

  Tx tx() {
    return new Tx();
  }
}
