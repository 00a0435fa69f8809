package org.dnslens.engine.ioc;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.dnslens.engine.ioc.IocValueParser.BadValueException;
import org.dnslens.engine.ioc.IocValueParser.Expect;
import org.dnslens.engine.ioc.IocValueParser.Parsed;
import org.dnslens.engine.model.Ioc;
import org.dnslens.engine.model.IpAddress;

/**
 * Plain lists: one entry per line, {@code #}, {@code //}, {@code ;} and {@code !} comment lines, trailing
 * comments after whitespace, hosts-file lines ({@code 0.0.0.0 a b c}), Adblock {@code ||evil.com^}, and
 * everything {@link IocValueParser} reads (defanged forms, URLs, wildcards, IPs, CIDRs).
 */
final class TextListParser {
  /** Names every hosts file lists for itself; they are the file's furniture, not indicators. */
  private static final Set<String> HOSTS_FURNITURE =
      Set.of(
          "localhost",
          "localhost.localdomain",
          "local",
          "broadcasthost",
          "ip6-localhost",
          "ip6-loopback",
          "ip6-localnet",
          "ip6-mcastprefix",
          "ip6-allnodes",
          "ip6-allrouters",
          "ip6-allhosts",
          "0.0.0.0");

  private TextListParser() {}

  static void parse(BoundedLineReader lines, IocCollector out, int maxLineChars) throws IOException {
    String line;
    while (!out.full() && (line = lines.readLine()) != null) {
      long no = lines.lineNumber();
      if (lines.truncated()) {
        out.problem(no, "line longer than " + maxLineChars + " characters", line);
        continue;
      }
      parseLine(line, no, out);
    }
  }

  static void parseLine(String raw, long no, IocCollector out) {
    String line = raw;
    if (no == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
      line = line.substring(1);
    }
    line = line.strip();
    if (line.isEmpty() || isComment(line)) {
      return;
    }
    String comment = null;
    int cut = trailingComment(line);
    if (cut >= 0) {
      comment = line.substring(cut).strip();
      comment = comment.charAt(0) == '#' ? comment.substring(1) : comment.substring(2);
      line = line.substring(0, cut).strip();
      if (line.isEmpty()) {
        return;
      }
    }
    if (line.length() >= 2 && line.charAt(0) == '|' && line.charAt(1) == '|') {
      // Adblock syntax: ||evil.com^ or ||evil.com^$third-party
      line = line.substring(2);
      int end = firstOf(line, '^', '$');
      line = end >= 0 ? line.substring(0, end) : line;
    }
    String[] tokens = hasWhitespace(line) ? splitOnSpace(line) : new String[] {line};
    if (tokens.length == 0) {
      // only spaces between an Adblock rule's || and ^ (this indexed an empty array before)
      out.problem(no, "empty value", raw);
      return;
    }
    if (tokens.length >= 2 && IpAddress.isLiteral(tokens[0]) && (isSinkAddress(tokens[0]) || allFurniture(tokens))) {
      // hosts-file line: the address is the sinkhole, the names are the indicators
      for (int i = 1; i < tokens.length; i++) {
        if (!HOSTS_FURNITURE.contains(tokens[i].toLowerCase(java.util.Locale.ROOT))) {
          add(tokens[i], no, IocCollector.text(comment), out, raw);
        }
      }
      return;
    }
    if (tokens.length == 1 && isSinkAddress(tokens[0])) {
      return; // a hosts-file line with no name
    }
    String description = comment;
    if (tokens.length >= 2) {
      String rest = line.substring(tokens[0].length()).strip();
      description = comment == null ? rest : rest + " " + comment;
    }
    add(tokens[0], no, IocCollector.text(description), out, raw);
  }

  private static void add(String value, long no, String description, IocCollector out, String raw) {
    try {
      Parsed p = IocValueParser.parse(value, Expect.ANY);
      out.add(new Ioc(p.value(), p.kind(), out.list, no, null, List.of(), description, null, null));
    } catch (BadValueException e) {
      out.problem(no, e.getMessage(), raw);
    }
  }

  private static boolean hasWhitespace(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static boolean allFurniture(String[] tokens) {
    for (int i = 1; i < tokens.length; i++) {
      if (!HOSTS_FURNITURE.contains(tokens[i].toLowerCase(java.util.Locale.ROOT))) {
        return false;
      }
    }
    return true;
  }

  /** Whether a stripped, non-empty line is a comment line. */
  static boolean isComment(String line) {
    char c = line.charAt(0);
    return c == '#' || c == ';' || c == '!' || (c == '/' && line.length() > 1 && line.charAt(1) == '/');
  }

  /**
   * Where a comment after the entry starts ({@code " #"} or {@code " //"}), or -1. The candidates are
   * found with {@link String#indexOf(int, int)}: a loop over every character costs a callback per
   * comparison under the fuzzer.
   */
  static int trailingComment(String line) {
    int found = -1;
    for (int i = line.indexOf('#', 1); i >= 0; i = line.indexOf('#', i + 1)) {
      if (Character.isWhitespace(line.charAt(i - 1))) {
        found = i;
        break;
      }
    }
    int end = found < 0 ? line.length() : found;
    for (int i = line.indexOf('/', 1); i >= 0 && i < end; i = line.indexOf('/', i + 1)) {
      if (i + 1 < line.length() && line.charAt(i + 1) == '/' && Character.isWhitespace(line.charAt(i - 1))) {
        return i;
      }
    }
    return found;
  }

  /**
   * What {@code Pattern.compile("\\s+").split(line)} gives (ASCII whitespace separates, a leading
   * separator gives an empty first token, trailing empty tokens are dropped), without the regex engine,
   * whose every step is hooked under the fuzzer.
   */
  static String[] splitOnSpace(String line) {
    List<String> tokens = new ArrayList<>();
    int n = line.length();
    int start = 0;
    int i = 0;
    while (i < n) {
      if (!isRegexSpace(line.charAt(i))) {
        i++;
        continue;
      }
      int j = i + 1;
      while (j < n && isRegexSpace(line.charAt(j))) {
        j++;
      }
      tokens.add(line.substring(start, i));
      start = j;
      i = j;
    }
    tokens.add(line.substring(start, n));
    int size = tokens.size();
    while (size > 0 && tokens.get(size - 1).isEmpty()) {
      size--;
    }
    return tokens.subList(0, size).toArray(new String[0]);
  }

  /** Regex {@code \\s}: space, tab, LF, VT, FF, CR (not Unicode spaces). */
  private static boolean isRegexSpace(char c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
  }

  private static int firstOf(String s, char a, char b) {
    int i = s.indexOf(a);
    int j = s.indexOf(b);
    if (i < 0) {
      return j;
    }
    return j < 0 ? i : Math.min(i, j);
  }

  /** The addresses hosts-file blocklists point names at: 0.0.0.0, 127/8, :: and ::1. */
  static boolean isSinkAddress(String token) {
    if (!IpAddress.isLiteral(token)) {
      return false;
    }
    try {
      IpAddress a = IpAddress.parse(token);
      if (a.isIpv4()) {
        return a.byteAt(0) == 127 || a.toIpv4Int() == 0;
      }
      for (int i = 0; i < 15; i++) {
        if (a.byteAt(i) != 0) {
          return false;
        }
      }
      return a.byteAt(15) <= 1;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
