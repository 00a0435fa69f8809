package org.dnslens.engine.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dnslens.engine.model.Finding;
import org.dnslens.engine.model.FindingKind;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.engine.model.Transaction;

/**
 * Beaconing per (client, query name) and per (client, registrable domain), scored with RITA v5's beacon
 * score (activecm/rita {@code analysis/beacons.go}) on the client's query timestamps instead of connection
 * timestamps.
 *
 * <p>Per key, over the distinct query seconds (at least {@code minDistinctTimestamps}, RITA's 4):
 *
 * <ul>
 *   <li>timestamp score = round3((skew score + MAD score) / 2) over the non-zero inter-arrival times, with
 *       skew score = 1 - |Bowley skewness| (0 skewness when Q3 - Q1 < 10 s or the median equals a
 *       quartile) and MAD score = (median - MAD) / median ({@link BeaconStatistics#timestampScore});
 *   <li>histogram score = max(CV score, bimodal fit score) of the query counts in 24 equal bins over the
 *       capture's span ({@link BeaconStatistics#histogramScore});
 *   <li>duration score = max(coverage of the capture span, longest run of non-empty bins / 12), when at
 *       least 6 bins are non-empty ({@link BeaconStatistics#durationScore}).
 * </ul>
 *
 * <p>Beacon score = weighted sum (default 1/3 each; RITA's data-size subscore is left out, see {@link
 * DetectionConfig.Beaconing}). Reported when the beacon score is at least {@code minScore} and the
 * timestamp score at least {@code minTimestampScore} (off by default), the key has at least {@code minReportTimestamps}
 * distinct seconds and its median interval is at least {@code minMedianIntervalSeconds}. Finding score =
 * round(100 × beacon score).
 *
 * <p>Only the client leg is used: a resolver's cache hides repeats on its upstream leg. A (client, domain)
 * key is reported only when its client queried more than one name under it and no (client, name) key
 * under that domain was reported, so one beacon gives one finding.
 *
 * <p>Memory: at most {@link #MAX_TRACKED_KEYS} keys (when full, the smallest keys are evicted, idle ones
 * first, and counted as overflow) of at most {@link #MAX_TIMESTAMPS_PER_KEY} seconds
 * each. A key that fills up is decimated: every other second is dropped and from then on only every 2nd
 * (then 4th, ...) new second is kept, for the histogram and duration, which lose resolution evenly. The
 * interval statistics use the first {@link #MAX_TIMESTAMPS_PER_KEY} seconds, kept undecimated: decimating
 * a random series makes it look regular.
 *
 * <p>Chance gate (dnslens): a key is also reported only when its intervals bunch around their median more
 * than a random (Poisson) client's would except with probability {@code maxChanceProbability} ({@link
 * BeaconStatistics#chanceOfRegularity}). A capture holds tens of thousands of keys; RITA's scores over a
 * few dozen intervals call some random ones beacons.
 */
public final class BeaconingDetector implements Detector {
  /** (client, name) plus (client, domain) keys tracked. */
  public static final int MAX_TRACKED_KEYS = 50_000;
  /** Distinct query seconds kept per key (4 bytes each) before decimation. */
  public static final int MAX_TIMESTAMPS_PER_KEY = 512;
  /** When the table is full, young keys idle this long are evicted first. */
  static final long EVICT_IDLE_SECONDS = 3600;

  private final DetectionConfig.Beaconing cfg;
  private final AllowList allowList;
  private final NameFacts facts;
  private final Map<Key, State> keys = new HashMap<>();
  private final int maxKeys;
  private long overflow;
  private long datasetMinSecond = Long.MAX_VALUE;
  private long datasetMaxSecond = Long.MIN_VALUE;

  private record Key(IpAddress client, String target, boolean domainLevel) {}

  private static final class State {
    final String domain;
    final Evidence evidence = new Evidence();
    long baseSecond = Long.MIN_VALUE;
    int[] seconds = new int[8];
    int size;
    int stride = 1;
    int strideCounter;
    /** The first MAX_TIMESTAMPS_PER_KEY seconds, frozen at the first decimation (see record()). */
    int[] head;
    long lastSecond = Long.MIN_VALUE;
    long queries;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    String firstName;
    boolean manyNames;

    State(String domain) {
      this.domain = domain;
    }
  }

  public BeaconingDetector(DetectionConfig config) {
    this(config, new NameFacts(), MAX_TRACKED_KEYS);
  }

