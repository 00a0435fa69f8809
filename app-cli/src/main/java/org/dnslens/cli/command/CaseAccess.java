package org.dnslens.cli.command;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dnslens.cli.error.ExitCodes;
import org.dnslens.cli.error.UserFacingException;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.casefile.CaseException;

/** What the case commands share: opening a case, reading times, writing JSON and CSV. */
final class CaseAccess {
  private static final Pattern RELATIVE = Pattern.compile("-(\\d{1,9})([smhdw])");

  private CaseAccess() {}

  /** Opens an existing case or explains in one sentence why not. */
  static CaseDatabase openExisting(Path path) {
    try {
      return CaseDatabase.openExisting(path);
    } catch (CaseException e) {
      throw new UserFacingException(e.getMessage(), ExitCodes.BAD_INPUT, e);
    }
  }

  /**
   * A point in time as epoch nanoseconds: ISO-8601 ({@code 2024-03-01T12:00:00Z}, an offset, a local
   * date-time taken as UTC, or a date meaning its midnight UTC), or relative ({@code -2h}, {@code -30m},
   * {@code -1d}, {@code -90s}, {@code -1w}) counted back from {@code referenceNanos}: the case's last
   * capture timestamp, because a forensic case is about then, not about now.
   */
  static long parseTime(String text, String option, long referenceNanos) {
    String t = text.strip();
    Matcher m = RELATIVE.matcher(t.toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      long unitSeconds =
          switch (m.group(2)) {
            case "s" -> 1;
            case "m" -> 60;
            case "h" -> 3600;
            case "d" -> 86_400;
            default -> 604_800;
          };
      return referenceNanos - n * unitSeconds * 1_000_000_000L;
    }
    try {
      Instant i;
      if (t.length() == 10) {
        i = LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
      } else if (t.endsWith("Z") || t.endsWith("z")) {
        i = Instant.parse(t.toUpperCase(Locale.ROOT));
      } else if (t.matches(".*[+-]\\d\\d:?\\d\\d$")) {
        i = OffsetDateTime.parse(t).toInstant();
      } else {
        i = LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
      }
      return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
    } catch (DateTimeException | ArithmeticException e) {
      throw new UserFacingException(
          option + " \"" + shorten(t) + "\" is not a time: use ISO-8601 (2024-03-01T12:00:00Z) or a relative"
              + " time like -2h (before the case's last capture)",
          ExitCodes.USAGE,
          e);
    }
  }

  static String shorten(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "..." : s;
  }

  /** A JSON generator on the command's output; the caller writes a newline after each root value. */
  static JsonGenerator json(Writer out) throws IOException {
    JsonFactory f = new JsonFactory();
    f.setRootValueSeparator(null);
    JsonGenerator g = f.createGenerator(out);
    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    return g;
  }

  /** One CSV field (RFC 4180 quoting). */
  static String csv(Object v) {
    if (v == null) {
      return "";
    }
    String s = v.toString();
    if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }

  static String csvLine(Object... values) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(csv(values[i]));
    }
    return sb.toString();
  }
}
