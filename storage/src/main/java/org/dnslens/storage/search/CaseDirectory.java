package org.dnslens.storage.search;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.layout.BlobCodec;
import org.dnslens.storage.layout.RunWriter;
import org.dnslens.storage.layout.SegmentKind;
import org.dnslens.storage.layout.SegmentPage;
import org.jdbi.v3.core.Handle;

/**
 * What searches need to know about a case before reading any blob: the blocks of complete runs (id, time
 * span, transaction ids) sorted by first query time, the segment pages of each kind with their key
 * bounds, and the source labels. Blocks and pages of a complete run never change, so the directory is
 * loaded once per open case and reloaded only when the set of complete runs changes (an ingest finished
 * or a dead run was removed, possibly by another process through AUTO_SERVER): a search checks that
 * with one small query. About 40 bytes per block (20 k blocks at 10 M transactions).
 */
final class CaseDirectory {
  /**
   * A segment page: its key bounds and, for a {@code PDNS_NAME} page written since schema V12, the smallest
   * lower-case name of its entries ({@code smallestName}, null when not stored: the page may hold any name).
   */
  record Page(long id, int run, int part, byte[] firstKey, byte[] lastKey, String smallestName) {}

  /** A case's cached directory. */
  static final class Cache {
    private final AtomicReference<CaseDirectory> current = new AtomicReference<>();
  }

  final String signature;
  /** Block positions sorted by (min_ts, id). */
  final int[] blockId;
  final long[] firstTx;
  final int[] count;
  final long[] minTs;
  final long[] maxTs;
  /** Position in the arrays above of block id b: pos[b - minBlockId], -1 if not a complete block. */
  private final int[] pos;
  private final int minBlockId;
  /** Block positions by (max_ts, id) descending: the newest-first scan's order, made once per directory. */
  private final int[] byLastTsDescending;
  final Map<SegmentKind, List<Page>> pages;
  final Map<Integer, String> sourceLabels;
  final long transactions;

  private CaseDirectory(
      String signature, int[] blockId, long[] firstTx, int[] count, long[] minTs, long[] maxTs,
      Map<SegmentKind, List<Page>> pages, Map<Integer, String> sourceLabels) {
    this.signature = signature;
    this.blockId = blockId;
    this.firstTx = firstTx;
    this.count = count;
    this.minTs = minTs;
    this.maxTs = maxTs;
    this.pages = pages;
    this.sourceLabels = sourceLabels;
    int lo = Integer.MAX_VALUE;
    int hi = -1;
    long n = 0;
    for (int i = 0; i < blockId.length; i++) {
      lo = Math.min(lo, blockId[i]);
      hi = Math.max(hi, blockId[i]);
      n += count[i];
    }
    transactions = n;
    minBlockId = blockId.length == 0 ? 0 : lo;
    pos = new int[blockId.length == 0 ? 0 : hi - lo + 1];
    Arrays.fill(pos, -1);
    for (int i = 0; i < blockId.length; i++) {
      pos[blockId[i] - minBlockId] = i;
    }
    // Once per load (20 k blocks at 10 M): each newest-first query used to sort the positions itself.
    byLastTsDescending = java.util.stream.IntStream.range(0, blockId.length).boxed()
        .sorted((x, y) -> {
          int c = Long.compare(maxTs[y], maxTs[x]);
          return c != 0 ? c : Integer.compare(blockId[y], blockId[x]);
        })
        .mapToInt(Integer::intValue).toArray();
  }

  /** Block positions by last query time, newest first (the newest-first scan's order); do not modify. */
  int[] byLastTsDescending() {
    return byLastTsDescending;
  }

  int size() {
    return blockId.length;
  }

  /** Position of a block id, or -1 when the block is not part of a complete run. */
  int position(int id) {
    int i = id - minBlockId;
    return i < 0 || i >= pos.length ? -1 : pos[i];
  }

  /** The current directory of the case (reloaded if runs completed or were removed since). */
  static CaseDirectory of(CaseDatabase db) {
    Cache cache = db.shared(Cache.class, Cache::new);
    return db.jdbi().withHandle(h -> {
      String sig = signature(h);
      CaseDirectory d = cache.current.get();
      if (d == null || !d.signature.equals(sig)) {
        d = load(h, sig);
        cache.current.set(d);
      }
      return d;
    });
  }

