package org.dnslens.storage.casefile;

/**
 * A case that cannot be used, explained in one sentence the analyst can act on (not a dnslens case, made
 * by a newer dnslens, read-only, in use by an ingest...). Apps print {@link #getMessage()} as is.
 */
public final class CaseException extends Exception {
  private static final long serialVersionUID = 1L;

  public CaseException(String message) {
    super(message);
  }

  public CaseException(String message, Throwable cause) {
    super(message, cause);
  }
}
