package org.dnslens.engine.pairing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
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
import org.dnslens.engine.model.ResourceRecord;
import org.dnslens.engine.model.RrType;
import org.dnslens.engine.model.Section;
import org.dnslens.engine.model.Transport;

/**
 * Builds decoded DNS messages for pairing and passive DNS tests. Frame numbers count up per instance so
 * every message is distinguishable. The wire bytes are a stand-in (header, question, record data) that
 * differ exactly when the message's content differs, which is all the pairer compares.
 */
public final class DnsFixtures {
  public static final long MS = 1_000_000L;
  public static final long S = 1_000_000_000L;
  public static final int CLIENT_PORT = 40_000;

  private long frame;

  /** A UDP query from {@code client}:40000 to {@code server}:53. */
  public DnsMessage query(String client, String server, int id, String name, int type, long tsNanos) {
    return query(Transport.UDP, client, CLIENT_PORT, server, 53, id, name, type, tsNanos);
  }

  public DnsMessage query(
      Transport transport,
      String client,
      int clientPort,
      String server,
      int serverPort,
      int id,
      String name,
      int type,
      long tsNanos) {
    List<Question> qs = name == null ? List.of() : List.of(new Question(DnsName.parse(name), type, DnsClass.IN));
    return message(
        transport, client, clientPort, server, serverPort, tsNanos, id, 0x0100, 0, qs, List.of(), List.of());
  }

  /** A NOERROR UDP reply from {@code server}:53 to {@code client}:40000 with one A record per address. */
  public DnsMessage reply(
      String client, String server, int id, String name, int type, long tsNanos, String... addresses) {
    return reply(Transport.UDP, client, CLIENT_PORT, server, 53, id, name, type, 0, tsNanos, addresses);
  }

  public DnsMessage reply(
      Transport transport,
      String client,
      int clientPort,
      String server,
      int serverPort,
      int id,
      String name,
      int type,
      int rcode,
      long tsNanos,
      String... addresses) {
    List<Question> qs = name == null ? List.of() : List.of(new Question(DnsName.parse(name), type, DnsClass.IN));
    List<ResourceRecord> answers = new ArrayList<>();
    for (String a : addresses) {
      answers.add(a(name == null ? "." : name, a));
    }
    return message(
        transport, server, serverPort, client, clientPort, tsNanos, id, 0x8180 | rcode, rcode, qs, answers, List.of());
  }

  /** A reply with explicit sections (for passive DNS). */
  public DnsMessage reply(
      String client,
      String server,
      int id,
      String name,
      int type,
      long tsNanos,
      List<ResourceRecord> answers,
      List<ResourceRecord> authorities) {
    List<Question> qs = List.of(new Question(DnsName.parse(name), type, DnsClass.IN));
    return message(
        Transport.UDP, server, 53, client, CLIENT_PORT, tsNanos, id, 0x8180, 0, qs, answers, authorities);
  }

  public static ResourceRecord a(String name, String address) {
    return new ResourceRecord(
        Section.ANSWER,
        DnsName.parse(name),
        IpAddress.parse(address).isIpv4() ? RrType.A : RrType.AAAA,
        DnsClass.IN,
        300,
        address,
        new RData.Address(IpAddress.parse(address)));
  }

  public static ResourceRecord target(Section section, String name, int type, String target) {
    return new ResourceRecord(
        section, DnsName.parse(name), type, DnsClass.IN, 300, target + ".", new RData.Target(DnsName.parse(target)));
  }

  public static ResourceRecord txt(String name, String text) {
    return new ResourceRecord(
        Section.ANSWER, DnsName.parse(name), RrType.TXT, DnsClass.IN, 300, "\"" + text + "\"", new RData.Txt(List.of(text)));
  }

  private DnsMessage message(
      Transport transport,
      String src,
      int srcPort,
      String dst,
      int dstPort,
      long ts,
      int id,
      int flags,
      int rcode,
      List<Question> qs,
      List<ResourceRecord> answers,
      List<ResourceRecord> authorities) {
    frame++;
    PacketMeta meta =
        new PacketMeta(
            new FrameRef(0, frame),
            frame,
            ts,
            transport,
            IpAddress.parse(src),
            srcPort,
            IpAddress.parse(dst),
            dstPort,
            null,
            null,
            List.of(),
            List.of(),
            portClass(srcPort, dstPort),
            null);
    DnsHeader header = new DnsHeader(id, flags, rcode, qs.size(), answers.size(), authorities.size(), 0);
    return new DnsMessage(
        meta, header, qs, answers, authorities, List.of(), null, ParseStatus.COMPLETE, null, wire(header, qs, answers, authorities));
  }

  /** A copy carrying a dnstap message type, as the dnstap reader makes them. */
  public static DnsMessage withDnstap(DnsMessage m, String messageType) {
    PacketMeta o = m.meta();
    PacketMeta meta =
        new PacketMeta(
            o.frame(), o.firstFrameNumber(), o.timestampNanos(), o.transport(), o.sourceIp(), o.sourcePort(),
            o.destinationIp(), o.destinationPort(), null, null, List.of(), List.of(), o.portClass(),
            new org.dnslens.engine.model.DnstapInfo(messageType, "ns1", "test 1.0", null));
    return new DnsMessage(
        meta, m.header(), m.questions(), m.answers(), m.authorities(), m.additionals(), m.edns(),
        m.status(), m.issue(), m.wire());
  }

  /** A copy without addresses or transport, as a sparse dnstap frame may give. */
  public static DnsMessage withoutAddresses(DnsMessage m) {
    PacketMeta o = m.meta();
    PacketMeta meta =
        new PacketMeta(
            o.frame(), o.firstFrameNumber(), o.timestampNanos(), null, null, 0, null, 0, null, null,
            List.of(), List.of(), o.portClass(), null);
    return new DnsMessage(
        meta, m.header(), m.questions(), m.answers(), m.authorities(), m.additionals(), m.edns(),
        m.status(), m.issue(), m.wire());
  }

  private static PortClass portClass(int a, int b) {
    if (a == 53 || b == 53) {
      return PortClass.DNS;
    }
    if (a == 5353 || b == 5353) {
      return PortClass.MDNS;
    }
    if (a == 5355 || b == 5355) {
      return PortClass.LLMNR;
    }
    return PortClass.NONSTANDARD;
  }

  private static byte[] wire(
      DnsHeader h, List<Question> qs, List<ResourceRecord> answers, List<ResourceRecord> authorities) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int[] words = {h.id(), h.flags(), h.questionCount(), h.answerCount(), h.authorityCount(), 0};
    for (int w : words) {
      b.write(w >>> 8);
      b.write(w);
    }
    for (Question q : qs) {
      b.writeBytes(q.name().toWire());
      b.write(q.type() >>> 8);
      b.write(q.type());
      b.write(0);
      b.write(q.dnsClass());
    }
    List<ResourceRecord> all = new ArrayList<>(answers);
    all.addAll(authorities);
    for (ResourceRecord rr : all) {
      b.writeBytes(rr.name().toWire());
      b.write(rr.type() >>> 8);
      b.write(rr.type());
      b.writeBytes(rr.data().getBytes(StandardCharsets.ISO_8859_1));
    }
    return b.toByteArray();
  }
}
