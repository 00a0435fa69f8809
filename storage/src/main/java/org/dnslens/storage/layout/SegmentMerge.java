package org.dnslens.storage.layout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A k-way merge of sorted segment streams: each stream is the pages of one (kind, run, part) in page
 * order, and the merge visits every entry of every stream in unsigned key order (entries with equal keys
 * from different streams follow each other, in no particular order among themselves). Only one inflated
 * page per stream is held, so memory does not grow with the case: this is what lets passive DNS be
 * exported whole and segments be compacted.
 */
public final class SegmentMerge {
  /** Loads the inflated bytes of a page by id. */
  public interface PageSource {
    byte[] page(long pageId);
  }

  /** Receives entries in key order; the key and data buffers are reused. Returns false to stop. */
  public interface Visitor {
    boolean entry(byte[] key, int keyLen, byte[] data, int valueOff, int valueLen);
  }

  private static final class Stream {
    final long[] pages;
    final int number;
    final SegmentCursor cursor = new SegmentCursor();
    int next;

    Stream(long[] pages, int number) {
      this.pages = pages;
      this.number = number;
    }

    /** Moves to the next entry, loading the next page when this one is done; false at the end. */
    boolean advance(PageSource source) {
      while (!cursor.next()) {
        if (next >= pages.length) {
          return false;
        }
        cursor.reset(source.page(pages[next++]));
      }
      return true;
    }
  }

  private final List<long[]> streams = new ArrayList<>();
  private final PageSource source;
  private int current = -1;

  public SegmentMerge(PageSource source) {
    this.source = source;
  }

  /** Adds one sorted stream: page ids in page order. */
  public SegmentMerge stream(long[] pageIds) {
    streams.add(pageIds);
    return this;
  }

  public int streams() {
    return streams.size();
  }

  /**
   * The stream (0 for the first added) of the entry being visited: whose run and part it belongs to, for
   * values that refer to their part's {@link NameTable}.
   */
  public int current() {
    return current;
  }

  /**
   * Visits the entries with {@code lo <= key <= hi} (null: unbounded) of all streams in key order.
   *
   * @return false if the visitor stopped it
   */
  public boolean forEach(byte[] lo, byte[] hi, Visitor v) {
    PriorityQueue<Stream> heap = new PriorityQueue<>((a, b) -> {
      int c = Arrays.compareUnsigned(a.cursor.key(), 0, a.cursor.keyLength(), b.cursor.key(), 0, b.cursor.keyLength());
      return c != 0 ? c : Integer.compare(a.number, b.number);
    });
    for (int i = 0; i < streams.size(); i++) {
      Stream s = new Stream(streams.get(i), i);
      if (seek(s, lo, hi)) {
        heap.add(s);
      }
    }
    while (!heap.isEmpty()) {
      Stream s = heap.poll();
      SegmentCursor c = s.cursor;
      current = s.number;
      if (!v.entry(c.key(), c.keyLength(), c.data(), c.valueOffset(), c.valueLength())) {
        return false;
      }
      if (s.advance(source) && inRange(c, hi)) {
        heap.add(s);
      }
    }
    return true;
  }

  /** Moves a new stream to its first entry at or after lo; false if it has none in range. */
  private boolean seek(Stream s, byte[] lo, byte[] hi) {
    while (s.advance(source)) {
      SegmentCursor c = s.cursor;
      if (lo == null || Arrays.compareUnsigned(c.key(), 0, c.keyLength(), lo, 0, lo.length) >= 0) {
        return inRange(c, hi);
      }
    }
    return false;
  }

  private static boolean inRange(SegmentCursor c, byte[] hi) {
    return hi == null || Arrays.compareUnsigned(c.key(), 0, c.keyLength(), hi, 0, hi.length) <= 0;
  }
}
