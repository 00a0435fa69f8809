package org.dnslens.testdata.gen;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Injected behaviours, each off by default. Every enabled actor gets its own {@link ActorTruth}.
 *
 * @param tunnel a client sending many unique long high-entropy subdomains of one domain (TXT/NULL/CNAME)
 * @param beacon a client querying one fixed name every {@value BeaconActor#INTERVAL_SECONDS} s for hours
 * @param dga a client sending bursts of random same-length names that give NXDOMAIN, one per burst resolving
 * @param bypass a client querying a public resolver (8.8.8.8) directly instead of the local resolvers
 * @param dot a client opening DNS-over-TLS connections (TCP port 853; handshake and close, no payload)
 * @param anyQueries a client sending ANY queries
 */
public record Actors(
    boolean tunnel, boolean beacon, boolean dga, boolean bypass, boolean dot, boolean anyQueries) {

  /** Names accepted by {@link #parse(String)}, in the order actors are scheduled. */
  public static final List<String> NAMES = List.of("tunnel", "beacon", "dga", "bypass", "dot", "any");

  public static Actors none() {
    return new Actors(false, false, false, false, false, false);
  }

  public static Actors all() {
    return new Actors(true, true, true, true, true, true);
  }

  /**
   * Parses a comma-separated list such as {@code tunnel,beacon,dga}; {@code all} and {@code none} are
   * accepted too.
   *
   * @throws IllegalArgumentException on an unknown name
   */
  public static Actors parse(String csv) {
    boolean[] on = new boolean[NAMES.size()];
    for (String raw : csv.split(",", -1)) {
      String name = raw.trim().toLowerCase(Locale.ROOT);
      if (name.isEmpty() || name.equals("none")) {
        continue;
      }
      if (name.equals("all")) {
        return all();
      }
      int index = NAMES.indexOf(name);
      if (index < 0) {
        throw new IllegalArgumentException("unknown actor '" + raw.trim() + "', expected one of " + NAMES);
      }
      on[index] = true;
    }
    return new Actors(on[0], on[1], on[2], on[3], on[4], on[5]);
  }

  /** The enabled actor names, in {@link #NAMES} order. */
  public List<String> enabled() {
    boolean[] on = {tunnel, beacon, dga, bypass, dot, anyQueries};
    List<String> names = new ArrayList<>();
    for (int i = 0; i < on.length; i++) {
      if (on[i]) {
        names.add(NAMES.get(i));
      }
    }
    return List.copyOf(names);
  }
}