  /** With a smaller key limit, for tests of the bound. */
  BeaconingDetector(DetectionConfig config, int maxKeys) {
    this(config, new NameFacts(), maxKeys);
  }

  BeaconingDetector(DetectionConfig config, NameFacts facts, int maxKeys) {
    this.facts = facts;
    this.cfg = config.beaconing();
    this.allowList = config.allowList();
    this.maxKeys = maxKeys;
  }

  @Override
  public String name() {
    return "beaconing";
  }

  @Override
  public void add(Transaction tx) {
    long ts = tx.queryTimestampNanos();
    long second = Math.floorDiv(ts, 1_000_000_000L);
    // The histogram spans the whole capture, as RITA's spans the whole dataset.
    datasetMinSecond = Math.min(datasetMinSecond, second);
    datasetMaxSecond = Math.max(datasetMaxSecond, second);
    if (!Transactions.isClientLeg(tx) || tx.query() == null) {
      return;
    }
    String name = facts.name(tx);
    if (name == null || name.equals(".")) {
      return;
    }
    IpAddress client = tx.clientIp();
    if (client == null || allowList.allowsClient(client) || allowList.allowsName(name)) {
      return;
    }
    String domain = facts.domain(tx);
    record(new Key(client, name, false), domain, name, tx, ts, second);
    if (cfg.perDomain()) {
      record(new Key(client, domain, true), domain, name, tx, ts, second);
    }
  }

  private void record(Key key, String domain, String name, Transaction tx, long ts, long second) {
    State s = keys.get(key);
    if (s == null) {
      if (keys.size() >= maxKeys && !makeRoom(second)) {
        overflow++;
        return;
      }
      s = new State(domain);
      keys.put(key, s);
    }
    s.queries++;
    s.first = Math.min(s.first, ts);
    s.last = Math.max(s.last, ts);
    if (s.firstName == null) {
      s.firstName = name;
    } else if (!s.manyNames && !s.firstName.equals(name)) {
      s.manyNames = true;
    }
    if (second == s.lastSecond) {
      return;
    }
    s.lastSecond = second;
    s.evidence.add(Transactions.frame(tx));
    if (++s.strideCounter < s.stride) {
      return;
    }
    s.strideCounter = 0;
    if (s.baseSecond == Long.MIN_VALUE) {
      s.baseSecond = second;
    }
    long rel = second - s.baseSecond;
    if (rel < Integer.MIN_VALUE || rel > Integer.MAX_VALUE) {
      return; // over 68 years from the key's first query: not a capture
    }
    if (s.size == s.seconds.length) {
      if (s.size >= MAX_TIMESTAMPS_PER_KEY) {
        // Intervals are judged on consecutive queries only: keeping every k-th query of a random
        // (Poisson) client leaves Erlang-k intervals (coefficient of variation 1/sqrt(k)), which look
        // regular. So the undecimated first seconds are kept for the timestamp statistics, and the
        // decimated series serves only the histogram and duration, which decimation does not bias.
        if (s.head == null) {
          s.head = Arrays.copyOf(s.seconds, s.size);
        }
        int kept = 0;
        for (int i = 0; i < s.size; i += 2) {
          s.seconds[kept++] = s.seconds[i];
        }
        s.size = kept;
        s.stride *= 2;
      } else {
        s.seconds = Arrays.copyOf(s.seconds, Math.min(MAX_TIMESTAMPS_PER_KEY, s.seconds.length * 2));
      }
    }
    s.seconds[s.size++] = (int) rel;
  }

  /**
   * Frees a quarter of the table. Keys with fewer than {@code minDistinctTimestamps} seconds go first,
   * the longest idle first (idle for {@link #EVICT_IDLE_SECONDS}, then half that, ... down to 0), and at
   * each step one-off keys (a single second) before the others: a beacon's key is young but keeps being
   * hit, one-off lookups are not. Only then are keys with fewer than 4, 8, 16, ... seconds evicted.
   * Evictions are counted as overflow.
   */
  private boolean makeRoom(long nowSecond) {
    int target = maxKeys - Math.max(1, maxKeys / 4);
    int min = cfg.minDistinctTimestamps();
    int before = keys.size();
    for (long idle = EVICT_IDLE_SECONDS; keys.size() > target; idle /= 2) {
      final long cutoff = nowSecond - idle;
      keys.values().removeIf(s -> s.size < 2 && s.lastSecond < cutoff);
      if (keys.size() > target) {
        keys.values().removeIf(s -> s.size < min && s.lastSecond < cutoff);
      }
      if (idle == 0) {
        break;
      }
    }
    for (int below = min; keys.size() > target && below <= MAX_TIMESTAMPS_PER_KEY; below *= 2) {
      final int b = below;
      keys.values().removeIf(s -> s.size < b);
    }
    overflow += before - keys.size();
    return keys.size() < maxKeys;
  }

