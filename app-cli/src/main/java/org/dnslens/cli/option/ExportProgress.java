package org.dnslens.cli.option;

import java.io.PrintWriter;
import java.util.Locale;
import org.dnslens.casework.CaseExport;

/**
 * Progress of {@code dnslens export --case} on stderr: a bar redrawn in place when stderr is a terminal and
 * the export goes to a file, plain lines every {@link ProgressBar#PLAIN_EVERY_NANOS} otherwise. Wall-clock
 * time is fine here: it is the user's terminal, not the analysis.
 */
public final class ExportProgress implements CaseExport.Progress {
  private static final int BAR_WIDTH = 30;

  private final PrintWriter err;
  private final boolean terminal;
  private final long start = System.nanoTime();
  private long lastDraw = start;
  private boolean drew;

  public ExportProgress(PrintWriter err, boolean terminal) {
    this.err = err;
    this.terminal = terminal;
  }

  @Override
  public void progress(long done, long total) {
    long now = System.nanoTime();
    if (now - lastDraw < (terminal ? ProgressBar.REDRAW_EVERY_NANOS : ProgressBar.PLAIN_EVERY_NANOS)) {
      return;
    }
    lastDraw = now;
    double seconds = Math.max(1e-3, (now - start) / 1e9);
    double fraction = total > 0 ? Math.min(1.0, (double) done / total) : 0;
    String eta = fraction > 0.01 ? ProgressBar.formatSeconds(seconds / fraction - seconds) : "--";
    String text =
        String.format(Locale.ROOT, "%5.1f%% %,d/%,d transactions  %,.0f/s  ETA %s", fraction * 100, done, total, done / seconds, eta);
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
}
