package org.dnslens.engine.detect.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dnslens.engine.detect.DetectionConfig;
import org.dnslens.engine.model.FindingKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small version of issue 6's evaluation in the suite: on three seeds, generated captures with every actor
 * (default and heavily jittered beacon) and without actors, through the whole pipeline and the default
 * detectors. Every detectable actor is found, DoT (no DNS payload in a capture) is not, and nothing else
 * is reported. Counts only; the full matrix is {@link DetectionEvaluation#main}.
 */
class DetectionEvaluationTest {
  @TempDir Path dir;

  @Test
  void everyDetectableActorIsFoundAndNothingElseOnThreeSeeds() throws IOException {
    DetectionEvaluation eval = new DetectionEvaluation(DetectionConfig.defaults(), dir);
    List<DetectionEvaluation.RunResult> results = new ArrayList<>();
    for (long seed : new long[] {1, 2, 3}) {
      for (DetectionEvaluation.Scenario s :
          DetectionEvaluation.actorScenarios(seed, 3_000, List.of("base", "jitter30"))) {
        results.add(eval.run(s));
      }
      results.add(eval.run(DetectionEvaluation.benignScenarios(seed, 10_000).get(0)));
    }

    assertThat(results).hasSize(9);
    for (DetectionEvaluation.RunResult r : results) {
      String run = r.scenario().variation() + " seed " + r.scenario().config().seed();
      assertThat(r.falseFindings()).as("false findings in %s", run).isEmpty();
      for (DetectionEvaluation.ActorOutcome o : r.actors()) {
        boolean detectable = !DetectionEvaluation.UNDETECTABLE_BY_CONSTRUCTION.contains(o.truth().kind());
        assertThat(o.found()).as("%s in %s", o.truth().kind(), run).isEqualTo(detectable);
      }
      if (r.scenario().withActors()) {
        assertThat(r.actors()).hasSize(DetectionEvaluation.EXPECTED_KIND.size());
        // the tunnel's NULL queries are an odd query type too: a true finding, listed apart
        assertThat(r.actorSideFindings()).extracting(f -> f.kind())
            .containsExactly(FindingKind.ODD_QUERY_TYPE);
        assertThat(r.actors().stream().filter(o -> o.truth().kind().equals("dga")).findFirst().orElseThrow()
            .c2Named()).isTrue();
      } else {
        assertThat(r.actors()).isEmpty();
        assertThat(r.benignTransactions()).isEqualTo(r.transactions());
      }
    }
  }

  @Test
  void seedRangesAndParentDomains() {
    assertThat(DetectionEvaluation.parseSeeds("1..3,7")).containsExactly(1L, 2L, 3L, 7L);
    assertThat(DetectionEvaluation.sameOrParent("x-sync.net", "t.x-sync.net.")).isTrue();
    assertThat(DetectionEvaluation.sameOrParent("status.x.com", "status.x.com")).isTrue();
    assertThat(DetectionEvaluation.sameOrParent("ync.net", "t.x-sync.net")).isFalse();
    assertThat(DetectionEvaluation.sameOrParent(null, "t.x-sync.net")).isFalse();
  }
}
