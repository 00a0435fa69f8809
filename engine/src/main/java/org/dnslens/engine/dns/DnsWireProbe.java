package org.dnslens.engine.dns;

import java.nio.ByteBuffer;

/**
 * Decides cheaply whether a UDP or TCP payload on a port that is not a DNS port is DNS: the header and
 * the first question must parse cleanly and the counts must be plausible. Written by hand (no dnsjava)
 * because it runs on every non-DNS-port packet and must not allocate.
 */
public final class DnsWireProbe {
  /** DNS header size in bytes (RFC 1035 4.1.1). */
  public static final int HEADER_BYTES = 12;
  /** Smallest possible resource record: root name, type, class, TTL, rdlength. */
  public static final int MIN_RECORD_BYTES = 11;
  /** Smallest possible question: root name, type, class. */
  public static final int MIN_QUESTION_BYTES = 5;
  /** More questions than this is not something a DNS implementation sends (RFC 9619: one). */
  public static final int MAX_PLAUSIBLE_QUESTIONS = 4;

  private DnsWireProbe() {}

  /** Whether {@code length} bytes at absolute {@code offset} of {@code buf} look like a DNS message. */
  public static boolean looksLikeDns(ByteBuffer buf, int offset, int length) {
    if (length < HEADER_BYTES + MIN_QUESTION_BYTES || offset < 0 || offset + length > buf.limit()) {
      return false;
    }
    int flags = u16(buf, offset + 2);
    int opcode = (flags >>> 11) & 0xf;
    if (opcode == 3 || opcode > 6) {
      return false;
    }
    if ((flags & 0x0040) != 0) {
      return false; // Z bit: must be zero; random payloads set it half the time
    }
    int qd = u16(buf, offset + 4);
    int an = u16(buf, offset + 6);
    int ns = u16(buf, offset + 8);
    int ar = u16(buf, offset + 10);
    if (qd < 1 || qd > MAX_PLAUSIBLE_QUESTIONS) {
      return false;
    }
    long minBytes = (long) qd * MIN_QUESTION_BYTES + (long) (an + ns + ar) * MIN_RECORD_BYTES;
    if (HEADER_BYTES + minBytes > length) {
      return false;
    }
    int end = offset + length;
    int p = offset + HEADER_BYTES;
    int nameBytes = 0;
    while (true) {
      if (p >= end) {
        return false;
      }
      int len = buf.get(p) & 0xff;
      if (len == 0) {
        p++;
        break;
      }
      if (len > 63) {
        return false; // compression pointers cannot appear in the first name of a message
      }
      nameBytes += len + 1;
      if (nameBytes > 254 || p + 1 + len > end) {
        return false;
      }
      p += 1 + len;
    }
    if (p + 4 > end) {
      return false;
    }
    int qtype = u16(buf, p);
    int qclass = u16(buf, p + 2) & 0x7fff;
    if (qtype == 0) {
      return false;
    }
    return qclass == 1 || qclass == 3 || qclass == 4 || qclass == 254 || qclass == 255;
  }

  private static int u16(ByteBuffer b, int at) {
    return ((b.get(at) & 0xff) << 8) | (b.get(at + 1) & 0xff);
  }
}
