package org.dnslens.engine.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** RITA v5 beacon statistics against values computed by hand. */
class BeaconStatisticsTest {
  private static final double EPS = 1e-9;

  @Test
  void quartilesSplitEvenCountsInHalves() {
    BeaconStatistics.Quartiles q = BeaconStatistics.quartiles(new double[] {1, 2, 3, 4, 5, 6, 7, 8});
    assertThat(q.q1()).isEqualTo(2.5);
    assertThat(q.q2()).isEqualTo(4.5);
    assertThat(q.q3()).isEqualTo(6.5);
  }

  @Test
  void quartilesLeaveTheMedianOutOfOddHalves() {
    BeaconStatistics.Quartiles q = BeaconStatistics.quartiles(new double[] {1, 2, 3, 4, 5, 6, 7});
    assertThat(q.q1()).isEqualTo(2);
    assertThat(q.q2()).isEqualTo(4);
    assertThat(q.q3()).isEqualTo(6);
  }

  @Test
  void bowleySkewnessOfARightSkewedSeries() {
    // Q1 = 25, Q2 = 70, Q3 = 250: (25 + 250 - 140) / 225 = 0.6
    double[] v = {10, 20, 30, 40, 100, 200, 300, 400};
    assertThat(BeaconStatistics.bowleySkewness(v)).isCloseTo(0.6, within(EPS));
    assertThat(BeaconStatistics.skewScore(0.6)).isCloseTo(0.4, within(EPS));
    assertThat(BeaconStatistics.skewScore(-0.6)).isCloseTo(0.4, within(EPS));
  }

  @Test
  void bowleySkewnessIsZeroForANarrowSpreadOrAMedianOnAQuartile() {
    // Q3 - Q1 = 63.5 - 60.5 = 3 < 10 s
    assertThat(BeaconStatistics.bowleySkewness(new double[] {60, 61, 62, 63, 64})).isZero();
    // Q1 = Q2 = 10
    assertThat(BeaconStatistics.bowleySkewness(new double[] {10, 10, 10, 10, 10, 50, 90, 200}))
        .isZero();
  }

  @Test
  void medianAbsoluteDeviationAndScore() {
    // median 2; |x - 2| = 1 1 0 0 2 4 7 -> sorted 0 0 1 1 2 4 7 -> MAD 1; score (2 - 1) / 2
    double[] v = {1, 1, 2, 2, 4, 6, 9};
    assertThat(BeaconStatistics.medianAbsoluteDeviation(v)).isEqualTo(1);
    assertThat(BeaconStatistics.madScore(v, 1)).isCloseTo(0.5, within(EPS));
  }

  @Test
  void madScoreFallsBackBelowAOneSecondMedianAndIsNeverNegative() {
    assertThat(BeaconStatistics.madScore(new double[] {0, 0, 0.5}, 1)).isEqualTo(1);
    // median 2, MAD 2 ... (1, 2, 100): |x-2| = 1 0 98 -> MAD 1 -> 0.5; (1, 2, 3, 100, 200): median 3,
    // |x-3| = 2 1 0 97 197 -> MAD 2 -> (3-2)/3
    assertThat(BeaconStatistics.madScore(new double[] {1, 2, 3, 100, 200}, 1))
        .isCloseTo(1 / 3.0, within(EPS));
    // median 10, MAD 10 -> 0; never below 0
    assertThat(BeaconStatistics.madScore(new double[] {0, 0, 10, 20, 30}, 1)).isZero();
  }

  @Test
  void timestampScoreOfAPerfectBeaconIsOne() {
    assertThat(BeaconStatistics.timestampScore(new long[] {0, 60, 120, 180, 240})).isEqualTo(1.0);
  }

  @Test
  void timestampScoreAveragesSkewAndMadScores() {
    // intervals 10 20 30 40 100 200 300 400: skew score 0.4; median 70, MAD 55, MAD score 15/70;
    // round3((0.4 + 0.2142857) / 2) = 0.307
    long[] ts = {0, 10, 30, 60, 100, 200, 400, 700, 1100};
    assertThat(BeaconStatistics.timestampScore(ts)).isEqualTo(0.307);
  }

