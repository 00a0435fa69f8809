package org.dnslens.engine.capture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import org.dnslens.engine.issue.IssueCounter;

/**
 * Merges several captures (rotated tcpdump -C/-G files, or sensors on different links) in timestamp
 * order: a k-way merge over one pending frame per open file. Ties go to the lower source id, then the
 * lower frame number, so the output is deterministic. A file's frame is handed out before that file's
 * reader is advanced, which keeps each frame's data valid until the next call here.
 *
 * <p>Thousands of rotated files must not mean thousands of open files and windows: each file is first
 * peeked (its first frame's timestamp, issues discarded) and closed; it is opened for real only when
 * the merge reaches that timestamp, and closed as soon as it is drained. Files that do not overlap in
 * time are therefore open one at a time.
 */
final class MergedCaptureReader implements CaptureReader {
  /** The format reported for a source given as null (not to be read, e.g. already in the case). */
  static final String SKIPPED_FORMAT = "skipped";

  /** Key of a frame in merge order. */
  private static final Comparator<Head> ORDER =
      Comparator.<Head>comparingLong(h -> h.timestampNanos)
          .thenComparingInt(h -> h.sourceId)
          .thenComparingLong(h -> h.frameNumber);

  private final List<Path> files;
  private final IssueCounter issues;
  private final int windowBytes;
  private final String[] formats;
  private final long totalBytes;
  private final Deque<Head> pending;
  private final PriorityQueue<Head> heads = new PriorityQueue<>(ORDER);
  private final List<CaptureReader> opened = new ArrayList<>();
  private final Set<Integer> linkTypes = new TreeSet<>();
  private CaptureReader lastSource;
  private int openCount;
  private int maxOpenCount;

  /** A frame waiting to be merged, or (reader null) a file not opened yet with its first timestamp. */
  private static final class Head {
    final CaptureReader reader;
    final Frame frame;
    final long timestampNanos;
    final int sourceId;
    final long frameNumber;

    Head(CaptureReader reader, Frame frame) {
      this.reader = reader;
      this.frame = frame;
      this.timestampNanos = frame.timestampNanos();
      this.sourceId = frame.sourceId();
      this.frameNumber = frame.frameNumber();
    }

    Head(int sourceId, long firstTimestampNanos) {
      this.reader = null;
      this.frame = null;
      this.timestampNanos = firstTimestampNanos;
      this.sourceId = sourceId;
      this.frameNumber = 1;
    }
  }

  MergedCaptureReader(List<Path> files, IssueCounter issues, int windowBytes) throws IOException {
    // Not List.copyOf: null entries (sources the caller skips) are allowed and List.copyOf rejects them.
    this.files = java.util.Collections.unmodifiableList(new ArrayList<>(files));
    this.issues = issues;
    this.windowBytes = windowBytes;
    this.formats = new String[files.size()];
    List<Head> peeks = new ArrayList<>(files.size());
    long total = 0;
    for (int i = 0; i < files.size(); i++) {
      Path file = files.get(i);
      if (file == null) {
        formats[i] = SKIPPED_FORMAT; // the caller keeps the source id but does not want it read
        continue;
      }
      try (CaptureReader peek =
          CaptureReaders.open(file, i, new IssueCounter(), ByteSource.MIN_WINDOW_BYTES * 16)) {
        Frame first = peek.next();
        formats[i] = peek.format();
        // A file without frames is opened first, so its issues are counted in order of source id.
        peeks.add(new Head(i, first == null ? Long.MIN_VALUE : first.timestampNanos()));
      }
      total += Files.size(file);
    }
    peeks.sort(ORDER);
    this.pending = new ArrayDeque<>(peeks);
    this.totalBytes = total;
  }

  @Override
  public Frame next() throws IOException {
    if (lastSource != null) {
      CaptureReader r = lastSource;
      lastSource = null;
      advance(r);
    }
    // Open every file whose first frame comes before the earliest frame already waiting.
    while (!pending.isEmpty()
        && (heads.isEmpty() || ORDER.compare(pending.peekFirst(), heads.peek()) <= 0)) {
      Head p = pending.pollFirst();
      CaptureReader r = CaptureReaders.open(files.get(p.sourceId), p.sourceId, issues, windowBytes);
      opened.add(r);
      openCount++;
      maxOpenCount = Math.max(maxOpenCount, openCount);
      advance(r);
    }
    Head h = heads.poll();
    if (h == null) {
      return null;
    }
    lastSource = h.reader;
    return h.frame;
  }

  private void advance(CaptureReader r) throws IOException {
    Frame f = r.next();
    if (f != null) {
      heads.add(new Head(r, f));
    } else {
      linkTypes.addAll(r.linkTypes());
      openCount--;
      r.close();
    }
  }

  /** Most files open at once so far (tests check that rotated files are read one at a time). */
  int maxOpenCount() {
    return maxOpenCount;
  }

  @Override
  public String format() {
    String common = null;
    for (String f : formats) {
      if (common == null) {
        common = f;
      } else if (!common.equals(f)) {
        return "mixed";
      }
    }
    return common == null ? "unknown" : common;
  }

  @Override
  public String formatOf(int sourceId) {
    return sourceId >= 0 && sourceId < formats.length ? formats[sourceId] : "unknown";
  }

  @Override
  public Set<Integer> linkTypes() {
    Set<Integer> all = new TreeSet<>(linkTypes);
    for (CaptureReader r : opened) {
      all.addAll(r.linkTypes());
    }
    return Collections.unmodifiableSet(all);
  }

  @Override
  public long bytesRead() {
    long sum = 0;
    for (CaptureReader r : opened) {
      sum += r.bytesRead();
    }
    return sum;
  }

  @Override
  public long totalBytes() {
    return totalBytes;
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (CaptureReader r : opened) {
      try {
        r.close();
      } catch (IOException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    opened.clear();
    heads.clear();
    pending.clear();
    lastSource = null;
    if (first != null) {
      throw first;
    }
  }
}
