package org.dnslens.storage.ingest;

import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.casefile.CaseException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;

/**
 * The case's single writer lock: the row of {@code ingest_lock} held {@code FOR UPDATE} in an open
 * transaction on a handle of its own. Ingests and compactions take it for their whole work, so they never
 * interleave, and a {@code running} run seen while holding it is dead (its writer was killed). It lives as
 * long as the holder's connection: a killed process releases it with its connection.
 */
final class IngestLock implements AutoCloseable {
  /** How long a writer waits for another writer's lock before giving up. */
  static final int LOCK_TIMEOUT_MILLIS = 2_000;

  private final Handle handle;

  private IngestLock(Handle handle) {
    this.handle = handle;
  }

  /**
   * Takes the lock, waiting at most {@link #LOCK_TIMEOUT_MILLIS}.
   *
   * @param busy the user's sentence when another writer holds it
   * @throws CaseException with {@code busy} when another writer holds the lock
   * @throws JdbiException when the case cannot be read at all (the caller says what it was doing)
   */
  static IngestLock take(CaseDatabase db, String busy) throws CaseException {
    Handle h = db.jdbi().open();
    boolean ok = false;
    try {
      h.execute("SET LOCK_TIMEOUT " + LOCK_TIMEOUT_MILLIS);
      h.begin();
      try {
        h.createQuery("SELECT id FROM ingest_lock WHERE id = 1 FOR UPDATE").mapTo(Integer.class).one();
      } catch (JdbiException e) {
        throw new CaseException(busy, e);
      }
      ok = true;
      return new IngestLock(h);
    } finally {
      if (!ok) {
        release(h);
      }
    }
  }

  /** Releases the lock (the transaction holding the row is rolled back: it wrote nothing). */
  @Override
  public void close() {
    release(handle);
  }

  private static void release(Handle h) {
    try {
      if (h.isInTransaction()) {
        h.rollback();
      }
    } finally {
      h.close();
    }
  }
}
