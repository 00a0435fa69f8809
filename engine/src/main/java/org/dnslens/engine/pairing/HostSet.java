package org.dnslens.engine.pairing;

import java.util.HashSet;
import java.util.Set;
import org.dnslens.engine.model.IpAddress;

/**
 * A set of host addresses for resolver detection: IPv4 addresses as ints in an open-addressing table,
 * IPv6 addresses in a plain {@link HashSet}.
 *
 * <p>Why not {@code HashSet<IpAddress>} for all: the pairer asks about the hosts of every message and
 * transaction (querier, answerer, both ends of each role), and in a cold {@code read} of gen1m.pcap
 * those lookups were about a tenth of the reader thread's samples: a hash table node per entry, and
 * for an address the decoder's small cache did not share, {@code Arrays.hashCode} and {@code
 * Arrays.equals} over its bytes (docs/PERFORMANCE.md, session 17). Here an IPv4 lookup is a multiply
 * and a probe of an int array. Not thread-safe, like the pairer.
 */
final class HostSet {
  private static final int MIN_CAPACITY = 16;

  /** IPv4 keys; 0 marks an empty slot, so 0.0.0.0 itself is kept in {@link #hasZero}. */
  private int[] v4 = new int[MIN_CAPACITY];
  private int v4Size;
  private boolean hasZero;
  private final Set<IpAddress> others = new HashSet<>();

  /** Whether {@code address} (not null) was added. */
  boolean contains(IpAddress address) {
    if (!address.isIpv4()) {
      return others.contains(address);
    }
    int key = address.toIpv4Int();
    if (key == 0) {
      return hasZero;
    }
    int[] t = v4;
    int mask = t.length - 1;
    for (int i = slot(key, mask); ; i = (i + 1) & mask) {
      int k = t[i];
      if (k == key) {
        return true;
      }
      if (k == 0) {
        return false;
      }
    }
  }

  /** Adds {@code address} (not null); true when it was not there yet. */
  boolean add(IpAddress address) {
    if (!address.isIpv4()) {
      return others.add(address);
    }
    int key = address.toIpv4Int();
    if (key == 0) {
      boolean added = !hasZero;
      hasZero = true;
      return added;
    }
    if (insert(v4, key)) {
      v4Size++;
      if (2 * v4Size > v4.length) { // load at most one half: probes stay short
        grow();
      }
      return true;
    }
    return false;
  }

  int size() {
    return v4Size + (hasZero ? 1 : 0) + others.size();
  }

  boolean isEmpty() {
    return size() == 0;
  }

  private static boolean insert(int[] t, int key) {
    int mask = t.length - 1;
    for (int i = slot(key, mask); ; i = (i + 1) & mask) {
      int k = t[i];
      if (k == key) {
        return false;
      }
      if (k == 0) {
        t[i] = key;
        return true;
      }
    }
  }

  private void grow() {
    int[] bigger = new int[v4.length * 2];
    for (int k : v4) {
      if (k != 0) {
        insert(bigger, k);
      }
    }
    v4 = bigger;
  }

  /**
   * Fibonacci hashing with the product's high half folded into its low bits, so that the addresses of
   * one subnet (which differ only in their low bits) spread over the table instead of filling one run.
   */
  private static int slot(int key, int mask) {
    int h = key * 0x9E3779B9;
    return (h ^ (h >>> 16)) & mask;
  }
}
