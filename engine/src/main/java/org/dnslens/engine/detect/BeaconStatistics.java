package org.dnslens.engine.detect;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * RITA v5's beacon statistics (activecm/rita, {@code analysis/beacons.go}), reimplemented for DNS query
 * timestamps. Every function here is pure; names follow RITA's so the two can be compared line by line.
 * Timestamps and intervals are whole seconds, as in RITA.
 */
final class BeaconStatistics {
  /** RITA: the Bowley skewness is only computed when Q3 - Q1 is at least this many seconds. */
  static final double MIN_SKEW_IQR_SECONDS = 10;

  private BeaconStatistics() {}

  /** Quartiles Q1, Q2, Q3 of sorted values. */
  record Quartiles(double q1, double q2, double q3) {}

  /**
   * Quartiles as montanaflynn/stats {@code Quartile} (used by RITA) computes them: Q2 is the median; Q1
   * and Q3 are the medians of the lower and upper halves, the median itself excluded when the count is
   * odd.
   */
  static Quartiles quartiles(double[] sorted) {
    int n = sorted.length;
    if (n == 0) {
      throw new IllegalArgumentException("no values");
    }
    int c1 = n % 2 == 0 ? n / 2 : (n - 1) / 2;
    int c2 = n % 2 == 0 ? n / 2 : c1 + 1;
    double q2 = median(sorted, 0, n);
    double q1 = c1 > 0 ? median(sorted, 0, c1) : q2;
    double q3 = c2 < n ? median(sorted, c2, n) : q2;
    return new Quartiles(q1, q2, q3);
  }

  /** Median of sorted[from, to). */
  static double median(double[] sorted, int from, int to) {
    int n = to - from;
    if (n <= 0) {
      throw new IllegalArgumentException("no values");
    }
    int mid = from + n / 2;
    return n % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
  }

  /**
   * Bowley skewness {@code (Q1 + Q3 - 2 Q2) / (Q3 - Q1)} of sorted values, 0 when {@code Q3 - Q1 < 10}
   * or the median equals a quartile (RITA {@code calculateBowleySkewness}). A perfect beacon has
   * symmetric intervals, so skewness near 0.
   */
  static double bowleySkewness(double[] sorted) {
    if (sorted.length < 3) {
      throw new IllegalArgumentException("skewness needs 3 values");
    }
    Quartiles q = quartiles(sorted);
    double den = q.q3() - q.q1();
    if (den >= MIN_SKEW_IQR_SECONDS && q.q2() != q.q1() && q.q2() != q.q3()) {
      return (q.q1() + q.q3() - 2 * q.q2()) / den;
    }
    return 0;
  }

  /** RITA's skew score: {@code 1 - |skewness|}. */
  static double skewScore(double skewness) {
    return 1.0 - Math.abs(skewness);
  }

  /** Median absolute deviation about the median of sorted values: {@code median(|x - median(x)|)}. */
  static double medianAbsoluteDeviation(double[] sorted) {
    double m = median(sorted, 0, sorted.length);
    double[] dev = new double[sorted.length];
    for (int i = 0; i < sorted.length; i++) {
      dev[i] = Math.abs(sorted[i] - m);
    }
    Arrays.sort(dev);
    return median(dev, 0, dev.length);
  }

  /**
   * RITA's MAD score {@code (median - MAD) / median}, or {@code defaultScore} when the median is below 1;
   * 0 when negative (RITA {@code calculateMedianAbsoluteDeviation}). RITA passes 1 as the default for
   * timestamp intervals.
   */
  static double madScore(double[] sorted, double defaultScore) {
    double median = median(sorted, 0, sorted.length);
    double mad = medianAbsoluteDeviation(sorted);
    double score = median >= 1 ? (median - mad) / median : defaultScore;
    return score < 0 || Double.isNaN(score) ? 0 : score;
  }

  /**
   * RITA's timestamp score {@code round3((skewScore + madScore) / 2)} over the non-zero intervals between
   * sorted timestamps (RITA {@code getTimestampScore} + {@code calculateStatisticalScore}); NaN when there
   * are fewer than 4 timestamps or 3 non-zero intervals (RITA returns an error and scores nothing).
   */
  static double timestampScore(long[] sortedSeconds) {
    double[] intervals = nonZeroIntervals(sortedSeconds);
    if (sortedSeconds.length < 4 || intervals.length < 3) {
      return Double.NaN;
    }
    double skew = skewScore(bowleySkewness(intervals));
    double mad = madScore(intervals, 1);
    return round3((skew + mad) / 2.0);
  }

