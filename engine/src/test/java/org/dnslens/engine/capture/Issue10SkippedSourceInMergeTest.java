package org.dnslens.engine.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dnslens.engine.issue.IssueCounter;
import org.junit.jupiter.api.Test;

/**
 * Found by the hostile-input campaign (issue 10): ingesting the public corpus, where some files are
 * byte-identical, made the case skip the repeats, and the merged reader then failed with a
 * NullPointerException (List.copyOf on the null entries that mark skipped sources) instead of reading
 * the others.
 */
class Issue10SkippedSourceInMergeTest {
  private static final Path A = Path.of("../testdata/pcaps/tcpdump/LINKTYPE_IPV4.pcap");
  private static final Path B = Path.of("../testdata/pcaps/tcpdump/LINKTYPE_IPV6.pcap");

  @Test
  void skippedSourcesKeepTheirIdAndTheOthersAreRead() throws IOException {
    List<Path> files = Arrays.asList(A, null, B);
    List<Integer> sources = new ArrayList<>();
    try (CaptureReader r = CaptureReaders.openMerged(files, new IssueCounter())) {
      for (Frame f = r.next(); f != null; f = r.next()) {
        sources.add(f.sourceId());
      }
      assertThat(r.formatOf(1)).isEqualTo(MergedCaptureReader.SKIPPED_FORMAT);
      assertThat(r.formatOf(0)).isEqualTo("pcap");
    }
    assertThat(sources).containsExactlyInAnyOrder(0, 2);
  }
}
