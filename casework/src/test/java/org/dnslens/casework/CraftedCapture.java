package org.dnslens.casework;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * A classic pcap (Ethernet, IPv4, UDP) of hand-made DNS exchanges, for tests that need exact messages in
 * a real capture: each exchange is a query frame and, unless left unanswered, a reply frame 1 ms later.
 */
final class CraftedCapture {
  private static final long START_SECONDS = 1_767_600_000L;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private long micros;
  private int id = 100;

  CraftedCapture() {
    ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
    out.writeBytes(h.array());
  }

  /** A question and its reply built by {@code answer} (null: unanswered); returns this. */
  CraftedCapture exchange(String client, String server, String qname, int qtype, ReplyBuilder answer) {
    id++;
    micros += 10_000;
    Message q = new Message(id);
    q.getHeader().setFlag(Flags.RD);
    q.addRecord(Record.newRecord(Name.fromConstantString(qname), qtype, DClass.IN), Section.QUESTION);
    frame(client, 40000 + id, server, 53, q.toWire());
    if (answer != null) {
      Message r = q.clone();
      r.getHeader().setFlag(Flags.QR);
      r.getHeader().setFlag(Flags.RA);
      try {
        answer.fill(r);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      micros += 1_000;
      frame(server, 53, client, 40000 + id, r.toWire());
    }
    return this;
  }

  /** A reply nobody asked for (an orphan: the case stores it as a reply-only transaction). */
  CraftedCapture orphanReply(String client, String server, String qname, int qtype, ReplyBuilder answer) {
    id++;
    micros += 10_000;
    Message r = new Message(id);
    r.getHeader().setFlag(Flags.QR);
    r.addRecord(Record.newRecord(Name.fromConstantString(qname), qtype, DClass.IN), Section.QUESTION);
    try {
      answer.fill(r);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    frame(server, 53, client, 40000 + id, r.toWire());
    return this;
  }

  interface ReplyBuilder {
    void fill(Message reply) throws Exception;
  }

  Path write(Path file) throws IOException {
    Files.write(file, out.toByteArray());
    return file;
  }

  private void frame(String src, int sport, String dst, int dport, byte[] dns) {
    byte[] s = ip(src);
    byte[] d = ip(dst);
    int ipLen = 20 + 8 + dns.length;
    ByteBuffer f = ByteBuffer.allocate(14 + ipLen).order(ByteOrder.BIG_ENDIAN);
    f.put(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1}).putShort((short) 0x0800);
    int ipAt = f.position();
    f.put((byte) 0x45).put((byte) 0).putShort((short) ipLen).putShort((short) id).putShort((short) 0)
        .put((byte) 64).put((byte) 17).putShort((short) 0).put(s).put(d);
    int sum = 0;
    for (int i = 0; i < 20; i += 2) {
      sum += ((f.get(ipAt + i) & 0xff) << 8) | (f.get(ipAt + i + 1) & 0xff);
    }
    while ((sum >>> 16) != 0) {
      sum = (sum & 0xffff) + (sum >>> 16);
    }
    f.putShort(ipAt + 10, (short) ~sum);
    f.putShort((short) sport).putShort((short) dport).putShort((short) (8 + dns.length)).putShort((short) 0);
    f.put(dns);
    byte[] frame = f.array();
    ByteBuffer rec = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    long t = micros;
    rec.putInt((int) (START_SECONDS + t / 1_000_000)).putInt((int) (t % 1_000_000)).putInt(frame.length)
        .putInt(frame.length);
    out.writeBytes(rec.array());
    out.writeBytes(frame);
  }

  private static byte[] ip(String literal) {
    try {
      byte[] b = InetAddress.getByName(literal).getAddress();
      if (b.length != 4) {
        throw new IllegalArgumentException("IPv4 only: " + literal);
      }
      return b;
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
