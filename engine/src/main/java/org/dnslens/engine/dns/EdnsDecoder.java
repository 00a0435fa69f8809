package org.dnslens.engine.dns;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dnslens.engine.model.Edns;
import org.dnslens.engine.model.EdnsOption;
import org.dnslens.engine.model.IpAddress;

/**
 * Decodes the OPT pseudo-record's rdata into {@link Edns} (RFC 6891), by hand: it is in most queries of
 * modern resolvers, so it sits on the hot path. Option data are rendered for analysts:
 *
 * <ul>
 *   <li>ECS (8): {@code address/source/scope}, e.g. {@code 192.0.2.0/24/0} (RFC 7871);
 *   <li>COOKIE (10): {@code client=HEX} and {@code , server=HEX} when present (RFC 7873);
 *   <li>NSID (3): hex, a space, and the bytes as quoted text (RFC 5001);
 *   <li>PADDING (12): the padding length (RFC 7830);
 *   <li>TCP-KEEPALIVE (11): {@code timeout=Nms}, or {@code none} in a query (RFC 7828);
 *   <li>EDE (15): the info code and the quoted extra text (RFC 8914);
 *   <li>others: hex.
 * </ul>
 *
 * A malformed option keeps its hex as data and makes {@link #malformed()} true. The texts are made on
 * first use ({@link EdnsOption}): the decoder checks each option's form and keeps its bytes.
 */
final class EdnsDecoder {
  private static final int OPTION_HEADER_BYTES = 4;

  private boolean malformed;
  private int malformedOffset;

  Edns decode(int udpPayloadSize, long ttl, byte[] m, int at, int len) {
    malformed = false;
    malformedOffset = -1;
    int flags = (int) (ttl & 0xffff);
    // No list at all for the usual OPT without options, and List.of for the usual single option (a
    // cookie): Edns keeps a List.of list as it is, where it copied the ArrayList this used to fill.
    EdnsOption single = null;
    List<EdnsOption> several = null;
    int end = at + len;
    int p = at;
    while (p < end) {
      if (p + OPTION_HEADER_BYTES > end) {
        mark(p);
        break;
      }
      int code = RdataDecoder.u16(m, p);
      int n = RdataDecoder.u16(m, p + 2);
      int d = p + OPTION_HEADER_BYTES;
      if (d + n > end) {
        mark(p);
        break;
      }
      // Only the bytes now: the texts are made when asked for (EdnsOption), which an ingest never does.
      if (!wellFormed(code, m, d, n)) {
        mark(p);
      }
      EdnsOption option =
          new EdnsOption(code, optionName(code), Arrays.copyOfRange(m, d, d + n), PRESENTER);
      if (several != null) {
        several.add(option);
      } else if (single == null) {
        single = option;
      } else {
        several = new ArrayList<>(4);
        several.add(single);
        several.add(option);
      }
      p = d + n;
    }
    List<EdnsOption> options =
        several != null ? several : single != null ? List.of(single) : List.of();
    return new Edns(
        udpPayloadSize,
        (int) (ttl >>> 24) & 0xff,
        (int) (ttl >>> 16) & 0xff,
        (flags & 0x8000) != 0,
        flags,
        options);
  }

  /** Whether the last {@link #decode} met a malformed option. */
  boolean malformed() {
    return malformed;
  }

  /** Offset of the first malformed option, or -1. */
  int malformedOffset() {
    return malformedOffset;
  }

  private void mark(int p) {
    if (!malformed) {
      malformed = true;
      malformedOffset = p;
    }
  }

  /** Renders a lazy option's text: its presentation, or its hex when malformed for its code. */
  private static final EdnsOption.Presenter PRESENTER =
      new EdnsOption.Presenter() {
        @Override
        public String data(int code, byte[] bytes) {
          String hex = EdnsOption.hex(bytes);
          String data = render(code, bytes, 0, bytes.length, hex);
          return data == null ? hex : data;
        }

        @Override
        public int write(int code, byte[] bytes, byte[] dst, int offset) {
          return EdnsDecoder.write(code, bytes, dst, offset);
        }
      };

