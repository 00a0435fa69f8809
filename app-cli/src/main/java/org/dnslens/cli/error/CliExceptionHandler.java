package org.dnslens.cli.error;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.dnslens.engine.model.SafeText;
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
      err.println("dnslens: " + safe(u.getMessage()));
      debugTrace(err, u, parseResult);
      err.flush();
      return u.exitCode();
    }
    java.util.Optional<WriteFailure> full = WriteFailure.in(t);
    if (full.isPresent()) {
      err.println("dnslens: cannot write: " + full.get().reason() + "; " + full.get().advice() + " and run the command again");
      debugTrace(err, t, parseResult);
      err.flush();
      return ExitCodes.CANNOT_WRITE;
    }
    if (t instanceof NoSuchFileException e) {
      err.println("dnslens: no such file: " + safe(e.getFile()));
      err.flush();
      return ExitCodes.BAD_INPUT;
    }
    if (t instanceof AccessDeniedException e) {
      err.println("dnslens: permission denied: " + safe(e.getFile()));
      err.flush();
      return ExitCodes.BAD_INPUT;
    }
    if (t instanceof FileSystemException e) {
      err.println("dnslens: " + safe(e.getMessage()));
      err.flush();
      return ExitCodes.BAD_INPUT;
    }
    if (t instanceof IOException e) {
      String msg = e.getMessage();
      err.println("dnslens: I/O error: " + (msg != null ? safe(msg) : e.getClass().getSimpleName()));
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
            + (t.getMessage() != null ? ": " + safe(t.getMessage()) : "")
            + "). This is a bug; please report it with the command line. Run with -vv for details.");
    debugTrace(err, t, parseResult);
    err.flush();
    return ExitCodes.SOFTWARE;
  }

  /**
   * Bad usage: picocli's own message (which quotes the offending argument) escaped, the suggestions and
   * the usage help, exit code {@link ExitCodes#USAGE}.
   */
  public static int handleParameterException(CommandLine.ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println(safe(ex.getMessage()));
    if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, err)) {
      ex.getCommandLine().usage(err, cmd.getColorScheme());
    }
    err.flush();
    return ExitCodes.USAGE;
  }

  /**
   * Messages carry paths and option values the user (or a hostile archive's file names) chose: control
   * characters and bidi overrides are shown escaped, never sent to the terminal raw.
   */
  static String safe(String message) {
    return message == null ? "" : SafeText.neutralise(message);
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
