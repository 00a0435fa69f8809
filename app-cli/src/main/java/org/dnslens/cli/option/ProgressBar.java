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
  public static final long REDRAW_EVERY_NANOS = ProgressLine.REDRAW_EVERY_NANOS;
  /** Plain progress lines this often when stderr is not a terminal. */
  public static final long PLAIN_EVERY_NANOS = ProgressLine.PLAIN_EVERY_NANOS;

  private final ProgressLine line;

  public ProgressBar(PrintWriter err, boolean terminal) {
    this.line = new ProgressLine(err, terminal, true);
  }

  @Override
  public void update(long bytesRead, long totalBytes, long frames, long messages, long transactions) {
    double seconds = line.due();
    if (seconds < 0) {
      return;
    }
    double fraction = totalBytes > 0 ? Math.min(1.0, (double) bytesRead / totalBytes) : 0;
    String text =
        String.format(
            Locale.ROOT,
            "%5.1f%% %s/%s  %,.0f packets/s  %,d transactions  ETA %s",
            fraction * 100,
            mb(bytesRead),
            mb(totalBytes),
            frames / seconds,
            transactions,
            ProgressLine.eta(seconds, fraction));
    line.draw(fraction, text);
  }

  /** Ends the bar's line so the summary starts on a fresh one. */
  public void finish() {
    line.finish();
  }

  private static String mb(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }
}
