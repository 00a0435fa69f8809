package org.dnslens.engine.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.dnslens.engine.model.Finding;
import org.dnslens.engine.model.FindingKind;
import org.dnslens.engine.model.Transaction;
import org.junit.jupiter.api.Test;

class BeaconingDetectorTest {
  private static final double HOURS = 6;
  private static final List<String> NAMES =
      List.of("www.google.com", "mail.google.com", "www.example.org", "api.github.com", "www.bbc.co.uk");

  private final TxFixtures fx = new TxFixtures();

  /** 20 clients with random (Poisson) queries, mean gap 2 min per name, over 6 hours. */
  private List<Transaction> background(Random r) {
    List<Transaction> out = new ArrayList<>();
    for (int c = 1; c <= 20; c++) {
      for (String name : NAMES) {
        double t = r.nextDouble() * 60;
        while (t < HOURS * 3600) {
          out.add(fx.tx().client("10.0.0." + c).name(name).atSeconds(t).build());
          t += -Math.log(1 - r.nextDouble()) * 120;
        }
      }
    }
    return out;
  }

  /** A beacon every {@code period} s with uniform jitter of +-{@code jitter} (a share of the period). */
  private List<Transaction> beacon(String client, String name, double period, double jitter, Random r,
      boolean randomPrefix) {
    List<Transaction> out = new ArrayList<>();
    double t = 30;
    int i = 0;
    while (t < HOURS * 3600) {
      String n = randomPrefix ? "s" + Integer.toHexString(r.nextInt()) + "x" + (i++) + "." + name : name;
      out.add(fx.tx().client(client).name(n).atSeconds(t).build());
      t += period * (1 + jitter * (2 * r.nextDouble() - 1));
    }
    return out;
  }

  private static List<Finding> run(Detector d, List<Transaction> txs) {
    txs.sort(Comparator.comparingLong(Transaction::queryTimestampNanos));
    txs.forEach(d::add);
    return d.finish();
  }

  @Test
  void findsAJitteredBeaconAmongRandomClients() {
    Random r = new Random(3);
    List<Transaction> txs = background(r);
    txs.addAll(beacon("10.0.0.99", "update.beacon-c2.com", 300, 0.1, r, false));
    List<Finding> findings = run(new BeaconingDetector(DetectionConfig.defaults()), txs);

    assertThat(findings).singleElement().satisfies(f -> {
      assertThat(f.kind()).isEqualTo(FindingKind.BEACONING);
      assertThat(f.client()).isEqualTo(TxFixtures.ip("10.0.0.99"));
      assertThat(f.domain()).isEqualTo("update.beacon-c2.com");
      assertThat(f.score()).isGreaterThanOrEqualTo(80);
      assertThat(f.metrics().get("timestamp_score")).isGreaterThan(0.9);
      assertThat(f.metrics().get("median_interval_seconds")).isBetween(285.0, 315.0);
      assertThat(f.explanation()).startsWith("host 10.0.0.99 queried update.beacon-c2.com every 29");
      assertThat(f.evidence()).hasSize(Finding.MAX_EVIDENCE_REFS);
    });
  }

  @Test
  void findsABeaconThatVariesItsNameAtDomainLevel() {
    Random r = new Random(4);
    List<Transaction> txs = background(r);
    txs.addAll(beacon("10.0.0.98", "cdn-sync.net", 120, 0.05, r, true));
    List<Finding> findings = run(new BeaconingDetector(DetectionConfig.defaults()), txs);
    assertThat(findings).singleElement().satisfies(f -> {
      assertThat(f.client()).isEqualTo(TxFixtures.ip("10.0.0.98"));
      assertThat(f.domain()).isEqualTo("cdn-sync.net");
      assertThat(f.explanation()).contains("queried names under cdn-sync.net every 1");
    });
  }

  @Test
  void randomClientsScoreBelowTheThreshold() {
    BeaconingDetector d = new BeaconingDetector(DetectionConfig.defaults());
    assertThat(run(d, background(new Random(5)))).isEmpty();
  }

  @Test
  void allowListSuppressesTheBeacon() {
    Random r = new Random(3);
    List<Transaction> txs = beacon("10.0.0.99", "update.beacon-c2.com", 300, 0.1, r, false);
    DetectionConfig d = DetectionConfig.defaults();
    assertThat(run(new BeaconingDetector(d.withAllowList(d.allowList().withDomains("beacon-c2.com"))),
        new ArrayList<>(txs))).isEmpty();
    assertThat(run(new BeaconingDetector(d), new ArrayList<>(txs))).hasSize(1);
    // time.windows.com polls on a timer and is on the shipped list
    assertThat(run(new BeaconingDetector(d), beacon("10.0.0.5", "time.windows.com", 300, 0, r, false)))
        .isEmpty();
  }

