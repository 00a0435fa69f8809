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
  private final ProgressLine line;

  public ExportProgress(PrintWriter err, boolean terminal) {
    this.line = new ProgressLine(err, terminal, false);
  }

  @Override
  public void progress(long done, long total) {
    double seconds = line.due();
    if (seconds < 0) {
      return;
    }
    double fraction = total > 0 ? Math.min(1.0, (double) done / total) : 0;
    if (total < 0) {
      // passive DNS streams without a known total: rows so far and the rate, no percentage or ETA
      line.draw(0, String.format(Locale.ROOT, "%,d rows  %,.0f/s", done, done / seconds));
      return;
    }
    String text =
        String.format(
            Locale.ROOT, "%5.1f%% %,d/%,d transactions  %,.0f/s  ETA %s", fraction * 100, done, total, done / seconds,
            ProgressLine.eta(seconds, fraction));
    line.draw(fraction, text);
  }

  /** Ends the bar's line so the summary starts on a fresh one. */
  public void finish() {
    line.finish();
  }
}
