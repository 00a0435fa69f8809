package org.dnslens.gui.transactions;

import java.net.IDN;
import java.util.Locale;
import org.dnslens.engine.model.SafeText;

/**
 * A stored name made safe for a table cell: control and bidi/invisible characters escaped (so a name
 * cannot reorder or hide the text around it), and an internationalised name shown as its punycode with the
 * Unicode form after it in brackets, itself escaped, so a homoglyph never passes for the ASCII name.
 */
public final class DisplayName {
  private DisplayName() {}

  public static String of(String presentation) {
    if (presentation == null) {
      return "";
    }
    String safe = SafeText.neutralise(presentation);
    if (!safe.toLowerCase(Locale.ROOT).contains("xn--")) {
      return safe;
    }
    try {
      String unicode = IDN.toUnicode(presentation, IDN.ALLOW_UNASSIGNED);
      if (!unicode.equals(presentation)) {
        return safe + "  [" + SafeText.escape(unicode) + "]";
      }
    } catch (IllegalArgumentException e) {
      // Not valid punycode: show the ASCII form only, which is what was on the wire.
      return safe;
    }
    return safe;
  }
}