  @Test
  void timestampScoreNeedsFourTimestampsAndThreeNonZeroIntervals() {
    assertThat(BeaconStatistics.timestampScore(new long[] {0, 60, 120})).isNaN();
    assertThat(BeaconStatistics.timestampScore(new long[] {0, 0, 10, 20})).isNaN();
    assertThat(BeaconStatistics.timestampScore(new long[] {0, 10, 20, 30})).isEqualTo(1.0);
  }

  @Test
  void histogramMatchesRitasExample() {
    // RITA's createHistogram comment: [1, 5, 23, 25, 42, 45] over edges 0..50 step 10 -> [2,0,2,0,2]
    int[] h = BeaconStatistics.histogram(0, 50, new long[] {1, 5, 23, 25, 42, 45}, null, 5);
    assertThat(h).containsExactly(2, 0, 2, 0, 2);
    // the last edge belongs to the last bin
    assertThat(BeaconStatistics.histogram(0, 50, new long[] {0, 50}, null, 5)).containsExactly(1, 0, 0, 0, 1);
  }

  @Test
  void frequencyCountsWrapAround() {
    BeaconStatistics.FrequencyCounts fc =
        BeaconStatistics.frequencyCounts(new int[] {2, 0, 2, 0, 2}, 0.05);
    assertThat(fc.totalBars()).isEqualTo(3);
    assertThat(fc.longestRun()).isEqualTo(2); // last bar + first bar
    assertThat(fc.freqCount()).containsEntry(2, 3).hasSize(1);
    assertThat(BeaconStatistics.frequencyCounts(new int[] {1, 1, 1}, 0.05).longestRun()).isEqualTo(3);
  }

  @Test
  void coefficientOfVariationScore() {
    // mean 1.2, population sd sqrt(0.96) = 0.9798, cv 0.8165 -> round3(0.1835) = 0.184
    assertThat(BeaconStatistics.coefficientOfVariationScore(new int[] {2, 0, 2, 0, 2})).isEqualTo(0.184);
    assertThat(BeaconStatistics.coefficientOfVariationScore(new int[] {5, 5, 5, 5})).isEqualTo(1.0);
    // mean 2, sd 4, cv 2 > 1 -> 0
    assertThat(BeaconStatistics.coefficientOfVariationScore(new int[] {10, 0, 0, 0, 0})).isZero();
  }

  @Test
  void bimodalFitScore() {
    int[] alternating = new int[24];
    for (int i = 0; i < 24; i++) {
      alternating[i] = i % 2 == 0 ? 10 : 20;
    }
    // two modes of 12 bars: (12 + 12) / (24 - 1) > 1 -> 1
    assertThat(
            BeaconStatistics.bimodalFitScore(
                BeaconStatistics.frequencyCounts(alternating, 0.05), 1, 11))
        .isEqualTo(1.0);
    int[] three = new int[24];
    for (int i = 0; i < 24; i++) {
      three[i] = i < 12 ? 10 : i < 18 ? 20 : 35;
    }
    // bucket size ceil(35 * 0.05) = 2: buckets 10 (12 bars), 20 (6), 34 (6): (12 + 6) / 23 = 0.783
    assertThat(BeaconStatistics.bimodalFitScore(BeaconStatistics.frequencyCounts(three, 0.05), 1, 11))
        .isEqualTo(0.783);
    // fewer than 11 bars: 0
    assertThat(
            BeaconStatistics.bimodalFitScore(
                BeaconStatistics.frequencyCounts(new int[] {5, 5, 5, 0, 0}, 0.05), 1, 11))
        .isZero();
    assertThat(BeaconStatistics.histogramScore(three, 0.05, 1, 11)).isEqualTo(0.783);
  }

