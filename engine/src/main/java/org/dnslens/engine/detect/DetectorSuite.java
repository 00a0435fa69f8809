package org.dnslens.engine.detect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dnslens.engine.model.Finding;
import org.dnslens.engine.model.FindingKind;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.engine.model.Transaction;

/**
 * All C2 hunting detectors over one stream of transactions, with one {@link DetectionConfig}. Feed it
 * from the ingest pipeline (or from stored transactions in capture-time order) and call {@link #finish()}
 * once at the end. Not thread-safe.
 *
 * <p>When the capture holds both legs and the pairer could not tell them apart (role {@code UNKNOWN}),
 * a resolver's upstream queries repeat its clients' ones, so the resolver would be reported next to the
 * infected client for the same tunnel, beacon or NXDOMAIN storm. The suite therefore drops per-client
 * findings whose client is one of the internal resolvers (configured, or inferred by the {@link
 * ResolverBypassDetector}) and counts them ({@link #suppressedResolverFindings()}). A compromised
 * resolver is outside what these detectors can tell from DNS alone.
 */
public final class DetectorSuite implements Detector {
  private final List<Detector> detectors;
  private long suppressedResolverFindings;

  /** The five detectors with the given settings and the shipped bigram model. */
  public DetectorSuite(DetectionConfig config) {
    this(config, new NameFacts());
  }

  private DetectorSuite(DetectionConfig config, NameFacts facts) {
    this(
        List.of(
            new TunnelingDetector(config, facts, TunnelingDetector.MAX_TRACKED_KEYS),
            new BeaconingDetector(config, facts, BeaconingDetector.MAX_TRACKED_KEYS),
            new NxdomainBurstDetector(
                config, BigramModel.loadDefault(), facts, NxdomainBurstDetector.MAX_TRACKED_CLIENTS),
            new ResolverBypassDetector(config, facts, ResolverBypassDetector.MAX_TRACKED_CLIENTS),
            new OddTypeDetector(config, facts, OddTypeDetector.MAX_TRACKED_CLIENT_KEYS)));
  }

  /** A suite of the given detectors (for tests and custom selections). */
  public DetectorSuite(List<Detector> detectors) {
    this.detectors = List.copyOf(detectors);
  }

  /** The defaults ({@link DetectionConfig#defaults()}). */
  public static DetectorSuite withDefaults() {
    return new DetectorSuite(DetectionConfig.defaults());
  }

  @Override
  public String name() {
    return "suite";
  }

  @Override
  public void add(Transaction tx) {
    for (Detector d : detectors) {
      d.add(tx);
    }
  }

  /** Findings of every detector, best score first, then earliest. */
  @Override
  public List<Finding> finish() {
    Set<IpAddress> resolvers = Set.of();
    for (Detector d : detectors) {
      if (d instanceof ResolverBypassDetector bypass) {
        resolvers = bypass.resolvers();
      }
    }
    List<Finding> out = new ArrayList<>();
    for (Detector d : detectors) {
      for (Finding f : d.finish()) {
        if (isResolverEcho(f, resolvers)) {
          suppressedResolverFindings++;
        } else {
          out.add(f);
        }
      }
    }
    out.sort(TunnelingDetector.FINDING_ORDER);
    return out;
  }

  private static boolean isResolverEcho(Finding f, Set<IpAddress> resolvers) {
    if (f.client() == null || !resolvers.contains(f.client())) {
      return false;
    }
    return f.kind() == FindingKind.TUNNELING
        || f.kind() == FindingKind.BEACONING
        || f.kind() == FindingKind.NXDOMAIN_BURST
        || f.kind() == FindingKind.ODD_QUERY_TYPE;
  }

  /** Findings dropped by {@link #finish()} because their client is an internal resolver. */
  public long suppressedResolverFindings() {
    return suppressedResolverFindings;
  }

  /** Sum of the detectors' overflow counts. */
  @Override
  public long overflowCount() {
    long n = 0;
    for (Detector d : detectors) {
      n += d.overflowCount();
    }
    return n;
  }

  /** Overflow count per detector name, in suite order. */
  public Map<String, Long> overflowCounts() {
    Map<String, Long> m = new LinkedHashMap<>();
    for (Detector d : detectors) {
      m.put(d.name(), d.overflowCount());
    }
    return m;
  }

  /** The detectors, in order. */
  public List<Detector> detectors() {
    return detectors;
  }
}
