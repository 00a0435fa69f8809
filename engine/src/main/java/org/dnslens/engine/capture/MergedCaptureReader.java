package org.dnslens.engine.capture;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;

/**
 * Merges several captures (rotated tcpdump -C/-G files, or sensors on different links) in timestamp
 * order: a k-way merge over one pending frame per file. Ties go to the lower source id, then the lower
 * frame number, so the output is deterministic. A file's frame is handed out before that file's reader
 * is advanced, which keeps each frame's data valid until the next call here.
 */
final class MergedCaptureReader implements CaptureReader {
  private final List<CaptureReader> readers;
  private final PriorityQueue<Head> heads =
      new PriorityQueue<>(
          (a, b) -> {
            int c = Long.compare(a.frame.timestampNanos(), b.frame.timestampNanos());
            if (c != 0) {
              return c;
            }
            c = Integer.compare(a.frame.sourceId(), b.frame.sourceId());
            return c != 0 ? c : Long.compare(a.frame.frameNumber(), b.frame.frameNumber());
          });
  private CaptureReader lastSource;
  private boolean started;

  private static final class Head {
    final CaptureReader reader;
    final Frame frame;

    Head(CaptureReader reader, Frame frame) {
      this.reader = reader;
      this.frame = frame;
    }
  }

  MergedCaptureReader(List<CaptureReader> readers) {
    this.readers = List.copyOf(readers);
  }

  @Override
  public Frame next() throws IOException {
    if (!started) {
      started = true;
      for (CaptureReader r : readers) {
        advance(r);
      }
    } else if (lastSource != null) {
      advance(lastSource);
    }
    Head h = heads.poll();
    if (h == null) {
      lastSource = null;
      return null;
    }
    lastSource = h.reader;
    return h.frame;
  }

  private void advance(CaptureReader r) throws IOException {
    Frame f = r.next();
    if (f != null) {
      heads.add(new Head(r, f));
    }
  }

  @Override
  public String format() {
    String common = null;
    for (CaptureReader r : readers) {
      if (common == null) {
        common = r.format();
      } else if (!common.equals(r.format())) {
        return "mixed";
      }
    }
    return common == null ? "unknown" : common;
  }

  @Override
  public Set<Integer> linkTypes() {
    Set<Integer> all = new TreeSet<>();
    for (CaptureReader r : readers) {
      all.addAll(r.linkTypes());
    }
    return Collections.unmodifiableSet(all);
  }

  @Override
  public long bytesRead() {
    long sum = 0;
    for (CaptureReader r : readers) {
      sum += r.bytesRead();
    }
    return sum;
  }

  @Override
  public long totalBytes() {
    long sum = 0;
    for (CaptureReader r : readers) {
      long t = r.totalBytes();
      if (t < 0) {
        return -1;
      }
      sum += t;
    }
    return sum;
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (CaptureReader r : readers) {
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
    if (first != null) {
      throw first;
    }
  }
}
