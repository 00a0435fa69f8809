package org.dnslens.testdata.gen;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.TextParseException;

/**
 * Popular-looking domain names built from word lists in code (no external data), with a skewed
 * popularity so that a few domains dominate, as in real resolver traffic.
 */
final class Vocabulary {

  static final int DOMAIN_COUNT = 3_000;

  private static final String[] WORDS = {
    "alpha", "apex", "atlas", "aurora", "beacon", "blue", "bright", "cloud", "cobalt", "coral", "crest",
    "delta", "echo", "ember", "falcon", "fern", "flux", "forge", "global", "granite", "harbor", "helix",
    "horizon", "iron", "jade", "kite", "lumen", "maple", "matrix", "meadow", "metro", "mint", "nebula",
    "nova", "oak", "orbit", "pixel", "prism", "pulse", "quartz", "rapid", "raven", "ridge", "river",
    "rocket", "sage", "shop", "signal", "silver", "sky", "solar", "spark", "stone", "stream", "summit",
    "swift", "terra", "tide", "trail", "vector", "velvet", "vista", "wave", "willow", "zen", "news",
    "mail", "play", "store", "media", "bank", "travel", "health", "sport", "games", "music", "photo",
    "video", "social", "market", "data", "labs", "tech", "soft", "net", "web", "hub", "app", "cast"
  };
  private static final String[] TLDS = {
    "com", "com", "com", "com", "net", "org", "io", "de", "co.uk", "fr", "nl", "app", "dev", "info", "eu",
    "com.br", "jp", "ca", "com.au", "ru"
  };
  private static final String[] HOSTS = {
    "www", "www", "www", "api", "cdn", "static", "img", "m", "login", "mail", "app", "assets", "auth",
    "edge", "update", "telemetry", "ws", "video", "media", "search"
  };
  private static final String[] CDNS = {
    "edgekey-cdn.net", "akam-edge.net", "fastcache.net", "cloudfront-edge.com", "azureedge-cdn.net"
  };
  private static final String[] NS_PROVIDERS = {
    "ns-dnsprovider.net", "awsdns-hosting.org", "cloudns-anycast.com", "domaincontrol-dns.com"
  };
  private static final String[] SRV_SERVICES = {
    "_sip._tcp", "_sip._udp", "_ldap._tcp", "_xmpp-client._tcp", "_kerberos._udp", "_imaps._tcp"
  };
  private static final String[] NX_LABELS = {
    "wpad", "isatap", "localhost", "printer", "corp", "intranet", "_ldap", "old", "test", "staging-01"
  };

  private final List<Name> domains;
  private final List<Name> hosts;
  private final List<Name> cdns;
  private final List<Name> nsProviders;
  private final List<Name> srvServices;
  private final List<Name> nxLabels;

  Vocabulary(SplittableRandom random) {
    List<Name> built = new ArrayList<>(DOMAIN_COUNT);
    java.util.Set<String> unique = new java.util.HashSet<>();
    while (built.size() < DOMAIN_COUNT) {
      String first = WORDS[random.nextInt(WORDS.length)];
      String second = WORDS[random.nextInt(WORDS.length)];
      String joiner = random.nextInt(4) == 0 ? "-" : "";
      String label = random.nextInt(5) == 0 ? first + random.nextInt(100) : first + joiner + second;
      String domain = label + "." + TLDS[random.nextInt(TLDS.length)];
      if (unique.add(domain)) {
        built.add(name(domain));
      }
    }
    this.domains = List.copyOf(built);
    this.hosts = names(HOSTS, true);
    this.cdns = names(CDNS, false);
    this.nsProviders = names(NS_PROVIDERS, false);
    this.srvServices = names(SRV_SERVICES, true);
    this.nxLabels = names(NX_LABELS, true);
  }

  /** A domain, the popular ones far more often (index skewed towards 0). */
  Name popularDomain(SplittableRandom random) {
    double u = random.nextDouble();
    return domains.get((int) (domains.size() * u * u * u));
  }

  Name host(SplittableRandom random, Name domain) {
    if (random.nextInt(5) == 0) {
      return domain;
    }
    return concat(hosts.get(random.nextInt(hosts.size())), domain);
  }

  Name cdnEdge(SplittableRandom random, Name host) {
    Name cdn = cdns.get(Math.floorMod(host.hashCode(), cdns.size()));
    return concat(relative("e" + Math.floorMod(host.hashCode() * 31 + 7, 9_000) + "." + "x" + random.nextInt(64)),
        cdn);
  }

  Name nameServer(Name domain, int index) {
    Name provider = nsProviders.get(Math.floorMod(domain.hashCode(), nsProviders.size()));
    return concat(relative("ns" + (index + 1)), provider);
  }

  Name srvName(SplittableRandom random, Name domain) {
    return concat(srvServices.get(random.nextInt(srvServices.size())), domain);
  }

  Name nonexistent(SplittableRandom random, Name domain) {
    if (random.nextBoolean()) {
      return concat(nxLabels.get(random.nextInt(nxLabels.size())), domain);
    }
    // A typo of a real host.
    String text = domain.toString(true);
    int at = random.nextInt(Math.max(1, text.indexOf('.')));
    String typo = text.substring(0, at) + (char) ('a' + random.nextInt(26)) + text.substring(at);
    return concat(hosts.get(0), name(typo + "."));
  }

  static Name name(String text) {
    try {
      return Name.fromString(text, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("bad generated name " + text, e);
    }
  }

  /** A relative name (no trailing root), to be prefixed with {@link #concat}. */
  static Name relative(String text) {
    try {
      return Name.fromString(text);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("bad generated name " + text, e);
    }
  }

  /** {@code prefix} must be relative (see {@link #relative}). */
  static Name concat(Name prefix, Name suffix) {
    try {
      return Name.concatenate(prefix, suffix);
    } catch (NameTooLongException e) {
      throw new IllegalArgumentException("generated name too long", e);
    }
  }

  private static List<Name> names(String[] texts, boolean relative) {
    List<Name> out = new ArrayList<>(texts.length);
    for (String text : texts) {
      out.add(relative ? relative(text) : name(text));
    }
    return List.copyOf(out);
  }
}
