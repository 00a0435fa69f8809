package org.dnslens.engine.dns;

import java.io.ByteArrayOutputStream;
import java.util.List;
import org.dnslens.engine.model.FrameRef;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.engine.model.PacketMeta;
import org.dnslens.engine.model.PortClass;
import org.dnslens.engine.model.RawDnsMessage;
import org.dnslens.engine.model.Transport;

/** Shared fixtures for the decoder tests: a packet context and a byte builder for hostile messages. */
final class DnsTestMessages {
  static final PacketMeta META =
      new PacketMeta(
          new FrameRef(1, 7),
          7,
          1_700_000_000_000_000_000L,
          Transport.UDP,
          IpAddress.parse("192.0.2.1"),
          40000,
          IpAddress.parse("192.0.2.53"),
          53,
          null,
          null,
          List.of(),
          List.of(),
          PortClass.DNS,
          null);

  private DnsTestMessages() {}

  static RawDnsMessage raw(byte[] wire) {
    return new RawDnsMessage(META, wire);
  }

  /** Bytes from ints (each 0..255) and byte arrays, concatenated. */
  static byte[] bytes(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object p : parts) {
      if (p instanceof Integer i) {
        out.write(i);
      } else if (p instanceof Character c) {
        out.write(c);
      } else if (p instanceof byte[] b) {
        out.write(b, 0, b.length);
      } else if (p instanceof int[] a) {
        for (int v : a) {
          out.write(v);
        }
      } else {
        throw new IllegalArgumentException(String.valueOf(p));
      }
    }
    return out.toByteArray();
  }

  /** A 12-byte header with the given id, flags and counts. */
  static byte[] header(int id, int flags, int qd, int an, int ns, int ar) {
    return new byte[] {
      (byte) (id >> 8), (byte) id, (byte) (flags >> 8), (byte) flags,
      (byte) (qd >> 8), (byte) qd, (byte) (an >> 8), (byte) an,
      (byte) (ns >> 8), (byte) ns, (byte) (ar >> 8), (byte) ar
    };
  }

  /** {@code len} ASCII bytes {@code c}. */
  static byte[] fill(int len, char c) {
    byte[] b = new byte[len];
    java.util.Arrays.fill(b, (byte) c);
    return b;
  }

  /** An uncompressed name in wire form from dot-separated ASCII labels ({@code ""} is the root). */
  static byte[] name(String dotted) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (!dotted.isEmpty()) {
      for (String l : dotted.split("\\.")) {
        out.write(l.length());
        byte[] b = l.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.write(b, 0, b.length);
      }
    }
    out.write(0);
    return out.toByteArray();
  }

  /** Type, class, TTL and rdlength of a record envelope (after the owner name). */
  static int[] envelope(int type, int cls, long ttl, int rdLength) {
    return new int[] {
      type >> 8, type & 0xff, cls >> 8, cls & 0xff,
      (int) (ttl >>> 24) & 0xff, (int) (ttl >>> 16) & 0xff, (int) (ttl >>> 8) & 0xff, (int) ttl & 0xff,
      rdLength >> 8, rdLength & 0xff
    };
  }
}
