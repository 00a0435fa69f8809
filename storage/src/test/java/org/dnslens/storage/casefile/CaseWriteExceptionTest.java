package org.dnslens.storage.casefile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.sql.SQLException;
import org.h2.api.ErrorCode;
import org.h2.mvstore.DataUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The write-failure reason comes from exception types and the file system, never from message texts. */
class CaseWriteExceptionTest {
  @TempDir Path dir;

  @Test
  void aWriteFailureOfH2OnAFileSystemWithRoomIsAnIoFailureWhateverItsText() {
    Path file = dir.resolve("case.mv.db");
    Throwable h2 = DataUtils.newMVStoreException(DataUtils.ERROR_WRITING_FAILED, "Writing to {0} failed",
        file, new IOException("Kein Speicherplatz mehr verfügbar"));
    CaseWriteException e = CaseWriteException.classify("writing failed", new SQLException("wrapped", "HY000", 50000, h2), file);
    assertThat(e).isNotNull();
    assertThat(e.reason()).isEqualTo(CaseWriteException.Reason.IO); // the temp dir has room: not "no space"
    assertThat(CaseWriteException.in(new IOException("outer", e))).containsSame(e);
  }

  @Test
  void readOnlyComesFromTypesAndCodes() {
    Path file = dir.resolve("case.mv.db");
    assertThat(CaseWriteException.classify("x", new AccessDeniedException(file.toString()), file).reason())
        .isEqualTo(CaseWriteException.Reason.READ_ONLY);
    assertThat(CaseWriteException.classify("x", new SQLException("ro", "90097", ErrorCode.DATABASE_IS_READ_ONLY), file)
        .reason()).isEqualTo(CaseWriteException.Reason.READ_ONLY);
  }

  @Test
  void bugsAndInterruptsAreNotWriteFailures() {
    Path file = dir.resolve("case.mv.db");
    assertThat(CaseWriteException.classify("x", new IllegalStateException("no space left on device"), file)).isNull();
    assertThat(CaseWriteException.classify("x", new SQLException("dup", "23505", ErrorCode.DUPLICATE_KEY_1), file)).isNull();
    assertThat(CaseWriteException.classify("x",
        new SQLException("io", "90031", ErrorCode.IO_EXCEPTION_2, new InterruptedIOException()), file)).isNull();
    assertThat(CaseWriteException.classify("x", new SQLException("io", "90031", ErrorCode.IO_EXCEPTION_2), file))
        .isNotNull();
    assertThat(CaseWriteException.in(new IOException("no space left on device"))).isEmpty();
  }
}