  /** Sorted positive differences between consecutive sorted timestamps. */
  static double[] nonZeroIntervals(long[] sortedSeconds) {
    double[] out = new double[Math.max(0, sortedSeconds.length - 1)];
    int n = 0;
    for (int i = 1; i < sortedSeconds.length; i++) {
      long d = sortedSeconds[i] - sortedSeconds[i - 1];
      if (d > 0) {
        out[n++] = d;
      }
    }
    double[] r = Arrays.copyOf(out, n);
    Arrays.sort(r);
    return r;
  }

  /**
   * Connection counts in {@code bins} equal bins between the dataset's first and last second (RITA {@code
   * computeHistogramBins} + {@code createHistogram}): a timestamp at or past the last edge lands in the
   * last bin; one before the first edge in the first.
   */
  static int[] histogram(long datasetMin, long datasetMax, long[] sortedSeconds, int[] weights, int bins) {
    if (datasetMax <= datasetMin || bins <= 0) {
      throw new IllegalArgumentException("invalid histogram range");
    }
    int[] hist = new int[bins];
    double step = (double) (datasetMax - datasetMin) / bins;
    for (int i = 0; i < sortedSeconds.length; i++) {
      int bin = (int) Math.floor((sortedSeconds[i] - datasetMin) / step);
      bin = Math.max(0, Math.min(bins - 1, bin));
      hist[bin] += weights == null ? 1 : weights[i];
    }
    return hist;
  }

  /** Frequency counts of a connection histogram (RITA {@code getFrequencyCounts}). */
  record FrequencyCounts(Map<Integer, Integer> freqCount, int totalBars, int longestRun) {}

  /**
   * How many bars of each (bucketed) height the histogram has, how many bars are non-zero, and the longest
   * run of consecutive non-zero bars with wrap-around. Bar heights are grouped into buckets of {@code
   * ceil(largest * modeSensitivity)} so near-equal heights count as one mode.
   */
  static FrequencyCounts frequencyCounts(int[] hist, double modeSensitivity) {
    int totalBars = 0;
    int largest = 0;
    for (int h : hist) {
      if (h > 0) {
        totalBars++;
      }
      largest = Math.max(largest, h);
    }
    double binSize = Math.ceil(largest * modeSensitivity);
    Map<Integer, Integer> freq = new HashMap<>();
    int longest = 0;
    int current = 0;
    for (int i = 0; i < hist.length * 2; i++) {
      int f = hist[i % hist.length];
      if (f > 0) {
        current++;
      } else {
        longest = Math.max(longest, current);
        current = 0;
      }
      if (i < hist.length && f > 0) {
        int bucket = binSize > 0 ? (int) (Math.floor(f / binSize) * binSize) : f;
        freq.merge(bucket, 1, Integer::sum);
      }
    }
    longest = Math.min(Math.max(longest, current), hist.length);
    return new FrequencyCounts(freq, totalBars, longest);
  }

  /**
   * RITA's coefficient-of-variation score: {@code round3(1 - sd/mean)} of the bar heights (population
   * standard deviation), 0 when the CV exceeds 1 (RITA {@code calculateCoefficientOfVariationScore}).
   */
  static double coefficientOfVariationScore(int[] hist) {
    long total = 0;
    for (int h : hist) {
      total += h;
    }
    if (total <= 0) {
      return 0;
    }
    double mean = (double) total / hist.length;
    double ss = 0;
    for (int h : hist) {
      ss += (h - mean) * (h - mean);
    }
    double cv = Math.sqrt(ss / hist.length) / mean;
    return cv > 1.0 ? 0.0 : Math.min(1.0, round3(1.0 - cv));
  }

  /**
   * RITA's bimodal fit score: with at least {@code minHours} non-zero bars, the share of bars in the two
   * most common height buckets, {@code (largest + second) / max(totalBars - outlierRemoval, 1)}, capped at
   * 1; else 0 (RITA {@code calculateBimodalFitScore}; a {@code minHours} below 6 is raised to 11 as RITA
   * does).
   */
  static double bimodalFitScore(FrequencyCounts fc, int outlierRemoval, int minHours) {
    int min = minHours < 6 ? 11 : minHours;
    if (fc.totalBars() < min) {
      return 0;
    }
    int largest = 0;
    int second = 0;
    for (int v : fc.freqCount().values()) {
      if (v > largest) {
        second = largest;
        largest = v;
      } else if (v > second) {
        second = v;
      }
    }
    double adjusted = Math.max(fc.totalBars() - outlierRemoval, 1);
    return Math.min(1.0, round3((largest + second) / adjusted));
  }

