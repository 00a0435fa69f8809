package org.dnslens.engine.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import org.dnslens.engine.issue.IssueCounter;
import org.dnslens.engine.model.IssueReason;

/**
 * Jazzer target: the stream entry point ({@link CaptureReaders#open(java.io.InputStream, int,
 * IssueCounter)}, used for stdin and gzip files) over arbitrary bytes. The seeds are gzip-compressed
 * public captures, so mutations land in the gzip header, the deflate stream, its trailer and (through
 * the inflater) the capture inside; a corrupt stream must end as {@code gzip_corrupt} with the frames
 * before it kept, never as an exception. Regression inputs: {@code
 * GzipCaptureFuzzTestInputs/readsAnyGzipBytes}.
 *
 * <p>It reads with the smallest window ({@link ByteSource#MIN_WINDOW_BYTES}): zeroing the default 1 MiB
 * window per input cost more than everything else together (about 1,000 executions/s), and a small
 * window that grows on demand also exercises the refill and growth paths more.
 */
class GzipCaptureFuzzTest {
  @FuzzTest(maxDuration = "5m")
  void readsAnyGzipBytes(byte[] data) throws Exception {
    IssueCounter issues = new IssueCounter();
    long frames = 0;
    try (CaptureReader r = CaptureReaders.open(new ByteArrayInputStream(data), 0, issues, ByteSource.MIN_WINDOW_BYTES)) {
      for (Frame f = r.next(); f != null; f = r.next()) {
        frames++;
        assertThat(f.frameNumber()).isEqualTo(frames);
        assertThat(f.capturedLength()).isLessThanOrEqualTo(PcapngReader.MAX_PCAPNG_BLOCK_BYTES);
      }
      assertThat(r.next()).isNull();
    }
    assertThat(issues.get(IssueReason.INTERNAL_MISSING_BOUNDS_CHECK)).isZero();
  }
}
