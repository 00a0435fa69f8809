package org.dnslens.storage.search;

import java.util.Locale;
import org.dnslens.engine.model.Rcode;
import org.dnslens.engine.model.RrType;
import org.dnslens.engine.model.TransactionStatus;

/**
 * The filter bar's language, the CLI's search vocabulary as {@code key:value} terms combined with AND:
 * {@code domain:evil.com ip:10.0.0.0/8 rcode:NXDOMAIN since:-2h qtype:TXT client:10.0.0.7
 * status:unanswered name:www.x.org pattern:*.x.* server:... until:...}. A bare word is a domain (or a
 * pattern when it holds {@code *}). Relative times count back from the case's last capture, as in {@code
 * dnslens search}.
 */
public final class FilterExpression {
  /** Longest filter accepted; a filter is typed by a person. */
  public static final int MAX_FILTER_CHARS = 4096;


  private FilterExpression() {}

  /**
   * Parses {@code text} into a query (first page, default limit).
   *
   * @param referenceNanos the case's last capture time, the origin of relative times
   * @throws IllegalArgumentException with a one-sentence message naming the bad term
   */
  public static SearchQuery parse(String text, long referenceNanos) {
    SearchQuery q = SearchQuery.all();
    if (text == null || text.isBlank()) {
      return q;
    }
    if (text.length() > MAX_FILTER_CHARS) {
      throw new IllegalArgumentException("the filter is longer than " + MAX_FILTER_CHARS + " characters");
    }
    for (String term : text.strip().split("\\s+")) {
      int colon = term.indexOf(':');
      String key = colon > 0 ? term.substring(0, colon).toLowerCase(Locale.ROOT) : "";
      String value = colon > 0 ? term.substring(colon + 1) : term;
      if (colon > 0 && !isKey(key)) {
        // An IPv6 literal or a name with a colon typed bare.
        key = "";
        value = term;
      }
      if (value.isEmpty()) {
        throw new IllegalArgumentException("\"" + shorten(term) + "\" has no value after the colon");
      }
      q = apply(q, key, value, referenceNanos);
    }
    return q;
  }

  private static boolean isKey(String key) {
    return switch (key) {
      case "domain", "name", "pattern", "ip", "client", "server", "since", "until", "qtype", "type", "rcode",
          "status" -> true;
      default -> false;
    };
  }

  private static SearchQuery apply(SearchQuery q, String key, String value, long reference) {
    switch (key) {
      case "domain":
        return q.withDomain(value);
      case "name":
        return q.withName(value);
      case "pattern":
        return q.withPattern(value);
      case "ip":
        return q.withIp(checkIp(value));
      case "client":
        return q.withClient(checkIp(value));
      case "server":
        return q.withServer(checkIp(value));
      case "since":
        return q.withSince(parseTime(value, reference));
      case "until":
        return q.withUntil(parseTime(value, reference));
      case "qtype":
      case "type":
        return q.withQtype(parseType(value));
      case "rcode":
        return q.withRcode(parseRcode(value));
      case "status":
        TransactionStatus s = TransactionStatus.fromLabel(value.toLowerCase(Locale.ROOT));
        if (s == null) {
          throw new IllegalArgumentException(
              "status \"" + shorten(value) + "\" is not one of answered, unanswered, orphan_reply, duplicate_reply");
        }
        return q.withStatus(s);
      default:
        if (IpRangeCheck.looksLikeAddress(value)) {
          return q.withIp(checkIp(value));
        }
        return value.contains("*") ? q.withPattern(value) : q.withDomain(value);
    }
  }

  private static String checkIp(String value) {
    IpRange.parse(value); // throws a one-sentence IllegalArgumentException
    return value;
  }

  static int parseType(String value) {
    int code = RrType.code(value.toUpperCase(Locale.ROOT));
    if (code >= 0) {
      return code;
    }
    if (value.matches("\\d{1,5}") && Integer.parseInt(value) <= 0xffff) {
      return Integer.parseInt(value);
    }
    throw new IllegalArgumentException("qtype \"" + shorten(value) + "\" is not a DNS type");
  }

  static int parseRcode(String value) {
    if (value.equalsIgnoreCase("none")) {
      return -1;
    }
    int code = Rcode.code(value.toUpperCase(Locale.ROOT));
    if (code < 0 && value.matches("\\d{1,4}") && Integer.parseInt(value) <= 0xfff) {
      code = Integer.parseInt(value);
    }
    if (code < 0) {
      throw new IllegalArgumentException("rcode \"" + shorten(value) + "\" is not a response code");
    }
    return code;
  }

  /** ISO-8601 or relative ({@code -2h}) to {@code reference}: the CLI's rules (storage TimeExpression). */
  static long parseTime(String text, long reference) {
    return TimeExpression.parse(text, reference);
  }

  static String shorten(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "..." : s;
  }

  /** Tells a bare address or CIDR block from a name. */
  private static final class IpRangeCheck {
    static boolean looksLikeAddress(String v) {
      try {
        IpRange.parse(v);
        return true;
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
  }
}
