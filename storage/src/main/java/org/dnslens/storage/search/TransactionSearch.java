package org.dnslens.storage.search;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.casefile.NameKeys;
import org.dnslens.storage.casefile.StoredCodes;
import org.dnslens.storage.layout.BlobCodec;
import org.dnslens.storage.layout.RunWriter;
import org.dnslens.storage.layout.SegmentKind;
import org.dnslens.storage.layout.TxBlock;

/**
 * Runs {@link SearchQuery}s against a case.
 *
 * <p>How: names and addresses are looked up in the runs' sorted segments (an exact name or a domain and
 * its subdomains is a range of reversed-name keys; an address or CIDR block a range of address keys),
 * giving the candidate blocks; the time bounds and keyset cursor cut blocks by their time span. Candidate
 * blocks are read in order of their first query time and filtered row by row, keeping the best {@code
 * offset + limit} in (time, id) order, and reading stops as soon as no further block can hold an earlier
 * transaction. Only the wire bytes of blocks that contribute results are inflated. Only transactions of
 * completed ingest runs are visible; every user value is data, never SQL.
 */
public final class TransactionSearch {
  private static final String SUMMARY = "tx_block_summary";
  private static final String WIRE = "tx_block_wire";
  /** Blocks whose summaries are fetched in one statement at most. */
  private static final int MAX_FETCH = 16;

  private final CaseDatabase db;

  public TransactionSearch(CaseDatabase db) {
    this.db = db;
  }

  /**
   * Runs the query.
   *
   * @throws IllegalArgumentException when an address or CIDR block does not parse (the message is one
   *     sentence for the user)
   */
  public List<StoredTransaction> search(SearchQuery q) {
    return scan(q, null, Direction.OLDEST_FIRST);
  }

  /**
   * The query's matches newest first: up to {@code offset + limit} matches in descending (time, id) order
   * strictly before {@code before} (null: from the newest), offset skipped. The query's own cursor
   * ({@code after}) still bounds from below. The same scan as {@link #search} in the other direction, so
   * the newest page of a 10 M case reads a few blocks (the GUI's newest-first order used to probe time
   * windows forward and, when they did not converge, scanned every match).
   */
  public List<StoredTransaction> searchNewestFirst(SearchQuery q, SearchQuery.Cursor before) {
    return scan(q, before, Direction.NEWEST_FIRST);
  }

  /** Which end of the (time, id) order a scan starts from. */
  private enum Direction {
    OLDEST_FIRST,
    NEWEST_FIRST
  }

