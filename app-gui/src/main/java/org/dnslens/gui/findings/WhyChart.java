package org.dnslens.gui.findings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.dnslens.engine.model.Finding;
import org.dnslens.engine.model.FindingKind;

/**
 * The data behind a finding's "why" chart, computed from the finding's transactions (its client and domain):
 * beaconing → histogram of inter-arrival gaps; tunneling and odd types → label length against Shannon entropy
 * of the query names' leftmost part; anything else (NXDOMAIN bursts...) → queries per minute.
 */
public record WhyChart(Kind kind, String title, String xLabel, String yLabel, List<Point> points) {
  /** Chart styles. */
  public enum Kind {
    HISTOGRAM,
    SCATTER,
    TIMELINE
  }

  public record Point(double x, double y) {}

  /** Bins of the inter-arrival histogram. */
  public static final int HISTOGRAM_BINS = 40;
  /** Points plotted at most (the rest add nothing a reader can see). */
  public static final int MAX_POINTS = 5_000;

  public WhyChart {
    points = List.copyOf(points);
  }

  /** @param times query times (epoch ns, ascending) and names of the finding's transactions */
  public static WhyChart of(Finding f, long[] times, List<String> names) {
    if (f.kind() == FindingKind.BEACONING && times.length > 2) {
      double[] gaps = new double[times.length - 1];
      for (int i = 1; i < times.length; i++) {
        gaps[i - 1] = (times[i] - times[i - 1]) / 1e9;
      }
      double[] sorted = gaps.clone();
      Arrays.sort(sorted);
      double hi = Math.max(1e-3, sorted[(int) Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] * 1.1);
      long[] bins = new long[HISTOGRAM_BINS];
      for (double g : gaps) {
        int b = (int) Math.min(HISTOGRAM_BINS - 1, Math.floor(g / hi * HISTOGRAM_BINS));
        bins[Math.max(0, b)]++;
      }
      List<Point> pts = new ArrayList<>();
      for (int i = 0; i < HISTOGRAM_BINS; i++) {
        pts.add(new Point((i + 0.5) * hi / HISTOGRAM_BINS, bins[i]));
      }
      return new WhyChart(Kind.HISTOGRAM, "Inter-arrival times (" + gaps.length + " gaps)", "seconds", "gaps", pts);
    }
    if ((f.kind() == FindingKind.TUNNELING || f.kind() == FindingKind.ODD_QUERY_TYPE) && !names.isEmpty()) {
      List<Point> pts = new ArrayList<>();
      for (String n : names) {
        if (pts.size() >= MAX_POINTS) {
          break;
        }
        String sub = subdomain(n, f.domain());
        if (!sub.isEmpty()) {
          pts.add(new Point(sub.length(), entropy(sub)));
        }
      }
      return new WhyChart(Kind.SCATTER, "Query names under " + (f.domain() == null ? "?" : f.domain())
          + ": length against entropy", "characters before the domain", "bits per character", pts);
    }
    List<Point> pts = new ArrayList<>();
    if (times.length > 0) {
      long first = times[0];
      long minute = 60_000_000_000L;
      int n = (int) Math.min(MAX_POINTS, (times[times.length - 1] - first) / minute + 1);
      long[] counts = new long[n];
      for (long t : times) {
        int b = (int) ((t - first) / minute);
        if (b < n) {
          counts[b]++;
        }
      }
      for (int i = 0; i < n; i++) {
        pts.add(new Point(i, counts[i]));
      }
    }
    return new WhyChart(Kind.TIMELINE, "Queries per minute", "minutes since first query", "queries", pts);
  }

  /** The part of {@code name} left of {@code domain} (the whole name without its last two labels if no domain). */
  static String subdomain(String name, String domain) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.endsWith(".")) {
      n = n.substring(0, n.length() - 1);
    }
    if (domain != null) {
      String d = domain.toLowerCase(Locale.ROOT);
      if (n.endsWith("." + d)) {
        return n.substring(0, n.length() - d.length() - 1);
      }
    }
    int last = n.lastIndexOf('.');
    int second = last > 0 ? n.lastIndexOf('.', last - 1) : -1;
    return second > 0 ? n.substring(0, second) : "";
  }

  /** Shannon entropy in bits per character. */
  static double entropy(String s) {
    int[] counts = new int[128];
    int other = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 128) {
        counts[c]++;
      } else {
        other++;
      }
    }
    double h = 0;
    double n = s.length();
    for (int c : counts) {
      if (c > 0) {
        h -= c / n * (Math.log(c / n) / Math.log(2));
      }
    }
    if (other > 0) {
      h -= other / n * (Math.log(other / n) / Math.log(2));
    }
    return h;
  }
}
