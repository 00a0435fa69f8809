package org.dnslens.storage.search;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A time in a search, as the CLI ({@code --since}) and the GUI filter bar ({@code since:}) both write it:
 * ISO-8601 (a date meaning its midnight UTC, a UTC or offset date-time, a local date-time taken as UTC) or
 * relative ({@code -90s}, {@code -30m}, {@code -2h}, {@code -1d}, {@code -1w}) counted back from a reference:
 * the case's last capture timestamp, because a forensic case is about then, not about now.
 */
public final class TimeExpression {
  private static final Pattern RELATIVE = Pattern.compile("-(\\d{1,9})([smhdw])");

  private TimeExpression() {}

  /**
   * Epoch nanoseconds for {@code text}.
   *
   * @throws IllegalArgumentException when it is not a time (the message is one sentence for the user)
   */
  public static long parse(String text, long referenceNanos) {
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
      String shown = t.length() > 60 ? t.substring(0, 60) + "..." : t;
      throw new IllegalArgumentException(
          "\"" + shown + "\" is not a time: use ISO-8601 (2024-03-01T12:00:00Z) or relative (-2h)", e);
    }
  }
}
