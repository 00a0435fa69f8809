package org.dnslens.testdata.gen;

/**
 * Everything that determines a generated capture. Two equal configs produce byte-identical files.
 *
 * @param seed seed of every random choice (java.util.SplittableRandom)
 * @param transactions number of background client transactions (client ↔ local resolver); actors and
 *     resolver → upstream legs come on top, see {@link GenerationTruth#transactions()}
 * @param format container format
 * @param gzip whether {@link CaptureGenerator#write(java.nio.file.Path)} gzips the file
 * @param clients number of background client hosts
 * @param resolvers number of local resolvers (1..200)
 * @param startEpochNanos timestamp of the first transaction; there is no wall clock anywhere
 * @param meanGapMicros mean gap between background transaction starts (exponential distribution)
 * @param actors injected behaviours
 * @param nanosecondPcap PCAP only: write the nanosecond-resolution magic instead of microseconds
 * @param ipv6Share share of background transactions carried over IPv6
 * @param tcpShare share of background transactions carried over TCP
 * @param upstreamShare share of background UDP transactions that make the resolver query an upstream server
 * @param beaconIntervalSeconds the beacon actor's mean period (60 s); it beacons for six hours whatever the period
 * @param beaconJitterSeconds the beacon actor's jitter: each gap is the period ± up to this, uniform (2 s)
 * @param stableAddresses background A/AAAA answers for a name come from a fixed pool of up to four
 *     addresses derived from the name (false: fresh random addresses in every reply, which makes every
 *     name asked ten times look like fast flux; the evaluation of the detectors turns this on)
 */
