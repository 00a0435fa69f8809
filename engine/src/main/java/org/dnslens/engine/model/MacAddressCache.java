package org.dnslens.engine.model;

/**
 * Hands out one shared {@link MacAddress} per address seen recently, like {@link IpAddressCache}: a
 * capture's few hosts (often just the router's and the sensor's MAC) do not become two objects per
 * packet, and each address's text is built once.
 *
 * <p>A direct-mapped table of {@link #SLOTS} entries: a collision replaces the slot, so memory is fixed
 * whatever the capture holds. Not thread-safe: one per decoder.
 */
public final class MacAddressCache {
  /** Slots of the table (a power of two): 1024 references, about 4 KB with compressed oops. */
  public static final int SLOTS = 1024;

  private final MacAddress[] table = new MacAddress[SLOTS];

  /**
   * The MAC address with these 48 bits.
   *
   * @throws IllegalArgumentException if {@code value} is wider than 48 bits
   */
  public MacAddress of(long value) {
    long h = value * 0x9E3779B97F4A7C15L;
    int slot = (int) (h >>> 54) & (SLOTS - 1);
    MacAddress a = table[slot];
    if (a == null || a.value() != value) {
      a = new MacAddress(value);
      table[slot] = a;
    }
    return a;
  }
}