  /**
   * The one scan behind both orders. Candidate blocks are read in the direction's order (oldest first: by
   * first query time; newest first: by last), in batches that grow from 2 to {@value #MAX_FETCH} (a first
   * page usually needs one or two blocks), keeping the best {@code offset + limit} matches in a heap whose
   * head is the worst kept; reading stops as soon as the next block cannot hold a better match (it starts
   * after, or ends before, the worst kept).
   */
  private List<StoredTransaction> scan(SearchQuery q, SearchQuery.Cursor before, Direction direction) {
    Plan plan = plan(q);
    if (plan.impossible) {
      return List.of();
    }
    boolean forward = direction == Direction.OLDEST_FIRST;
    Comparator<Hit> order = forward ? Comparator.naturalOrder() : Comparator.reverseOrder();
    CaseDirectory dir = CaseDirectory.of(db);
    int[] positions = forward ? null : dir.byLastTsDescending();
    return db.jdbi().withHandle(h -> {
      Connection c = h.getConnection();
      BitSet candidates = plan.candidates(c, dir);
      int k = (int) Math.min(Integer.MAX_VALUE - 1, q.offset() + q.limit());
      PriorityQueue<Hit> best = new PriorityQueue<>(order.reversed()); // head: the worst kept
      BlobCodec codec = new BlobCodec();
      long floorTs = Math.max(q.sinceNanos() != null ? q.sinceNanos() : Long.MIN_VALUE,
          q.after() != null ? q.after().tsNanos() : Long.MIN_VALUE);
      long ceilTs = Math.min(q.untilNanos() != null ? q.untilNanos() : Long.MAX_VALUE,
          before != null ? before.tsNanos() : Long.MAX_VALUE);
      Map<Integer, TxBlock> decoded = new HashMap<>();
      int[] batch = new int[MAX_FETCH];
      int fetch = 2;
      int i = 0;
      while (i < dir.size()) {
        int n = 0;
        for (; i < dir.size() && n < fetch; i++) {
          int at = forward ? i : positions[i];
          if (!canHoldBetter(dir, at, forward, best, k, floorTs, ceilTs)) {
            i = dir.size(); // every later block in this order starts later (ends earlier) still
            break;
          }
          if (dir.maxTs[at] < floorTs || dir.minTs[at] > ceilTs
              || (candidates != null && !candidates.get(dir.blockId[at]))) {
            continue;
          }
          batch[n++] = at;
        }
        if (n == 0) {
          break;
        }
        int[] ids = new int[n];
        for (int j = 0; j < n; j++) {
          ids[j] = dir.blockId[batch[j]];
        }
        Map<Integer, byte[]> sums = CaseDirectory.compressedBlobs(c, SUMMARY, ids, n);
        // Inflating, decoding and filtering the batch's blocks is shared between two threads (SharedBlockWork);
        // keeping the best matches is done here in block order, and stops where the sequential scan stopped.
        int size = n;
        TxBlock[] blocks = new TxBlock[size];
        int[][] matches = new int[size][];
        SharedBlockWork.run(size, codec, (j, own) -> {
          TxBlock b = TxBlock.decode(own.decompress(sums.get(ids[j])), dir.firstTx[batch[j]]);
          matches[j] = plan.matchingRows(b, before);
          blocks[j] = b;
        }, j -> {
          TxBlock b = blocks[j];
          boolean kept = false;
          for (int r : matches[j]) {
            Hit hit = new Hit(b.ts[r], b.firstTxId + r, ids[j], r);
            if (best.size() < k) {
              best.add(hit);
              kept = true;
            } else if (order.compare(hit, best.peek()) < 0) {
              best.poll();
              best.add(hit);
              kept = true;
            }
          }
          if (kept) {
            decoded.put(ids[j], b);
          }
          return j + 1 >= size || canHoldBetter(dir, batch[j + 1], forward, best, k, floorTs, ceilTs);
        });
        fetch = Math.min(MAX_FETCH, fetch * 2);
      }
      List<Hit> hits = new ArrayList<>(best);
      hits.sort(order);
      hits = hits.subList((int) Math.min(hits.size(), q.offset()), hits.size());
      return materialize(c, dir, hits, decoded, codec);
    });
  }

  /**
   * Whether the block at {@code at} or any block after it in the scan's order can still hold a match
   * better than the worst kept: false once blocks start after the window (end before it, newest first) or
   * after (before) the worst of a full heap.
   */
  private static boolean canHoldBetter(
      CaseDirectory dir, int at, boolean forward, PriorityQueue<Hit> best, int k, long floorTs, long ceilTs) {
    boolean full = best.size() >= k;
    if (forward) {
      return dir.minTs[at] <= ceilTs && !(full && dir.minTs[at] > best.peek().ts);
    }
    return dir.maxTs[at] >= floorTs && !(full && dir.maxTs[at] < best.peek().ts);
  }