  /** The RITA subscores and the weighted score of one series. */
  record BeaconScore(double timestampScore, double histogramScore, double durationScore, double score) {}

  /**
   * Scores sorted distinct seconds against a dataset span; null when RITA would not score them (fewer than
   * 4 timestamps or 3 non-zero intervals, or an empty span).
   */
  static BeaconScore score(
      long[] sortedSeconds, long datasetMin, long datasetMax, DetectionConfig.Beaconing cfg) {
    return score(sortedSeconds, sortedSeconds, datasetMin, datasetMax, cfg);
  }

  /**
   * As {@link #score(long[], long, long, DetectionConfig.Beaconing)}, with the timestamp subscore taken
   * over {@code consecutiveSeconds} (undecimated) and the histogram and duration over {@code
   * sortedSeconds} (possibly decimated, spanning the whole key).
   */
  static BeaconScore score(long[] sortedSeconds, long[] consecutiveSeconds, long datasetMin, long datasetMax,
      DetectionConfig.Beaconing cfg) {
    if (sortedSeconds.length < 4 || datasetMax <= datasetMin) {
      return null;
    }
    double ts = BeaconStatistics.timestampScore(consecutiveSeconds);
    if (Double.isNaN(ts)) {
      return null;
    }
    int bins = bins(consecutiveSeconds, datasetMax - datasetMin, cfg);
    int[] hist = BeaconStatistics.histogram(datasetMin, datasetMax, sortedSeconds, null, bins);
    BeaconStatistics.FrequencyCounts fc =
        BeaconStatistics.frequencyCounts(hist, cfg.histModeSensitivity());
    double histScore =
        Math.max(
            BeaconStatistics.coefficientOfVariationScore(hist),
            BeaconStatistics.bimodalFitScore(
                fc, cfg.histBimodalOutlierRemoval(), cfg.histBimodalMinHours()));
    double dur =
        BeaconStatistics.durationScore(
            datasetMin,
            datasetMax,
            sortedSeconds[0],
            sortedSeconds[sortedSeconds.length - 1],
            fc.totalBars(),
            fc.longestRun(),
            cfg.durMinHours(),
            cfg.durIdealHours());
    double score =
        BeaconStatistics.round3(
            ts * cfg.timestampWeight() + histScore * cfg.histogramWeight() + dur * cfg.durationWeight());
    return new BeaconScore(ts, histScore, dur, score);
  }

  /** RITA's bin count, or fewer on a short capture (see {@link DetectionConfig.Beaconing#adaptiveBins}). */
  static int bins(long[] sortedSeconds, long spanSeconds, DetectionConfig.Beaconing cfg) {
    int bins = cfg.histogramBins();
    if (!cfg.adaptiveBins()) {
      return bins;
    }
    double[] intervals = BeaconStatistics.nonZeroIntervals(sortedSeconds);
    double median = BeaconStatistics.median(intervals, 0, intervals.length);
    if ((double) spanSeconds / bins >= median) {
      return bins;
    }
    long fit = (long) Math.floor(spanSeconds / median);
    return (int) Math.max(Math.min(cfg.durMinHours(), bins), Math.min(bins, fit));
  }

  @Override
  public List<Finding> finish() {
    List<Finding> out = new ArrayList<>();
    Set<Key> reportedDomains = new HashSet<>();
    List<Map.Entry<Key, State>> domainKeys = new ArrayList<>();
    for (Map.Entry<Key, State> e : keys.entrySet()) {
      if (e.getKey().domainLevel()) {
        domainKeys.add(e);
        continue;
      }
      Finding f = evaluate(e.getKey(), e.getValue());
      if (f != null) {
        out.add(f);
        reportedDomains.add(new Key(e.getKey().client(), e.getValue().domain, true));
      }
    }
    for (Map.Entry<Key, State> e : domainKeys) {
      if (!e.getValue().manyNames || reportedDomains.contains(e.getKey())) {
        continue;
      }
      Finding f = evaluate(e.getKey(), e.getValue());
      if (f != null) {
        out.add(f);
      }
    }
    out.sort(TunnelingDetector.FINDING_ORDER);
    return out;
  }

