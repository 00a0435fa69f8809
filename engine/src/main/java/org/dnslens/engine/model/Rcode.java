package org.dnslens.engine.model;

import java.util.Locale;

/** Response codes, including EDNS extended codes (RFC 6891: 12 bits). Unknown codes print as {@code RCODEnnn}. */
public final class Rcode {
  public static final int NOERROR = 0;
  public static final int FORMERR = 1;
  public static final int SERVFAIL = 2;
  public static final int NXDOMAIN = 3;
  public static final int NOTIMP = 4;
  public static final int REFUSED = 5;
  public static final int BADVERS = 16;
  public static final int BADCOOKIE = 23;

  private static final String[] NAMES = {
    "NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED", "YXDOMAIN", "YXRRSET", "NXRRSET",
    "NOTAUTH", "NOTZONE", "DSOTYPENI", null, null, null, null, "BADVERS", "BADKEY", "BADTIME", "BADMODE",
    "BADNAME", "BADALG", "BADTRUNC", "BADCOOKIE"
  };

  private Rcode() {}

  /** The mnemonic, or {@code RCODEnnn}. */
  public static String name(int code) {
    if (code >= 0 && code < NAMES.length && NAMES[code] != null) {
      return NAMES[code];
    }
    return "RCODE" + code;
  }

  /** The code for a mnemonic (any case), {@code RCODEnnn} or a number, or {@code -1}. */
  public static int code(String text) {
    String t = text.strip().toUpperCase(Locale.ROOT);
    for (int i = 0; i < NAMES.length; i++) {
      if (t.equals(NAMES[i])) {
        return i;
      }
    }
    String digits = t.startsWith("RCODE") ? t.substring(5) : t;
    if (!digits.isEmpty() && digits.length() <= 4 && digits.chars().allMatch(Character::isDigit)) {
      int v = Integer.parseInt(digits);
      return v <= 4095 ? v : -1;
    }
    return -1;
  }
}