  private static List<StoredTransaction> materialize(
      Connection c, CaseDirectory dir, List<Hit> hits, Map<Integer, TxBlock> decoded, BlobCodec codec) {
    int[] ids = hits.stream().mapToInt(Hit::block).distinct().toArray();
    // A block usually gives one or two hits: inflate a plain block's wire only up to the last byte they need.
    Map<Integer, Integer> needed = new HashMap<>();
    // A packed block (V7) is inflated whole; only its result rows are rebuilt (TxBlock.wire(stored, rows)).
    Map<Integer, BitSet> rows = new HashMap<>();
    for (Hit hit : hits) {
      TxBlock b = decoded.get(hit.block());
      rows.computeIfAbsent(hit.block(), id -> new BitSet()).set(hit.row());
      if (b.format == TxBlock.FORMAT_PLAIN) {
        int end = b.wireStart[hit.row()] + Math.max(0, b.queryLen[hit.row()]) + Math.max(0, b.replyLen[hit.row()]);
        needed.merge(hit.block(), end, Math::max);
      }
    }
    Map<Integer, byte[]> stored = CaseDirectory.compressedBlobs(c, WIRE, ids, ids.length);
    // Inflating and rebuilding is per block, shared between two threads (SharedBlockWork).
    byte[][] rebuilt = new byte[ids.length][];
    SharedBlockWork.run(ids.length, codec, (j, own) -> {
      int id = ids[j];
      byte[] raw = own.decompress(stored.get(id), needed.getOrDefault(id, Integer.MAX_VALUE));
      rebuilt[j] = decoded.get(id).wire(raw, rows.get(id).stream().toArray());
    });
    Map<Integer, byte[]> wires = new HashMap<>();
    for (int j = 0; j < ids.length; j++) {
      wires.put(ids[j], rebuilt[j]);
    }
    List<StoredTransaction> out = new ArrayList<>(hits.size());
    for (Hit hit : hits) {
      out.add(row(dir, decoded.get(hit.block()), hit.row(), wires.get(hit.block())));
    }
    return out;
  }

  static StoredTransaction row(CaseDirectory dir, TxBlock b, int i, byte[] wire) {
    return new StoredTransaction(
        b.firstTxId + i,
        b.sourceId[i],
        dir.sourceLabels.get(b.sourceId[i]),
        TxBlock.orNull(b.queryFrame[i]),
        TxBlock.orNull(b.replyFrame[i]),
        b.ts[i],
        TxBlock.orNull(b.replyTs[i]),
        b.ip(b.client[i]),
        b.clientPort[i],
        b.ip(b.server[i]),
        b.serverPort[i],
        StoredCodes.transport(b.transport[i]),
        StoredCodes.portClass(b.portClass[i]),
        b.dnsId[i],
        b.qname[i] < 0 ? null : b.name(b.qname[i]),
        TxBlock.orNull(b.qtype[i]),
        TxBlock.orNull(b.qclass[i]),
        b.rcode[i],
        StoredCodes.status(b.status[i]),
        StoredCodes.role(b.role[i]),
        b.queryFlags[i] == Long.MIN_VALUE ? null : (int) b.queryFlags[i],
        b.replyFlags[i] == Long.MIN_VALUE ? null : (int) b.replyFlags[i],
        b.retransmissions[i],
        b.identicalReplies[i],
        b.label(b.reason[i]),
        b.label(b.queryIssue[i]),
        b.label(b.replyIssue[i]),
        wire == null ? null : b.queryWire(wire, i),
        wire == null ? null : b.replyWire(wire, i));
  }

