package org.dnslens.engine.model;

/** DNS class codes; unknown codes print as {@code CLASSnnn} (RFC 3597). */
public final class DnsClass {
  public static final int IN = 1;
  public static final int CH = 3;
  public static final int HS = 4;
  public static final int NONE = 254;
  public static final int ANY = 255;

  private DnsClass() {}

  /**
   * The mnemonic of a 16-bit class. Callers strip mDNS's top bit (RFC 6762 unicast-response /
   * cache-flush) first when they know the message is mDNS.
   */
  public static String name(int code) {
    switch (code) {
      case IN:
        return "IN";
      case CH:
        return "CH";
      case HS:
        return "HS";
      case NONE:
        return "NONE";
      case ANY:
        return "ANY";
      default:
        return "CLASS" + code;
    }
  }

  /** The code for a mnemonic or {@code CLASSnnn}, or {@code -1}. */
  public static int code(String text) {
    String t = text.strip().toUpperCase(java.util.Locale.ROOT);
    switch (t) {
      case "IN":
        return IN;
      case "CH":
      case "CHAOS":
        return CH;
      case "HS":
        return HS;
      case "NONE":
        return NONE;
      case "ANY":
        return ANY;
      default:
        if (t.startsWith("CLASS") && t.length() > 5 && t.length() <= 10) {
          try {
            int v = Integer.parseInt(t.substring(5));
            return v >= 0 && v <= 0xffff ? v : -1;
          } catch (NumberFormatException e) {
            return -1;
          }
        }
        return -1;
    }
  }
}
