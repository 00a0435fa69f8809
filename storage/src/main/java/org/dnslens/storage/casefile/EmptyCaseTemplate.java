package org.dnslens.storage.casefile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A new, empty case made once at build time: the H2 file Flyway's migrations produce, carried in the jar
 * beside this class and copied wherever a case is created.
 *
 * <p>Why: every new case used to start Flyway (its ~1,260 classes and a scan of the jar for migrations)
 * and run the 13 migrations' DDL, ~0.3 s of CPU and 0.25-0.6 s of wall time before an ingest's reader
 * could start, on the 1 M capture's critical path. Copying this ~40 KB file takes a millisecond; 6
 * alternated pairs of 1 M ingests, a fresh case against a copied empty one: wall 12.21 -> 11.81 s (mean),
 * CPU 21.0 -> 20.3 s (docs/PERFORMANCE.md, session 25).
 *
 * <p>The template is what {@link CaseDatabase#buildSchema} makes, so a case made from it is the case
 * Flyway would have made (schema, history rows, checksums: {@code EmptyCaseTemplateTest}), except that
 * the history's {@code installed_on} times are the build's. Every open still reads the history: a
 * template older than the program (a stale build tree) is migrated by Flyway as any older case would be.
 * Where the resource is missing (a build that skipped the step), cases are made by Flyway as before.
 */
public final class EmptyCaseTemplate {
  /** The template's name, beside this class on the class path. */
  static final String RESOURCE = "empty-case" + CaseDatabase.FILE_SUFFIX;

  private EmptyCaseTemplate() {}

  /**
   * Copies the template to {@code target} (which must not exist). False, and nothing written, when the
   * program carries no template.
   */
  static boolean copyTo(Path target) throws IOException {
    return copyTo(RESOURCE, target);
  }

  static boolean copyTo(String resource, Path target) throws IOException {
    try (InputStream in = EmptyCaseTemplate.class.getResourceAsStream(resource)) {
      if (in == null) {
        return false;
      }
      Files.copy(in, target);
      return true;
    }
  }

  /**
   * The build's step (storage/pom.xml, {@code process-classes}): writes the template to {@code args[0]}.
   * Built under a temporary name and moved into place, so an interrupted build never leaves a torn one.
   */
  public static void main(String[] args) throws IOException, CaseException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: EmptyCaseTemplate OUTPUT" + CaseDatabase.FILE_SUFFIX);
    }
    Path out = Path.of(args[0]).toAbsolutePath();
    String name = out.getFileName().toString();
    if (!name.endsWith(CaseDatabase.FILE_SUFFIX)) {
      throw new IllegalArgumentException(out + " does not end in " + CaseDatabase.FILE_SUFFIX);
    }
    // Flyway logs each migration through java.util.logging here (no SLF4J binding on the build's class
    // path): eighteen lines of INFO in every build's output. Held in a local so the level outlives the run.
    Logger flywayLog = Logger.getLogger("org.flywaydb");
    flywayLog.setLevel(Level.WARNING);
    Files.createDirectories(out.getParent());
    String tmpBase = out.resolveSibling(name.substring(0, name.length() - CaseDatabase.FILE_SUFFIX.length()))
        + CaseDatabase.CREATING_INFIX + ProcessHandle.current().pid();
    Path tmp = Path.of(tmpBase + CaseDatabase.FILE_SUFFIX);
    try {
      CaseDatabase.buildSchema(tmpBase, out);
      Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
      Files.deleteIfExists(Path.of(tmpBase + ".trace.db"));
    }
  }
}