  /** How many transactions match (ignoring limit, offset and cursor). */
  public long count(SearchQuery q) {
    Plan plan = plan(q.withAfter(null));
    if (plan.impossible) {
      return 0;
    }
    CaseDirectory dir = CaseDirectory.of(db);
    long since = q.sinceNanos() != null ? q.sinceNanos() : Long.MIN_VALUE;
    long until = q.untilNanos() != null ? q.untilNanos() : Long.MAX_VALUE;
    return db.jdbi().withHandle(h -> {
      Connection c = h.getConnection();
      BitSet candidates = plan.candidates(c, dir);
      long total = 0;
      int[] ids = new int[dir.size()];
      int[] at = new int[dir.size()];
      int n = 0;
      for (int p = 0; p < dir.size(); p++) {
        if (dir.maxTs[p] < since || dir.minTs[p] > until || (candidates != null && !candidates.get(dir.blockId[p]))) {
          continue;
        }
        if (!plan.hasRowFilter() && dir.minTs[p] >= since && dir.maxTs[p] <= until) {
          total += dir.count[p]; // the whole block matches: no need to read it
          continue;
        }
        ids[n] = dir.blockId[p];
        at[n++] = p;
      }
      BlobCodec codec = new BlobCodec();
      for (int from = 0; from < n; from += MAX_FETCH) {
        int m = Math.min(MAX_FETCH, n - from);
        int[] part = Arrays.copyOfRange(ids, from, from + m);
        Map<Integer, byte[]> sums = CaseDirectory.blobs(c, SUMMARY, part, m, codec);
        for (int i = 0; i < m; i++) {
          TxBlock b = TxBlock.decode(sums.get(part[i]), dir.firstTx[at[from + i]]);
          RowFilter f = plan.filter(b);
          for (int r = 0; r < b.count; r++) {
            if (f.accept(b, r)) {
              total++;
            }
          }
        }
      }
      return total;
    });
  }

  /**
   * The latest query time in the case, or empty when it holds no transaction: the reference point for
   * relative times ({@code --since -2h}) in a forensic case.
   */
  public OptionalLong lastTimestampNanos() {
    CaseDirectory dir = CaseDirectory.of(db);
    if (dir.size() == 0) {
      return OptionalLong.empty();
    }
    long max = Long.MIN_VALUE;
    for (long t : dir.maxTs) {
      max = Math.max(max, t);
    }
    return OptionalLong.of(max);
  }

  /**
   * Transactions per time bucket ({@code buckets} buckets of {@code width} ns from {@code first}), for the
   * GUI's volume chart. Blocks that lie within one bucket are counted from the directory; only blocks
   * spanning a bucket boundary are read.
   */
  public long[] volume(long first, long width, int buckets) {
    if (width <= 0 || buckets <= 0) {
      throw new IllegalArgumentException("width and buckets must be positive");
    }
    long[] counts = new long[buckets];
    CaseDirectory dir = CaseDirectory.of(db);
    List<Integer> read = new ArrayList<>();
    for (int p = 0; p < dir.size(); p++) {
      if (dir.maxTs[p] < first) {
        continue;
      }
      long b0 = Math.floorDiv(dir.minTs[p] - first, width);
      long b1 = Math.floorDiv(dir.maxTs[p] - first, width);
      if (b0 == b1 && b0 >= 0) {
        if (b0 < buckets) {
          counts[(int) b0] += dir.count[p];
        }
      } else {
        read.add(p);
      }
    }
    db.jdbi().useHandle(h -> {
      BlobCodec codec = new BlobCodec();
      for (int from = 0; from < read.size(); from += MAX_FETCH) {
        int m = Math.min(MAX_FETCH, read.size() - from);
        int[] ids = new int[m];
        for (int i = 0; i < m; i++) {
          ids[i] = dir.blockId[read.get(from + i)];
        }
        Map<Integer, byte[]> sums = CaseDirectory.blobs(h.getConnection(), SUMMARY, ids, m, codec);
        for (int i = 0; i < m; i++) {
          TxBlock b = TxBlock.decode(sums.get(ids[i]), dir.firstTx[read.get(from + i)]);
          for (int r = 0; r < b.count; r++) {
            long bucket = Math.floorDiv(b.ts[r] - first, width);
            if (bucket >= 0 && bucket < buckets) {
              counts[(int) bucket]++;
            }
          }
        }
      }
    });
    return counts;
  }

