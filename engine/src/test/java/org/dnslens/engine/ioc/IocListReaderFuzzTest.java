package org.dnslens.engine.ioc;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.dnslens.engine.model.Ioc;

/**
 * Any bytes, read in every format, give a list and never an exception; every indicator is normalised
 * well enough for a matcher to take it. Regression mode (the default) replays the seeds in {@code
 * IocListReaderFuzzTestInputs/readAnyBytes/}; {@code JAZZER_FUZZ=1} fuzzes for real.
 */
class IocListReaderFuzzTest {
  private static final IocFormat[] FORMATS = {null, IocFormat.TEXT, IocFormat.CSV, IocFormat.STIX, IocFormat.MISP};

  @FuzzTest(maxDuration = "30s")
  void readAnyBytes(byte[] data) throws IOException {
    IocListReader.Limits limits = new IocListReader.Limits(1 << 20, 1 << 20, 4096, 10_000);
    for (IocFormat f : FORMATS) {
      IocList list =
          new IocListReader(IocListReader.Options.DEFAULT.withFormat(f).withIncludeAll(true).withLimits(limits))
              .read("fuzz", new ByteArrayInputStream(data));
      for (Ioc i : list.iocs()) {
        if (i.value().isEmpty() || !i.value().equals(i.value().strip())) {
          throw new IllegalStateException("unnormalised value");
        }
      }
      IocMatcher.of(list.iocs());
    }
  }
}
