package org.dnslens.engine.decode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.dnslens.engine.model.IpAddress;

/** Test-only packet builder: each method returns one layer's bytes with the given payload appended. */
final class Pkt {
  static final int UDP = 17;
  static final int TCP = 6;
  static final int GRE = 47;
  static final int FIN = 0x01;
  static final int SYN = 0x02;
  static final int RST = 0x04;
  static final int ACK = 0x10;
  static final int PSH = 0x08;

  private Pkt() {}

  static byte[] cat(byte[]... parts) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      o.writeBytes(p);
    }
    return o.toByteArray();
  }

  static byte[] bytes(int... v) {
    byte[] b = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = (byte) v[i];
    }
    return b;
  }

  static byte[] u16(int v) {
    return bytes(v >>> 8, v);
  }

  static byte[] u32(long v) {
    return bytes((int) (v >>> 24), (int) (v >>> 16), (int) (v >>> 8), (int) v);
  }

  static byte[] ip(String text) {
    return IpAddress.parse(text).toBytes();
  }

  /** A DNS query for {@code name} type A class IN. */
  static byte[] dnsQuery(int id, String name) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.writeBytes(u16(id));
    o.writeBytes(u16(0x0100)); // RD
    o.writeBytes(u16(1));
    o.writeBytes(new byte[6]);
    for (String label : name.split("\\.")) {
      byte[] l = label.getBytes(StandardCharsets.US_ASCII);
      o.write(l.length);
      o.writeBytes(l);
    }
    o.write(0);
    o.writeBytes(u16(1));
    o.writeBytes(u16(1));
    return o.toByteArray();
  }

  /** A DNS query padded with an additional-section-free tail so that it has {@code size} bytes. */
  static byte[] bigDnsQuery(int id, int size) {
    // Long names make a big but valid first question; the rest is a TXT-ish trailing blob the probe
    // does not read.
    byte[] q = dnsQuery(id, "example.com");
    byte[] b = new byte[size];
    System.arraycopy(q, 0, b, 0, q.length);
    for (int i = q.length; i < size; i++) {
      b[i] = (byte) i;
    }
    return b;
  }

  static byte[] udp(int sp, int dp, byte[] payload) {
    return cat(u16(sp), u16(dp), u16(8 + payload.length), u16(0), payload);
  }

  static byte[] tcp(int sp, int dp, long seq, int flags, byte[] payload) {
    return cat(u16(sp), u16(dp), u32(seq), u32(0), bytes(0x50, flags), u16(65535), u16(0), u16(0), payload);
  }

  static byte[] tcpDns(byte[]... msgs) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (byte[] m : msgs) {
      o.writeBytes(u16(m.length));
      o.writeBytes(m);
    }
    return o.toByteArray();
  }

  static byte[] ipv4(int proto, String src, String dst, byte[] payload) {
    return ipv4(proto, src, dst, 0x1234, 0, new byte[0], payload);
  }

  /** IPv4 with identification, flags+fragment offset word and options (padded to 4 bytes by caller). */
  static byte[] ipv4(int proto, String src, String dst, int id, int flagsFrag, byte[] options, byte[] payload) {
    int ihl = 20 + options.length;
    return cat(
        bytes(0x40 | (ihl / 4), 0),
        u16(ihl + payload.length),
        u16(id),
        u16(flagsFrag),
        bytes(64, proto),
        u16(0),
        ip(src),
        ip(dst),
        options,
        payload);
  }

  static byte[] ipv6(int next, String src, String dst, byte[] payload) {
    return cat(bytes(0x60, 0, 0, 0), u16(payload.length), bytes(next, 64), ip(src), ip(dst), payload);
  }

  /** A hop-by-hop/destination-options style extension header of 8 bytes. */
  static byte[] ext8(int next) {
    return bytes(next, 0, 1, 4, 0, 0, 0, 0); // PadN option
  }

  static byte[] fragHeader(int next, int offset, boolean more, long id) {
    return cat(bytes(next, 0), u16((offset & 0xfff8) | (more ? 1 : 0)), u32(id));
  }

  static byte[] eth(int type, byte[] payload) {
    return cat(bytes(0x02, 0, 0, 0, 0, 0x02), bytes(0x02, 0, 0, 0, 0, 0x01), u16(type), payload);
  }

  static byte[] ethIpv4(byte[] ipPacket) {
    return eth(0x0800, ipPacket);
  }

  /** UDP DNS query in IPv4 from 10.0.0.1:40000 to 10.0.0.2:53. */
  static byte[] udpDnsIpv4(int id) {
    return ipv4(UDP, "10.0.0.1", "10.0.0.2", udp(40000, 53, dnsQuery(id, "example.com")));
  }

  static byte[] udpDnsIpv6(int id) {
    return ipv6(UDP, "2001:db8::1", "2001:db8::2", udp(40000, 53, dnsQuery(id, "example.com")));
  }
}