  /**
   * Calls {@code each} for every transaction (of complete runs) whose query name is one of {@code
   * lowerNames} (lower-case presentation, as {@link CaseKeys#forEachName} gives them) or that has one of
   * {@code addresses} as client, server or A/AAAA answer — for a retroactive IOC match. Only the blocks
   * the names' and addresses' postings point to are read. Order: ingest order.
   */
  public void forEachWithKeys(Set<String> lowerNames, Set<IpAddress> addresses, Consumer<StoredTransaction> each) {
    CaseDirectory dir = CaseDirectory.of(db);
    db.jdbi().useHandle(h -> {
      Connection c = h.getConnection();
      BitSet blocks = new BitSet();
      for (String name : lowerNames) {
        String key = NameKeys.reversedUserName(name);
        if (key != null) {
          byte[] k = key.getBytes(StandardCharsets.UTF_8);
          blocks.or(dir.postings(c, SegmentKind.NAME, k, k, null));
        }
      }
      for (IpAddress a : addresses) {
        byte[] k = RunWriter.ipKey(a);
        for (SegmentKind kind : List.of(SegmentKind.CLIENT, SegmentKind.SERVER, SegmentKind.ANSWER)) {
          blocks.or(dir.postings(c, kind, k, k, null));
        }
      }
      BlobCodec codec = new BlobCodec();
      int[] ids = blocks.stream().filter(b -> dir.position(b) >= 0).toArray();
      for (int from = 0; from < ids.length; from += MAX_FETCH) {
        int m = Math.min(MAX_FETCH, ids.length - from);
        int[] part = Arrays.copyOfRange(ids, from, from + m);
        Map<Integer, byte[]> sums = CaseDirectory.blobs(c, SUMMARY, part, m, codec);
        Map<Integer, byte[]> wires = CaseDirectory.blobs(c, WIRE, part, m, codec);
        for (int id : part) {
          TxBlock b = TxBlock.decode(sums.get(id), dir.firstTx[dir.position(id)]);
          byte[] wire = null;
          boolean[] nameHit = new boolean[b.nameCount()];
          for (int j = 0; j < nameHit.length; j++) {
            nameHit[j] = lowerNames.contains(b.name(j).toLowerCase(Locale.ROOT));
          }
          boolean[] ipHit = new boolean[b.ipCount()];
          for (int j = 0; j < ipHit.length; j++) {
            ipHit[j] = addresses.contains(b.ip(j));
          }
          for (int r = 0; r < b.count; r++) {
            boolean hit = (b.qname[r] >= 0 && nameHit[b.qname[r]]) || ipHit[b.client[r]] || ipHit[b.server[r]];
            for (int a = b.answerStart[r]; !hit && a < b.answerStart[r + 1]; a++) {
              hit = ipHit[b.answerIps[a]];
            }
            if (hit) {
              if (wire == null) {
                wire = b.wire(wires.get(id));
              }
              each.accept(row(dir, b, r, wire));
            }
          }
        }
      }
    });
  }

  /**
   * Calls {@code each} with every block of the case's complete runs (summary decoded, wire inflated), in
   * order of first query time, until it returns false: for whole-case scans that screen rows on their raw
   * bytes (the retroactive IOC match), which cost far less this way than through {@link #search} pages of
   * {@link StoredTransaction}s. Rows inside a block are in query-time order (except a transaction later
   * than the run writer's reorder heap covers); blocks of different runs overlap in time, so a caller that
   * needs (time, id) order sorts what it keeps.
   *
   * @return whether every block was visited
   */
  public boolean forEachBlock(Predicate<CaseBlock> each) {
    return blocks().forEach(0, 1, each);
  }

  /**
   * The blocks of the complete runs as of now, for several threads to read in shares: all shares come from
   * this one snapshot, so a run that completes meanwhile is neither half seen nor seen twice.
   */
  public Blocks blocks() {
    return new Blocks(CaseDirectory.of(db));
  }

  /** A snapshot of a case's blocks (see {@link #blocks()}); safe to read from several threads. */
  public final class Blocks {
    private final CaseDirectory dir;

    private Blocks(CaseDirectory dir) {
      this.dir = dir;
    }

    /** Transactions in these blocks. */
    public long transactions() {
      return dir.transactions;
    }

