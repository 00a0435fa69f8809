package org.dnslens.storage.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.dnslens.storage.layout.BlobCodec;
import org.dnslens.storage.layout.CaseWriter;
import org.dnslens.storage.layout.EncodedBlock;
import org.dnslens.storage.layout.RunOutput;
import org.dnslens.storage.layout.SegmentPage;

/**
 * What one commit writes: finished blocks, segment pages, run counts and issue samples. Built on the
 * caller's thread, written on the writer thread; after hand-over the caller may still compress it (below),
 * and nothing else.
 *
 * <p><b>Compression by either thread.</b> The writer thread compresses a chunk's blocks and pages when it
 * takes it, unless the caller, waiting for it (a full queue, the run's end, the run writer's helper thread),
 * has claimed the chunk and compressed it first: at a 1 M ingest's end the writer compressed the last pages
 * alone for ~0.5-0.7 s while the other core waited. One claim per chunk decides who does it, so nothing is
 * compressed twice; the bytes are the same whoever does (one codec, one level).
 */
final class Chunk {
  record IssueRow(int sourceId, long frame, long ts, String reason, String detail) {}

  private static final int OPEN = 0;
  private static final int CALLER = 1;
  private static final int COMPRESSED = 2;
  private static final int WRITER = 3;

  private final AtomicInteger compression = new AtomicInteger(OPEN);
  /** Set by the caller before {@link #COMPRESSED}; null when its compression failed (the writer does it). */
  private CaseWriter.Compressed compressed;

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

  /**
   * On the caller's thread: compresses the chunk with {@code codec} unless the writer has taken it (or it
   * was done already). Returns whether it compressed anything.
   */
  boolean compressBeforeWriter(BlobCodec codec) {
    if ((blocks.isEmpty() && pages.isEmpty()) || !compression.compareAndSet(OPEN, CALLER)) {
      return false;
    }
    CaseWriter.Compressed c = null;
    try {
      c = CaseWriter.compress(codec, blocks, pages);
    } finally { // a failure leaves the work to the writer, which then reports it, if it fails again
      synchronized (this) {
        compressed = c;
        compression.set(COMPRESSED);
        notifyAll();
      }
    }
    return true;
  }

  /**
   * On the writer's thread: the chunk's compressed blobs when the caller made them (waiting while it is
   * making them), else null, and the writer compresses them itself.
   */
  CaseWriter.Compressed compressedForWriter() throws InterruptedException {
    if (compression.compareAndSet(OPEN, WRITER)) {
      return null;
    }
    synchronized (this) {
      while (compression.get() != COMPRESSED) {
        wait();
      }
      return compressed;
    }
  }

  boolean isEmpty() {
    return blocks.isEmpty() && pages.isEmpty() && counts.isEmpty() && issues.isEmpty();
  }
}
