package org.dnslens.storage.search;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.dnslens.storage.layout.SegmentPage;

/**
 * The first {@code limit} aggregated rows in the order of their lower-case name (then {@code rowOrder}),
 * chosen while the entries of every run stream by in reversed-name key order, which is not that order.
 *
 * <p>Why: a left wildcard over a large domain ({@code *.jp} at 10 M transactions: hundreds of thousands of
 * entries) used to decode every entry, merge them all in a map and sort them all (with a lower-casing
 * comparator) before the limit of 1 000 was applied: 1 s of CPU, 90 % of it in those steps. Here rows are
 * held by name, and once {@code limit} rows are held, the last name held is a <em>bound</em>: an entry whose
 * name sorts after it cannot be among the first rows, whatever the other runs add (rows only ever join, so
 * the bound only moves down), and is skipped on its key alone, before its value is decoded. Rows are
 * summed per row key (first seen the minimum, last seen the maximum, counts added) before they count
 * towards the limit, so a row found in three runs is one row.
 *
 * @param <K> what makes a row distinct within one name (name as sent, type, data; or client, name as sent)
 */
final class FirstRowsByName<K> {
  /** Turns a held row into the caller's record. */
  interface RowFactory<K, R> {
    R row(K key, long firstNanos, long lastNanos, long count);
  }

  private final int limit;
  private final Comparator<K> rowOrder;
  private final TreeMap<String, Map<K, long[]>> byName = new TreeMap<>();
  private final byte[] forward = new byte[SegmentPage.MAX_KEY_BYTES];
  private int rows;
  /** The greatest lower-case name still wanted; null until {@code limit} rows are held. */
  private String bound;
  /**
   * The last key judged: its forward form, its name (made when first wanted) and the verdict, valid while
   * the bound has not moved. A name has one entry per (type, data) and run, so the same key usually comes
   * many times in a row (21 times per name on average for {@code *.jp} at 10 M).
   */
  private final byte[] judged = new byte[SegmentPage.MAX_KEY_BYTES];
  private int judgedLen = -1;
  /** Length of the judged key's forward form in {@link #forward}; -1 when it is not lower-case ASCII. */
  private int forwardLen;
  private String judgedName;
  private boolean verdict;
  private boolean verdictKnown;
  private String verdictBound;

  FirstRowsByName(int limit, Comparator<K> rowOrder) {
    this.limit = limit;
    this.rowOrder = rowOrder;
  }

  /**
   * The name of an entry stored with its name elided (the name is the key's own form: {@link
   * TransactionSearch#forward} of the reversed-name key), or null when rows of that name can no longer be
   * among the first rows. Judged on the key's bytes before any string is made.
   */
  String wantedKeyName(byte[] key, int len) {
    if (judgedLen != len || !Arrays.equals(judged, 0, len, key, 0, len)) {
      System.arraycopy(key, 0, judged, 0, len);
      judgedLen = len;
      forwardLen = ReversedNames.forwardAscii(key, len, forward);
      judgedName = null;
      verdictKnown = false;
    }
    if (!verdictKnown || verdictBound != bound) {
      // not lower-case ASCII: decided on the lower-cased name below instead
      verdict = bound == null || forwardLen < 0 || compare(forward, forwardLen, bound) <= 0;
      verdictBound = bound;
      verdictKnown = true;
    }
    if (!verdict) {
      return null;
    }
    if (judgedName == null) {
      judgedName = forwardLen >= 0
          ? new String(forward, 0, forwardLen, StandardCharsets.ISO_8859_1)
          : TransactionSearch.forward(new String(judged, 0, len, StandardCharsets.UTF_8));
    }
    return forwardLen >= 0 || wants(judgedName.toLowerCase(Locale.ROOT)) ? judgedName : null;
  }

  /** Whether rows of this lower-case name can still be among the first rows. */
  boolean wants(String lowerName) {
    return bound == null || lowerName.compareTo(bound) <= 0;
  }

  /** Adds one stored entry (summed into its row when the row is held already). */
  void add(String lowerName, K row, long firstNanos, long lastNanos, long count) {
    if (!wants(lowerName)) {
      return;
    }
    Map<K, long[]> rowsOfName = byName.computeIfAbsent(lowerName, x -> new HashMap<>());
    long[] v = rowsOfName.get(row);
    if (v == null) {
      rowsOfName.put(row, new long[] {firstNanos, lastNanos, count});
      rows++;
      trim();
    } else {
      v[0] = Math.min(v[0], firstNanos);
      v[1] = Math.max(v[1], lastNanos);
      v[2] += count;
    }
  }

  /** Drops names whose every row lies past the limit and moves the bound down to the last name kept. */
  private void trim() {
    while (rows >= limit) {
      Map.Entry<String, Map<K, long[]>> last = byName.lastEntry();
      if (rows - last.getValue().size() >= limit) {
        rows -= last.getValue().size();
        byName.pollLastEntry();
      } else {
        bound = last.getKey();
        return;
      }
    }
  }

  /** The first rows in order: by lower-case name, then {@code rowOrder}. */
  <R> List<R> rows(RowFactory<K, R> factory) {
    List<R> out = new ArrayList<>(Math.min(rows, limit));
    for (Map<K, long[]> rowsOfName : byName.values()) {
      List<K> keys = new ArrayList<>(rowsOfName.keySet());
      keys.sort(rowOrder);
      for (K k : keys) {
        if (out.size() == limit) {
          return out;
        }
        long[] v = rowsOfName.get(k);
        out.add(factory.row(k, v[0], v[1], v[2]));
      }
    }
    return out;
  }

  /** {@code String.compareTo} of ASCII bytes against a string (equal for ASCII text). */
  private static int compare(byte[] a, int n, String s) {
    int m = Math.min(n, s.length());
    for (int i = 0; i < m; i++) {
      int c = (a[i] & 0xff) - s.charAt(i);
      if (c != 0) {
        return c;
      }
    }
    return n - s.length();
  }
}
