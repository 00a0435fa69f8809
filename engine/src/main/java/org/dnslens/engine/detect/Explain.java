package org.dnslens.engine.detect;

import java.util.Locale;

/** Numbers in explanations: locale-independent, readable ("1 840", "9.3 kB", "37 min", "97 %"). */
final class Explain {
  private Explain() {}

  /** An integer with spaces between thousands groups: {@code 1840 → "1 840"}. */
  static String count(long n) {
    String digits = Long.toString(Math.abs(n));
    StringBuilder sb = new StringBuilder(digits.length() + 6);
    if (n < 0) {
      sb.append('-');
    }
    for (int i = 0; i < digits.length(); i++) {
      if (i > 0 && (digits.length() - i) % 3 == 0) {
        sb.append(' ');
      }
      sb.append(digits.charAt(i));
    }
    return sb.toString();
  }

  /** Bytes in B, kB or MB (powers of 1000), one decimal above 1 kB: {@code 9300 → "9.3 kB"}. */
  static String bytes(long n) {
    if (n < 1000) {
      return n + " B";
    }
    if (n < 1_000_000) {
      return String.format(Locale.ROOT, "%.1f kB", n / 1000.0);
    }
    return String.format(Locale.ROOT, "%.1f MB", n / 1_000_000.0);
  }

  /** A duration from nanoseconds: seconds below 2 min, minutes below 2 h, then hours with a decimal. */
  static String duration(long nanos) {
    long s = Math.max(0, nanos) / 1_000_000_000L;
    if (s < 120) {
      return s + " s";
    }
    if (s < 7200) {
      return (s / 60) + " min";
    }
    return String.format(Locale.ROOT, "%.1f h", s / 3600.0);
  }

  /** An interval in seconds: whole seconds below 10 min, else minutes with one decimal. */
  static String interval(double seconds) {
    if (seconds < 600) {
      return Math.round(seconds) + " s";
    }
    return String.format(Locale.ROOT, "%.1f min", seconds / 60);
  }

  /** A share 0..1 as a whole percentage: {@code 0.97 → "97 %"}. */
  static String percent(double share) {
    return Math.round(share * 100) + " %";
  }

  /** A number with one decimal. */
  static String oneDecimal(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  /** A number with two decimals. */
  static String twoDecimals(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  /**
   * A probability: two decimals from 0.01, else its order of magnitude ({@code 3.2e-9 → "3e-09"}), and
   * {@code "< 1e-300"} below what a double resolves in these sums.
   */
  static String probability(double p) {
    if (p >= 0.01) {
      return twoDecimals(p);
    }
    if (p < 1e-300) {
      return "< 1e-300";
    }
    return String.format(Locale.ROOT, "%.0e", p);
  }
}