    /**
     * {@link #forEachBlock(Predicate)} over one share of the blocks: those of every {@code shares}-th batch
     * of {@value #MAX_FETCH}, starting with batch {@code share}, so {@code shares} threads (one call each)
     * read the case together.
     *
     * @return whether every block of the share was visited
     */
    public boolean forEach(int share, int shares, Predicate<CaseBlock> each) {
      if (shares < 1 || share < 0 || share >= shares) {
        throw new IllegalArgumentException("share " + share + " of " + shares);
      }
      return db.jdbi().withHandle(h -> {
        Connection c = h.getConnection();
        BlobCodec codec = new BlobCodec();
        for (int from = share * MAX_FETCH; from < dir.size(); from += shares * MAX_FETCH) {
          int m = Math.min(MAX_FETCH, dir.size() - from);
          int[] ids = Arrays.copyOfRange(dir.blockId, from, from + m);
          Map<Integer, byte[]> sums = CaseDirectory.blobs(c, SUMMARY, ids, m, codec);
          Map<Integer, byte[]> wires = CaseDirectory.blobs(c, WIRE, ids, m, codec);
          for (int i = 0; i < m; i++) {
            TxBlock b = TxBlock.decode(sums.get(ids[i]), dir.firstTx[from + i]);
            if (!each.test(new CaseBlock(dir, b, b.wire(wires.get(ids[i]))))) {
              return false;
            }
          }
        }
        return true;
      });
    }
  }

  record Hit(long ts, long id, int block, int row) implements Comparable<Hit> {
    @Override
    public int compareTo(Hit o) {
      int c = Long.compare(ts, o.ts);
      return c != 0 ? c : Long.compare(id, o.id);
    }
  }

  private static Plan plan(SearchQuery q) {
    return new Plan(q);
  }

  /** The query resolved: which segments to consult, and the row predicate. */
  private static final class Plan {
    final SearchQuery q;
    boolean impossible;
    String exact;
    byte[] exactKey;
    /** {@link #exact} as lower-case ASCII bytes, null when it has other characters (then Strings are compared). */
    byte[] exactAscii;
    String domain; // lower presentation; "." = every name
    byte[] domainKey;
    byte[] domainAscii;
    Pattern pattern;
    IpRange ip;
    IpRange client;
    IpRange server;
    Integer status;

    Plan(SearchQuery q) {
      this.q = q;
      if (q.name() != null) {
        exact = NameKeys.lowerUserName(q.name());
        String key = NameKeys.reversedUserName(q.name());
        impossible |= exact == null;
        exactKey = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
        exactAscii = lowerAscii(exact);
      }
      if (q.domain() != null) {
        domain = NameKeys.lowerUserName(q.domain());
        String key = NameKeys.reversedUserName(q.domain());
        impossible |= domain == null;
        domainKey = key == null || domain.equals(".") ? null : key.getBytes(StandardCharsets.UTF_8);
        domainAscii = domain == null || domain.equals(".") ? null : lowerAscii(domain);
      }
      if (q.pattern() != null) {
        pattern = globPattern(q.pattern());
      }
      ip = q.ip() != null ? IpRange.parse(q.ip()) : null;
      client = q.client() != null ? IpRange.parse(q.client()) : null;
      server = q.server() != null ? IpRange.parse(q.server()) : null;
      status = q.status() != null ? StoredCodes.code(q.status()) : null;
    }

    boolean hasRowFilter() {
      return exact != null || domain != null || pattern != null || ip != null || client != null || server != null
          || q.qtype() != null || q.rcode() != null || status != null;
    }

