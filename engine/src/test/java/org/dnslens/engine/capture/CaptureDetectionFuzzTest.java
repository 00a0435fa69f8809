package org.dnslens.engine.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.dnslens.engine.issue.IssueCounter;
import org.dnslens.engine.model.IssueReason;

/**
 * Jazzer target: {@link CaptureReaders#open} over arbitrary bytes, plain and wrapped in a valid gzip
 * stream, so format detection (pcap in both byte orders and resolutions, pcapng, gzip magic, neither) and
 * the reader it picks behind a decompressing stream are fuzzed. Split out of {@link PcapReaderFuzzTest},
 * which once read each input four ways; the gzip wrapper uses the fastest deflate level because only the
 * bytes after decompression matter here (corrupt gzip is {@link GzipCaptureFuzzTest}'s). Both reads
 * start from the smallest window, which grows on demand: zeroing two default 1 MiB windows per input
 * cost more than the reading.
 */
class CaptureDetectionFuzzTest {
  @FuzzTest(maxDuration = "5m")
  void opensAnyBytes(byte[] data) throws IOException {
    IssueCounter issues = new IssueCounter();
    try {
      try (CaptureReader r = CaptureReaders.open(new ByteArrayInputStream(data), 0, issues, ByteSource.MIN_WINDOW_BYTES)) {
        CaptureReaderProperties.drainChecked(r);
      }
      try (CaptureReader r = CaptureReaders.open(new ByteArrayInputStream(fastGzip(data)), 0, issues, ByteSource.MIN_WINDOW_BYTES)) {
        CaptureReaderProperties.drainChecked(r);
      }
    } catch (IndexOutOfBoundsException | java.nio.BufferUnderflowException e) {
      throw new AssertionError("a read past a bound escaped a capture reader", e);
    }
    assertThat(issues.get(IssueReason.INTERNAL_MISSING_BOUNDS_CHECK)).isZero();
  }

  private static byte[] fastGzip(byte[] in) throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream(in.length / 2 + 64);
    try (GZIPOutputStream gz = new GZIPOutputStream(bos) {
      {
        def.setLevel(Deflater.BEST_SPEED);
      }
    }) {
      gz.write(in);
    }
    return bos.toByteArray();
  }
}
