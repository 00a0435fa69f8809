package org.dnslens.cli.option;

import java.io.PrintWriter;
import java.util.Locale;
import org.dnslens.engine.ingest.IngestPipeline;

/**
 * Progress of a long run on stderr: a bar redrawn in place on a terminal (bytes, packets/s, ETA), plain
 * lines every {@link #PLAIN_EVERY_NANOS} otherwise (a log file or CI must not fill with carriage returns).
 * Wall-clock time is fine here: this is the user's terminal, not the analysis.
 */
public final class ProgressBar implements IngestPipeline.Progress {
  /** Redraw the terminal bar at most this often. */
  public static final long REDRAW_EVERY_NANOS = 200_000_000L;
  /** Plain progress lines this often when stderr is not a terminal. */
  public static final long PLAIN_EVERY_NANOS = 10_000_000_000L;

  private static final int BAR_WIDTH = 30;

  private final PrintWriter err;
  private final boolean terminal;
  private final long start = System.nanoTime();
  private long lastDraw;
  private boolean drew;

  public ProgressBar(PrintWriter err, boolean terminal) {
    this.err = err;
    this.terminal = terminal;
  }

  @Override
  public void update(long bytesRead, long totalBytes, long frames, long messages, long transactions) {
    long now = System.nanoTime();
    if (now - lastDraw < (terminal ? REDRAW_EVERY_NANOS : PLAIN_EVERY_NANOS)) {
      return;
    }
    lastDraw = now;
    double seconds = Math.max(1e-3, (now - start) / 1e9);
    double fraction = totalBytes > 0 ? Math.min(1.0, (double) bytesRead / totalBytes) : 0;
    String eta = fraction > 0.01 ? formatSeconds(seconds / fraction - seconds) : "--";
    String text =
        String.format(
            Locale.ROOT,
            "%5.1f%% %s/%s  %,.0f packets/s  %,d transactions  ETA %s",
            fraction * 100,
            mb(bytesRead),
            mb(totalBytes),
            frames / seconds,
            transactions,
            eta);
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
  public void finish() {
    if (drew) {
      err.println();
      err.flush();
      drew = false;
    }
  }

  private static String mb(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }

  static String formatSeconds(double s) {
    long t = Math.max(0, Math.round(s));
    return t >= 3600
        ? String.format(Locale.ROOT, "%dh%02dm", t / 3600, (t % 3600) / 60)
        : String.format(Locale.ROOT, "%dm%02ds", t / 60, t % 60);
  }
}