  private static final byte[] COOKIE_CLIENT = "client=".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] COOKIE_SERVER = ", server=".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HEX_UPPER = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

  /**
   * {@link #render}'s text of a well-formed COOKIE or ECS option written as bytes (the two options of
   * most lines of a resolver's capture); -1 for any other option or a malformed one, whose text {@link
   * #render} makes. {@code EdnsDecoderTest} requires the same text as {@link #render} for every length.
   */
  static int write(int code, byte[] m, byte[] dst, int offset) {
    int n = m.length;
    if (code == 10 && (n == 8 || (n >= 16 && n <= 40))) {
      int o = put(dst, offset, COOKIE_CLIENT);
      o = putHex(dst, o, m, 0, 8);
      if (n > 8) {
        o = put(dst, o, COOKIE_SERVER);
        o = putHex(dst, o, m, 8, n);
      }
      return o - offset;
    }
    if (code == 8 && wellFormed(8, m, 0, n)) {
      int size = RdataDecoder.u16(m, 0) == 1 ? 4 : 16;
      byte[] full = new byte[size];
      System.arraycopy(m, 4, full, 0, n - 4);
      int o = offset + IpAddress.of(full).writeText(dst, offset);
      dst[o++] = '/';
      o = IpAddress.appendDecimal(dst, o, m[2] & 0xff);
      dst[o++] = '/';
      return IpAddress.appendDecimal(dst, o, m[3] & 0xff) - offset;
    }
    return -1;
  }

  private static int put(byte[] dst, int o, byte[] text) {
    System.arraycopy(text, 0, dst, o, text.length);
    return o + text.length;
  }

  private static int putHex(byte[] dst, int o, byte[] m, int from, int to) {
    for (int i = from; i < to; i++) {
      dst[o++] = HEX_UPPER[(m[i] >> 4) & 0xf];
      dst[o++] = HEX_UPPER[m[i] & 0xf];
    }
    return o;
  }

  /**
   * Whether {@link #render} gives text for this option (not null): the same tests, made at decode time
   * so that {@link #malformed()} is known without rendering.
   */
  static boolean wellFormed(int code, byte[] m, int d, int n) {
    switch (code) {
      case 8 -> {
        if (n < 4) {
          return false;
        }
        int family = RdataDecoder.u16(m, d);
        int size = family == 1 ? 4 : family == 2 ? 16 : -1;
        return size >= 0
            && n - 4 <= size
            && (m[d + 2] & 0xff) <= size * 8
            && (m[d + 3] & 0xff) <= size * 8;
      }
      case 10 -> {
        return n == 8 || (n >= 16 && n <= 40);
      }
      case 11 -> {
        return n == 0 || n == 2;
      }
      case 15 -> {
        return n >= 2;
      }
      default -> {
        return true;
      }
    }
  }

  /** The option's presentation, or null when it is malformed for its code. */
  static String render(int code, byte[] m, int d, int n, String hex) {
    switch (code) {
      case 8 -> {
        return clientSubnet(m, d, n);
      }
      case 10 -> {
        if (n == 8) {
          return "client=" + hex;
        }
        if (n >= 16 && n <= 40) {
          return "client=" + hex.substring(0, 16) + ", server=" + hex.substring(16);
        }
        return null;
      }
      case 3 -> {
        StringBuilder sb = new StringBuilder(hex.length() + n + 3).append(hex);
        if (n > 0) {
          sb.append(' ');
          PresentationText.appendCharacterString(sb, m, d, n, true);
        }
        return sb.toString();
      }
      case 12 -> {
        return Integer.toString(n);
      }
      case 11 -> {
        if (n == 0) {
          return "none";
        }
        return n == 2 ? "timeout=" + (RdataDecoder.u16(m, d) * 100L) + "ms" : null;
      }
      case 15 -> {
        if (n < 2) {
          return null;
        }
        StringBuilder sb = new StringBuilder(n + 8).append(RdataDecoder.u16(m, d));
        if (n > 2) {
          sb.append(' ');
          PresentationText.appendCharacterString(sb, m, d + 2, n - 2, true);
        }
        return sb.toString();
      }
      default -> {
        return hex;
      }
    }
  }

  private static String clientSubnet(byte[] m, int d, int n) {
    if (n < 4) {
      return null;
    }
    int family = RdataDecoder.u16(m, d);
    int source = m[d + 2] & 0xff;
    int scope = m[d + 3] & 0xff;
    int addrLen = n - 4;
    int size = family == 1 ? 4 : family == 2 ? 16 : -1;
    if (size < 0 || addrLen > size || source > size * 8 || scope > size * 8) {
      return null;
    }
    byte[] full = new byte[size];
    System.arraycopy(m, d + 4, full, 0, addrLen);
    return IpAddress.of(full) + "/" + source + "/" + scope;
  }

  /** IANA EDNS0 option codes. */
  static String optionName(int code) {
    return switch (code) {
      case 1 -> "LLQ";
      case 2 -> "UL";
      case 3 -> "NSID";
      case 5 -> "DAU";
      case 6 -> "DHU";
      case 7 -> "N3U";
      case 8 -> "ECS";
      case 9 -> "EXPIRE";
      case 10 -> "COOKIE";
      case 11 -> "TCP-KEEPALIVE";
      case 12 -> "PADDING";
      case 13 -> "CHAIN";
      case 14 -> "KEY-TAG";
      case 15 -> "EDE";
      case 16 -> "CLIENT-TAG";
      case 17 -> "SERVER-TAG";
      case 18 -> "REPORT-CHANNEL";
      case 19 -> "ZONEVERSION";
      default -> "OPT" + code;
    };
  }
}
