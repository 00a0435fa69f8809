package org.dnslens.engine.detect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dnslens.engine.model.Finding;
import org.dnslens.engine.model.Transaction;

/**
 * All C2 hunting detectors over one stream of transactions, with one {@link DetectionConfig}. Feed it
 * from the ingest pipeline (or from stored transactions in capture-time order) and call {@link #finish()}
 * once at the end. Not thread-safe.
 */
public final class DetectorSuite implements Detector {
  private final List<Detector> detectors;

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
    List<Finding> out = new ArrayList<>();
    for (Detector d : detectors) {
      out.addAll(d.finish());
    }
    out.sort(TunnelingDetector.FINDING_ORDER);
    return out;
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