  @Test
  void timestampsPerKeyAreDecimatedAndTheBeaconStillScores() {
    List<Transaction> txs = beacon("10.0.0.99", "fast.beacon-c2.com", 10, 0.0, new Random(1), false);
    BeaconingDetector d = new BeaconingDetector(DetectionConfig.defaults());
    List<Finding> findings = run(d, txs);
    assertThat(txs.size()).isGreaterThan(2000);
    assertThat(findings).singleElement().satisfies(f -> {
      assertThat(f.metrics().get("distinct_seconds_scored"))
          .isLessThanOrEqualTo((double) BeaconingDetector.MAX_TIMESTAMPS_PER_KEY);
      assertThat(f.metrics().get("decimation_stride")).isGreaterThan(1.0);
      assertThat(f.metrics().get("queries")).isEqualTo((double) txs.size());
      assertThat(f.score()).isEqualTo(100);
    });
  }

  @Test
  void keysAreBoundedAndOverflowCounted() {
    BeaconingDetector d = new BeaconingDetector(DetectionConfig.defaults(), 50);
    for (int i = 0; i < 100; i++) {
      d.add(fx.tx().client("10.1.0." + i).name("n" + i + ".example.com").atSeconds(i).build());
    }
    // two keys per query (name and domain)
    assertThat(d.trackedKeys()).isLessThanOrEqualTo(50);
    assertThat(d.overflowCount() + d.trackedKeys()).isEqualTo(200);
  }

  @Test
  void aBeaconAmongMoreKeysThanTheTableHoldsIsStillFound() {
    Random r = new Random(3);
    List<Transaction> txs = beacon("10.0.0.99", "update.beacon-c2.com", 300, 0.1, r, false);
    // one-off queries for 20 000 different names over the 6 hours
    for (int i = 0; i < 20_000; i++) {
      txs.add(fx.tx().client("10.1." + (i % 40) + ".1").name("www.site" + i + ".com")
          .atSeconds(i * HOURS * 3600 / 20_000).build());
    }
    BeaconingDetector d = new BeaconingDetector(DetectionConfig.defaults(), 1000);
    List<Finding> findings = run(d, txs);
    assertThat(d.trackedKeys()).isLessThanOrEqualTo(1000);
    assertThat(d.overflowCount()).isPositive();
    assertThat(findings).singleElement()
        .satisfies(f -> assertThat(f.domain()).isEqualTo("update.beacon-c2.com"));
  }

  @Test
  void aShortCaptureUsesFewerBins() {
    Random r = new Random(8);
    List<Transaction> txs = new ArrayList<>();
    // 10 minutes: 10 clients querying at random, one beacon every 60 s +-10 %
    for (int c = 1; c <= 10; c++) {
      double t = r.nextDouble() * 10;
      while (t < 600) {
        txs.add(fx.tx().client("10.0.0." + c).name("www.example.org").atSeconds(t).build());
        t += -Math.log(1 - r.nextDouble()) * 20;
      }
    }
    double t = 5;
    while (t < 600) {
      txs.add(fx.tx().client("10.0.0.99").name("ping.beacon-c2.com").atSeconds(t).build());
      t += 60 * (1 + 0.1 * (2 * r.nextDouble() - 1));
    }
    List<Finding> findings = run(new BeaconingDetector(DetectionConfig.defaults()), txs);
    assertThat(findings).singleElement().satisfies(f -> {
      assertThat(f.domain()).isEqualTo("ping.beacon-c2.com");
      assertThat(f.metrics().get("histogram_bins")).isBetween(6.0, 11.0);
    });
  }

  @Test
  void scoreFunctionNeedsFourTimestamps() {
    DetectionConfig.Beaconing d = DetectionConfig.Beaconing.defaults();
    DetectionConfig.Beaconing cfg = new DetectionConfig.Beaconing(d.minDistinctTimestamps(), d.minScore(),
        d.minTimestampScore(), d.timestampWeight(), d.histogramWeight(), d.durationWeight(),
        d.histogramBins(), d.histModeSensitivity(), d.histBimodalOutlierRemoval(), d.histBimodalMinHours(),
        d.durMinHours(), d.durIdealHours(), true, false);
    assertThat(BeaconingDetector.score(new long[] {0, 60, 120}, 0, 3600, cfg)).isNull();
    BeaconingDetector.BeaconScore s =
        BeaconingDetector.score(new long[] {0, 60, 120, 180}, 0, 180, cfg);
    // ts 1; 4 timestamps in 24 bins over 180 s: bins 0, 8, 16, 23 -> cv > 1 -> 0; 4 bars < 6 -> dur 0
    assertThat(s.timestampScore()).isEqualTo(1.0);
    assertThat(s.histogramScore()).isZero();
    assertThat(s.durationScore()).isZero();
    assertThat(s.score()).isEqualTo(0.333);
    // adaptive: median 60 s > 180 s / 24, so max(6, 180 / 60) = 6 bins of 30 s: [1,0,1,0,1,1];
    // mean 2/3, sd 0.4714, cv 0.7071 -> 0.293; 4 bars < 6 -> duration 0; (1 + 0.293 + 0) / 3 = 0.431
    BeaconingDetector.BeaconScore a =
        BeaconingDetector.score(new long[] {0, 60, 120, 180}, 0, 180, DetectionConfig.Beaconing.defaults());
    assertThat(a.histogramScore()).isEqualTo(0.293);
    assertThat(a.score()).isEqualTo(0.431);
  }

