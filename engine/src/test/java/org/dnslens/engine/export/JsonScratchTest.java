package org.dnslens.engine.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonScratchTest {
  @Test
  void numbersAreWhatEpochTimeWrites() throws IOException {
    long[] values = {0, 1, 999, 1000, 1_767_603_600_001_218_000L, -1, -1_500_000_000L, 123_456_789_012L, Long.MAX_VALUE, Long.MIN_VALUE};
    JsonScratch scratch = new JsonScratch();
    for (long v : values) {
      assertThat(write(g -> scratch.epochSeconds(g, v))).isEqualTo(EpochTime.seconds(v));
      assertThat(write(g -> scratch.millis(g, v))).isEqualTo(EpochTime.millis(v));
    }
  }

  interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private static String write(Body body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
      body.write(g);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
