package org.dnslens.engine.model;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Resource record type codes and their mnemonics (IANA DNS parameters). An open set: unknown codes keep
 * their number and print as {@code TYPEnnn} (RFC 3597). The tables are immutable constants.
 */
public final class RrType {
  public static final int A = 1;
  public static final int NS = 2;
  public static final int CNAME = 5;
  public static final int SOA = 6;
  public static final int NULL = 10;
  public static final int WKS = 11;
  public static final int PTR = 12;
  public static final int HINFO = 13;
  public static final int MX = 15;
  public static final int TXT = 16;
  public static final int AAAA = 28;
  public static final int LOC = 29;
  public static final int SRV = 33;
  public static final int NAPTR = 35;
  public static final int DNAME = 39;
  public static final int OPT = 41;
  public static final int DS = 43;
  public static final int SSHFP = 44;
  public static final int RRSIG = 46;
  public static final int NSEC = 47;
  public static final int DNSKEY = 48;
  public static final int NSEC3 = 50;
  public static final int NSEC3PARAM = 51;
  public static final int SVCB = 64;
  public static final int HTTPS = 65;
  public static final int SPF = 99;
  public static final int TKEY = 249;
  public static final int TSIG = 250;
  public static final int IXFR = 251;
  public static final int AXFR = 252;
  public static final int ANY = 255;
  public static final int CAA = 257;

  private static final String[] NAMES = new String[65536];
  private static final Map<String, Integer> CODES;

  static {
    Object[][] table = {
      {1, "A"}, {2, "NS"}, {3, "MD"}, {4, "MF"}, {5, "CNAME"}, {6, "SOA"}, {7, "MB"}, {8, "MG"},
      {9, "MR"}, {10, "NULL"}, {11, "WKS"}, {12, "PTR"}, {13, "HINFO"}, {14, "MINFO"}, {15, "MX"},
      {16, "TXT"}, {17, "RP"}, {18, "AFSDB"}, {19, "X25"}, {20, "ISDN"}, {21, "RT"}, {22, "NSAP"},
      {23, "NSAP-PTR"}, {24, "SIG"}, {25, "KEY"}, {26, "PX"}, {27, "GPOS"}, {28, "AAAA"}, {29, "LOC"},
      {30, "NXT"}, {31, "EID"}, {32, "NIMLOC"}, {33, "SRV"}, {34, "ATMA"}, {35, "NAPTR"}, {36, "KX"},
      {37, "CERT"}, {38, "A6"}, {39, "DNAME"}, {40, "SINK"}, {41, "OPT"}, {42, "APL"}, {43, "DS"},
      {44, "SSHFP"}, {45, "IPSECKEY"}, {46, "RRSIG"}, {47, "NSEC"}, {48, "DNSKEY"}, {49, "DHCID"},
      {50, "NSEC3"}, {51, "NSEC3PARAM"}, {52, "TLSA"}, {53, "SMIMEA"}, {55, "HIP"}, {56, "NINFO"},
      {57, "RKEY"}, {58, "TALINK"}, {59, "CDS"}, {60, "CDNSKEY"}, {61, "OPENPGPKEY"}, {62, "CSYNC"},
      {63, "ZONEMD"}, {64, "SVCB"}, {65, "HTTPS"}, {66, "DSYNC"}, {99, "SPF"}, {100, "UINFO"},
      {101, "UID"}, {102, "GID"}, {103, "UNSPEC"}, {104, "NID"}, {105, "L32"}, {106, "L64"},
      {107, "LP"}, {108, "EUI48"}, {109, "EUI64"}, {249, "TKEY"}, {250, "TSIG"}, {251, "IXFR"},
      {252, "AXFR"}, {253, "MAILB"}, {254, "MAILA"}, {255, "ANY"}, {256, "URI"}, {257, "CAA"},
      {258, "AVC"}, {259, "DOA"}, {260, "AMTRELAY"}, {261, "RESINFO"}, {262, "WALLET"}, {32768, "TA"},
      {32769, "DLV"}
    };
    Map<String, Integer> codes = new HashMap<>();
    for (Object[] row : table) {
      NAMES[(Integer) row[0]] = (String) row[1];
      codes.put((String) row[1], (Integer) row[0]);
    }
    CODES = Map.copyOf(codes);
  }

  private RrType() {}

  /** The mnemonic, or {@code TYPEnnn} for a code without one. */
  public static String name(int code) {
    if (code < 0 || code > 0xffff) {
      throw new IllegalArgumentException("type code " + code);
    }
    String n = NAMES[code];
    return n != null ? n : "TYPE" + code;
  }

  /** Whether the code has a registered mnemonic. */
  public static boolean isKnown(int code) {
    return code >= 0 && code <= 0xffff && NAMES[code] != null;
  }

  /**
   * The code for a mnemonic (any case) or {@code TYPEnnn}, or {@code -1} if {@code text} is neither.
   */
  public static int code(String text) {
    String t = text.strip().toUpperCase(Locale.ROOT);
    Integer c = CODES.get(t);
    if (c != null) {
      return c;
    }
    if (t.startsWith("TYPE") && t.length() > 4 && t.length() <= 9) {
      try {
        int v = Integer.parseInt(t.substring(4));
        return v >= 0 && v <= 0xffff ? v : -1;
      } catch (NumberFormatException e) {
        return -1;
      }
    }
    return -1;
  }
}
