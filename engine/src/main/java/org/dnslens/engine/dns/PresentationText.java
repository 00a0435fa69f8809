package org.dnslens.engine.dns;

import java.nio.charset.StandardCharsets;
import org.dnslens.engine.model.DnsName;

/**
 * The presentation-format pieces the decoder writes itself. Each one reproduces dnsjava's rendering
 * byte for byte (checked by {@code DnsMessageDecoderProperties}), so hand-decoded and dnsjava-decoded
 * types read alike.
 */
final class PresentationText {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();
  private static final byte[] HEX_BYTES = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

  private PresentationText() {}

  /** A name as in a zone file: escaped, absolute (trailing dot), {@code "."} for the root. */
  static String name(DnsName name) {
    return name.isRoot() ? "." : name.toString() + ".";
  }

  static void appendName(StringBuilder sb, DnsName name) {
    if (name.isRoot()) {
      sb.append('.');
    } else {
      sb.append(name.toString()).append('.');
    }
  }

  /**
   * A character-string as dnsjava writes it: bytes below 0x20 and from 0x7f as {@code \DDD}, {@code "}
   * and {@code \} backslash-escaped, optionally in double quotes.
   */
  static void appendCharacterString(StringBuilder sb, byte[] b, int off, int len, boolean quote) {
    // Tunnel TXT data is mostly bytes that need \DDD escapes (four characters each): sized from the
    // byte count alone the builder grew several times per string (4.5 % of the reader thread's samples
    // in a cold read of gen1m). One counting pass over the bytes costs less than the copies it saves.
    int extra = quote ? 2 : 0;
    for (int i = off; i < off + len; i++) {
      int c = b[i] & 0xff;
      extra += (c < 0x20 || c >= 0x7f) ? 3 : (c == '"' || c == '\\') ? 1 : 0;
    }
    sb.ensureCapacity(sb.length() + len + extra);
    if (quote) {
      sb.append('"');
    }
    for (int i = off; i < off + len; i++) {
      int c = b[i] & 0xff;
      if (c < 0x20 || c >= 0x7f) {
        sb.append('\\').append((char) ('0' + c / 100)).append((char) ('0' + (c / 10) % 10));
        sb.append((char) ('0' + c % 10));
      } else if (c == '"' || c == '\\') {
        sb.append('\\').append((char) c);
      } else {
        sb.append((char) c);
      }
    }
    if (quote) {
      sb.append('"');
    }
  }

  /** Upper-case hex, as dnsjava's base16. */
  static String hex(byte[] b, int off, int len) {
    // Into bytes, then one String: EDNS cookies make this run for most messages, and a StringBuilder
    // append per digit (a capacity check each) was 2-3 % of the reader thread in a cold read of gen1m.
    byte[] out = new byte[2 * len];
    for (int i = 0; i < len; i++) {
      int v = b[off + i];
      out[2 * i] = HEX_BYTES[(v >> 4) & 0xf];
      out[2 * i + 1] = HEX_BYTES[v & 0xf];
    }
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  static void appendHex(StringBuilder sb, byte[] b, int off, int len) {
    for (int i = off; i < off + len; i++) {
      sb.append(HEX[(b[i] >> 4) & 0xf]).append(HEX[b[i] & 0xf]);
    }
  }

  /** RFC 3597 generic rdata: {@code \# 3 0A0B0C}; {@code \# 0} for empty rdata. */
  static String unknown(byte[] b, int off, int len) {
    StringBuilder sb = new StringBuilder(8 + len * 2);
    sb.append("\\# ").append(len);
    if (len > 0) {
      sb.append(' ');
      appendHex(sb, b, off, len);
    }
    return sb.toString();
  }
}
