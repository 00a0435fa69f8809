package org.dnslens.cli.error;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns exceptions into one sentence on stderr and an exit code. Stack traces only with {@code -vv} (or
 * {@code DNSLENS_DEBUG=1}) and only for errors that are ours, never for user errors.
 */
public final class CliExceptionHandler implements IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    PrintWriter err = cmd.getErr();
    Throwable t = ex;
    if (t instanceof UncheckedIOException u) {
      t = u.getCause();
    }
    if (t instanceof UserFacingException u) {
      err.println("dnslens: " + u.getMessage());
      debugTrace(err, u, parseResult);
      err.flush();
      return u.exitCode();
    }
    if (t instanceof NoSuchFileException e) {
      err.println("dnslens: no such file: " + e.getFile());
      err.flush();
      return ExitCodes.BAD_INPUT;
    }
    if (t instanceof AccessDeniedException e) {
      err.println("dnslens: permission denied: " + e.getFile());
      err.flush();
      return ExitCodes.BAD_INPUT;
    }
    if (t instanceof FileSystemException e) {
      err.println("dnslens: " + e.getMessage());
      err.flush();
      return ExitCodes.BAD_INPUT;
    }
    if (t instanceof IOException e) {
      String msg = e.getMessage();
      err.println("dnslens: I/O error: " + (msg != null ? msg : e.getClass().getSimpleName()));
      debugTrace(err, e, parseResult);
      err.flush();
      return ExitCodes.SOFTWARE;
    }
    if (t instanceof OutOfMemoryError) {
      err.println("dnslens: out of memory; give Java more heap with DNSLENS_JAVA_OPTS=-Xmx4g");
      err.flush();
      return ExitCodes.SOFTWARE;
    }
    err.println(
        "dnslens: internal error ("
            + t.getClass().getSimpleName()
            + (t.getMessage() != null ? ": " + t.getMessage() : "")
            + "). This is a bug; please report it with the command line. Run with -vv for details.");
    debugTrace(err, t, parseResult);
    err.flush();
    return ExitCodes.SOFTWARE;
  }

  private static void debugTrace(PrintWriter err, Throwable t, ParseResult parseResult) {
    if (isDebug(parseResult)) {
      t.printStackTrace(err);
    }
  }

  static boolean isDebug(ParseResult parseResult) {
    if ("1".equals(System.getenv("DNSLENS_DEBUG"))) {
      return true;
    }
    ParseResult p = parseResult;
    while (p != null) {
      if (p.hasMatchedOption("-v")) {
        Object v = p.matchedOptionValue("-v", new boolean[0]);
        if (v instanceof boolean[] b && b.length >= 2) {
          return true;
        }
      }
      p = p.subcommand();
    }
    return false;
  }
}