public record GeneratorConfig(
    long seed,
    int transactions,
    CaptureFormat format,
    boolean gzip,
    int clients,
    int resolvers,
    long startEpochNanos,
    double meanGapMicros,
    Actors actors,
    boolean nanosecondPcap,
    double ipv6Share,
    double tcpShare,
    double upstreamShare,
    double beaconIntervalSeconds,
    double beaconJitterSeconds,
    boolean stableAddresses) {

  /** 2026-01-05T09:00:00Z: a fixed, arbitrary start so that defaults never depend on the clock. */
  public static final long DEFAULT_START_EPOCH_NANOS = 1_767_603_600_000_000_000L;

  public static final int MAX_RESOLVERS = 200;
  public static final int MAX_CLIENTS = 60_000;
  public static final double DEFAULT_BEACON_INTERVAL_SECONDS = 60.0;
  public static final double DEFAULT_BEACON_JITTER_SECONDS = 2.0;
  /** A beacon of six hours at this period still has a few queries; shorter periods would mean floods. */
  public static final double MIN_BEACON_INTERVAL_SECONDS = 1.0;

  public GeneratorConfig {
    if (transactions < 0) {
      throw new IllegalArgumentException("transactions must be >= 0: " + transactions);
    }
    if (clients < 1 || clients > MAX_CLIENTS) {
      throw new IllegalArgumentException("clients must be in 1.." + MAX_CLIENTS + ": " + clients);
    }
    if (resolvers < 1 || resolvers > MAX_RESOLVERS) {
      throw new IllegalArgumentException("resolvers must be in 1.." + MAX_RESOLVERS + ": " + resolvers);
    }
    if (!(meanGapMicros > 0) || Double.isInfinite(meanGapMicros)) {
      throw new IllegalArgumentException("meanGapMicros must be > 0: " + meanGapMicros);
    }
    if (startEpochNanos < 0) {
      throw new IllegalArgumentException("startEpochNanos must be >= 0: " + startEpochNanos);
    }
    checkShare("ipv6Share", ipv6Share);
    checkShare("tcpShare", tcpShare);
    checkShare("upstreamShare", upstreamShare);
    if (!(beaconIntervalSeconds >= MIN_BEACON_INTERVAL_SECONDS) || Double.isInfinite(beaconIntervalSeconds)) {
      throw new IllegalArgumentException("beaconIntervalSeconds must be >= " + MIN_BEACON_INTERVAL_SECONDS + ": "
          + beaconIntervalSeconds);
    }
    if (!(beaconJitterSeconds >= 0 && beaconJitterSeconds < beaconIntervalSeconds)) {
      throw new IllegalArgumentException("beaconJitterSeconds must be in [0, beaconIntervalSeconds): "
          + beaconJitterSeconds);
    }
    if (format == null || actors == null) {
      throw new IllegalArgumentException("format and actors are required");
    }
  }

  /** The original thirteen settings, with the default beacon period and jitter. */
  public GeneratorConfig(long seed, int transactions, CaptureFormat format, boolean gzip, int clients, int resolvers,
      long startEpochNanos, double meanGapMicros, Actors actors, boolean nanosecondPcap, double ipv6Share,
      double tcpShare, double upstreamShare) {
    this(seed, transactions, format, gzip, clients, resolvers, startEpochNanos, meanGapMicros, actors,
        nanosecondPcap, ipv6Share, tcpShare, upstreamShare, DEFAULT_BEACON_INTERVAL_SECONDS,
        DEFAULT_BEACON_JITTER_SECONDS, false);
  }

  /** 200 clients, 2 resolvers, PCAP (µs), 500 µs mean gap, 10% IPv6, 2% TCP, 5% upstream, no actors. */
  public static GeneratorConfig defaults(long seed, int transactions) {
    return new GeneratorConfig(
        seed,
        transactions,
        CaptureFormat.PCAP,
        false,
        200,
        2,
        DEFAULT_START_EPOCH_NANOS,
        500.0,
        Actors.none(),
        false,
        0.10,
        0.02,
        0.05,
        DEFAULT_BEACON_INTERVAL_SECONDS,
        DEFAULT_BEACON_JITTER_SECONDS,
        false);
  }

  public GeneratorConfig withFormat(CaptureFormat newFormat) {
    return new GeneratorConfig(seed, transactions, newFormat, gzip, clients, resolvers, startEpochNanos,
        meanGapMicros, actors, nanosecondPcap, ipv6Share, tcpShare, upstreamShare, beaconIntervalSeconds,
        beaconJitterSeconds, stableAddresses);
  }

  public GeneratorConfig withActors(Actors newActors) {
    return new GeneratorConfig(seed, transactions, format, gzip, clients, resolvers, startEpochNanos,
        meanGapMicros, newActors, nanosecondPcap, ipv6Share, tcpShare, upstreamShare, beaconIntervalSeconds,
        beaconJitterSeconds, stableAddresses);
  }

  public GeneratorConfig withGzip(boolean newGzip) {
    return new GeneratorConfig(seed, transactions, format, newGzip, clients, resolvers, startEpochNanos,
        meanGapMicros, actors, nanosecondPcap, ipv6Share, tcpShare, upstreamShare, beaconIntervalSeconds,
        beaconJitterSeconds, stableAddresses);
  }

  public GeneratorConfig withNanosecondPcap(boolean nanos) {
    return new GeneratorConfig(seed, transactions, format, gzip, clients, resolvers, startEpochNanos,
        meanGapMicros, actors, nanos, ipv6Share, tcpShare, upstreamShare, beaconIntervalSeconds,
        beaconJitterSeconds, stableAddresses);
  }

  public GeneratorConfig withClients(int newClients) {
    return new GeneratorConfig(seed, transactions, format, gzip, newClients, resolvers, startEpochNanos,
        meanGapMicros, actors, nanosecondPcap, ipv6Share, tcpShare, upstreamShare, beaconIntervalSeconds,
        beaconJitterSeconds, stableAddresses);
  }

  public GeneratorConfig withMeanGapMicros(double newMeanGapMicros) {
    return new GeneratorConfig(seed, transactions, format, gzip, clients, resolvers, startEpochNanos,
        newMeanGapMicros, actors, nanosecondPcap, ipv6Share, tcpShare, upstreamShare, beaconIntervalSeconds,
        beaconJitterSeconds, stableAddresses);
  }

  public GeneratorConfig withUpstreamShare(double newUpstreamShare) {
    return new GeneratorConfig(seed, transactions, format, gzip, clients, resolvers, startEpochNanos,
        meanGapMicros, actors, nanosecondPcap, ipv6Share, tcpShare, newUpstreamShare, beaconIntervalSeconds,
        beaconJitterSeconds, stableAddresses);
  }

  /** The beacon actor's period and jitter (seconds). */
  public GeneratorConfig withBeacon(double intervalSeconds, double jitterSeconds) {
    return new GeneratorConfig(seed, transactions, format, gzip, clients, resolvers, startEpochNanos,
        meanGapMicros, actors, nanosecondPcap, ipv6Share, tcpShare, upstreamShare, intervalSeconds, jitterSeconds,
        stableAddresses);
  }

  /** See {@code stableAddresses}. */
  public GeneratorConfig withStableAddresses(boolean stable) {
    return new GeneratorConfig(seed, transactions, format, gzip, clients, resolvers, startEpochNanos,
        meanGapMicros, actors, nanosecondPcap, ipv6Share, tcpShare, upstreamShare, beaconIntervalSeconds,
        beaconJitterSeconds, stable);
  }

  private static void checkShare(String name, double value) {
    if (!(value >= 0.0 && value <= 1.0)) {
      throw new IllegalArgumentException(name + " must be in [0, 1]: " + value);
    }
  }
}
