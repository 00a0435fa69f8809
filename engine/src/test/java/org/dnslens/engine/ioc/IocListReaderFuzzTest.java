package org.dnslens.engine.ioc;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.dnslens.engine.model.Ioc;

/**
 * Any bytes, read in every format, give a list and never an exception; every indicator is normalised
 * well enough for a matcher to take it. Regression mode (the default) replays the seeds in {@code
 * IocListReaderFuzzTestInputs/readAnyBytes/}; {@code JAZZER_FUZZ=1} fuzzes for real.
 */
class IocListReaderFuzzTest {
  private static final IocFormat[] FORMATS = {null, IocFormat.TEXT, IocFormat.CSV, IocFormat.STIX, IocFormat.MISP};
  private static final IocListReader.Limits LIMITS = new IocListReader.Limits(1 << 20, 1 << 20, 4096, 10_000);
  // One reader per format for all inputs, as a user's run reads several lists with one reader: building
  // a reader builds its Jackson factory (symbol tables), which cost more than reading a small input and
  // held the campaign to ~500 executions/s.
  private static final List<IocListReader> READERS =
      Arrays.stream(FORMATS)
          .map(f -> new IocListReader(IocListReader.Options.DEFAULT.withFormat(f).withIncludeAll(true).withLimits(LIMITS)))
          .toList();

  @FuzzTest(maxDuration = "30s")
  void readAnyBytes(byte[] data) throws IOException {
    for (IocListReader reader : READERS) {
      IocList list = reader.read("fuzz", new ByteArrayInputStream(data));
      for (Ioc i : list.iocs()) {
        if (i.value().isEmpty() || !i.value().equals(i.value().strip())) {
          throw new IllegalStateException("unnormalised value");
        }
      }
      IocMatcher.of(list.iocs());
    }
  }
}
