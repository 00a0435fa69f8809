package org.dnslens.storage.search;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.dnslens.storage.layout.SegmentPage;

/**
 * The first {@code limit} aggregated rows in the order of a text sort key (the lower-case name for {@code pdns
 * name}, the data text for {@code pdns ip}), then {@code rowOrder}, chosen while the entries of every run
 * stream by in key order, which is not that order (keys are reversed names, or address bytes).
 *
 * <p>Why: a left wildcard over a large domain ({@code *.jp} at 10 M transactions: hundreds of thousands of
 * entries) used to decode every entry, merge them all in a map and sort them all (with a lower-casing
 * comparator) before the limit of 1 000 was applied: 1 s of CPU, 90 % of it in those steps; {@code pdns ip
 * 0.0.0.0/0 --limit 5} held every entry of the case (5 GB at 10 M). Here rows are held by sort key, and once
 * {@code limit} rows are held, the last sort key held is a <em>bound</em>: an entry whose sort key comes
 * after it cannot be among the first rows, whatever the other runs add (rows only ever join, so the bound
 * only moves down), and is skipped before the rest of its value is decoded (a name key: on its key bytes). Rows are
 * summed per row key (first seen the minimum, last seen the maximum, counts added) before they count
 * towards the limit, so a row found in three runs is one row.
 *
 * @param <K> what makes a row distinct within one sort key (name as sent, type, data; or client, name as sent)
 */
final class FirstRows<K> {
  /** Turns a held row into the caller's record. */
  interface RowFactory<K, R> {
    R row(K key, long firstNanos, long lastNanos, long count);
  }

  private final int limit;
  private final Comparator<K> rowOrder;
  private final TreeMap<String, Map<K, long[]>> bySortKey = new TreeMap<>();
  private final byte[] forward = new byte[SegmentPage.MAX_KEY_BYTES];
  private int rows;
  /** The greatest sort key still wanted; null until {@code limit} rows are held (here or in {@link #tighten}). */
  private String bound;
  /** The smallest bound given to {@link #tighten}; null if none. */
  private String given;
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

