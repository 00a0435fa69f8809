package org.dnslens.storage.search;

import java.util.Arrays;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.storage.casefile.NameKeys;

/**
 * An address or CIDR block as an inclusive range of the case's sortable address keys, so matching a
 * block is one index range scan.
 */
public record IpRange(byte[] low, byte[] high) {
  /** Longest text accepted (an IPv6 literal with a zone and prefix is well under this). */
  private static final int MAX_TEXT_CHARS = 100;

  /**
   * Parses {@code 192.0.2.1}, {@code 192.0.2.0/24}, {@code 2001:db8::/32}.
   *
   * @throws IllegalArgumentException with a one-sentence message when the text is neither
   */
  public static IpRange parse(String text) {
    String t = text.strip();
    if (t.isEmpty() || t.length() > MAX_TEXT_CHARS) {
      throw new IllegalArgumentException("not an IP address or CIDR block: \"" + shorten(t) + "\"");
    }
    int slash = t.indexOf('/');
    String addr = slash >= 0 ? t.substring(0, slash) : t;
    if (!IpAddress.isLiteral(addr)) {
      throw new IllegalArgumentException("not an IP address or CIDR block: \"" + shorten(t) + "\"");
    }
    IpAddress ip = IpAddress.parse(addr);
    int bits = ip.length() * 8;
    int prefix = bits;
    if (slash >= 0) {
      String p = t.substring(slash + 1);
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
        throw new IllegalArgumentException("bad CIDR prefix length in \"" + shorten(t) + "\"");
      }
      prefix = Integer.parseInt(p);
      if (prefix > bits) {
        throw new IllegalArgumentException(
            "CIDR prefix /" + prefix + " is longer than the " + bits + " bits of the address in \"" + t + "\"");
      }
    }
    byte[] lo = NameKeys.ipKey(ip);
    byte[] hi = lo.clone();
    for (int bit = prefix; bit < bits; bit++) {
      int i = 1 + bit / 8;
      int mask = 0x80 >>> (bit % 8);
      lo[i] = (byte) (lo[i] & ~mask);
      hi[i] = (byte) (hi[i] | mask);
    }
    return new IpRange(lo, hi);
  }

  private static String shorten(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "..." : s;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IpRange r && Arrays.equals(low, r.low) && Arrays.equals(high, r.high);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(low) + Arrays.hashCode(high);
  }

  @Override
  public String toString() {
    return NameKeys.ipFromKey(low) + "-" + NameKeys.ipFromKey(high);
  }
}