    /** Candidate block ids from the segments, or null when no criterion is indexed (every block). */
    BitSet candidates(Connection c, CaseDirectory dir) {
      BitSet out = null;
      if (exactKey != null) {
        out = and(out, dir.postings(c, SegmentKind.NAME, exactKey, exactKey, null));
      }
      if (domainKey != null) {
        byte[] lo = domainKey;
        byte[] hi = Arrays.copyOf(lo, lo.length + 1);
        hi[lo.length] = '/'; // the byte after '.': every key with the prefix "<domain>." sorts below it
        out = and(out, dir.postings(c, SegmentKind.NAME, lo, hi,
            (key, len) -> len == lo.length || key[lo.length] == '.'));
      }
      if (pattern != null) {
        out = and(out, dir.postings(c, SegmentKind.NAME, null, null,
            (key, len) -> pattern.matcher(forward(new String(key, 0, len, StandardCharsets.UTF_8))).matches()));
      }
      if (ip != null) {
        BitSet any = new BitSet();
        for (SegmentKind k : List.of(SegmentKind.CLIENT, SegmentKind.SERVER, SegmentKind.ANSWER)) {
          any.or(dir.postings(c, k, ip.low(), ip.high(), null));
        }
        out = and(out, any);
      }
      if (client != null) {
        out = and(out, dir.postings(c, SegmentKind.CLIENT, client.low(), client.high(), null));
      }
      if (server != null) {
        out = and(out, dir.postings(c, SegmentKind.SERVER, server.low(), server.high(), null));
      }
      return out;
    }

    private static BitSet and(BitSet acc, BitSet more) {
      if (acc == null) {
        return more;
      }
      acc.and(more);
      return acc;
    }

    RowFilter filter(TxBlock b) {
      boolean[] nameOk = null;
      if (exact != null || domain != null || pattern != null) {
        // Names are compared on the summary's bytes when they and the query are ASCII (presentation text
        // escapes everything else), so the block's ~500 names are not made into Strings for it.
        boolean everyName = domain != null && domain.equals(".");
        boolean bytes = b.namesAscii() && (exact == null || exactAscii != null)
            && (domain == null || everyName || domainAscii != null);
        nameOk = new boolean[b.nameCount()];
        for (int j = 0; j < nameOk.length; j++) {
          boolean ok = true;
          if (exact != null) {
            ok = bytes ? b.nameEqualsLowerAscii(j, exactAscii) : b.name(j).equalsIgnoreCase(exact);
          }
          if (ok && domain != null && !everyName) {
            ok = bytes ? underDomain(b, j, domainAscii) : underDomain(b.name(j), domain);
          }
          if (ok && pattern != null) {
            ok = pattern.matcher(b.name(j).toLowerCase(Locale.ROOT)).matches();
          }
          nameOk[j] = ok;
        }
      }
      boolean[] ipOk = ip != null ? inRange(b, ip) : null;
      boolean[] clientOk = client != null ? inRange(b, client) : null;
      boolean[] serverOk = server != null ? inRange(b, server) : null;
      boolean[] names = nameOk;
      return (blk, r) -> {
        long ts = blk.ts[r];
        if ((q.sinceNanos() != null && ts < q.sinceNanos()) || (q.untilNanos() != null && ts > q.untilNanos())) {
          return false;
        }
        if (q.after() != null && (ts < q.after().tsNanos()
            || (ts == q.after().tsNanos() && blk.firstTxId + r <= q.after().id()))) {
          return false;
        }
        if (names != null && (blk.qname[r] < 0 || !names[blk.qname[r]])) {
          return false;
        }
        if (q.qtype() != null && blk.qtype[r] != q.qtype()) {
          return false;
        }
        if (q.rcode() != null && blk.rcode[r] != q.rcode()) {
          return false;
        }
        if (status != null && blk.status[r] != status) {
          return false;
        }
        if (clientOk != null && !clientOk[blk.client[r]]) {
          return false;
        }
        if (serverOk != null && !serverOk[blk.server[r]]) {
          return false;
        }
        if (ipOk != null && !ipOk[blk.client[r]] && !ipOk[blk.server[r]]) {
          boolean any = false;
          for (int a = blk.answerStart[r]; !any && a < blk.answerStart[r + 1]; a++) {
            any = ipOk[blk.answerIps[a]];
          }
          return any;
        }
        return true;
      };
    }