  /** Defaults with another chance gate. */
  private static DetectionConfig withMaxChance(double maxChance) {
    DetectionConfig.Beaconing d = DetectionConfig.Beaconing.defaults();
    return DetectionConfig.defaults().withBeaconing(new DetectionConfig.Beaconing(d.minDistinctTimestamps(),
        d.minScore(), d.minTimestampScore(), d.timestampWeight(), d.histogramWeight(), d.durationWeight(),
        d.histogramBins(), d.histModeSensitivity(), d.histBimodalOutlierRemoval(), d.histBimodalMinHours(),
        d.durMinHours(), d.durIdealHours(), d.perDomain(), d.adaptiveBins(), d.minMedianIntervalSeconds(),
        d.minReportTimestamps(), d.regularityTolerance(), maxChance));
  }

  @Test
  void chanceGateDropsASpreadSeriesThatRitaScoresAsABeacon() {
    // The shape of the false beacons of dense generated captures: median 16 s, Q1 11, Q3 20 (IQR 9 < 10
    // s, so RITA's skewness is 0 and the skew score 1), MAD 4.5 (MAD score 0.719): timestamp score 0.859.
    // Only 12 of 24 intervals lie within 16 +- 4 s; a random client does that with probability 0.0022.
    int[] intervals = {7, 16, 8, 20, 9, 22, 10, 23, 11, 24, 11, 25, 11, 16, 11, 19, 12, 20, 16, 20, 16, 20, 16, 16};
    List<Transaction> txs = new ArrayList<>();
    double t = 0;
    txs.add(fx.tx().client("10.0.0.7").name("shop.example.ca").atSeconds(t).build());
    for (int d : intervals) {
      t += d;
      txs.add(fx.tx().client("10.0.0.7").name("shop.example.ca").atSeconds(t).build());
    }
    List<Finding> ungated = run(new BeaconingDetector(withMaxChance(1.0)), new ArrayList<>(txs));
    assertThat(ungated).singleElement().satisfies(f -> {
      assertThat(f.metrics().get("timestamp_score")).isEqualTo(0.859);
      assertThat(f.metrics().get("intervals_near_median")).isEqualTo(12.0);
      assertThat(f.metrics().get("chance_probability")).isCloseTo(0.0021881, org.assertj.core.api.Assertions.within(1e-6));
    });
    assertThat(run(new BeaconingDetector(DetectionConfig.defaults()), txs)).isEmpty();
  }

  @Test
  void decimationDoesNotMakeABusyRandomClientRegular() {
    // 4 000 random (Poisson) queries for one name, mean gap 20 s: the key is decimated to every 8th query,
    // whose intervals (Erlang-8, coefficient of variation 0.35) would look regular; the interval statistics
    // use the first 512 consecutive seconds instead (with every 8th query, 258 of 499 intervals lie within
    // 25 % of the median: a chance of 2e-65 for a random client, so it would be reported).
    Random r = new Random(11);
    List<Transaction> txs = new ArrayList<>();
    double t = 0;
    for (int i = 0; i < 4_000; i++) {
      txs.add(fx.tx().client("10.0.0.5").name("www.example.org").atSeconds(t).build());
      t += 1 - Math.log(1 - r.nextDouble()) * 19;
    }
    assertThat(run(new BeaconingDetector(DetectionConfig.defaults()), new ArrayList<>(txs))).isEmpty();
    // the same count of beacon queries 20 s +- 10 % apart is still found, from its first 512 seconds
    List<Transaction> beacon = new ArrayList<>();
    t = 0;
    for (int i = 0; i < 4_000; i++) {
      beacon.add(fx.tx().client("10.0.0.6").name("c2.example.net").atSeconds(t).build());
      t += 20 * (1 + 0.1 * (2 * r.nextDouble() - 1));
    }
    assertThat(run(new BeaconingDetector(DetectionConfig.defaults()), beacon)).singleElement().satisfies(f -> {
      assertThat(f.metrics().get("decimation_stride")).isEqualTo(8.0);
      assertThat(f.metrics().get("intervals")).isEqualTo(511.0);
      assertThat(f.explanation()).contains("of the first 512 query seconds");
    });
  }
}
