package org.dnslens.engine.detect;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.dnslens.engine.model.IpAddress;

/**
 * Names and clients the detectors leave alone: domain suffixes (a suffix covers itself and every name
 * under it) and client addresses or CIDR prefixes. Immutable.
 *
 * <p>Text form, one entry per line, '#' starts a comment: a domain suffix ({@code akamaiedge.net}; a
 * leading {@code *.} is accepted and ignored), or {@code client 10.1.2.3} / {@code client 10.9.0.0/16}.
 */
public final class AllowList {
  /** The shipped default list of well-known CDN, telemetry, AV-lookup and DNSBL zones. */
  public static final String DEFAULT_RESOURCE = "default-allowlist.txt";
  /** An allow-list is read from a resource or a user's file: bound it. */
  public static final int MAX_ENTRIES = 100_000;

  private static final AllowList EMPTY = new AllowList(Set.of(), List.of());

  private final Set<String> suffixes;
  private final List<Prefix> clientPrefixes;

  private record Prefix(IpAddress network, int length) {}

  private AllowList(Set<String> suffixes, List<Prefix> clientPrefixes) {
    this.suffixes = Set.copyOf(suffixes);
    this.clientPrefixes = List.copyOf(clientPrefixes);
  }

  /** Allows nothing. */
  public static AllowList empty() {
    return EMPTY;
  }

  /** The shipped default list ({@link #DEFAULT_RESOURCE}). */
  public static AllowList defaults() {
    return parse(ResourceLines.read(DEFAULT_RESOURCE));
  }

  /**
   * An allow-list from lines in the text form (comments may still be on the lines).
   *
   * @throws IllegalArgumentException on a malformed client address or more than {@link #MAX_ENTRIES}
   */
  public static AllowList parse(List<String> lines) {
    Set<String> suffixes = new HashSet<>();
    List<Prefix> prefixes = new ArrayList<>();
    for (String raw : lines) {
      int hash = raw.indexOf('#');
      String line = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
      if (line.isEmpty()) {
        continue;
      }
      if (suffixes.size() + prefixes.size() >= MAX_ENTRIES) {
        throw new IllegalArgumentException("allow-list has more than " + MAX_ENTRIES + " entries");
      }
      String lower = line.toLowerCase(Locale.ROOT);
      if (lower.startsWith("client ") || lower.startsWith("client\t")) {
        prefixes.add(parsePrefix(line.substring(7).strip()));
      } else {
        suffixes.add(normaliseSuffix(lower));
      }
    }
    return new AllowList(suffixes, prefixes);
  }

  /** This list plus the entries of {@code other}. */
  public AllowList plus(AllowList other) {
    Set<String> s = new HashSet<>(suffixes);
    s.addAll(other.suffixes);
    List<Prefix> p = new ArrayList<>(clientPrefixes);
    p.addAll(other.clientPrefixes);
    return new AllowList(s, p);
  }

  /** This list plus domain suffixes. */
  public AllowList withDomains(String... domains) {
    List<String> lines = new ArrayList<>(List.of(domains));
    return plus(parse(lines));
  }

  /** This list plus clients (addresses or CIDR prefixes). */
  public AllowList withClients(String... clients) {
    List<String> lines = new ArrayList<>();
    for (String c : clients) {
      lines.add("client " + c);
    }
    return plus(parse(lines));
  }

  /**
   * Whether a lower-case name (presentation format, no final dot) is an allowed suffix or under one.
   * Walks the name's own suffixes, so the cost is its label count, not the list size.
   */
  public boolean allowsName(String lowerName) {
    if (suffixes.isEmpty()) {
      return false;
    }
    String n = lowerName.endsWith(".") ? lowerName.substring(0, lowerName.length() - 1) : lowerName;
    int from = 0;
    while (true) {
      if (suffixes.contains(from == 0 ? n : n.substring(from))) {
        return true;
      }
      int dot = n.indexOf('.', from);
      if (dot < 0) {
        return false;
      }
      from = dot + 1;
    }
  }

  /** Whether a client address is allowed (never a null one). */
  public boolean allowsClient(IpAddress client) {
    if (client == null) {
      return false;
    }
    for (Prefix p : clientPrefixes) {
      if (client.inPrefix(p.network(), p.length())) {
        return true;
      }
    }
    return false;
  }

  /** Number of domain suffixes. */
  public int domainCount() {
    return suffixes.size();
  }

  /** Number of client entries. */
  public int clientCount() {
    return clientPrefixes.size();
  }

  private static String normaliseSuffix(String lower) {
    String s = lower;
    if (s.startsWith("*.")) {
      s = s.substring(2);
    }
    if (s.endsWith(".")) {
      s = s.substring(0, s.length() - 1);
    }
    if (s.isEmpty() || s.indexOf(' ') >= 0 || s.indexOf('\t') >= 0) {
      throw new IllegalArgumentException("bad allow-list domain: \"" + lower + "\"");
    }
    return s;
  }

  private static Prefix parsePrefix(String text) {
    int slash = text.indexOf('/');
    String addr = slash >= 0 ? text.substring(0, slash) : text;
    if (!IpAddress.isLiteral(addr)) {
      throw new IllegalArgumentException("bad allow-list client: \"" + text + "\"");
    }
    IpAddress ip = IpAddress.parse(addr);
    int len = ip.length() * 8;
    if (slash >= 0) {
      try {
        len = Integer.parseInt(text.substring(slash + 1).strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad prefix length in \"" + text + "\"", e);
      }
      if (len < 0 || len > ip.length() * 8) {
        throw new IllegalArgumentException("bad prefix length in \"" + text + "\"");
      }
    }
    return new Prefix(ip, len);
  }
}
