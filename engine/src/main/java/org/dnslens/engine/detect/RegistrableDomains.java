package org.dnslens.engine.detect;

import com.google.common.net.InternetDomainName;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The registrable domain of a name ("t.example.co.uk" → "example.co.uk") by the ICANN section of the
 * Public Suffix List, through Guava's {@link InternetDomainName#topDomainUnderRegistrySuffix()}.
 *
 * <p>Why the registry suffix and not {@code topPrivateDomain}: the private section lists hosting and
 * dynamic-DNS zones (duckdns.org, ngrok.io, cloudfront.net). Under it every customer name would be its
 * own "registrable domain", so a tunnel through a dynamic-DNS zone would split into one key per
 * subdomain and never reach a threshold.
 *
 * <p>Only the last {@link #MAX_SUFFIX_LABELS} labels are given to Guava: the answer depends only on them,
 * and an odd label in the subdomain part (tunneling payload, underscores, escapes) cannot make the parse
 * fail; labels Guava still rejects (leading underscores, escapes) are dropped from the left until the
 * rest parses (see {@link #compute}). Names without an ICANN suffix fall back to their last two labels. Results are cached per instance (LRU,
 * {@link #MAX_CACHED_SUFFIXES}), because a handful of parents cover most queries.
 */
final class RegistrableDomains {
  /** The deepest ICANN rule is 4 labels (with wildcards); 6 leaves room for one registrable label. */
  static final int MAX_SUFFIX_LABELS = 6;
  /** Bound of the per-instance cache. */
  static final int MAX_CACHED_SUFFIXES = 20_000;

  private final Map<String, String> cache =
      new LinkedHashMap<>(1024, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > MAX_CACHED_SUFFIXES;
        }
      };

  /**
   * The registrable domain of a lower-case presentation-format name, without the final dot. A name that is
   * itself a public suffix, or a single label, is its own key.
   */
  String of(String lowerName) {
    String name = lowerName.endsWith(".") ? lowerName.substring(0, lowerName.length() - 1) : lowerName;
    if (name.isEmpty() || name.equals(".")) {
      return ".";
    }
    String tail = lastLabels(name, MAX_SUFFIX_LABELS);
    String cached = cache.get(tail);
    if (cached != null) {
      return cached;
    }
    String result = compute(tail);
    cache.put(tail, result);
    return result;
  }

  /**
   * The registrable domain depends only on the public suffix and the one label left of it, so labels
   * Guava rejects (a leading underscore as in {@code _dmarc}, {@code _ldap._tcp}, {@code _keys}; escapes)
   * are dropped from the left until the rest parses. When what parses is itself a registry suffix, the
   * dropped label next to it is the registrable label ({@code _x.com.au} → {@code _x.com.au}). Falling
   * back to the last two labels instead would turn {@code _keys.shop.com.au} into {@code com.au} and pool
   * every site under a two-level suffix into one key.
   */
  private static String compute(String tail) {
    String rest = tail;
    String dropped = null;
    while (!parses(rest)) {
      int dot = rest.indexOf('.');
      if (dot < 0) {
        return lastLabels(tail, 2);
      }
      dropped = rest.substring(0, dot);
      rest = rest.substring(dot + 1);
    }
    InternetDomainName idn = InternetDomainName.from(rest);
    if (idn.isUnderRegistrySuffix()) {
      return idn.topDomainUnderRegistrySuffix().toString();
    }
    if (idn.isRegistrySuffix()) {
      return dropped == null ? rest : dropped + "." + rest;
    }
    // No ICANN suffix (".internal", ".local", a bare label): the last two labels, as before.
    return lastLabels(tail, 2);
  }

  private static boolean parses(String name) {
    return !name.isEmpty() && name.indexOf('\\') < 0 && InternetDomainName.isValid(name);
  }

  /** The last {@code count} dot-separated labels of a name (escaped dots are rare enough to ignore). */
  static String lastLabels(String name, int count) {
    int from = name.length();
    for (int i = 0; i < count; i++) {
      int dot = name.lastIndexOf('.', from - 1);
      if (dot < 0) {
        return name;
      }
      from = dot;
    }
    return name.substring(from + 1);
  }

  /**
   * The part of {@code lowerName} left of {@code domain} without the joining dot ("" when the name is the
   * domain itself).
   */
  static String subdomainPart(String lowerName, String domain) {
    if (lowerName.length() <= domain.length()) {
      return "";
    }
    return lowerName.substring(0, lowerName.length() - domain.length() - 1);
  }
}