  private static String signature(Handle h) {
    StringBuilder sb = new StringBuilder();
    h.createQuery("SELECT id, finished FROM ingest_run WHERE status = 'complete' ORDER BY id")
        .map((rs, ctx) -> sb.append(rs.getInt(1)).append('@').append(rs.getString(2)).append(','))
        .forEach(x -> {});
    return sb.toString();
  }

  private static CaseDirectory load(Handle h, String sig) {
    List<long[]> rows = new ArrayList<>();
    h.createQuery(
            "SELECT b.id, b.first_tx_id, b.tx_count, b.min_ts, b.max_ts FROM tx_block b"
                + " JOIN ingest_run r ON r.id = b.run_id AND r.status = 'complete' ORDER BY b.min_ts, b.id")
        .setFetchSize(10_000)
        .map((rs, ctx) -> rows.add(new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)}))
        .forEach(x -> {});
    int n = rows.size();
    int[] id = new int[n];
    long[] first = new long[n];
    int[] count = new int[n];
    long[] min = new long[n];
    long[] max = new long[n];
    for (int i = 0; i < n; i++) {
      long[] r = rows.get(i);
      id[i] = (int) r[0];
      first[i] = r[1];
      count[i] = (int) r[2];
      min[i] = r[3];
      max[i] = r[4];
    }
    Map<SegmentKind, List<Page>> pages = new EnumMap<>(SegmentKind.class);
    for (SegmentKind k : SegmentKind.values()) {
      pages.put(k, new ArrayList<>());
    }
    h.createQuery(
            "SELECT p.id, p.run_id, p.kind, p.part, p.first_key, p.last_key, p.min_name FROM seg_page p"
                + " JOIN ingest_run r ON r.id = p.run_id AND r.status = 'complete'"
                + " ORDER BY p.run_id, p.kind, p.part, p.page_no")
        .map((rs, ctx) -> pages.get(SegmentKind.of(rs.getInt(3)))
            .add(new Page(rs.getLong(1), rs.getInt(2), rs.getInt(4), rs.getBytes(5), rs.getBytes(6),
                smallestName(rs.getBytes(7)))))
        .forEach(x -> {});
    Map<Integer, String> labels = new HashMap<>();
    h.createQuery("SELECT id, label FROM source")
        .map((rs, ctx) -> labels.put(rs.getInt(1), rs.getString(2)))
        .forEach(x -> {});
    return new CaseDirectory(sig, id, first, count, min, max, pages, labels);
  }

  private static String smallestName(byte[] utf8) {
    return utf8 == null ? null : new String(utf8, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Pages of {@code kind} whose key bounds overlap [lo, hi] (null = unbounded), in (run, part, page) order. */
  List<Page> pages(SegmentKind kind, byte[] lo, byte[] hi) {
    List<Page> out = new ArrayList<>();
    for (Page p : pages.get(kind)) {
      if ((hi == null || Arrays.compareUnsigned(p.firstKey(), hi) <= 0)
          && (lo == null || Arrays.compareUnsigned(p.lastKey(), lo) >= 0)) {
        out.add(p);
      }
    }
    return out;
  }

  /** Reads page data by id (one query for all). */
  static Map<Long, byte[]> pageData(Connection c, List<Page> pages) {
    try {
      return pageDataOrThrow(c, pages);
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  private static Map<Long, byte[]> pageDataOrThrow(Connection c, List<Page> pages) throws SQLException {
    Map<Long, byte[]> out = new HashMap<>();
    for (int from = 0; from < pages.size(); from += IN_BATCH) {
      List<Page> batch = pages.subList(from, Math.min(pages.size(), from + IN_BATCH));
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT page_id, data FROM seg_page_data WHERE page_id IN (" + placeholders(batch.size()) + ")")) {
        for (int i = 0; i < batch.size(); i++) {
          ps.setLong(i + 1, batch.get(i).id());
        }
        try (ResultSet rs = ps.executeQuery()) {
          BlobCodec codec = new BlobCodec();
          while (rs.next()) {
            out.put(rs.getLong(1), codec.decompress(rs.getBytes(2)));
          }
        }
      }
    }
    return out;
  }

  /** Parameters per IN list (a fixed set of statement shapes). */
  static final int IN_BATCH = 16;

  static String placeholders(int n) {
    return "?" + ", ?".repeat(n - 1);
  }

  /** Inflated blobs of blocks (summary or wire table), by block id. */
  static Map<Integer, byte[]> blobs(Connection c, String table, int[] ids, int n, BlobCodec codec) {
    return blobs(c, table, ids, n, codec, null);
  }

  /**
   * {@link #blobs(Connection, String, int[], int, BlobCodec)}, decompressing only the first {@code rawBytes.get(id)}
   * bytes of block {@code id} (null, or no entry: the whole blob).
   */
  static Map<Integer, byte[]> blobs(
      Connection c, String table, int[] ids, int n, BlobCodec codec, Map<Integer, Integer> rawBytes) {
    try {
      return blobsOrThrow(c, table, ids, n, codec, rawBytes);
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  /**
   * Blobs of blocks as stored (compressed), by block id: for a scan that may stop before it needs them
   * all (a batch's last blocks are often past the page it fills), so it inflates each only when it decodes it.
   */
  static Map<Integer, byte[]> compressedBlobs(Connection c, String table, int[] ids, int n) {
    try {
      return blobsOrThrow(c, table, ids, n, null, null);
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  /** A read failure of an open case (closed under us, damaged file): unchecked, like Jdbi's own. */
  static IllegalStateException failed(SQLException e) {
    return new IllegalStateException("cannot read the case: " + e.getMessage(), e);
  }

  private static Map<Integer, byte[]> blobsOrThrow(
      Connection c, String table, int[] ids, int n, BlobCodec codec, Map<Integer, Integer> rawBytes)
      throws SQLException {
    Map<Integer, Integer> limit = rawBytes != null ? rawBytes : Map.of();
    Map<Integer, byte[]> out = new HashMap<>();
    for (int from = 0; from < n; from += IN_BATCH) {
      int m = Math.min(n - from, IN_BATCH);
      // table is one of two fixed names, never input
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT block_id, data FROM " + table + " WHERE block_id IN (" + placeholders(m) + ")")) {
        for (int i = 0; i < m; i++) {
          ps.setInt(i + 1, ids[from + i]);
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            int id = rs.getInt(1);
            byte[] data = rs.getBytes(2);
            out.put(id, codec == null ? data : codec.decompress(data, limit.getOrDefault(id, Integer.MAX_VALUE)));
          }
        }
      }
    }
    return out;
  }

  /**
   * Block ids (ascending, complete runs only) of the postings of {@code kind} for keys in [lo, hi]
   * accepted by {@code keyFilter}.
   */
  BitSet postings(Connection c, SegmentKind kind, byte[] lo, byte[] hi, KeyFilter keyFilter) {
    List<Page> ps = pages(kind, lo, hi);
    Map<Long, byte[]> data = pageData(c, ps);
    BitSet acc = new BitSet();
    for (Page p : ps) {
      SegmentPage.scan(data.get(p.id()), lo, hi, (key, len, d, off, vlen) -> {
        if (keyFilter == null || keyFilter.accept(key, len)) {
          addPostings(acc, RunWriter.readPostings(d, off, vlen), blockId);
        }
        return true;
      });
    }
    return acc;
  }

  /**
   * Sets {@code ids} in {@code acc}. A stored list is strictly ascending; one that is not was damaged when
   * written (builds 1abc1a9 to be77dcb replaced the later blocks of a few names' NAME postings by zeros,
   * docs/STORAGE.md): its ascending prefix is kept and every block after its last good id is set too
   * ({@code blocks}: the case's block ids), so a search reads more blocks but misses none of them.
   */
  static void addPostings(BitSet acc, int[] ids, int[] blocks) {
    int good = 0;
    while (good < ids.length && (good == 0 || ids[good] > ids[good - 1])) {
      acc.set(ids[good++]);
    }
    if (good < ids.length) {
      int last = ids[good - 1];
      for (int b : blocks) {
        if (b > last) {
          acc.set(b);
        }
      }
    }
  }

  interface KeyFilter {
    boolean accept(byte[] key, int len);
  }
}
