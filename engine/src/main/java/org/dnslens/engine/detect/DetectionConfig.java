package org.dnslens.engine.detect;

import java.util.ArrayList;
import java.util.List;
import org.dnslens.engine.model.IpAddress;

/**
 * Every threshold of the C2 hunting detectors, with documented defaults, and the allow-list they share.
 * Immutable; build variants with the {@code with...} methods or the nested records' constructors.
 *
 * @param allowList names and clients no detector reports
 * @param tunneling {@link TunnelingDetector} settings
 * @param beaconing {@link BeaconingDetector} settings
 * @param nxdomain {@link NxdomainBurstDetector} settings
 * @param bypass {@link ResolverBypassDetector} settings
 * @param oddTypes {@link OddTypeDetector} settings
 */
public record DetectionConfig(
    AllowList allowList,
    Tunneling tunneling,
    Beaconing beaconing,
    Nxdomain nxdomain,
    Bypass bypass,
    OddTypes oddTypes) {

  /** One minute in nanoseconds. */
  public static final long MINUTE_NANOS = 60_000_000_000L;

  /** The defaults, with the shipped allow-list and public resolver list. */
  public static DetectionConfig defaults() {
    return new DetectionConfig(
        AllowList.defaults(),
        Tunneling.defaults(),
        Beaconing.defaults(),
        Nxdomain.defaults(),
        Bypass.defaults(),
        OddTypes.defaults());
  }

  public DetectionConfig withAllowList(AllowList list) {
    return new DetectionConfig(list, tunneling, beaconing, nxdomain, bypass, oddTypes);
  }

  public DetectionConfig withTunneling(Tunneling t) {
    return new DetectionConfig(allowList, t, beaconing, nxdomain, bypass, oddTypes);
  }

  public DetectionConfig withBeaconing(Beaconing b) {
    return new DetectionConfig(allowList, tunneling, b, nxdomain, bypass, oddTypes);
  }

  public DetectionConfig withNxdomain(Nxdomain n) {
    return new DetectionConfig(allowList, tunneling, beaconing, n, bypass, oddTypes);
  }

  public DetectionConfig withBypass(Bypass b) {
    return new DetectionConfig(allowList, tunneling, beaconing, nxdomain, b, oddTypes);
  }

  public DetectionConfig withOddTypes(OddTypes o) {
    return new DetectionConfig(allowList, tunneling, beaconing, nxdomain, bypass, o);
  }

  /**
   * Tunneling and exfiltration per (client, registrable domain).
   *
   * @param minDistinctSubdomains distinct query names under one registrable domain before a key is
   *     considered at all (RITA v5 {@code c2_subdomain_threshold}: 100)
   * @param gradeLow distinct names for RITA's "low" grade (500)
   * @param gradeMedium distinct names for RITA's "medium" grade (800)
   * @param gradeHigh distinct names for RITA's "high" grade (1000)
   * @param longSubdomainChars a subdomain part this long or longer is "long" (Elastic's 50 characters)
   * @param longSubdomainWindowNanos the window in which long subdomains are counted (5 minutes)
   * @param longSubdomainMinCount distinct long subdomains in one window that corroborate (10)
   * @param highEntropyBitsPerChar mean Shannon entropy of distinct subdomain parts that corroborates (3.5
   *     bits/char: host-name words stay near 2.5 to 3.2; hex payloads reach 3.7 to 4, base32 and base64
   *     4 to 5)
   * @param infoBudgetBytesPerDay bytes of distinct subdomain text per client, domain and day that
   *     corroborate on their own (Paxson et al. 2013 bound benign use at about 4 kB/day)
   * @param oddTypeShare share of TXT, NULL, CNAME and MX queries that corroborates (0.5)
   * @param largeReplyBytes a reply at least this large is "large" (512, the classic UDP limit)
   * @param largeReplyShare share of large replies that corroborates (0.25)
   */
  public record Tunneling(
      int minDistinctSubdomains,
      int gradeLow,
      int gradeMedium,
      int gradeHigh,
      int longSubdomainChars,
      long longSubdomainWindowNanos,
      int longSubdomainMinCount,
      double highEntropyBitsPerChar,
      long infoBudgetBytesPerDay,
      double oddTypeShare,
      int largeReplyBytes,
      double largeReplyShare) {

    public static Tunneling defaults() {
      return new Tunneling(100, 500, 800, 1000, 50, 5 * MINUTE_NANOS, 10, 3.5, 4096, 0.5, 512, 0.25);
    }
  }

  /**
   * Beaconing per (client, name) and per (client, registrable domain), scored as RITA v5 scores
   * connections.
   *
   * @param minDistinctTimestamps distinct query seconds a key needs to be scored (RITA {@code
   *     unique_connection_threshold}: 4)
   * @param minScore beacon score 0..1 a key needs to be reported (0.8; RITA lists from 0.5 and calls 0.7
   *     "low", 0.9 "medium", 1.0 "high")
   * @param minTimestampScore timestamp subscore the key also needs (0, off by default; it was 0.8 before
   *     the chance gate). It kept busy random clients out, whose histogram and duration subscores are
   *     high, but it is not calibrated: random clients pass it in 0.2 to 12 % of keys, and a beacon with
   *     +-50 % uniform jitter fails it in a third of 72-interval series (Monte Carlo). {@code
   *     maxChanceProbability} does its job with a known false-alarm rate; the timestamp subscore still
   *     counts in the beacon score
   * @param timestampWeight weight of RITA's timestamp subscore (1/3)
   * @param histogramWeight weight of RITA's histogram subscore (1/3)
   * @param durationWeight weight of RITA's duration subscore (1/3); RITA's fourth subscore, data size, is
   *     left out: a DNS query's size is set by its name, so per name it is constant and would add a free
   *     0.25 to every key
   * @param histogramBins bins over the capture's span (RITA: 24, an hour each over a day)
   * @param histModeSensitivity RITA {@code histogram_mode_sensitivity} (0.05)
   * @param histBimodalOutlierRemoval RITA {@code histogram_bimodal_outlier_removal} (1)
   * @param histBimodalMinHours RITA {@code histogram_bimodal_min_hours_seen} (11)
   * @param durMinHours RITA {@code duration_min_hours_seen} (6)
   * @param durIdealHours RITA {@code duration_consistency_ideal_hours_seen} (12)
   * @param perDomain also score per (client, registrable domain), for beacons that vary the name
   * @param adaptiveBins a dnslens adaptation (true): when the capture is so short that a bin is shorter
   *     than the key's median interval, use fewer bins (span / median interval, at least {@code
   *     durMinHours}) so that each bin can hold a query. RITA's 24 hourly bins assume a day of data and
   *     beacons faster than hourly; on a 10-minute capture a 60-second beacon would otherwise fill only
   *     10 of 24 bins and score 0 on the histogram. The timestamp gate keeps random clients out either
   *     way.
   * @param minMedianIntervalSeconds a dnslens gate (10 s): keys whose median interval between distinct
   *     query seconds is shorter are not beacons. RITA timestamps have one-second resolution, so a busy
   *     client that asks a popular name (or names under a popular domain) in every second of a short
   *     capture gets intervals of exactly 1 s, MAD 0 and a perfect score; on generated captures at
   *     ~2 000 transactions/s this gave ~1 000 false beacons per million transactions. Implants sleep for
   *     tens of seconds to hours; anything polling faster is bulk traffic that the tunneling detector
   *     judges by content.
   * @param minReportTimestamps a dnslens gate (8): a key is reported only with at least this many distinct
   *     query seconds. RITA scores from 4, but over 5 or 6 intervals a random (Poisson) client is regular
   *     by chance often enough: on generated six-hour captures, keys with 6-7 queries an hour apart scored
   *     0.83-0.94 (timestamp scores 0.83-0.90). A beacon an hour apart needs 8 hours to qualify; one every
   *     5 minutes, 35 minutes
   * @param regularityTolerance a dnslens setting (0.25) for the chance gate: an interval is "near the
   *     median" within this share of the median. A beacon with uniform jitter of ±50 % has half its
   *     intervals there, one with ±20 % all of them; a random (Poisson) client 17 % (see {@link
   *     BeaconStatistics#poissonNearMedianProbability})
   * @param maxChanceProbability a dnslens gate (1e-6): a key is reported only when a random (Poisson)
   *     client would put as many intervals near their median with at most this probability
   *     (binomial tail, {@link BeaconStatistics#chanceOfRegularity}). RITA's scores are not calibrated
   *     against chance: over 10 to 50 intervals a random client reaches a timestamp score of 0.8 in 0.2
   *     to 12 % of keys (Monte Carlo, more for short intervals, where RITA's 10-second IQR rule hands out
   *     a perfect skew score), and a capture of a million transactions holds tens of thousands of keys.
   *     At 1e-6 and at most {@link BeaconingDetector#MAX_TRACKED_KEYS} keys per table, chance alone
   *     gives well under one false beacon per capture; a beacon with ±50 % jitter passes from about 40
   *     intervals, with ±20 % from 10
   */
  public record Beaconing(
      int minDistinctTimestamps,
      double minScore,
      double minTimestampScore,
      double timestampWeight,
      double histogramWeight,
      double durationWeight,
      int histogramBins,
      double histModeSensitivity,
      int histBimodalOutlierRemoval,
      int histBimodalMinHours,
      int durMinHours,
      int durIdealHours,
      boolean perDomain,
      boolean adaptiveBins,
      double minMedianIntervalSeconds,
      int minReportTimestamps,
      double regularityTolerance,
      double maxChanceProbability) {

    /** Without the median-interval, report-count and chance gates: they take their defaults. */
    public Beaconing(int minDistinctTimestamps, double minScore, double minTimestampScore,
        double timestampWeight, double histogramWeight, double durationWeight, int histogramBins,
        double histModeSensitivity, int histBimodalOutlierRemoval, int histBimodalMinHours, int durMinHours,
        int durIdealHours, boolean perDomain, boolean adaptiveBins) {
      this(minDistinctTimestamps, minScore, minTimestampScore, timestampWeight, histogramWeight,
          durationWeight, histogramBins, histModeSensitivity, histBimodalOutlierRemoval, histBimodalMinHours,
          durMinHours, durIdealHours, perDomain, adaptiveBins, DEFAULT_MIN_MEDIAN_INTERVAL_SECONDS,
          DEFAULT_MIN_REPORT_TIMESTAMPS, DEFAULT_REGULARITY_TOLERANCE, DEFAULT_MAX_CHANCE_PROBABILITY);
    }

    /** See {@code regularityTolerance}. */
    public static final double DEFAULT_REGULARITY_TOLERANCE = 0.25;

    /** See {@code maxChanceProbability}. */
    public static final double DEFAULT_MAX_CHANCE_PROBABILITY = 1e-6;

    /** See {@code minReportTimestamps}. */
    public static final int DEFAULT_MIN_REPORT_TIMESTAMPS = 8;

    /** See {@code minMedianIntervalSeconds}. */
    public static final double DEFAULT_MIN_MEDIAN_INTERVAL_SECONDS = 10.0;

    public Beaconing {
      double sum = timestampWeight + histogramWeight + durationWeight;
      if (Math.abs(sum - 1.0) > 1e-9) {
        throw new IllegalArgumentException("beacon weights must sum to 1, not " + sum);
      }
      if (minDistinctTimestamps < 4) {
        throw new IllegalArgumentException("RITA needs at least 4 timestamps");
      }
      if (!(regularityTolerance > 0 && regularityTolerance < 1)) {
        throw new IllegalArgumentException("regularityTolerance must be in (0, 1), not " + regularityTolerance);
      }
      if (!(maxChanceProbability >= 0 && maxChanceProbability <= 1)) {
        throw new IllegalArgumentException("maxChanceProbability must be in [0, 1], not " + maxChanceProbability);
      }
    }

    public static Beaconing defaults() {
      return new Beaconing(4, 0.8, 0.0, 1 / 3.0, 1 / 3.0, 1 / 3.0, 24, 0.05, 1, 11, 6, 12, true, true,
          DEFAULT_MIN_MEDIAN_INTERVAL_SECONDS, DEFAULT_MIN_REPORT_TIMESTAMPS, DEFAULT_REGULARITY_TOLERANCE,
          DEFAULT_MAX_CHANCE_PROBABILITY);
    }
  }

  /**
   * NXDOMAIN storms and DGA per client.
   *
   * @param minDistinctNxNames distinct failed names in one window that make a burst (the community Zeek
   *     rule: 50)
   * @param windowNanos the window (5 minutes)
   * @param randomLogLikelihood a registrable label whose bigram log-likelihood per character is below this
   *     looks random (-5.5 bits: English words and brand names score -3.3 to -5, random [a-z0-9]
   *     labels of 8 to 16 characters average -7.3, 97 % of them below -5.5)
   * @param minLabelChars labels shorter than this are not judged random or counted for lengths (6)
   * @param randomShare share of random-looking failed labels that corroborates DGA (0.5)
   * @param sameLengthShare share of failed labels with the burst's most common length (0.5)
   * @param resolveWindowNanos a random-looking name that resolved within this time of the burst is the
   *     likely C2 (10 minutes)
   * @param minDistinctRandomNxNames distinct <em>random-looking</em> failed names in one window that make
   *     a DGA burst on their own (25). A DGA tries tens of names per attempt, not always 50 (the generator's
   *     actor: 40 per burst, 5 minutes apart, so the 50-name rule never fires), while a busy client's
   *     typos and stale names are words and rarely random
   * @param stormNeedsCorroboration an NXDOMAIN storm of {@code minDistinctNxNames} is reported only when
   *     its labels look random or share one length (true): without it, the busiest benign clients of a
   *     generated capture (tens of queries per second, 5 % NXDOMAIN) were reported
   */
  public record Nxdomain(
      int minDistinctNxNames,
      long windowNanos,
      double randomLogLikelihood,
      int minLabelChars,
      double randomShare,
      double sameLengthShare,
      long resolveWindowNanos,
      int minDistinctRandomNxNames,
      boolean stormNeedsCorroboration) {

    /** Without the random-name path: it takes its defaults. */
    public Nxdomain(int minDistinctNxNames, long windowNanos, double randomLogLikelihood, int minLabelChars,
        double randomShare, double sameLengthShare, long resolveWindowNanos) {
      this(minDistinctNxNames, windowNanos, randomLogLikelihood, minLabelChars, randomShare, sameLengthShare,
          resolveWindowNanos, DEFAULT_MIN_DISTINCT_RANDOM_NX_NAMES, true);
    }

    /** See {@code minDistinctRandomNxNames}. */
    public static final int DEFAULT_MIN_DISTINCT_RANDOM_NX_NAMES = 25;

    public static Nxdomain defaults() {
      return new Nxdomain(50, 5 * MINUTE_NANOS, -5.5, 6, 0.5, 0.5, 10 * MINUTE_NANOS,
          DEFAULT_MIN_DISTINCT_RANDOM_NX_NAMES, true);
    }
  }

  /**
   * Resolver bypass, non-standard ports and encrypted DNS.
   *
   * @param internalResolvers the network's resolvers; empty to infer them (servers answering at least
   *     {@code resolverMinClientShare} of the clients and {@code resolverMinClients} clients)
   * @param resolverMinClientShare share of all clients a server must answer to count as a resolver (0.5)
   * @param resolverMinClients clients a server must answer to count as a resolver (3)
   * @param minBypassQueries queries from one client to other servers before it is reported (5)
   * @param minNonstandardQueries DNS messages on non-DNS ports from one client before it is reported (3)
   * @param publicResolvers well-known public resolvers that also serve DoH/DoT
   */
  public record Bypass(
      List<IpAddress> internalResolvers,
      double resolverMinClientShare,
      int resolverMinClients,
      int minBypassQueries,
      int minNonstandardQueries,
      List<IpAddress> publicResolvers) {

    public Bypass {
      internalResolvers = List.copyOf(internalResolvers);
      publicResolvers = List.copyOf(publicResolvers);
    }

    /** The shipped public resolver list ({@code public-resolvers.txt}). */
    public static List<IpAddress> defaultPublicResolvers() {
      List<IpAddress> out = new ArrayList<>();
      for (String line : ResourceLines.read("public-resolvers.txt")) {
        out.add(IpAddress.parse(line));
      }
      return out;
    }

    public static Bypass defaults() {
      return new Bypass(List.of(), 0.5, 3, 5, 3, defaultPublicResolvers());
    }

    public Bypass withInternalResolvers(List<IpAddress> resolvers) {
      return new Bypass(
          resolvers,
          resolverMinClientShare,
          resolverMinClients,
          minBypassQueries,
          minNonstandardQueries,
          publicResolvers);
    }
  }

  /**
   * Odd query types and fast flux.
   *
   * @param minAnyQueries ANY queries from one client before it is reported (5: some mail and legacy
   *     software sends a few)
   * @param minNullQueries NULL queries from one client (1: NULL has no use but tunnels such as iodine)
   * @param minZoneTransferQueries AXFR/IXFR queries from one client (1)
   * @param fluxMinDistinctIps distinct A/AAAA addresses for one name over the capture (10)
   * @param fluxMinDistinctPrefixes distinct /16 (IPv4) or /32 (IPv6) prefixes among them (5): a CDN
   *     answers from few networks, a botnet from many
   * @param fluxMaxTtlSeconds the largest TTL seen for the name must be at most this (300)
   */
  public record OddTypes(
      int minAnyQueries,
      int minNullQueries,
      int minZoneTransferQueries,
      int fluxMinDistinctIps,
      int fluxMinDistinctPrefixes,
      long fluxMaxTtlSeconds) {

    public static OddTypes defaults() {
      return new OddTypes(5, 1, 1, 10, 5, 300);
    }
  }
}
