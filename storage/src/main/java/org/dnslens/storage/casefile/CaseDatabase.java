package org.dnslens.storage.casefile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.dnslens.storage.layout.BlobCodec;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.h2.api.ErrorCode;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.h2.H2DatabasePlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * An open case: one H2 file holding every transaction, record, passive-DNS aggregate, issue and source of
 * an investigation.
 *
 * <p><b>File name.</b> H2 stores a database {@code base} in {@code base.mv.db}. {@link #open} accepts
 * either form: {@code case.mv.db} or {@code case} both mean the file {@code case.mv.db}.
 *
 * <p><b>Concurrency.</b> Cases are opened with H2's {@code AUTO_SERVER=TRUE}: the first process to open
 * a case serves it to the others over a loopback socket, so the GUI and the CLI can have the same case
 * open at once (only local connections are accepted; the port and a random key are in the lock file).
 * Ingests are serialised by a database lock (see {@code DatabaseSink}); searches run alongside them and
 * see committed chunks.
 *
 * <p><b>Schema.</b> Flyway migrations ({@code db/migration}) run at every open; the history lives in
 * {@value #HISTORY_TABLE}. A file without the dnslens marker, or a case migrated by a newer dnslens, is
 * refused with a {@link CaseException}.
 */
public final class CaseDatabase implements AutoCloseable {
  public static final String FILE_SUFFIX = ".mv.db";
  static final String HISTORY_TABLE = "dnslens_schema_history";
  private static final String FORMAT_MARKER = "dnslens-case";
  /** Connections a case hands out at once (an ingest uses two: its writer and its lock). */
  private static final int MAX_CONNECTIONS = 16;
  /** H2 page cache in KiB; far above the default (16 MiB): ingest and index builds touch many pages. */
  private static final int CACHE_SIZE_KIB = 256 * 1024;
  /**
   * The cache never takes more than this fraction of the heap: H2 fills it with every page a long scan
   * reads (an export of a whole case reads them all), and it under-counts what the pages hold, so a full
   * 256 MiB cache in a small heap ({@code -Xmx64m}) is an out-of-memory error, not a faster read.
   */
  private static final int HEAP_PER_CACHE = 8;
  /** Marks the temporary file a new case's schema is built in before it takes the case's name. */
  static final String CREATING_INFIX = ".creating-";

  private final Path file;
  private final boolean readOnly;
  private final JdbcConnectionPool pool;
  private final Connection anchor;
  private final Jdbi jdbi;
  private final Map<Class<?>, Object> shared = new ConcurrentHashMap<>();

  private CaseDatabase(Path file, boolean readOnly, JdbcConnectionPool pool, Connection anchor) {
    this.file = file;
    this.readOnly = readOnly;
    this.pool = pool;
    this.anchor = anchor;
    this.jdbi = Jdbi.create(pool).installPlugin(new SqlObjectPlugin()).installPlugin(new H2DatabasePlugin());
  }

  /** Opens the case, creating an empty one when the file does not exist. */
  public static CaseDatabase open(Path caseFile) throws CaseException {
    return open(caseFile, true, Access.USUAL);
  }

  /** Opens an existing case (for search and reports); a missing file is a {@link CaseException}. */
  public static CaseDatabase openExisting(Path caseFile) throws CaseException {
    return open(caseFile, false, Access.USUAL);
  }

  /**
   * Opens an existing case for reading only (search, info, pdns, export, ioc hits): works in a read-only
   * folder, on a read-only file and on a full disk, where the normal open cannot write H2's lock file.
   *
   * <p>A case this process may write is opened as usual (AUTO_SERVER: shared with the GUI and ingests).
   * When that is impossible (no write access) or the machine refuses its write ({@link
   * CaseWriteException}: full disk), the file is opened with {@code ACCESS_MODE_DATA=r}, without
   * AUTO_SERVER: nothing is written, not even a lock file. If another process holds the case open (its
   * file lock refuses ours), the case is reached through that process's AUTO_SERVER instead, so a read
   * never sees a file another process is writing. The result {@link #isReadOnly()} unless opened as usual.
   */
  public static CaseDatabase openReadOnly(Path caseFile) throws CaseException {
    Path file = caseFile(caseFile);
    if (!Files.exists(file)) {
      throw new CaseException("no case at " + file + " (run dnslens ingest --case " + caseFile + " first)");
    }
    Path folder = file.getParent();
    if (Files.isWritable(file) && folder != null && Files.isWritable(folder)) {
      try {
        return open(caseFile, false, Access.USUAL);
      } catch (CaseException e) {
        if (CaseWriteException.in(e).isEmpty()) {
          throw e;
        }
        // the machine refused the lock file or an upgrade's write (full disk): read without writing
      }
    }
    try {
      return open(caseFile, false, Access.READ_ONLY_DATA);
    } catch (CaseException e) {
      if (e.getCause() instanceof SQLException s && s.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1) {
        // Held open by another process (H2 refuses a read-only open while a lock file exists): read
        // through that process's AUTO_SERVER, which serves its committed data. H2 supports that client
        // only for a file this process may write; a read-only file held elsewhere cannot be shared.
        if (!Files.isWritable(file)) {
          throw new CaseException(file + " is read-only for you and open in another program, which H2 cannot share;"
              + " close it there and retry", e);
        }
        return open(caseFile, false, Access.SERVED);
      }
      throw e;
    }
  }

  /** The {@code .mv.db} file a case path names (either form accepted). */
  public static Path caseFile(Path path) {
    Path abs = path.toAbsolutePath().normalize();
    String name = abs.getFileName().toString();
    return name.endsWith(FILE_SUFFIX) ? abs : abs.resolveSibling(name + FILE_SUFFIX);
  }

  /** How a case file is opened. */
  private enum Access {
    /** AUTO_SERVER, or {@code ACCESS_MODE_DATA=r} when the file is not writable (as before). */
    USUAL,
    /** {@code ACCESS_MODE_DATA=r}, no AUTO_SERVER: nothing written, not even a lock file. */
    READ_ONLY_DATA,
    /** AUTO_SERVER whatever the file's mode: a client of the process that holds the case open. */
    SERVED
  }

  private static CaseDatabase open(Path path, boolean create, Access access) throws CaseException {
    Path file = caseFile(path);
    String base = file.toString().substring(0, file.toString().length() - FILE_SUFFIX.length());
    boolean exists = Files.exists(file);
    if (!exists && !create) {
      throw new CaseException("no case at " + file + " (run dnslens ingest --case " + path + " first)");
    }
    try {
      // Every blob since V6 is zstd: say why here, once, not at the first block a search reads (after the
      // cheaper refusal above, which needs no native library).
      BlobCodec.requireZstd();
    } catch (IllegalStateException e) {
      throw new CaseException("cannot open the case " + file + ": " + e.getMessage(), e);
    }
    if (exists) {
      checkLooksLikeH2(file);
    } else if (file.getParent() != null && !Files.isDirectory(file.getParent())) {
      throw new CaseException("cannot create the case " + file + ": the folder does not exist");
    } else {
      createWhole(file, base);
      exists = true;
    }
    boolean readOnly = access == Access.READ_ONLY_DATA || (exists && !Files.isWritable(file));
    boolean readOnlyData = access == Access.READ_ONLY_DATA || (access == Access.USUAL && readOnly);
    String url =
        "jdbc:h2:file:"
            + base
            + (readOnlyData ? ";ACCESS_MODE_DATA=r" : ";AUTO_SERVER=TRUE")
            // No case.trace.db beside the evidence: H2 would write one on errors (and print its own stack
            // trace when it cannot, e.g. on a full disk); our errors reach the user as CaseException.
            + ";TRACE_LEVEL_FILE=0"
            // No compaction when the database closes. H2 2.3.232's close-time compaction (up to 200 ms by
            // default) lost the last commits made before the close (H2 issue #4247): our lost `compact` switch
            // under heavy load. 2.4.240 has the fix and did not lose it without this setting either; it stays
            // because it costs nothing measured (fresh 1 M ingests 178.8 / 178.2 MB against 178.9 / 179.6 MB
            // with H2's default, session 19), spares every close up to 200 ms, and keeps the path that had the
            // bug unused; `dnslens compact` rewrites the file without its free space (docs/STORAGE.md "H2 version").
            + ";MAX_COMPACT_TIME=0"
            + ";CACHE_SIZE="
            + cacheSizeKib();
    // No COMPRESS=TRUE: blocks are DEFLATE-compressed already, and LZF over them costs CPU for nothing.
    JdbcConnectionPool pool = JdbcConnectionPool.create(url, "sa", "");
    pool.setMaxConnections(MAX_CONNECTIONS);
    Connection anchor = null;
    boolean ok = false;
    try {
      anchor = pool.getConnection();
      checkMarker(anchor, file);
      migrate(pool, file, readOnly);
      CaseDatabase db = new CaseDatabase(file, readOnly, pool, anchor);
      ok = true;
      return db;
    } catch (SQLException e) {
      throw explain(e, file);
    } finally {
      if (!ok) {
        closeQuietly(anchor);
        pool.dispose();
      }
    }
  }

  /**
   * Makes a new, fully migrated case appear at {@code file} at once. H2 commits DDL as it runs, so a
   * process killed while Flyway built the schema in place left a case with tables but without their
   * history row, which every later open refused ("CASE_META already exists"). The case is made in a file
   * of its own beside the case (a copy of the {@link EmptyCaseTemplate}, or built by Flyway where the
   * program carries none) and then linked to the case's name (a hard link fails when the name exists: a
   * case another process created meanwhile wins and is used); a kill leaves at most a stray
   * {@value #CREATING_INFIX} file, never a half-made case.
   */
  private static void createWhole(Path file, String base) throws CaseException {
    String tmpBase = base + CREATING_INFIX + ProcessHandle.current().pid() + "-" + System.nanoTime();
    Path tmp = Path.of(tmpBase + FILE_SUFFIX);
    try {
      boolean copied;
      try {
        copied = EmptyCaseTemplate.copyTo(tmp);
      } catch (IOException e) {
        CaseWriteException write = CaseWriteException.classify("cannot create the case " + file, e, file);
        throw new CaseException("cannot create the case " + file + ": " + e.getMessage(), write != null ? write : e);
      }
      if (!copied) {
        buildSchema(tmpBase, file);
      }
      try {
        Files.createLink(file, tmp);
      } catch (java.nio.file.FileAlreadyExistsException e) {
        // created by another process meanwhile: theirs is a whole case too
      } catch (UnsupportedOperationException | IOException e) {
        // no hard links on this file system: a rename is atomic too (but would replace a case made meanwhile)
        try {
          Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException m) {
          CaseWriteException write = CaseWriteException.classify("cannot create the case " + file, m, file);
          throw new CaseException("cannot create the case " + file + ": " + m.getMessage(), write != null ? write : m);
        }
      }
    } finally {
      try {
        Files.deleteIfExists(tmp);
        Files.deleteIfExists(Path.of(tmpBase + ".trace.db"));
      } catch (IOException ignored) {
        // a stray temporary file beside the case; it is never opened as the case
      }
    }
  }

  /**
   * Builds a new case's whole schema with Flyway in the H2 database {@code base} (a new file) and closes
   * it, everything on disk. {@code shownAs} is the case the messages name.
   */
  static void buildSchema(String base, Path shownAs) throws CaseException {
    JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:file:" + base + ";TRACE_LEVEL_FILE=0", "sa", "");
    try (Connection c = pool.getConnection()) {
      migrate(pool, shownAs, false);
      try (var st = c.createStatement()) {
        st.execute("SHUTDOWN"); // everything on disk, the file closed, before it takes the case's name
      }
    } catch (SQLException e) {
      throw explain(e, shownAs);
    } finally {
      pool.dispose();
    }
  }

  /** {@link #CACHE_SIZE_KIB}, or less in a small heap. */
  static int cacheSizeKib() {
    long fromHeap = Runtime.getRuntime().maxMemory() / HEAP_PER_CACHE / 1024;
    return (int) Math.max(1024, Math.min(CACHE_SIZE_KIB, fromHeap));
  }

  private static void checkLooksLikeH2(Path file) throws CaseException {
    byte[] head = new byte[4];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, head.length);
    } catch (IOException e) {
      throw new CaseException("cannot read the case " + file + ": " + e.getMessage(), e);
    }
    // An MVStore file starts with its text header "H:2,block:...".
    if (n < 3 || !new String(head, 0, 3, StandardCharsets.US_ASCII).equals("H:2")) {
      throw new CaseException(file + " is not a dnslens case (not an H2 database file)");
    }
  }

  private static void checkMarker(Connection c, Path file) throws SQLException, CaseException {
    int tables;
    try (var st = c.createStatement();
        var rs =
            st.executeQuery(
                "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'")) {
      rs.next();
      tables = rs.getInt(1);
    }
    if (tables == 0) {
      return; // a new, empty database: the migrations make it a case
    }
    boolean hasMeta;
    try (var ps =
        c.prepareStatement(
            "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_NAME = 'CASE_META'")) {
      try (var rs = ps.executeQuery()) {
        rs.next();
        hasMeta = rs.getInt(1) == 1;
      }
    }
    if (hasMeta) {
      try (var ps = c.prepareStatement("SELECT meta_value FROM case_meta WHERE meta_key = 'format'");
          var rs = ps.executeQuery()) {
        if (rs.next() && FORMAT_MARKER.equals(rs.getString(1))) {
          return;
        }
      }
    }
    throw new CaseException(file + " is an H2 database but not a dnslens case");
  }

  /**
   * The highest migration of {@code db/migration} and {@code org/dnslens/storage/migration} (V1, V2, ...).
   * {@code CaseSchemaStateTest} checks it against Flyway's own scan, so a new migration without raising it
   * fails the build.
   */
  static final int SCHEMA_VERSION = 13;

  /** What a case's history table says, read with one query instead of Flyway (see {@link #migrate}). */
  record Schema(SchemaState state, int highest) {}

  /** The three answers of {@link #schemaState}. */
  enum SchemaState {
    /** Migrations 1 to {@link #SCHEMA_VERSION}, all successful, and nothing else: nothing to do. */
    CURRENT,
    /** A successful migration above {@link #SCHEMA_VERSION}: written by a newer dnslens. */
    NEWER,
    /** Anything else (a new database, older versions, a failed or unusual row): Flyway decides. */
    OTHER
  }

  /**
   * Reads the history table directly. Versions are plain integers in every migration we ship; a row of
   * any other shape makes the state {@link SchemaState#OTHER}, never {@code CURRENT}.
   */
  static Schema schemaState(Connection c) throws SQLException {
    try (var ps =
            c.prepareStatement(
                "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_NAME = ?")) {
      ps.setString(1, HISTORY_TABLE);
      try (var rs = ps.executeQuery()) {
        rs.next();
        if (rs.getInt(1) == 0) {
          return new Schema(SchemaState.OTHER, 0);
        }
      }
    }
    java.util.BitSet seen = new java.util.BitSet();
    int highest = 0;
    boolean unusual = false;
    try (var st = c.createStatement();
        var rs = st.executeQuery("SELECT \"version\", \"success\" FROM \"" + HISTORY_TABLE + "\"")) {
      while (rs.next()) {
        String v = rs.getString(1);
        boolean success = rs.getBoolean(2);
        if (v == null) {
          unusual |= !success; // Flyway's own row ("history table created") has no version
          continue;
        }
        int version;
        try {
          version = Integer.parseInt(v);
        } catch (NumberFormatException e) {
          unusual = true;
          continue;
        }
        if (!success) {
          unusual = true; // Flyway reports failed migrations (a failed future one as newer, too)
        } else if (version > SCHEMA_VERSION) {
          highest = Math.max(highest, version);
        } else if (version < 1 || seen.get(version)) {
          unusual = true;
        } else {
          seen.set(version);
        }
      }
    }
    if (highest > SCHEMA_VERSION) {
      return new Schema(SchemaState.NEWER, highest);
    }
    boolean current = !unusual && seen.cardinality() == SCHEMA_VERSION && seen.nextSetBit(0) == 1;
    return new Schema(current ? SchemaState.CURRENT : SchemaState.OTHER, Math.max(0, seen.length() - 1));
  }

  /**
   * Brings the case's schema to this program's version (Flyway), or refuses a newer one. A case already at
   * {@link #SCHEMA_VERSION} (every open but the first after an upgrade) is recognised from its history
   * table with one query and Flyway is not started: Flyway's start (1,260 classes, Jackson included, and
   * a scan of the jar's 13,000 entries for migrations) was ~0.6 s of wall time and ~1 s of CPU of every
   * CLI command on a case, longer than the search it preceded. Flyway still runs for new, older and any
   * unusual history, so what it checks there is unchanged.
   */
  private static void migrate(JdbcConnectionPool pool, Path file, boolean readOnly) throws CaseException {
    try (Connection c = pool.getConnection()) {
      Schema schema = schemaState(c);
      if (schema.state() == SchemaState.CURRENT) {
        return;
      }
      if (schema.state() == SchemaState.NEWER) {
        throw newerCase(file, String.valueOf(schema.highest()));
      }
    } catch (SQLException e) {
      // unreadable history: Flyway below reports it in its own terms
    }
    Flyway flyway =
        Flyway.configure(CaseDatabase.class.getClassLoader())
            .dataSource(pool)
            .table(HISTORY_TABLE)
            // SQL migrations, and Java ones (data moves) found by scanning their package.
            .locations("classpath:db/migration", "classpath:org/dnslens/storage/migration")
            .load();
    try {
      MigrationInfo[] applied = flyway.info().applied();
      for (MigrationInfo m : applied) {
        if (m.getState() == MigrationState.FUTURE_SUCCESS || m.getState() == MigrationState.FUTURE_FAILED) {
          throw newerCase(file, String.valueOf(m.getVersion()));
        }
      }
      if (readOnly) {
        if (flyway.info().pending().length > 0) {
          throw new CaseException(
              file + " is read-only and was made by an older dnslens; copy it somewhere writable to upgrade it");
        }
        return;
      }
      flyway.migrate();
    } catch (FlywayException e) {
      // Flyway's first statement can be the first write of the open (a full disk): typed like explain's, so
      // openReadOnly falls back to a read-only open instead of failing; Flyway's message is many lines.
      String message = "cannot prepare the case " + file + ": " + firstLine(e.getMessage());
      CaseWriteException write = CaseWriteException.classify(message, e, file);
      throw new CaseException(message, write != null ? write : e);
    }
  }

  private static CaseException newerCase(Path file, String version) {
    return new CaseException(
        file + " was written by a newer dnslens (case schema version " + version + "); upgrade dnslens to open it");
  }

  private static CaseException explain(SQLException e, Path file) {
    int code = e.getErrorCode();
    if (code == ErrorCode.FILE_CORRUPTED_1 || code == ErrorCode.FILE_VERSION_ERROR_1) {
      return new CaseException(file + " is not a dnslens case or is damaged (H2 could not read it)", e);
    }
    if (code == ErrorCode.DATABASE_ALREADY_OPEN_1) {
      return new CaseException(file + " is locked by another program; close it there and retry", e);
    }
    // A write the open needed (lock file, upgrade, recovery) and the machine refused: typed, for the apps.
    CaseWriteException write =
        CaseWriteException.classify("cannot open the case " + file + ": " + firstLine(e.getMessage()), e, file);
    if (code == ErrorCode.DATABASE_IS_READ_ONLY) {
      return new CaseException(file + " is read-only", write != null ? write : e);
    }
    return new CaseException("cannot open the case " + file + ": " + firstLine(e.getMessage()), write != null ? write : e);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unknown database error";
    }
    int nl = s.indexOf('\n');
    return nl >= 0 ? s.substring(0, nl) : s;
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // closing after a failed open: the original error is what matters
      }
    }
  }

  /** The {@code .mv.db} file. */
  public Path file() {
    return file;
  }

  /** True when the file is not writable: searches work, ingest does not. */
  public boolean isReadOnly() {
    return readOnly;
  }

  /** The case's Jdbi (SqlObject and H2 plugins installed). */
  public Jdbi jdbi() {
    return jdbi;
  }

  /**
   * Whether a capture with this SHA-256 (lower-case hex) is already in the case from a completed run. The
   * ingest pipeline asks this before reading a file, and skips it when true.
   */
  public boolean alreadyIngested(String sha256) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT COUNT(*) FROM source s JOIN ingest_run r ON r.id = s.run_id"
                        + " WHERE s.sha256 = :sha AND r.status = 'complete'")
                .bind("sha", sha256)
                .mapTo(Integer.class)
                .one()
                > 0);
  }

  /** A value from case_meta, for tools that label cases. */
  public Optional<String> meta(String key) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT meta_value FROM case_meta WHERE meta_key = :k")
                .bind("k", key)
                .mapTo(String.class)
                .findOne());
  }

  /**
   * State shared by everything that reads this open case, created on first use (the search directory of
   * blocks and segment pages: loading it once per open case, not per search, keeps searches fast).
   */
  public <T> T shared(Class<T> type, Supplier<T> create) {
    return type.cast(shared.computeIfAbsent(type, t -> create.get()));
  }

  @Override
  public void close() {
    closeQuietly(anchor);
    pool.dispose();
  }
}
