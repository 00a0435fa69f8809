package org.dnslens.engine.model;

import java.util.List;

/**
 * The 12-byte DNS header as sent, plus the full response code.
 *
 * @param id transaction id
 * @param flags the second 16-bit word as sent: QR, opcode, AA TC RD RA Z AD CD and the low 4 rcode bits
 * @param rcode the full response code: the header's 4 bits, extended by the OPT record's upper 8 bits
 *     when the message has EDNS (RFC 6891 6.1.3)
 * @param questionCount QDCOUNT as sent (may claim more than the message holds)
 * @param answerCount ANCOUNT as sent
 * @param authorityCount NSCOUNT as sent
 * @param additionalCount ARCOUNT as sent
 */
public record DnsHeader(
    int id,
    int flags,
    int rcode,
    int questionCount,
    int answerCount,
    int authorityCount,
    int additionalCount) {

  public boolean qr() {
    return (flags & 0x8000) != 0;
  }

  public int opcode() {
    return (flags >>> 11) & 0xf;
  }

  public boolean aa() {
    return (flags & 0x0400) != 0;
  }

  public boolean tc() {
    return (flags & 0x0200) != 0;
  }

  public boolean rd() {
    return (flags & 0x0100) != 0;
  }

  public boolean ra() {
    return (flags & 0x0080) != 0;
  }

  /** The reserved Z bit (bit 9); should be zero. */
  public boolean z() {
    return (flags & 0x0040) != 0;
  }

  public boolean ad() {
    return (flags & 0x0020) != 0;
  }

  public boolean cd() {
    return (flags & 0x0010) != 0;
  }

  /** The 4 rcode bits of the header alone. */
  public int headerRcode() {
    return flags & 0xf;
  }

  /** Set flag names in wire order, lower case, space separated: {@code "qr aa rd ra"}. */
  public String flagNames() {
    // From a table of the 256 combinations: every output line asks for this, usually twice.
    return FLAG_NAMES.get(((flags >>> 4) & 0x7f) | ((flags >>> 8) & 0x80));
  }

  /** Index: AA TC RD RA Z AD CD (bits 10..4) in the low 7 bits, QR (bit 15) as bit 7. */
  private static final List<String> FLAG_NAMES = flagNameTable();

  private static List<String> flagNameTable() {
    String[] t = new String[256];
    for (int i = 0; i < 256; i++) {
      t[i] = buildFlagNames(((i & 0x7f) << 4) | ((i & 0x80) << 8));
    }
    return List.of(t);
  }

  private static String buildFlagNames(int word) {
    DnsHeader h = new DnsHeader(0, word, 0, 0, 0, 0, 0);
    StringBuilder sb = new StringBuilder(20);
    appendIf(sb, h.qr(), "qr");
    appendIf(sb, h.aa(), "aa");
    appendIf(sb, h.tc(), "tc");
    appendIf(sb, h.rd(), "rd");
    appendIf(sb, h.ra(), "ra");
    appendIf(sb, h.z(), "z");
    appendIf(sb, h.ad(), "ad");
    appendIf(sb, h.cd(), "cd");
    return sb.toString();
  }

  private static void appendIf(StringBuilder sb, boolean set, String name) {
    if (set) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(name);
    }
  }
}
