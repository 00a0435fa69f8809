package org.dnslens.cli.option;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The drawing both progress displays share (ingest's {@link ProgressBar}, export's {@link ExportProgress}):
 * a bar redrawn in place when stderr is a terminal, plain {@code dnslens: } lines at a slower pace otherwise
 * (a log file or CI must not fill with carriage returns). Wall-clock time is fine here: it is the user's
 * terminal, not the analysis.
 */
final class ProgressLine {
  /** Redraw the terminal bar at most this often. */
  static final long REDRAW_EVERY_NANOS = 200_000_000L;
  /** Plain progress lines this often when stderr is not a terminal. */
  static final long PLAIN_EVERY_NANOS = 10_000_000_000L;

  private static final int BAR_WIDTH = 30;

  private final PrintWriter err;
  private final boolean terminal;
  private final long start = System.nanoTime();
  private long lastDraw;
  private boolean drew;

  /** {@code drawAtOnce} false: the first line waits one interval (a short run then prints none). */
  ProgressLine(PrintWriter err, boolean terminal, boolean drawAtOnce) {
    this.err = err;
    this.terminal = terminal;
    this.lastDraw = drawAtOnce ? 0 : start;
  }

  /** Seconds since start when a line is due now (and counts it as drawn), or a negative value when not. */
  double due() {
    long now = System.nanoTime();
    if (now - lastDraw < (terminal ? REDRAW_EVERY_NANOS : PLAIN_EVERY_NANOS)) {
      return -1;
    }
    lastDraw = now;
    return Math.max(1e-3, (now - start) / 1e9);
  }

  /** "--" until 1 % is done, then the remaining time at the rate so far. */
  static String eta(double seconds, double fraction) {
    return fraction > 0.01 ? formatSeconds(seconds / fraction - seconds) : "--";
  }

  void draw(double fraction, String text) {
    if (terminal) {
      int filled = (int) Math.round(fraction * BAR_WIDTH);
      err.print("\r[" + "#".repeat(filled) + " ".repeat(BAR_WIDTH - filled) + "] " + text + "  ");
      drew = true;
    } else {
      err.println("dnslens: " + text);
    }
    err.flush();
  }

  /** Ends the bar's line so the summary starts on a fresh one. */
  void finish() {
    if (drew) {
      err.println();
      err.flush();
      drew = false;
    }
  }

  static String formatSeconds(double s) {
    long t = Math.max(0, Math.round(s));
    return t >= 3600
        ? String.format(Locale.ROOT, "%dh%02dm", t / 3600, (t % 3600) / 60)
        : String.format(Locale.ROOT, "%dm%02ds", t / 60, t % 60);
  }
}
