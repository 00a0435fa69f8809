package org.dnslens.cli.error;

/**
 * A problem the user can fix (a missing file, a bad option value, a case made by a newer dnslens):
 * printed as one sentence with no stack trace, and mapped to an exit code.
 */
public final class UserFacingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  public UserFacingException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  public UserFacingException(String message, int exitCode, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
