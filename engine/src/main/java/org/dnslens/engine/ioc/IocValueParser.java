package org.dnslens.engine.ioc;

import java.net.IDN;
import java.util.Locale;
import org.dnslens.engine.model.IocKind;
import org.dnslens.engine.model.IpAddress;

/**
 * Turns one entry of a list (a domain, a wildcard, a URL, an IP, a CIDR, possibly defanged) into a
 * normalised value and kind. Every input is attacker-chosen text: nothing here throws anything but
 * {@link BadValueException}, which carries a short reason.
 */
final class IocValueParser {
  /** RFC 1035: 253 characters of presentation format without the final dot. */
  static final int MAX_DOMAIN_CHARS = 253;
  /** Longer entries are rejected before any further work (IDN conversion is not linear in the worst case). */
  static final int MAX_ENTRY_CHARS = 2048;

  private static final String[][] REFANG = {
    {"[.]", "."}, {"(.)", "."}, {"{.}", "."}, {"[dot]", "."}, {"(dot)", "."}, {"{dot}", "."},
    {"<dot>", "."}, {"\\.", "."}, {"[:]", ":"}, {"[://]", "://"}, {"[/]", "/"}, {"[@]", "@"},
    {"[at]", "@"}
  };

  /** What the context says the entry should be (a MISP {@code ip-dst} must be an address, ...). */
  enum Expect {
    ANY,
    DOMAIN,
    HOST,
    IP,
    URL
  }

  record Parsed(String value, IocKind kind) {}

  /** A bad entry; no stack trace, as a hostile list may hold millions of them. */
  static final class BadValueException extends Exception {
    private static final long serialVersionUID = 1L;

    BadValueException(String reason) {
      super(reason, null, false, false);
    }
  }

  private IocValueParser() {}

  static Parsed parse(String raw, Expect expect) throws BadValueException {
    String s = raw.strip();
    if (s.isEmpty()) {
      throw new BadValueException("empty value");
    }
    if (s.length() > MAX_ENTRY_CHARS) {
      throw new BadValueException("value longer than " + MAX_ENTRY_CHARS + " characters");
    }
    s = refang(s.toLowerCase(Locale.ROOT));
    Parsed p = parseRefanged(s);
    switch (expect) {
      case IP:
        if (p.kind() != IocKind.IP && p.kind() != IocKind.CIDR) {
          throw new BadValueException("not an IP address or CIDR");
        }
        break;
      case DOMAIN:
        if (p.kind() == IocKind.CIDR) {
          throw new BadValueException("a CIDR where a domain was expected");
        }
        break;
      case HOST:
        if (p.kind() == IocKind.DOMAIN) {
          p = new Parsed(p.value(), IocKind.DOMAIN_EXACT);
        } else if (p.kind() == IocKind.CIDR) {
          throw new BadValueException("a CIDR where a host name was expected");
        }
        break;
      case URL:
        if (p.kind() == IocKind.DOMAIN) {
          p = new Parsed(p.value(), IocKind.DOMAIN_EXACT);
        } else if (p.kind() == IocKind.CIDR) {
          throw new BadValueException("a CIDR where a URL was expected");
        }
        break;
      default:
        break;
    }
    return p;
  }

  /**
   * Undoes the usual defanging ({@code evil[.]com}, {@code evil(dot)com}, {@code hxxps[:]//}); input is
   * lower case. The scheme itself ({@code hxxp}, {@code fxp}) is left alone: only the host after {@code
   * ://} is kept, so rewriting it could only damage a domain that happens to contain those letters.
   */
  static String refang(String s) {
    if (s.indexOf('[') < 0
        && s.indexOf('(') < 0
        && s.indexOf('{') < 0
        && s.indexOf('<') < 0
        && s.indexOf('\\') < 0) {
      return s;
    }
    String t = s;
    for (String[] r : REFANG) {
      t = replace(t, r[0], r[1]);
    }
    return t;
  }