  /** RITA's histogram score: the larger of the CV score and the bimodal fit score. */
  static double histogramScore(int[] hist, double modeSensitivity, int outlierRemoval, int minHours) {
    FrequencyCounts fc = frequencyCounts(hist, modeSensitivity);
    return Math.max(coefficientOfVariationScore(hist), bimodalFitScore(fc, outlierRemoval, minHours));
  }

  /**
   * RITA's duration score (RITA {@code getDurationScore}): with at least {@code minHours} non-zero bars, the
   * larger of coverage {@code ceil3((last - first) / (datasetMax - datasetMin))} and consistency {@code
   * ceil3(longestRun / idealHours)}, each capped at 1; else 0.
   */
  static double durationScore(
      long datasetMin,
      long datasetMax,
      long first,
      long last,
      int totalBars,
      int longestRun,
      int minHours,
      int idealHours) {
    if (totalBars < minHours || datasetMax <= datasetMin || last <= first) {
      return 0;
    }
    double coverage = Math.min(1.0, Math.ceil(((double) (last - first) / (datasetMax - datasetMin)) * 1000) / 1000);
    double consistency = Math.min(1.0, Math.ceil(((double) longestRun / idealHours) * 1000) / 1000);
    return Math.max(coverage, consistency);
  }

  // ------------------------------------------------------------------ dnslens: chance regularity

  /** Timestamps are whole seconds, so an interval between two of them is off by less than this. */
  static final double INTERVAL_RESOLUTION_SECONDS = 1.0;

  /** How many sorted intervals lie within {@code tolerance × median} of the median (inclusive). */
  static int intervalsNearMedian(double[] sorted, double median, double tolerance) {
    double w = tolerance * median;
    int n = 0;
    for (double v : sorted) {
      if (Math.abs(v - median) <= w) {
        n++;
      }
    }
    return n;
  }

  /**
   * The probability that one interval of a Poisson process (exponential intervals) whose median is
   * {@code median} falls within {@code tolerance × median} of it, the window widened by {@link
   * #INTERVAL_RESOLUTION_SECONDS} on both sides for whole-second timestamps: {@code 2^(-lo/m) -
   * 2^(-hi/m)} with {@code lo = max(0, m - w - 1)}, {@code hi = m + w + 1}, since P(X > x) = 2^(-x/m) for
   * an exponential with median m. At ±25 % this is 0.17 for long intervals: a random client's intervals
   * rarely bunch around their median, a beacon's do.
   */
  static double poissonNearMedianProbability(double median, double tolerance) {
    if (!(median > 0)) {
      return 1;
    }
    double w = tolerance * median;
    double lo = Math.max(0, median - w - INTERVAL_RESOLUTION_SECONDS);
    double hi = median + w + INTERVAL_RESOLUTION_SECONDS;
    return Math.min(1, Math.pow(2, -lo / median) - Math.pow(2, -hi / median));
  }

  /** {@code P(X >= k)} for X binomial with n trials of probability p, summed exactly in log space. */
  static double binomialUpperTail(int n, int k, double p) {
    if (k <= 0) {
      return 1;
    }
    if (k > n || p <= 0) {
      return 0;
    }
    if (p >= 1) {
      return 1;
    }
    double logP = Math.log(p);
    double logQ = Math.log1p(-p);
    // log C(n, j) built up from log C(n, k) term by term
    double logC = 0;
    for (int i = 1; i <= k; i++) {
      logC += Math.log(n - k + i) - Math.log(i);
    }
    double sum = 0;
    for (int j = k; j <= n; j++) {
      sum += Math.exp(logC + j * logP + (n - j) * logQ);
      logC += Math.log(n - j) - Math.log(j + 1);
    }
    return Math.min(1, sum);
  }

  /**
   * The chance that a random (Poisson) client's intervals would bunch around their median at least as
   * much as these do: with n intervals of which k lie within {@code tolerance × median} of the median,
   * {@code P(Binomial(n, p0) >= k)} with p0 from {@link #poissonNearMedianProbability}. Small means
   * regular beyond chance. RITA's scores have no such calibration: over a handful of intervals a random
   * series scores as a beacon often enough that thousands of keys in a capture produce some.
   */
  static double chanceOfRegularity(double[] sortedIntervals, double tolerance) {
    int n = sortedIntervals.length;
    if (n == 0) {
      return 1;
    }
    double median = median(sortedIntervals, 0, n);
    int k = intervalsNearMedian(sortedIntervals, median, tolerance);
    return binomialUpperTail(n, k, poissonNearMedianProbability(median, tolerance));
  }

  static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
