package org.dnslens.engine.ingest;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the resource-exhaustion captures of the hostile-input tests: a streaming classic pcap writer
 * (Ethernet, microsecond timestamps) and the frames an adversary would send. Everything is generated,
 * so the captures can be as large as a case needs without being committed, and every frame is built
 * here from the RFCs, sharing no code with the decoders under test.
 */
final class HostileCaptures {
  static final int ETHERTYPE_IPV4 = 0x0800;
  static final int UDP = 17;
  static final int TCP = 6;
  static final int SYN = 0x02;
  static final int ACK = 0x10;
  static final int PSH = 0x08;

  private HostileCaptures() {}

  /** A classic little-endian pcap file of Ethernet frames. */
  static final class PcapFile implements AutoCloseable {
    private final OutputStream out;
    private final ByteBuffer record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    long frames;

    PcapFile(Path path) throws IOException {
      out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
      ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
      h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262_144).putInt(1);
      out.write(h.array());
    }

    /** One Ethernet frame carrying an IPv4 packet at capture time {@code micros}. */
    void ipv4(long micros, byte[] ipPacket) throws IOException {
      int len = 14 + ipPacket.length;
      record.clear();
      record.putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000)).putInt(len).putInt(len);
      out.write(record.array());
      out.write(new byte[] {0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 6, (byte) (ETHERTYPE_IPV4 >> 8), (byte) ETHERTYPE_IPV4});
      out.write(ipPacket);
      frames++;
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }

  /** IPv4 packet; {@code fragmentField} is flags (MF = 0x2000) plus offset in 8-byte units. */
  static byte[] ipv4(int proto, int src, int dst, int id, int fragmentField, byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(20 + payload.length);
    b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + payload.length)).putShort((short) id)
        .putShort((short) fragmentField).put((byte) 64).put((byte) proto).putShort((short) 0)
        .putInt(src).putInt(dst).put(payload);
    return b.array();
  }

  static byte[] udp(int sport, int dport, byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(8 + payload.length);
    b.putShort((short) sport).putShort((short) dport).putShort((short) (8 + payload.length)).putShort((short) 0)
        .put(payload);
    return b.array();
  }

  static byte[] tcp(int sport, int dport, int seq, int flags, byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(20 + payload.length);
    b.putShort((short) sport).putShort((short) dport).putInt(seq).putInt(0).put((byte) 0x50).put((byte) flags)
        .putShort((short) 65535).putShort((short) 0).putShort((short) 0).put(payload);
    return b.array();
  }

  /** A query for {@code label.example.} type A (RFC 1035 4.1). */
  static byte[] query(int id, String label) {
    byte[] l = label.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    ByteBuffer b = ByteBuffer.allocate(12 + 1 + l.length + 9 + 4);
    b.putShort((short) id).putShort((short) 0x0100).putShort((short) 1).putShort((short) 0).putInt(0);
    b.put((byte) l.length).put(l).put((byte) 7).put("example".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .put((byte) 0);
    b.putShort((short) 1).putShort((short) 1);
    return b.array();
  }

  /** {@code len} as the two-byte TCP DNS length prefix, then the message (RFC 7766). */
  static byte[] tcpFramed(byte[] message) {
    return ByteBuffer.allocate(2 + message.length).putShort((short) message.length).put(message).array();
  }

  static int addr(int a, int b, int c, int d) {
    return (a << 24) | (b << 16) | (c << 8) | d;
  }
  // --- the cases

  private static final int SERVER = addr(10, 0, 0, 53);

  private static int client(int i) {
    return addr(10, 64 + ((i >>> 16) & 0x3f), (i >>> 8) & 0xff, i & 0xff);
  }

  /**
   * {@code n} first fragments (more-fragments set, offset 0) of distinct UDP datagrams to port 53 that
   * never complete: a burst at one instant fills the fragment table, then {@code lateOnes} more arrive
   * each a minute apart, so every one times out.
   */
  static void fragmentFlood(Path path, int n, int lateOnes) throws IOException {
    byte[] payload = new byte[24]; // a UDP header and the start of a DNS header: only the first piece
    System.arraycopy(udp(40000, 53, new byte[16]), 0, payload, 0, 24);
    try (PcapFile f = new PcapFile(path)) {
      for (int i = 0; i < n; i++) {
        f.ipv4(1_000_000L, ipv4(UDP, client(i >>> 16), SERVER, i & 0xffff, 0x2000, payload));
      }
      for (int i = 0; i < lateOnes; i++) {
        f.ipv4(2_000_000L + 60_000_000L * (i + 1), ipv4(UDP, addr(10, 1, 1, 1), SERVER, i, 0x2000, payload));
      }
    }
  }

  /** {@code n} concurrent TCP connections to port 53, each a SYN carrying the first 10 bytes of a query. */
  static void tcpFlowFlood(Path path, int n) throws IOException {
    byte[] partial = java.util.Arrays.copyOf(tcpFramed(query(1, "flow")), 10);
    try (PcapFile f = new PcapFile(path)) {
      for (int i = 0; i < n; i++) {
        f.ipv4(1_000_000L + i, ipv4(TCP, client(i), SERVER, 0, 0, tcp(1024 + (i % 60000), 53, 1000, SYN, partial)));
      }
    }
  }

  /** {@code n} queries from distinct clients that are never answered. */
  static void pendingQueryFlood(Path path, int n) throws IOException {
    try (PcapFile f = new PcapFile(path)) {
      for (int i = 0; i < n; i++) {
        f.ipv4(1_000_000L + i, ipv4(UDP, client(i), SERVER, 0, 0, udp(1024 + (i % 60000), 53, query(i & 0xffff, "q" + i))));
      }
    }
  }

  /** One DNS message over UDP from the server to a client, as a frame. */
  static void reply(PcapFile f, long micros, byte[] dns) throws IOException {
    f.ipv4(micros, ipv4(UDP, SERVER, client(0), 0, 0, udp(53, 40000, dns)));
  }

  /**
   * DNS messages whose header counts promise 65 535 questions and records with nothing behind them: a
   * query, a reply, and a reply with one real question.
   */
  static void countsWithoutData(Path path) throws IOException {
    try (PcapFile f = new PcapFile(path)) {
      ByteBuffer q = ByteBuffer.allocate(12).putShort((short) 1).putShort((short) 0x0100)
          .putShort((short) 0xffff).putShort((short) 0xffff).putShort((short) 0xffff).putShort((short) 0xffff);
      f.ipv4(1_000_000L, ipv4(UDP, client(0), SERVER, 0, 0, udp(40000, 53, q.array())));
      ByteBuffer r = ByteBuffer.allocate(12).putShort((short) 2).putShort((short) 0x8180)
          .putShort((short) 0).putShort((short) 0xffff).putShort((short) 0xffff).putShort((short) 0xffff);
      reply(f, 1_000_100L, r.array());
      byte[] withQuestion = query(3, "counts");
      withQuestion[2] = (byte) 0x81;
      withQuestion[3] = (byte) 0x80;
      for (int i = 6; i < 12; i++) {
        withQuestion[i] = (byte) 0xff;
      }
      reply(f, 1_000_200L, withQuestion);
    }
  }

  /**
   * Replies whose names chase compression pointers: a pointer to itself, two pointers pointing at each
   * other, and a legal-looking chain of {@code chain} backward pointers (each to the previous one) used
   * as a record's owner name.
   */
  static void compressionPointers(Path path, int chain) throws IOException {
    try (PcapFile f = new PcapFile(path)) {
      // Question name at offset 12 is a pointer to offset 12.
      ByteBuffer self = ByteBuffer.allocate(18).putShort((short) 1).putShort((short) 0x8180).putShort((short) 1)
          .putShort((short) 0).putInt(0).put((byte) 0xc0).put((byte) 12).putShort((short) 1).putShort((short) 1);
      reply(f, 1_000_000L, self.array());
      // Question "a." then an answer whose owner is a two-pointer cycle: offset 19 -> 21, 21 -> 19.
      ByteBuffer cycle = ByteBuffer.allocate(12 + 7 + 4 + 10);
      cycle.putShort((short) 2).putShort((short) 0x8180).putShort((short) 1).putShort((short) 1).putInt(0);
      cycle.put(new byte[] {1, 'a', 0}).putShort((short) 1).putShort((short) 1); // offsets 12..18
      cycle.put((byte) 0xc0).put((byte) 21).put((byte) 0xc0).put((byte) 19); // offsets 19..22
      cycle.putShort((short) 1).putShort((short) 1).putInt(60).putShort((short) 0);
      reply(f, 1_000_100L, java.util.Arrays.copyOf(cycle.array(), cycle.position()));
      // A chain: TXT rdata holds pointers p0 -> question name, p(i) -> p(i-1); a second record's owner
      // name points at the last one.
      int rdlen = 2 * chain;
      ByteBuffer c = ByteBuffer.allocate(12 + 7 + 12 + rdlen + 2 + 10 + 4);
      c.putShort((short) 3).putShort((short) 0x8180).putShort((short) 1).putShort((short) 2).putInt(0);
      c.put(new byte[] {1, 'b', 0}).putShort((short) 16).putShort((short) 1); // question at 12
      c.put((byte) 0xc0).put((byte) 12).putShort((short) 16).putShort((short) 1).putInt(60).putShort((short) rdlen);
      int first = c.position();
      for (int i = 0; i < chain; i++) {
        int target = i == 0 ? 12 : first + 2 * (i - 1);
        c.putShort((short) (0xc000 | target));
      }
      int last = first + 2 * (chain - 1);
      c.putShort((short) (0xc000 | last)).putShort((short) 1).putShort((short) 1).putInt(60).putShort((short) 4)
          .putInt(addr(192, 0, 2, 1));
      reply(f, 1_000_200L, java.util.Arrays.copyOf(c.array(), c.position()));
    }
  }

  /**
   * A TCP connection carrying a TXT query and a reply of {@code txtBytes} bytes of character-strings
   * (one record), cut into 1460-byte segments.
   */
  static byte[] bigTxtOverTcp(Path path, int txtBytes) throws IOException {
    byte[] q = query(7, "big");
    q[q.length - 3] = 16; // QTYPE TXT
    int strings = (txtBytes + 254) / 255;
    ByteBuffer rd = ByteBuffer.allocate(txtBytes + strings);
    int left = txtBytes;
    for (int i = 0; i < strings; i++) {
      int n = Math.min(255, left);
      rd.put((byte) n);
      for (int k = 0; k < n; k++) {
        rd.put((byte) ('a' + (k + i) % 26));
      }
      left -= n;
    }
    byte[] rdata = java.util.Arrays.copyOf(rd.array(), rd.position());
    ByteBuffer r = ByteBuffer.allocate(q.length + 12 + rdata.length);
    r.put(q).putShort((short) 0xc00c).putShort((short) 16).putShort((short) 1).putInt(300)
        .putShort((short) rdata.length).put(rdata);
    byte[] reply = r.array();
    reply[2] = (byte) 0x81;
    reply[3] = (byte) 0x80;
    reply[7] = 1; // ANCOUNT
    int client = client(5);
    try (PcapFile f = new PcapFile(path)) {
      f.ipv4(1_000_000L, ipv4(TCP, client, SERVER, 0, 0, tcp(40001, 53, 100, SYN, new byte[0])));
      f.ipv4(1_000_010L, ipv4(TCP, SERVER, client, 0, 0, tcp(53, 40001, 900, SYN | ACK, new byte[0])));
      f.ipv4(1_000_020L, ipv4(TCP, client, SERVER, 0, 0, tcp(40001, 53, 101, ACK | PSH, tcpFramed(q))));
      byte[] stream = tcpFramed(reply);
      int seq = 901;
      long t = 1_000_100L;
      for (int off = 0; off < stream.length; off += 1460) {
        byte[] seg = java.util.Arrays.copyOfRange(stream, off, Math.min(stream.length, off + 1460));
        f.ipv4(t++, ipv4(TCP, SERVER, client, 0, 0, tcp(53, 40001, seq, ACK, seg)));
        seq += seg.length;
      }
    }
    return reply;
  }

  /** A pcapng section whose second block claims 0xFFFFFFF0 bytes (4 GiB) and a pcap record claiming as much. */
  static void hugeBlockLengths(Path pcapng, Path pcap) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(28 + 20 + 32).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0x0a0d0d0a).putInt(28).putInt(0x1a2b3c4d).putShort((short) 1).putShort((short) 0).putLong(-1).putInt(28);
    b.putInt(1).putInt(20).putShort((short) 1).putShort((short) 0).putInt(262_144).putInt(20);
    b.putInt(6).putInt(0xfffffff0).putInt(0).putInt(0).putInt(0).putInt(100).putInt(100).putInt(0);
    Files.write(pcapng, b.array());
    ByteBuffer p = ByteBuffer.allocate(24 + 16 + 8).order(ByteOrder.LITTLE_ENDIAN);
    p.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262_144).putInt(1);
    p.putInt(1).putInt(0).putInt(0xfffffff0).putInt(0xfffffff0).putLong(0);
    Files.write(pcap, p.array());
  }
}
