package org.dnslens.engine.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class BigramModelTest {
  @Test
  void logLikelihoodByHandWithAddOneSmoothing() {
    // Trained on "ab": ^a, ab, b$ once each; 40 symbols (39 + other). Each seen transition has
    // P = (1 + 1) / (1 + 40); an unseen one after a seen row (1 + 0) / (1 + 40).
    BigramModel m = BigramModel.train(List.of("ab"));
    assertThat(m.logLikelihoodPerChar("ab")).isCloseTo(log2(2 / 41.0), within(1e-12));
    assertThat(m.logLikelihoodPerChar("AB")).isCloseTo(log2(2 / 41.0), within(1e-12));
    assertThat(m.logLikelihoodPerChar("ba")).isCloseTo(log2(1 / 41.0), within(1e-12));
    assertThat(m.logLikelihoodPerChar("")).isNaN();
  }

  @Test
  void shippedModelSeparatesWordsFromRandomLabels() {
    BigramModel m = BigramModel.loadDefault();
    double threshold = DetectionConfig.Nxdomain.defaults().randomLogLikelihood();
    for (String word : List.of("google", "facebook", "microsoft", "wikipedia", "weather", "download",
        "example", "university", "mailserver")) {
      assertThat(m.logLikelihoodPerChar(word)).as(word).isGreaterThan(threshold);
    }
    for (String random : List.of("xkqjzpwvbt", "q8z3kx0vjw", "zzqxjkvbwp", "kq3vx9pjzq", "jxqzvkpw")) {
      assertThat(m.logLikelihoodPerChar(random)).as(random).isLessThan(threshold);
    }
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
