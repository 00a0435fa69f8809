package org.dnslens.engine.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One result of a detector: what, how sure, who, about which name, when, why, and where the evidence is.
 *
 * @param kind what was found
 * @param score 0..100; detectors document how they compute it
 * @param severity always {@link Severity#ofScore(int)} of {@code score}
 * @param client the client host, or null for a finding about a name alone (fast flux)
 * @param domain the registrable domain or name the finding is about, or null when it is about the client
 *     alone (resolver bypass); lower case presentation format
 * @param firstSeenNanos capture time of the first transaction that contributed, epoch nanoseconds
 * @param lastSeenNanos capture time of the last transaction that contributed, epoch nanoseconds
 * @param explanation one sentence with the numbers that drove the score
 * @param metrics the named statistics behind the score, in a stable order; finite numbers only (so
 *     that storage and JSON can hold them)
 * @param evidence query frames of contributing transactions, at most {@link #MAX_EVIDENCE_REFS}
 */
public record Finding(
    FindingKind kind,
    int score,
    Severity severity,
    IpAddress client,
    String domain,
    long firstSeenNanos,
    long lastSeenNanos,
    String explanation,
    Map<String, Double> metrics,
    List<FrameRef> evidence) {

  /** Evidence references kept per finding: enough to open the first transactions, bounded for storage. */
  public static final int MAX_EVIDENCE_REFS = 50;

  public Finding {
    if (kind == null || severity == null || explanation == null) {
      throw new IllegalArgumentException("a finding has a kind, a severity and an explanation");
    }
    if (severity != Severity.ofScore(score)) {
      throw new IllegalArgumentException("severity " + severity + " does not match score " + score);
    }
    if (lastSeenNanos < firstSeenNanos) {
      throw new IllegalArgumentException("last seen before first seen");
    }
    for (Map.Entry<String, Double> m : metrics.entrySet()) {
      if (m.getKey() == null || m.getValue() == null || !Double.isFinite(m.getValue())) {
        throw new IllegalArgumentException("metric " + m.getKey() + " is not a finite number");
      }
    }
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    evidence =
        List.copyOf(evidence.size() > MAX_EVIDENCE_REFS ? evidence.subList(0, MAX_EVIDENCE_REFS) : evidence);
  }

  /** A finding whose severity follows from its score. */
  public static Finding of(
      FindingKind kind,
      int score,
      IpAddress client,
      String domain,
      long firstSeenNanos,
      long lastSeenNanos,
      String explanation,
      Map<String, Double> metrics,
      List<FrameRef> evidence) {
    return new Finding(
        kind,
        score,
        Severity.ofScore(score),
        client,
        domain,
        firstSeenNanos,
        lastSeenNanos,
        explanation,
        metrics,
        evidence);
  }
}
