package org.dnslens.cli.error;

import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import org.dnslens.engine.model.SafeText;
import org.dnslens.storage.casefile.CaseWriteException;

/**
 * Why a write failed, in words an analyst can act on, when the cause is the machine's and not dnslens's.
 * Writes to a case come typed from storage ({@link CaseWriteException}); for other files (an export's
 * output) the C library's error texts are matched, which only works in an untranslated locale:
 * the disk is full (ENOSPC), the process's file-size limit was reached (EFBIG: {@code ulimit -f}; the JVM
 * ignores SIGXFSZ, so the write fails instead of killing it), the quota is used up (EDQUOT), or the file
 * system is read-only (EROFS). Found anywhere in a cause chain, because the database wraps the
 * {@link IOException} of the failed write in its own exceptions several times over.
 *
 * @param reason what happened, lower case, e.g. "no space left on device"
 * @param advice what to do about it, lower case
 */
public record WriteFailure(String reason, String advice) {
  /** Deeper than any real chain (the database nests four or five); stops a malformed cyclic chain. */
  private static final int MAX_CAUSE_DEPTH = 64;

  /**
   * The strerror texts of glibc and musl (the JVM reports errno through them). Under a locale that
   * translates them a failure is not recognised and is reported as a plain I/O error instead.
   */
  private static final Map<String, WriteFailure> BY_MESSAGE =
      Map.of(
          "no space left on device", new WriteFailure("no space left on device", "free some space"),
          "file too large", new WriteFailure("file too large: the file-size limit (ulimit -f) was reached",
              "raise the limit or use a case on another file system"),
          "disk quota exceeded", new WriteFailure("disk quota exceeded", "free some space or raise the quota"),
          "read-only file system", new WriteFailure("the file system is read-only",
              "use a case on a writable file system"));

  /**
   * The write failure somewhere in {@code t}'s cause chain. A write to a case arrives typed from storage
   * ({@link CaseWriteException}: decided from exception types and the file system, whatever the locale);
   * other files (export output) are still recognised by the C library's texts below.
   */
  public static Optional<WriteFailure> in(Throwable t) {
    Optional<CaseWriteException> typed = CaseWriteException.in(t);
    if (typed.isPresent()) {
      return Optional.of(of(typed.get()));
    }
    return byMessage(t);
  }

  /** What a typed case write failure means for the user. */
  static WriteFailure of(CaseWriteException e) {
    return switch (e.reason()) {
      case NO_SPACE -> BY_MESSAGE.get("no space left on device");
      case READ_ONLY -> new WriteFailure("the case or its file system is read-only",
          "use a case on a writable file system (search, info and export can read a read-only case)");
      case IO -> new WriteFailure("the write failed (" + ioDetail(e) + ")",
          "check the disk, the quota and the file-size limit (ulimit -f)");
    };
  }

  /** The operating system's own words for an I/O failure (shown, never matched). */
  private static String ioDetail(CaseWriteException e) {
    Optional<WriteFailure> known = byMessage(e);
    if (known.isPresent()) {
      return known.get().reason();
    }
    Throwable c = e;
    String last = null;
    for (int depth = 0; c != null && depth < MAX_CAUSE_DEPTH; depth++) {
      if (c instanceof IOException && c.getMessage() != null) {
        last = c.getMessage();
      }
      c = c.getCause();
    }
    return last != null ? SafeText.escape(last.lines().findFirst().orElse("")) : "I/O error";
  }

  private static Optional<WriteFailure> byMessage(Throwable t) {
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    Throwable c = t;
    for (int depth = 0; c != null && depth < MAX_CAUSE_DEPTH && seen.put(c, Boolean.TRUE) == null; depth++) {
      String msg = c.getMessage();
      if (msg != null) {
        String lower = msg.toLowerCase(java.util.Locale.ROOT);
        for (Map.Entry<String, WriteFailure> e : BY_MESSAGE.entrySet()) {
          if (lower.contains(e.getKey())) {
            return Optional.of(e.getValue());
          }
        }
      }
      c = c.getCause();
    }
    return Optional.empty();
  }
}
