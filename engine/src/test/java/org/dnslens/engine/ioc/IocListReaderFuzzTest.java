package org.dnslens.engine.ioc;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.dnslens.engine.model.Ioc;
import org.junit.jupiter.api.Test;

/**
 * Any bytes, read in any format, give a list and never an exception; every indicator is normalised
 * well enough for a matcher to take it. Regression mode (the default) replays the seeds in {@code
 * IocListReaderFuzzTestInputs/readAnyBytes/}; {@code JAZZER_FUZZ=1} fuzzes for real.
 */
class IocListReaderFuzzTest {
  private static final IocFormat[] FORMATS = {null, IocFormat.TEXT, IocFormat.CSV, IocFormat.STIX, IocFormat.MISP};
  private static final IocListReader.Limits LIMITS = new IocListReader.Limits(1 << 20, 1 << 20, 4096, 10_000);
  // One reader per format for all inputs, as a user's run reads several lists with one reader: building
  // a reader builds its Jackson factory (symbol tables), which cost more than reading a small input.
  private static final List<IocListReader> READERS =
      Arrays.stream(FORMATS)
          .map(f -> new IocListReader(IocListReader.Options.DEFAULT.withFormat(f).withIncludeAll(true).withLimits(LIMITS)))
          .toList();

  /**
   * The input's last byte picks the format (detection or one forced format), and the whole input is
   * read: libFuzzer explores the formats through that byte, and each execution costs one read instead
   * of five (the campaign ran at ~500 executions/s reading every input five ways). The committed
   * inputs are still read in every format by {@link #everyCommittedInputInEveryFormat()}.
   */
  @FuzzTest(maxDuration = "30s")
  void readAnyBytes(byte[] data) throws IOException {
    int pick = data.length == 0 ? 0 : (data[data.length - 1] & 0xff) % READERS.size();
    readAndCheck(READERS.get(pick), data);
  }

  @Test
  void everyCommittedInputInEveryFormat() throws IOException {
    Path dir = Path.of("src/test/resources/org/dnslens/engine/ioc/IocListReaderFuzzTestInputs/readAnyBytes");
    List<Path> inputs;
    try (Stream<Path> s = Files.list(dir)) {
      inputs = s.filter(Files::isRegularFile).sorted().toList();
    }
    assertThat(inputs).hasSizeGreaterThanOrEqualTo(10);
    for (Path p : inputs) {
      byte[] data = Files.readAllBytes(p);
      for (IocListReader reader : READERS) {
        readAndCheck(reader, data);
      }
    }
  }

  private static void readAndCheck(IocListReader reader, byte[] data) throws IOException {
    IocList list = reader.read("fuzz", new ByteArrayInputStream(data));
    for (Ioc i : list.iocs()) {
      if (i.value().isEmpty() || !i.value().equals(i.value().strip())) {
        throw new IllegalStateException("unnormalised value");
      }
    }
    IocMatcher.of(list.iocs());
  }
}
