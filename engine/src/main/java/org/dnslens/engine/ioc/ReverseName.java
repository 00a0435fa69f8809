package org.dnslens.engine.ioc;

import org.dnslens.engine.model.IpAddress;

/** The address a complete reverse-lookup name stands for (RFC 1035 3.5, RFC 3596 2.5). */
final class ReverseName {
  private static final String V4_SUFFIX = ".in-addr.arpa";
  private static final String V6_SUFFIX = ".ip6.arpa";

  private ReverseName() {}

  /**
   * The address of {@code d.c.b.a.in-addr.arpa} or of a 32-nibble {@code ip6.arpa} name (lower case, no
   * final dot); null for anything else, including partial (network) names.
   */
  static IpAddress address(String name) {
    if (name.endsWith(V4_SUFFIX)) {
      String[] parts = name.substring(0, name.length() - V4_SUFFIX.length()).split("\\.", -1);
      if (parts.length != 4) {
        return null;
      }
      byte[] b = new byte[4];
      for (int i = 0; i < 4; i++) {
        String p = parts[3 - i];
        if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
          return null;
        }
        int v = Integer.parseInt(p);
        if (v > 255) {
          return null;
        }
        b[i] = (byte) v;
      }
      return IpAddress.of(b);
    }
    if (name.endsWith(V6_SUFFIX)) {
      String nibbles = name.substring(0, name.length() - V6_SUFFIX.length());
      if (nibbles.length() != 63) {
        return null;
      }
      byte[] b = new byte[16];
      for (int i = 0; i < 32; i++) {
        char c = nibbles.charAt(2 * i);
        if ((i < 31 && nibbles.charAt(2 * i + 1) != '.') || Character.digit(c, 16) < 0) {
          return null;
        }
        int v = Character.digit(c, 16);
        int index = 31 - i; // nibble index from the most significant end
        b[index / 2] |= (byte) (index % 2 == 0 ? v << 4 : v);
      }
      return IpAddress.of(b);
    }
    return null;
  }
}
