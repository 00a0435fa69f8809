package org.dnslens.cli.command;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.dnslens.cli.error.ExitCodes;
import org.dnslens.cli.error.UserFacingException;
import org.dnslens.cli.error.WriteFailure;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.casefile.CaseException;
import org.dnslens.storage.search.TimeExpression;

/** What the case commands share: opening a case, reading times, writing JSON and CSV. */
public final class CaseAccess {
  private CaseAccess() {}

  /**
   * Opens an existing case for a command that only reads it (search, info, pdns, export, ioc hits): works
   * in a read-only folder, on a read-only file and on a full disk ({@link CaseDatabase#openReadOnly}).
   */
  public static CaseDatabase openForReading(Path path) {
    try {
      return CaseDatabase.openReadOnly(path);
    } catch (CaseException e) {
      throw new UserFacingException(e.getMessage(), ExitCodes.BAD_INPUT, e);
    }
  }

  /** Opens an existing case for a command that writes to it (hunt, ioc match) or explains why not. */
  public static CaseDatabase openExisting(Path path) {
    Path file = CaseDatabase.caseFile(path);
    Path folder = file.getParent();
    if (folder != null && Files.isDirectory(folder) && !Files.isWritable(folder) && Files.isWritable(file)) {
      // A case file the user may write, in a folder the user may not: the database would open it for
      // writing, fail to create its lock file beside it, and print its own stack trace while failing to
      // log that; refuse before it tries. Read commands open such a case read-only (openForReading).
      throw new UserFacingException(
          "cannot open " + file + ": its folder is read-only for you and the case database needs to create a lock"
              + " file beside a writable case; make the case file read-only too (chmod a-w) or copy it to a"
              + " writable folder",
          ExitCodes.CANNOT_WRITE);
    }
    try {
      return CaseDatabase.openExisting(path);
    } catch (CaseException e) {
      Optional<WriteFailure> failure = WriteFailure.in(e);
      if (failure.isPresent()) {
        // The database writes a lock file even to read a writable case: on a full disk it cannot.
        throw new UserFacingException(
            "cannot open " + file + ": " + failure.get().reason() + " (the case database writes a lock file beside"
                + " the case even to read it); " + failure.get().advice() + " or make the case file read-only"
                + " (chmod a-w)",
            ExitCodes.CANNOT_WRITE,
            e);
      }
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
    try {
      return TimeExpression.parse(text, referenceNanos);
    } catch (IllegalArgumentException e) {
      throw new UserFacingException(
          option + " \"" + shorten(text.strip()) + "\" is not a time: use ISO-8601 (2024-03-01T12:00:00Z) or a relative"
              + " time like -2h (before the case's last capture)",
          ExitCodes.USAGE,
          e);
    }
  }

  static String shorten(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "..." : s;
  }

  /** A JSON generator on the command's output; the caller writes a newline after each root value. */
  public static JsonGenerator json(Writer out) throws IOException {
    JsonFactory f = new JsonFactory();
    f.setRootValueSeparator(null);
    JsonGenerator g = f.createGenerator(out);
    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    return g;
  }

  /**
   * One CSV field (RFC 4180 quoting). Names are attacker-chosen, so a field a spreadsheet would take for
   * a formula (starting with = + - @ tab or CR) is prefixed with a single quote (OWASP CSV injection).
   */
  public static String csv(Object v) {
    if (v == null) {
      return "";
    }
    String s = v.toString();
    if (v instanceof CharSequence && !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
      s = "'" + s;
    }
    if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }

  public static String csvLine(Object... values) {
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
