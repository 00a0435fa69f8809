package org.dnslens.storage.casefile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.h2.api.ErrorCode;

/**
 * Rewrites a closed case's H2 file with its live data only, so it is no bigger than that data needs. H2's
 * MVStore keeps the chunks a deletion frees for later writes and never gives them back to the file system
 * on its own: a segment compaction (which rewrites every page, then deletes the old ones) left a 1 M case
 * 70 % bigger than before it. Only {@code SHUTDOWN COMPACT} copies the live pages into a new file; it
 * closes the database for every session, so it is run only where no other session can be cut off.
 *
 * <p><b>Only when nobody else has the case open.</b> The case is opened <em>without</em> AUTO_SERVER: H2
 * refuses that open while another process holds the case (its lock file), and nobody can join it while we
 * hold it (no server is started). A session of this JVM already on the database (a {@link CaseDatabase}
 * still open) shows in {@code INFORMATION_SCHEMA.SESSIONS}; then nothing is done either. The caller closes
 * its own {@link CaseDatabase} first.
 *
 * <p><b>Nobody writes between the copy and the rename.</b> H2's {@code SHUTDOWN COMPACT} closes the
 * database's store (which releases its lock on {@code case.mv.db}), copies the live pages into {@code
 * case.mv.db.tempFile}, then renames the copy over the case, and only then releases the database's lock
 * file. Opened without AUTO_SERVER, H2 locks the case by the {@code .mv.db} file alone (FILE_LOCK=FS, no
 * lock file): for the whole copy, up to seconds on a large case, the case was locked by nobody, so another
 * program (the GUI, an ingest, a search that upgrades the schema) could open it, commit, and have its
 * commit silently replaced by the copy taken before it. {@code FILE_LOCK=FILE} takes the lock file every
 * AUTO_SERVER open checks first, and H2 keeps it until after the rename: such an open is refused ("locked
 * by another program") instead ({@code CaseFileCompactionWindowTest} opens the case at that very moment).
 *
 * <p><b>Killed.</b> H2 writes the copy to {@code case.mv.db.tempFile} while it still holds the lock file,
 * and replaces the case by an atomic rename: a kill at any point leaves either the old file (plus a stray
 * {@code .tempFile}, which the next file compaction deletes first) or the new one, both whole.
 */
public final class CaseFileCompaction {
  /** H2's name for the copy being written, beside the case ({@code MVStore} database close). */
  static final String TEMP_SUFFIX = ".tempFile";

  /**
   * What a file compaction did.
   *
   * @param compacted false when the case was open elsewhere and was left as it was
   * @param bytesBefore the file's size before
   * @param bytesAfter the file's size after (equal to before when not compacted)
   * @param millis wall time of the rewrite
   */
  public record Result(boolean compacted, long bytesBefore, long bytesAfter, long millis) {}

  private CaseFileCompaction() {}

  /**
   * Rewrites the case's file with its live data, unless another session has the case open (then returns a
   * result with {@code compacted} false; the file shrinks at a later {@code dnslens compact} when the case is
   * not open anywhere else).
   */
  public static Result compact(Path casePath) throws CaseException {
    return compact(casePath, "file:");
  }

  /**
   * {@link #compact(Path)} through the H2 file system {@code fileSystem} ({@code "file:"}; a test passes a
   * wrapper of its own to act at the moment H2 renames the copy over the case).
   */
  static Result compact(Path casePath, String fileSystem) throws CaseException {
    Path file = CaseDatabase.caseFile(casePath);
    if (!Files.exists(file)) {
      throw new CaseException("no case at " + file);
    }
    long before = size(file);
    String base = file.toString().substring(0, file.toString().length() - CaseDatabase.FILE_SUFFIX.length());
    long start = System.nanoTime();
    // IFEXISTS: never create a database here; no AUTO_SERVER: an exclusive open or none (see the class
    // comment). FILE_LOCK=FILE: hold the case's lock file until the rewritten copy has replaced the case.
    String url = "jdbc:h2:" + fileSystem + base + ";IFEXISTS=TRUE;FILE_LOCK=FILE;TRACE_LEVEL_FILE=0";
    Connection c;
    try {
      c = DriverManager.getConnection(url, "sa", "");
    } catch (SQLException e) {
      if (e.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1) {
        return new Result(false, before, before, 0);
      }
      throw explain(e, file);
    }
    try (Statement st = c.createStatement()) {
      try (var rs = st.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS")) {
        rs.next();
        if (rs.getInt(1) > 1) {
          // another session of this JVM shares the database: SHUTDOWN would close it under its feet
          c.close();
          return new Result(false, before, before, 0);
        }
      }
      st.execute("SHUTDOWN COMPACT");
    } catch (SQLException e) {
      // A failed rewrite (full disk, most likely) leaves the old case whole but a partial copy beside it,
      // taking the space the disk lacks: it is never opened, so it goes now, not at the next compaction.
      try {
        Files.deleteIfExists(Path.of(file + TEMP_SUFFIX));
      } catch (IOException ignored) {
        // the next file compaction deletes it first
      }
      throw explain(e, file);
    } finally {
      try {
        c.close();
      } catch (SQLException ignored) {
        // already closed by SHUTDOWN
      }
    }
    return new Result(true, before, size(file), (System.nanoTime() - start) / 1_000_000);
  }

  private static CaseException explain(SQLException e, Path file) {
    CaseWriteException write = CaseWriteException.classify("cannot compact the case file " + file, e, file);
    return new CaseException("cannot compact the case file " + file + ": " + e.getMessage(), write != null ? write : e);
  }

  private static long size(Path file) throws CaseException {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new CaseException("cannot read the case " + file + ": " + e.getMessage(), e);
    }
  }
}
