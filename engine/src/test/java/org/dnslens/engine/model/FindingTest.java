package org.dnslens.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FindingTest {
  @Test
  void severityFollowsTheScore() {
    assertThat(Severity.ofScore(0)).isEqualTo(Severity.LOW);
    assertThat(Severity.ofScore(39)).isEqualTo(Severity.LOW);
    assertThat(Severity.ofScore(40)).isEqualTo(Severity.MEDIUM);
    assertThat(Severity.ofScore(69)).isEqualTo(Severity.MEDIUM);
    assertThat(Severity.ofScore(70)).isEqualTo(Severity.HIGH);
    assertThat(Severity.ofScore(89)).isEqualTo(Severity.HIGH);
    assertThat(Severity.ofScore(90)).isEqualTo(Severity.CRITICAL);
    assertThat(Severity.ofScore(100)).isEqualTo(Severity.CRITICAL);
    assertThatThrownBy(() -> Severity.ofScore(101)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Severity.ofScore(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void boundsEvidenceKeepsMetricOrderAndChecksConsistency() {
    List<FrameRef> refs = new ArrayList<>();
    for (int i = 1; i <= 80; i++) {
      refs.add(new FrameRef(1, i));
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("z", 1.0);
    metrics.put("a", 2.0);
    Finding f = Finding.of(FindingKind.TUNNELING, 75, null, "x.example", 1, 2, "why", metrics, refs);
    assertThat(f.severity()).isEqualTo(Severity.HIGH);
    assertThat(f.evidence()).hasSize(Finding.MAX_EVIDENCE_REFS).startsWith(new FrameRef(1, 1));
    assertThat(f.metrics().keySet()).containsExactly("z", "a");
    assertThatThrownBy(() -> new Finding(FindingKind.TUNNELING, 75, Severity.LOW, null, null, 1, 2, "why",
        metrics, refs)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Finding.of(FindingKind.TUNNELING, 75, null, null, 3, 2, "why", metrics, refs))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Finding.of(FindingKind.TUNNELING, 75, null, null, 1, 2, "why",
        Map.of("x", Double.NaN), refs)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void labelsRoundTrip() {
    for (FindingKind k : FindingKind.values()) {
      assertThat(FindingKind.fromLabel(k.label())).isEqualTo(k);
    }
    assertThat(FindingKind.NXDOMAIN_BURST.label()).isEqualTo("nxdomain_burst");
    assertThat(Severity.fromLabel("CRITICAL")).isEqualTo(Severity.CRITICAL);
    assertThat(FindingKind.fromLabel("nope")).isNull();
  }
}
