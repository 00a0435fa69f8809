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
  /** Interrupted by the user (SIGINT) before finishing. */
  public static final int INTERRUPTED = 130;

  private ExitCodes() {}
}
