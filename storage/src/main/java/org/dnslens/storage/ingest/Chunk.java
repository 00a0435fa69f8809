package org.dnslens.storage.ingest;

import java.util.ArrayList;
import java.util.List;
import org.dnslens.storage.layout.EncodedBlock;
import org.dnslens.storage.layout.RunOutput;
import org.dnslens.storage.layout.SegmentPage;

/**
 * What one commit writes: finished blocks, segment pages, run counts and issue samples. Built on the
 * caller's thread, written on the writer thread; never shared after hand-over.
 */
final class Chunk {
  record IssueRow(int sourceId, long frame, long ts, String reason, String detail) {}

  final List<EncodedBlock> blocks = new ArrayList<>();
  final List<SegmentPage> pages = new ArrayList<>();
  final List<RunOutput.RunCount> counts = new ArrayList<>();
  final List<IssueRow> issues = new ArrayList<>();

  int transactions() {
    int n = 0;
    for (EncodedBlock b : blocks) {
      n += b.count();
    }
    return n;
  }

  boolean isEmpty() {
    return blocks.isEmpty() && pages.isEmpty() && counts.isEmpty() && issues.isEmpty();
  }
}
