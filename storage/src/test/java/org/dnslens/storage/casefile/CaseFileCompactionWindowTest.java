package org.dnslens.storage.casefile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file compaction's rename window (flaky {@code Issue4PageFormatTest}, session 19): H2's {@code SHUTDOWN
 * COMPACT} copies the case's live pages into {@code case.mv.db.tempFile} after closing its store, then renames
 * the copy over the case. A program that opens the case and commits in between loses that commit to the
 * rename, silently. Here the "other program" opens the case at exactly that moment: H2 calls our file
 * system wrapper for the rename, and the wrapper opens the case first (a database instance of its own, as a
 * second process would have: H2 keys its open databases by the file system prefix too).
 */
class CaseFileCompactionWindowTest {
  /** The wrapper's H2 file system prefix (unique to this test). */
  private static final String SCHEME = "dnslensrenamewindow";

  /**
   * What runs just before H2 renames a {@code .tempFile} over a case. Static because H2 makes its file
   * system objects itself, by reflection, from the one registered; one test uses it, and resets it.
   */
  private static volatile Runnable beforeRename;

  /** Delegates to {@code file:}; runs {@link #beforeRename} before the rename of the rewritten copy. */
  public static final class RenameWindow extends FilePathWrapper {
    @Override
    public String getScheme() {
      return SCHEME;
    }

    @Override
    public void moveTo(FilePath newName, boolean atomicReplace) {
      Runnable hook = beforeRename;
      if (hook != null && getName().endsWith(CaseFileCompaction.TEMP_SUFFIX)) {
        beforeRename = null;
        hook.run();
      }
      super.moveTo(newName, atomicReplace);
    }
  }

  @Test
  void noProgramCanCommitWhileTheRewrittenCopyIsUnrenamed(@TempDir Path dir) throws Exception {
    Path casePath = dir.resolve("case");
    try (CaseDatabase db = CaseDatabase.open(casePath)) {
      db.jdbi().useHandle(h -> h.execute("INSERT INTO case_meta (meta_key, meta_value) VALUES ('before', 'kept')"));
    }
    FilePath.register(new RenameWindow());
    String[] intruder = {null};
    beforeRename = () -> {
      // another program opens the case (AUTO_SERVER, as every dnslens open) and commits a row
      try (CaseDatabase other = CaseDatabase.open(casePath)) {
        other.jdbi().useHandle(h -> h.execute("INSERT INTO case_meta (meta_key, meta_value) VALUES ('during', 'x')"));
        intruder[0] = "committed";
      } catch (CaseException e) {
        intruder[0] = "refused: " + e.getMessage();
      }
    };
    CaseFileCompaction.Result r;
    try {
      r = CaseFileCompaction.compact(casePath, SCHEME + ":");
    } finally {
      beforeRename = null;
      FilePath.unregister(new RenameWindow());
    }
    assertThat(r.compacted()).isTrue();
    assertThat(intruder[0]).as("the hook ran at the rename").isNotNull();
    Optional<String> during;
    try (CaseDatabase db = CaseDatabase.openExisting(casePath)) {
      assertThat(db.meta("before")).contains("kept");
      during = db.meta("during");
    }
    // Without the fix the other program's open succeeds, its commit returns, and the rename drops it.
    assertThat(intruder[0]).as("a commit made during the rewrite is either refused or kept")
        .satisfiesAnyOf(s -> assertThat(s).startsWith("refused"), s -> assertThat(during).contains("x"));
    assertThat(intruder[0]).contains("locked by another program");
  }
}
