package org.dnslens.engine.detect;

/** Statistics of name text. */
final class TextStatistics {
  private TextStatistics() {}

  /**
   * Shannon entropy of the characters of {@code text} in bits per character: {@code -sum p(c) log2 p(c)}
   * over the distinct characters c with their relative frequencies p(c). 0 for an empty text.
   */
  static double shannonEntropy(CharSequence text) {
    int n = text.length();
    if (n == 0) {
      return 0;
    }
    int[] counts = new int[256];
    int[] other = null;
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c < 256) {
        counts[c]++;
      } else {
        // Names reach us as escaped ASCII; a wider char is possible only from a caller's own text.
        if (other == null) {
          other = new int[65536];
        }
        other[c]++;
      }
    }
    double h = 0;
    for (int[] table : other == null ? new int[][] {counts} : new int[][] {counts, other}) {
      for (int count : table) {
        if (count > 0) {
          double p = (double) count / n;
          h -= p * (Math.log(p) / Math.log(2));
        }
      }
    }
    return h;
  }
}
