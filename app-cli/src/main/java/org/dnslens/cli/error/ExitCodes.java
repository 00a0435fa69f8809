package org.dnslens.cli.error;

/** Exit codes of every dnslens command. */
public final class ExitCodes {
  public static final int OK = 0;
  /** Something went wrong that is not the user's doing (a bug, or an I/O failure). */
  public static final int SOFTWARE = 1;
  /** Bad usage: unknown option, bad value. */
  public static final int USAGE = 2;
  /** {@code --fail-on-hit}: an IOC matched. */
  public static final int IOC_HIT = 3;
  /** An input (capture, case, list) could not be used. */
  public static final int BAD_INPUT = 4;
  /**
   * Something could not be written: the disk is full, a file-size limit was reached, or the case (or its
   * folder) is read-only. An ingest that fails this way leaves the case as it was before the run.
   */
  public static final int CANNOT_WRITE = 5;
  /** Interrupted by the user (SIGINT) before finishing. */
  public static final int INTERRUPTED = 130;

  private ExitCodes() {}
}