  private Finding evaluate(Key key, State s) {
    long[] secs = seconds(s.baseSecond, s.seconds, s.size);
    if (secs.length < Math.max(cfg.minDistinctTimestamps(), cfg.minReportTimestamps())) {
      return null;
    }
    long[] consecutive = s.head == null ? secs : seconds(s.baseSecond, s.head, s.head.length);
    BeaconScore b = score(secs, consecutive, datasetMinSecond, datasetMaxSecond, cfg);
    if (b == null || b.score() < cfg.minScore() || b.timestampScore() < cfg.minTimestampScore()) {
      return null;
    }
    double[] intervals = BeaconStatistics.nonZeroIntervals(consecutive);
    double median = BeaconStatistics.median(intervals, 0, intervals.length);
    if (median < cfg.minMedianIntervalSeconds()) {
      return null;
    }
    int nearMedian = BeaconStatistics.intervalsNearMedian(intervals, median, cfg.regularityTolerance());
    double chance = BeaconStatistics.chanceOfRegularity(intervals, cfg.regularityTolerance());
    if (chance > cfg.maxChanceProbability()) {
      return null;
    }
    double mad = BeaconStatistics.medianAbsoluteDeviation(intervals);
    double skew = BeaconStatistics.bowleySkewness(intervals);
    int score = (int) Math.max(0, Math.min(100, Math.round(b.score() * 100)));
    String explanation =
        "host "
            + key.client()
            + " queried "
            + (key.domainLevel() ? "names under " : "")
            + key.target()
            + " every "
            + Explain.interval(median)
            + " (median interval"
            + (s.head != null ? " of the first " + consecutive.length + " query seconds" : "")
            + ", MAD "
            + Explain.oneDecimal(mad)
            + " s, skew "
            + Explain.twoDecimals(skew)
            + ") "
            + Explain.count(s.queries)
            + " times over "
            + Explain.duration(s.last - s.first)
            + "; "
            + nearMedian
            + " of "
            + intervals.length
            + " intervals within "
            + Math.round(cfg.regularityTolerance() * 100)
            + " % of the median (a random client: probability "
            + Explain.probability(chance)
            + "); RITA score "
            + Explain.twoDecimals(b.score())
            + " (timestamps "
            + Explain.twoDecimals(b.timestampScore())
            + ", histogram "
            + Explain.twoDecimals(b.histogramScore())
            + ", duration "
            + Explain.twoDecimals(b.durationScore())
            + ")";
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("beacon_score", b.score());
    m.put("timestamp_score", b.timestampScore());
    m.put("histogram_score", b.histogramScore());
    m.put("duration_score", b.durationScore());
    m.put("median_interval_seconds", median);
    m.put("mad_seconds", mad);
    m.put("bowley_skewness", skew);
    m.put("intervals_near_median", (double) nearMedian);
    m.put("intervals", (double) intervals.length);
    m.put("chance_probability", chance);
    m.put("queries", (double) s.queries);
    m.put("distinct_seconds_scored", (double) secs.length);
    m.put("decimation_stride", (double) s.stride);
    m.put("histogram_bins", (double) bins(consecutive, datasetMaxSecond - datasetMinSecond, cfg));
    return Finding.of(
        FindingKind.BEACONING,
        score,
        key.client(),
        key.target(),
        s.first,
        s.last,
        explanation,
        m,
        s.evidence.refs());
  }

  /** Sorted distinct absolute seconds of a key's relative ones. */
  private static long[] seconds(long base, int[] rel, int size) {
    long[] secs = new long[size];
    for (int i = 0; i < size; i++) {
      secs[i] = base + rel[i];
    }
    Arrays.sort(secs);
    return distinct(secs);
  }

  private static long[] distinct(long[] sorted) {
    int n = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (i == 0 || sorted[i] != sorted[i - 1]) {
        sorted[n++] = sorted[i];
      }
    }
    return Arrays.copyOf(sorted, n);
  }

  @Override
  public long overflowCount() {
    return overflow;
  }

  int trackedKeys() {
    return keys.size();
  }
}