  /**
   * {@link String#replace(CharSequence, CharSequence)} (every occurrence, left to right, not
   * overlapping) written out: under the fuzzer each String.replace call is hooked and copies its
   * arguments, and refanging is thirteen of them per entry. The order of {@link #REFANG} is kept, as a
   * replacement may form the next pattern ({@code \\[.]} gives {@code \\.}, then {@code .}).
   */
  private static String replace(String s, String target, String with) {
    char first = target.charAt(0);
    int at = s.indexOf(first);
    if (at < 0) {
      return s;
    }
    StringBuilder sb = null;
    int copied = 0;
    while (at >= 0) {
      if (regionIs(s, at, target)) {
        if (sb == null) {
          sb = new StringBuilder(s.length());
        }
        sb.append(s, copied, at).append(with);
        copied = at + target.length();
        at = s.indexOf(first, copied);
      } else {
        at = s.indexOf(first, at + 1);
      }
    }
    return sb == null ? s : sb.append(s, copied, s.length()).toString();
  }

  /** Whether {@code s} holds {@code part} at {@code at}; by hand for the reason {@link #replace} gives. */
  static boolean regionIs(String s, int at, String part) {
    if (at < 0 || at + part.length() > s.length()) {
      return false;
    }
    for (int i = 0; i < part.length(); i++) {
      if (s.charAt(at + i) != part.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Where {@code part} first occurs in {@code s}, or -1 ({@link String#indexOf(String)} unhooked). */
  static int find(String s, String part) {
    char first = part.charAt(0);
    for (int at = s.indexOf(first); at >= 0; at = s.indexOf(first, at + 1)) {
      if (regionIs(s, at, part)) {
        return at;
      }
    }
    return -1;
  }

  private static Parsed parseRefanged(String s) throws BadValueException {
    int scheme = find(s, "://");
    if (scheme >= 0) {
      return host(authorityHost(s.substring(scheme + 3)), IocKind.DOMAIN_EXACT);
    }
    if (regionIs(s, 0, "*.")) {
      return domainOnly(s.substring(2), IocKind.DOMAIN);
    }
    if (s.length() > 1 && s.charAt(0) == '.' && s.charAt(1) != '.') {
      return domainOnly(s.substring(1), IocKind.DOMAIN);
    }
    if (s.indexOf('*') >= 0) {
      throw new BadValueException("wildcard other than a leading *.");
    }
    int slash = s.indexOf('/');
    if (slash >= 0) {
      String left = s.substring(0, slash);
      String right = s.substring(slash + 1);
      if (IpAddress.isLiteral(left) && isDigits(right, 3)) {
        return cidr(left, Integer.parseInt(right));
      }
      if (IpAddress.isLiteral(left)) {
        if (isDigits(right, 9)) {
          throw new BadValueException("CIDR prefix length out of range");
        }
        return ip(left);
      }
      // evil.com/path: a URL without its scheme
      return host(left, IocKind.DOMAIN_EXACT);
    }
    if (!s.isEmpty() && s.charAt(0) == '[' && find(s, "]:") >= 0) {
      return ip(s.substring(1, s.indexOf(']')));
    }
    if (mayBeIpLiteral(s) && IpAddress.isLiteral(s)) {
      return ip(s);
    }
    int colon = s.indexOf(':');
    if (colon > 0 && colon == s.lastIndexOf(':') && isDigits(s.substring(colon + 1), 5)) {
      // host:port
      return host(s.substring(0, colon), IocKind.DOMAIN);
    }
    return domainOnly(s, IocKind.DOMAIN);
  }

  /** The host of a URL's authority (after {@code scheme://}): userinfo, port, path, query dropped. */
  private static String authorityHost(String rest) throws BadValueException {
    int end = rest.length();
    for (int i = 0; i < rest.length(); i++) {
      char c = rest.charAt(i);
      if (c == '/' || c == '?' || c == '#' || c == '\\') {
        end = i;
        break;
      }
    }
    String authority = rest.substring(0, end);
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      authority = authority.substring(at + 1);
    }
    if (!authority.isEmpty() && authority.charAt(0) == '[') {
      int close = authority.indexOf(']');
      if (close < 0) {
        throw new BadValueException("URL with an unclosed [IPv6] host");
      }
      return authority.substring(1, close);
    }
    int colon = authority.lastIndexOf(':');
    if (colon >= 0) {
      authority = authority.substring(0, colon);
    }
    if (authority.isEmpty()) {
      throw new BadValueException("URL without a host");
    }
    return authority;
  }

  private static Parsed host(String h, IocKind domainKind) throws BadValueException {
    if (IpAddress.isLiteral(h)) {
      return ip(h);
    }
    return domainOnly(h, domainKind);
  }

  private static Parsed ip(String text) throws BadValueException {
    try {
      return new Parsed(IpAddress.parse(text).toString(), IocKind.IP);
    } catch (IllegalArgumentException e) {
      throw new BadValueException("invalid IP address");
    }
  }

  private static Parsed cidr(String address, int length) throws BadValueException {
    IpAddress a;
    try {
      a = IpAddress.parse(address);
    } catch (IllegalArgumentException e) {
      throw new BadValueException("invalid IP address in CIDR");
    }
    if (length > a.length() * 8) {
      throw new BadValueException("CIDR prefix length out of range");
    }
    return new Parsed(network(a, length).toString() + "/" + length, IocKind.CIDR);
  }

  /** {@code a} with every bit after the first {@code length} cleared. */
  static IpAddress network(IpAddress a, int length) {
    byte[] b = a.toBytes();
    for (int i = 0; i < b.length; i++) {
      int keep = Math.max(0, Math.min(8, length - 8 * i));
      b[i] = (byte) (b[i] & (0xff << (8 - keep)));
    }
    return IpAddress.of(b);
  }

  private static Parsed domainOnly(String text, IocKind kind) throws BadValueException {
    String d = !text.isEmpty() && text.charAt(text.length() - 1) == '.' ? text.substring(0, text.length() - 1) : text;
    if (d.isEmpty()) {
      throw new BadValueException("empty domain");
    }
    if (isDottedNumbers(d)) {
      throw new BadValueException("invalid IPv4 address");
    }
    if (!isAscii(d)) {
      try {
        // IDN.toASCII maps Unicode dots (U+3002...) too; ALLOW_UNASSIGNED keeps newer scripts usable.
        d = IDN.toASCII(d, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
      } catch (IllegalArgumentException e) {
        throw new BadValueException("invalid internationalised domain name");
      }
    }
    if (d.length() > MAX_DOMAIN_CHARS) {
      throw new BadValueException("domain longer than " + MAX_DOMAIN_CHARS + " characters");
    }
    int labels = 0;
    int labelStart = 0;
    for (int i = 0; i <= d.length(); i++) {
      if (i == d.length() || d.charAt(i) == '.') {
        int len = i - labelStart;
        if (len == 0) {
          throw new BadValueException("empty label in domain");
        }
        if (len > 63) {
          throw new BadValueException("label longer than 63 characters");
        }
        labels++;
        labelStart = i + 1;
        continue;
      }
      char c = d.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
      if (!ok) {
        throw new BadValueException("character not allowed in a domain name");
      }
    }
    if (labels < 2) {
      throw new BadValueException("single-label name (it would match a whole top-level domain)");
    }
    return new Parsed(d, kind);
  }

  /** A cheap test before the full parse: an IP literal has a colon or only digits and dots. */
  private static boolean mayBeIpLiteral(String s) {
    return s.indexOf(':') >= 0 || isDottedNumbers(s);
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0x7f) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigits(String s, int maxLen) {
    if (s.isEmpty() || s.length() > maxLen) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static boolean isDottedNumbers(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '.' && (c < '0' || c > '9')) {
        return false;
      }
    }
    return true;
  }
}