  @Test
  void durationScoreIsTheBetterOfCoverageAndConsistency() {
    // coverage 500/1000 = 0.5, consistency 3/12 = 0.25
    assertThat(BeaconStatistics.durationScore(0, 1000, 100, 600, 8, 3, 6, 12)).isEqualTo(0.5);
    // coverage 1000/3000 = 0.3333 rounds up to 0.334; consistency 12/12 = 1
    assertThat(BeaconStatistics.durationScore(0, 3000, 0, 1000, 12, 12, 6, 12)).isEqualTo(1.0);
    assertThat(BeaconStatistics.durationScore(0, 3000, 0, 1000, 6, 2, 6, 12)).isEqualTo(0.334);
    // fewer than 6 bars: 0
    assertThat(BeaconStatistics.durationScore(0, 1000, 0, 1000, 5, 5, 6, 12)).isZero();
  }

  @Test
  void intervalsNearTheMedian() {
    // median 60, +-25 % = 45..75 inclusive: 55, 60, 62, 75 (40, 76, 200 outside)
    double[] v = {40, 55, 60, 62, 75, 76, 200};
    assertThat(BeaconStatistics.intervalsNearMedian(v, 60, 0.25)).isEqualTo(4);
  }

  @Test
  void poissonProbabilityOfAnIntervalNearItsMedian() {
    // P(X > x) = 2^(-x/m); window widened by 1 s: m = 60 -> 44..76: 2^(-44/60) - 2^(-76/60)
    assertThat(BeaconStatistics.poissonNearMedianProbability(60, 0.25)).isCloseTo(0.18589357, within(1e-8));
    // m = 16 -> 11..21
    assertThat(BeaconStatistics.poissonNearMedianProbability(16, 0.25)).isCloseTo(0.21830632, within(1e-8));
    // m = 1 -> lower edge clamps at 0: 1 - 2^(-2.25)
    assertThat(BeaconStatistics.poissonNearMedianProbability(1, 0.25)).isCloseTo(0.78977590, within(1e-8));
    assertThat(BeaconStatistics.poissonNearMedianProbability(0, 0.25)).isEqualTo(1);
  }

  @Test
  void binomialUpperTailByHand() {
    // P(X >= 3), n = 4, p = 1/2: (4 + 1) / 16
    assertThat(BeaconStatistics.binomialUpperTail(4, 3, 0.5)).isCloseTo(0.3125, within(EPS));
    // n = 10, p = 0.2, k = 5: sum_{j>=5} C(10,j) 0.2^j 0.8^(10-j) = 0.0327934976
    assertThat(BeaconStatistics.binomialUpperTail(10, 5, 0.2)).isCloseTo(0.0327934976, within(1e-12));
    assertThat(BeaconStatistics.binomialUpperTail(3, 3, 0.1)).isCloseTo(0.001, within(1e-15));
    assertThat(BeaconStatistics.binomialUpperTail(5, 0, 0.3)).isEqualTo(1);
    assertThat(BeaconStatistics.binomialUpperTail(5, 6, 0.3)).isZero();
    // 0.1^300 is still a double; 0.1^400 underflows to 0 (explanations say "< 1e-300")
    assertThat(BeaconStatistics.binomialUpperTail(400, 400, 0.1)).isZero();
    assertThat(BeaconStatistics.binomialUpperTail(300, 300, 0.1)).isCloseTo(1e-300, within(1e-305));
  }

  @Test
  void chanceOfRegularityOfABeaconAndOfARandomSeries() {
    // all 6 intervals within 45..75 of the median 60: p0^6 = 0.18589357^6
    double[] beacon = {58, 59, 60, 60, 61, 62};
    assertThat(BeaconStatistics.chanceOfRegularity(beacon, 0.25)).isCloseTo(4.1265414e-5, within(1e-12));
    // only the median itself near it: 1 - (1 - p0)^7 = 0.76299
    double[] random = {5, 20, 41, 60, 95, 150, 300};
    assertThat(BeaconStatistics.chanceOfRegularity(random, 0.25)).isCloseTo(0.7629891, within(1e-6));
    assertThat(BeaconStatistics.chanceOfRegularity(new double[0], 0.25)).isEqualTo(1);
  }
}
