package org.dnslens.engine.model;

/**
 * Text made safe to show: names, TXT strings and other attacker-chosen data never reach a terminal, a log
 * or a GUI cell with control characters, ANSI escape sequences or bidi overrides intact.
 */
public final class SafeText {
  private SafeText() {}

  /**
   * Escapes C0/C1 control characters, DEL, backslash and bidi/invisible formatting characters as {@code
   * \\uXXXX} (backslash as {@code \\\\}); everything else printable is kept, including non-ASCII letters.
   */
  public static String escape(String s) {
    int n = s.length();
    int i = 0;
    while (i < n && !needsEscape(s.charAt(i))) {
      i++;
    }
    if (i == n) {
      return s;
    }
    StringBuilder sb = new StringBuilder(n + 16).append(s, 0, i);
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        sb.append("\\\\");
      } else if (needsEscape(c)) {
        appendUnicodeEscape(sb, c);
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** Like {@link #escape} but leaves backslashes alone (for text that is already presentation format). */
  public static String neutralise(String s) {
    int n = s.length();
    StringBuilder sb = null;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c != '\\' && needsEscape(c)) {
        if (sb == null) {
          sb = new StringBuilder(n + 16).append(s, 0, i);
        }
        appendUnicodeEscape(sb, c);
      } else if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? s : sb.toString();
  }

  /** Whether {@code s} holds a bidi control or invisible formatting character (a spoofing signal). */
  public static boolean hasBidiControl(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (isBidiOrInvisible(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the letters of {@code s} come from more than one script (Latin mixed with Cyrillic, Greek...),
   * the usual shape of a homoglyph name. Digits, punctuation and common characters do not count.
   */
  public static boolean hasMixedScripts(String s) {
    Character.UnicodeScript first = null;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (!Character.isLetter(cp)) {
        continue;
      }
      Character.UnicodeScript script = Character.UnicodeScript.of(cp);
      if (script == Character.UnicodeScript.COMMON || script == Character.UnicodeScript.INHERITED) {
        continue;
      }
      if (first == null) {
        first = script;
      } else if (first != script) {
        return true;
      }
    }
    return false;
  }

  private static void appendUnicodeEscape(StringBuilder sb, char c) {
    sb.append("\\u");
    for (int shift = 12; shift >= 0; shift -= 4) {
      sb.append(Character.forDigit((c >>> shift) & 0xf, 16));
    }
  }

  private static boolean needsEscape(char c) {
    if (c < 0x7f) {
      // most text is printable ASCII: decided in two or three comparisons (each one a callback under the fuzzer)
      return c < 0x20 || c == '\\';
    }
    return c <= 0x9f || isBidiOrInvisible(c);
  }

  private static boolean isBidiOrInvisible(char c) {
    return (c >= '\u202a' && c <= '\u202e')
        || (c >= '\u2066' && c <= '\u2069')
        || c == '\u200e'
        || c == '\u200f'
        || c == '\u061c'
        || (c >= '\u200b' && c <= '\u200d')
        || c == '\u2060'
        || c == '\ufeff';
  }
}