    /**
     * The rows of {@code b} that pass the filter and lie strictly before {@code before} (null: no bound), in
     * row order. Safe to call from several threads at once (the plan is not changed).
     */
    int[] matchingRows(TxBlock b, SearchQuery.Cursor before) {
      RowFilter f = filter(b);
      int[] rows = new int[b.count];
      int n = 0;
      for (int r = 0; r < b.count; r++) {
        long ts = b.ts[r];
        if (before != null && (ts > before.tsNanos() || (ts == before.tsNanos() && b.firstTxId + r >= before.id()))) {
          continue;
        }
        if (f.accept(b, r)) {
          rows[n++] = r;
        }
      }
      return Arrays.copyOf(rows, n);
    }

    private static boolean[] inRange(TxBlock b, IpRange range) {
      boolean[] ok = new boolean[b.ipCount()];
      for (int j = 0; j < ok.length; j++) {
        ok[j] = b.compareIpKey(j, range.low()) >= 0 && b.compareIpKey(j, range.high()) <= 0;
      }
      return ok;
    }
  }

  private interface RowFilter {
    boolean accept(TxBlock b, int row);
  }

  /** Lower-case ASCII bytes of {@code s}, or null when it is null or has a character outside ASCII. */
  static byte[] lowerAscii(String s) {
    if (s == null) {
      return null;
    }
    byte[] out = new byte[s.length()];
    for (int i = 0; i < out.length; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        return null;
      }
      out[i] = (byte) (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
    }
    return out;
  }

  /**
   * {@link #underDomain(String, String)} of name {@code idx} of an ASCII block ({@link TxBlock#namesAscii()}),
   * on its bytes; {@code domain} is lower-case ASCII, not the root.
   */
  static boolean underDomain(TxBlock b, int idx, byte[] domain) {
    int n = b.nameByteLength(idx);
    int d = domain.length;
    if (n == d) {
      return b.regionEqualsLowerAscii(idx, 0, domain, 0, d);
    }
    if (n < d + 2 || b.nameByte(idx, n - d - 1) != '.' || !b.regionEqualsLowerAscii(idx, n - d, domain, 0, d)) {
      return false;
    }
    int slashes = 0;
    for (int i = n - d - 2; i >= 0 && b.nameByte(idx, i) == '\\'; i--) {
      slashes++;
    }
    return slashes % 2 == 0;
  }

  /** Whether a presentation name is {@code domain} (lower case) or below it; an escaped dot is no boundary. */
  static boolean underDomain(String name, String domain) {
    if (domain.equals(".")) {
      return true;
    }
    int n = name.length();
    int d = domain.length();
    if (n == d) {
      return name.equalsIgnoreCase(domain);
    }
    if (n < d + 2 || name.charAt(n - d - 1) != '.' || !name.regionMatches(true, n - d, domain, 0, d)) {
      return false;
    }
    int slashes = 0;
    for (int i = n - d - 2; i >= 0 && name.charAt(i) == '\\'; i--) {
      slashes++;
    }
    return slashes % 2 == 0;
  }

  /** A reversed-name key back in normal label order ({@code com.example.www} → {@code www.example.com}). */
  static String forward(String reversed) {
    return NameKeys.forward(reversed);
  }

  /** {@code *} matches any characters; everything else, {@code %} and {@code _} included, is literal. */
  static Pattern globPattern(String pattern) {
    String p = pattern.strip().toLowerCase(Locale.ROOT);
    if (p.endsWith(".") && p.length() > 1) {
      p = p.substring(0, p.length() - 1);
    }
    String[] parts = p.split("\\*", -1);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        sb.append(".*");
      }
      if (!parts[i].isEmpty()) {
        sb.append(Pattern.quote(parts[i]));
      }
    }
    return Pattern.compile(sb.toString(), Pattern.DOTALL);
  }
}
