package org.dnslens.cli.command;

import static org.assertj.core.api.Assertions.fail;

/** What may reach a terminal: no C0/C1 control other than newline and tab, no bidi controls. */
final class TerminalSafety {
  private TerminalSafety() {}

  static void assertNoRawControls(String text, String what) {
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      if (isUnsafe(cp)) {
        int from = Math.max(0, i - 40);
        fail("%s holds raw U+%04X at char %d near: %s", what, cp, i,
            text.substring(from, Math.min(text.length(), i + 40)).replaceAll("\\p{Cntrl}", "?"));
      }
      i += Character.charCount(cp);
    }
  }

  static boolean isUnsafe(int cp) {
    if (cp == '\n' || cp == '\t') {
      return false;
    }
    return cp < 0x20
        || (cp >= 0x7f && cp <= 0x9f)
        || (cp >= 0x202a && cp <= 0x202e) // LRE RLE PDF LRO RLO
        || (cp >= 0x2066 && cp <= 0x2069) // LRI RLI FSI PDI
        || cp == 0x200e || cp == 0x200f || cp == 0x061c; // LRM RLM ALM
  }
}