  FirstRows(int limit, Comparator<K> rowOrder) {
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
      judge(key, len);
    }
    return verdict(len);
  }

  /**
   * {@link #wantedKeyName} for a scan that calls {@link #nextKey} whenever its key changes: the key is then
   * the one judged last whenever one was judged since, so it is not compared again.
   */
  String wantedCurrentKeyName(byte[] key, int len) {
    if (judgedLen != len) {
      judge(key, len);
    }
    return verdict(len);
  }

  /** The scan moved on to another key: the next {@link #wantedCurrentKeyName} judges it afresh. */
  void nextKey() {
    judgedLen = -1;
  }

  private void judge(byte[] key, int len) {
    System.arraycopy(key, 0, judged, 0, len);
    judgedLen = len;
    forwardLen = ReversedNames.forwardAscii(key, len, forward);
    judgedName = null;
    verdictKnown = false;
  }

  private String verdict(int len) {
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

  /**
   * The greatest sort key still wanted, or null while every key is; another instance over other entries of
   * the same query may {@link #tighten} itself with it.
   */
  String bound() {
    return bound;
  }

  /**
   * Takes the bound of another instance over other entries of the same query: that one holds {@code limit}
   * rows of the whole up to {@code other}, so no row after it is among the whole's first rows either (the
   * rows this instance holds past it are dropped when the two are merged, {@link #addAll}). Why: two threads
   * sharing a wildcard's pages each needed {@code limit} rows of their own before skipping anything.
   */
  void tighten(String other) {
    if (other != null && (given == null || other.compareTo(given) < 0)) {
      given = other;
      if (bound == null || other.compareTo(bound) < 0) {
        bound = other;
      }
    }
  }

  /** Whether rows with this sort key can still be among the first rows. */
  boolean wants(String sortKey) {
    return bound == null || sortKey.compareTo(bound) <= 0;
  }

  /**
   * {@link #wants} of the sort key {@code head + tail}, without making it (most entries of a busy client
   * are judged and dropped).
   */
  boolean wantsJoined(String head, String tail) {
    if (bound == null) {
      return true;
    }
    int h = head.length();
    int n = h + tail.length();
    int m = Math.min(n, bound.length());
    for (int i = 0; i < m; i++) {
      int c = (i < h ? head.charAt(i) : tail.charAt(i - h)) - bound.charAt(i);
      if (c != 0) {
        return c < 0;
      }
    }
    return n <= bound.length();
  }

  /** Adds one stored entry (summed into its row when the row is held already). */
  void add(String sortKey, K row, long firstNanos, long lastNanos, long count) {
    if (!wants(sortKey)) {
      return;
    }
    Map<K, long[]> rowsOfKey = bySortKey.computeIfAbsent(sortKey, x -> new HashMap<>());
    long[] v = rowsOfKey.get(row);
    if (v == null) {
      rowsOfKey.put(row, new long[] {firstNanos, lastNanos, count});
      rows++;
      trim();
    } else {
      v[0] = Math.min(v[0], firstNanos);
      v[1] = Math.max(v[1], lastNanos);
      v[2] += count;
    }
  }

  /**
   * Adds every row {@code other} holds (summed into rows held here). Why the union of two instances' first
   * rows holds the first rows of all their entries together, when each saw part of the entries: a row that
   * one of them dropped (or never held) sorts after {@code limit} rows it held, which are rows of the whole
   * too, so that row is not among the whole's first rows; and the sort key and row order of a row do not
   * depend on its sums, so partial sums never move a row.
   */
  void addAll(FirstRows<K> other) {
    for (Map.Entry<String, Map<K, long[]>> e : other.bySortKey.entrySet()) {
      for (Map.Entry<K, long[]> row : e.getValue().entrySet()) {
        long[] v = row.getValue();
        add(e.getKey(), row.getKey(), v[0], v[1], v[2]);
      }
    }
  }

  /**
   * The rows held now, to judge rows not added yet ({@link Ahead#heldBefore}); a snapshot: rows added later
   * are not counted.
   */
  Ahead ahead() {
    TreeMap<String, Long> through = new TreeMap<>();
    long n = 0;
    for (Map.Entry<String, Map<K, long[]>> e : bySortKey.entrySet()) {
      n += e.getValue().size();
      through.put(e.getKey(), n);
    }
    return new Ahead(through);
  }

  /** Held rows by sort key, with how many rows are held up to and including each key. */
  final class Ahead {
    private final TreeMap<String, Long> through;
    /** The held rows of each sort key asked about, in {@code rowOrder}: sorted once per snapshot. */
    private final Map<String, List<K>> sorted = new HashMap<>();

    private Ahead(TreeMap<String, Long> through) {
      this.through = through;
    }

    /**
     * How many held rows come before {@code probe}: those of smaller sort keys, and those of {@code sortKey}
     * that {@code rowOrder} puts before {@code probe}: a binary search in the held rows of that sort key,
     * sorted once per snapshot. A row whose data is a reference into a block (schema V10) with {@code limit}
     * held rows before it is past the first rows whatever is added later (held rows are rows of the whole), so
     * its block is not read: an exact name of ~2 300 rows at 10 M transactions, whose first 1 000 are its A
     * rows, read the blocks of its 224 TXT rows for nothing before. Why not a test of each held row: a
     * TXT-heavy name at 10 M transactions has ~100 k rows whose data is a reference and thousands held as
     * text, and judging each reference against every held row of its name was 60 % of {@code pdns name}'s CPU.
     */
    long heldBefore(String sortKey, K probe) {
      Map.Entry<String, Long> lower = through.lowerEntry(sortKey);
      long n = lower == null ? 0 : lower.getValue();
      List<K> same = sorted.computeIfAbsent(sortKey, k -> {
        Map<K, long[]> rowsOfKey = bySortKey.get(k);
        List<K> out = rowsOfKey == null ? List.of() : new ArrayList<>(rowsOfKey.keySet());
        if (out.size() > 1) {
          out.sort(rowOrder);
        }
        return out;
      });
      int lo = 0;
      int hi = same.size(); // the first row at or after probe lies in [lo, hi]
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (rowOrder.compare(same.get(mid), probe) < 0) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return n + lo;
    }

    /** The rows held of sort key {@code sortKey} (none: empty). */
    Set<K> heldOf(String sortKey) {
      Map<K, long[]> same = bySortKey.get(sortKey);
      return same == null ? Set.of() : same.keySet();
    }

    /** The limit of the first rows. */
    int limit() {
      return limit;
    }
  }

  /** Drops sort keys whose every row lies past the limit and moves the bound down to the last one kept. */
  private void trim() {
    while (rows >= limit) {
      Map.Entry<String, Map<K, long[]>> last = bySortKey.lastEntry();
      if (rows - last.getValue().size() >= limit) {
        rows -= last.getValue().size();
        bySortKey.pollLastEntry();
      } else {
        bound = given != null && given.compareTo(last.getKey()) < 0 ? given : last.getKey();
        return;
      }
    }
  }

  /** The first rows in order: by sort key, then {@code rowOrder}. */
  <R> List<R> rows(RowFactory<K, R> factory) {
    List<R> out = new ArrayList<>(Math.min(rows, limit));
    for (Map<K, long[]> rowsOfKey : bySortKey.values()) {
      List<K> keys = new ArrayList<>(rowsOfKey.keySet());
      keys.sort(rowOrder);
      for (K k : keys) {
        if (out.size() == limit) {
          return out;
        }
        long[] v = rowsOfKey.get(k);
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
