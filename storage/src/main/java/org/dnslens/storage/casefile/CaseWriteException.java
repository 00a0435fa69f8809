package org.dnslens.storage.casefile;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.NonWritableChannelException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileStore;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.ReadOnlyFileSystemException;
import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import org.h2.api.ErrorCode;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStoreException;

/**
 * A write to the case failed for a reason of the machine's, not of dnslens's: the disk is full, the file or
 * file system is read-only, or another I/O error (a file-size limit, a quota, a failing disk). Decided from
 * the types in the cause chain (H2's writing-failed and read-only codes, {@link AccessDeniedException},
 * {@link ReadOnlyFileSystemException}) and from the case's file store (read-only, or less than {@link
 * #NEARLY_FULL_BYTES} usable), never from the C library's error texts, which the locale translates.
 */
public final class CaseWriteException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Why the write failed. */
  public enum Reason {
    NO_SPACE,
    READ_ONLY,
    IO
  }

  /**
   * Usable bytes under which a failed write is taken for a full disk: H2 writes chunks of up to a few MiB,
   * so a write fails with more than zero bytes left.
   */
  public static final long NEARLY_FULL_BYTES = 16L * 1024 * 1024;
  /** Deeper than any real chain (the database nests four or five); stops a malformed cyclic chain. */
  private static final int MAX_CAUSE_DEPTH = 64;

  private final Reason reason;
  private final Path caseFile;

  public CaseWriteException(String message, Reason reason, Path caseFile, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.caseFile = caseFile;
  }

  public Reason reason() {
    return reason;
  }

  public Path caseFile() {
    return caseFile;
  }

  /** The CaseWriteException somewhere in {@code t}'s cause chain (t included), if any. */
  public static Optional<CaseWriteException> in(Throwable t) {
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    Throwable c = t;
    for (int depth = 0; c != null && depth < MAX_CAUSE_DEPTH && seen.put(c, Boolean.TRUE) == null; depth++) {
      if (c instanceof CaseWriteException w) {
        return Optional.of(w);
      }
      c = c.getCause();
    }
    return Optional.empty();
  }

  /**
   * {@code failure} as a CaseWriteException with {@code message} when its chain shows a failed write (or
   * one is there already), else null: the caller keeps its own exception for anything else (a bug).
   */
  public static CaseWriteException classify(String message, Throwable failure, Path caseFile) {
    Optional<CaseWriteException> already = in(failure);
    if (already.isPresent()) {
      return already.get();
    }
    boolean write = false;
    boolean readOnly = false;
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    Throwable c = failure;
    for (int depth = 0; c != null && depth < MAX_CAUSE_DEPTH && seen.put(c, Boolean.TRUE) == null; depth++) {
      if (c instanceof InterruptedIOException || c instanceof ClosedByInterruptException) {
        return null; // an interrupt (Ctrl-C), not the machine
      }
      if (c instanceof AccessDeniedException || c instanceof ReadOnlyFileSystemException
          || c instanceof NonWritableChannelException) {
        readOnly = true;
      } else if (c instanceof FileSystemException) {
        write = true;
      } else if (c instanceof MVStoreException m && m.getErrorCode() == DataUtils.ERROR_WRITING_FAILED) {
        write = true;
      } else if (c instanceof SQLException s) {
        int code = s.getErrorCode();
        readOnly |= code == ErrorCode.DATABASE_IS_READ_ONLY;
        write |= code == ErrorCode.IO_EXCEPTION_1 || code == ErrorCode.IO_EXCEPTION_2
            || code == ErrorCode.FILE_CREATION_FAILED_1;
      }
      c = c.getCause();
    }
    if (!write && !readOnly) {
      return null;
    }
    return new CaseWriteException(message, readOnly ? Reason.READ_ONLY : fromFileStore(caseFile), caseFile, failure);
  }

  /** What the case's file system says now: read-only, (nearly) full, or neither. */
  private static Reason fromFileStore(Path caseFile) {
    try {
      Path at = Files.exists(caseFile) ? caseFile : caseFile.toAbsolutePath().getParent();
      if (at == null) {
        return Reason.IO;
      }
      FileStore store = Files.getFileStore(at);
      if (store.isReadOnly()) {
        return Reason.READ_ONLY;
      }
      return store.getUsableSpace() < NEARLY_FULL_BYTES ? Reason.NO_SPACE : Reason.IO;
    } catch (IOException | RuntimeException e) {
      return Reason.IO; // the file system cannot even be asked: say what we know, an I/O failure
    }
  }
}
