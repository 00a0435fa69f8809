package org.dnslens.storage.ingest;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.casefile.CaseException;
import org.dnslens.storage.casefile.CaseWriteException;
import org.dnslens.storage.layout.AggregateCodec;
import org.dnslens.storage.layout.ByteReader;
import org.dnslens.storage.layout.ByteWriter;
import org.dnslens.storage.layout.CaseWriter;
import org.dnslens.storage.layout.DataRef;
import org.dnslens.storage.layout.NameTable;
import org.dnslens.storage.layout.RunWriter;
import org.dnslens.storage.layout.SegmentKind;
import org.dnslens.storage.layout.SegmentMerge;
import org.dnslens.storage.layout.SegmentPage;
import org.dnslens.storage.layout.SegmentPageReader;
import org.dnslens.storage.search.DataRefTexts;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;

/**
 * Merges the sorted segments of many complete runs into one set, so searches and passive DNS read one
 * stream per kind instead of one per run (a live capture with {@code --case} makes a run per part: 8 640 a
 * day at 10 s). Blocks, counts, sources and issues stay with their runs; only the segment pages move.
 *
 * <p><b>How.</b> Under the ingest lock (so no ingest or other compaction runs beside it), the compacted
 * set is written by a k-way merge ({@link SegmentMerge}, one page per stream in memory) as the pages of a
 * new run marked {@code running}: invisible to readers, like an ingest's. Postings of equal keys are
 * united; aggregates of equal (key, identity) are summed (count added, first the minimum, last the
 * maximum). Then one small transaction deletes the old runs' page directory rows and marks the new run
 * complete: readers see either the old pages or the new ones, never both or neither. The old pages' data
 * is deleted afterwards in batches.
 *
 * <p><b>Killed.</b> Before the switch the new run is a dead {@code running} run, which {@link RunCleanup}
 * removes whole at the next ingest or compaction (the case's contents never changed); after it, page data
 * without a directory row is unreachable and the next compaction deletes it.
 */
public final class SegmentCompaction {
  /** Complete runs owning segment pages above which an ingest or live part compacts them. */
  public static final int AUTO_COMPACT_OWNERS = 64;
  /** Pages written per commit while the compacted set is built. */
  static final int PAGES_PER_COMMIT = 64;
  /** Old page data rows deleted per commit after the switch. */
  static final int DELETES_PER_COMMIT = 500;

  /**
   * What a compaction did.
   *
   * @param owners complete runs whose pages were merged (0: nothing to do)
   * @param pagesBefore their pages
   * @param pagesAfter pages of the compacted set
   * @param removedIncompleteRuns dead runs (killed ingests or compactions) removed first
   */
  public record Result(int owners, int pagesBefore, int pagesAfter, int removedIncompleteRuns) {}

  /** Points a test can stop at to kill the process there (the real compaction passes {@link #NONE}). */
  interface Checkpoints {
    /** A batch of the compacted set's pages is committed (the new run still invisible). */
    void pagesCommitted();

    /** The switch is committed; old page data not deleted yet. */
    void switched();
  }

  static final Checkpoints NONE = new Checkpoints() {
    @Override
    public void pagesCommitted() {}

    @Override
    public void switched() {}
  };

  private SegmentCompaction() {}

  /** Complete runs that own segment pages (what each search merges). */
  public static int owners(CaseDatabase db) {
    return db.jdbi().withHandle(h -> h.createQuery(
            "SELECT COUNT(DISTINCT p.run_id) FROM seg_page p JOIN ingest_run r ON r.id = p.run_id AND r.status = 'complete'")
        .mapTo(Integer.class).one());
  }

  /** Segment pages of complete runs. */
  public static int pages(CaseDatabase db) {
    return db.jdbi().withHandle(h -> h.createQuery(
            "SELECT COUNT(*) FROM seg_page p JOIN ingest_run r ON r.id = p.run_id AND r.status = 'complete'")
        .mapTo(Integer.class).one());
  }

  /** Compacts when more than {@link #AUTO_COMPACT_OWNERS} runs own pages; null when it did not. */
  public static Result compactIfNeeded(CaseDatabase db) throws CaseException {
    return !db.isReadOnly() && owners(db) > AUTO_COMPACT_OWNERS ? compact(db) : null;
  }

  /**
   * Merges the segments of every complete run into one set (nothing to do with fewer than two owners,
   * unless the one owner's aggregate pages predate schema V5: they are rewritten in the new format).
   */
  public static Result compact(CaseDatabase db) throws CaseException {
    return compact(db, NONE);
  }

  static Result compact(CaseDatabase db, Checkpoints checkpoints) throws CaseException {
    if (db.isReadOnly()) {
      throw new CaseException(db.file() + " is read-only; compaction needs a writable case");
    }
    IngestLock lock =
        IngestLock.take(db, "an ingest is writing to " + db.file() + "; compact it when the ingest has finished");
    try (lock; Handle writer = db.jdbi().open()) {
      return compactLocked(writer, checkpoints);
    } catch (SQLException | JdbiException e) {
      String message = "cannot compact " + db.file() + ": " + e.getMessage();
      CaseWriteException write = CaseWriteException.classify(message, e, db.file());
      throw new CaseException(message, write != null ? write : e);
    }
  }

  private record PageRow(long id, int run, int kind, int part, byte[] firstKey) {}

  private static Result compactLocked(Handle h, Checkpoints checkpoints) throws SQLException {
    int removed = RunCleanup.removeIncompleteRuns(h);
    h.useTransaction(t -> t.execute("DELETE FROM seg_page_data WHERE page_id NOT IN (SELECT id FROM seg_page)"));
    List<PageRow> old = h.createQuery(
            "SELECT p.id, p.run_id, p.kind, p.part, p.first_key FROM seg_page p JOIN ingest_run r ON r.id = p.run_id"
                + " AND r.status = 'complete' ORDER BY p.kind, p.run_id, p.part, p.page_no")
        .map((rs, ctx) -> new PageRow(rs.getLong(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getBytes(5)))
        .list();
    List<Integer> owners = old.stream().map(PageRow::run).distinct().sorted().toList();
    if (owners.isEmpty() || (owners.size() == 1 && !hasOldAggregatePages(h, old) && !lacksSmallestNames(h))) {
      return new Result(0, old.size(), old.size(), removed);
    }
    int run = h.inTransaction(t -> {
      int id = t.createQuery("SELECT COALESCE(MAX(id), 0) + 1 FROM ingest_run").mapTo(Integer.class).one();
      long firstTx = t.createQuery("SELECT COALESCE(MAX(first_tx_id + tx_count), 1) FROM tx_block").mapTo(Long.class).one();
      t.createUpdate("INSERT INTO ingest_run (id, status, first_tx_id) VALUES (:id, 'running', :first)")
          .bind("id", id).bind("first", firstTx).execute();
      return id;
    });
    Map<SegmentKind, List<PageRow>> byKind = new EnumMap<>(SegmentKind.class);
    for (PageRow p : old) {
      byKind.computeIfAbsent(SegmentKind.of(p.kind()), k -> new ArrayList<>()).add(p);
    }
    // The compacted aggregates' time base: the case's earliest query time (any time would be correct).
    long timeBase = h.createQuery("SELECT COALESCE(MIN(min_ts), 0) FROM tx_block").mapTo(Long.class).one();
    Connection c = h.getConnection();
    int written = 0;
    c.setAutoCommit(false);
    try (CaseWriter out = new CaseWriter(c, run); SegmentPageReader reader = new SegmentPageReader(c)) {
      // The old runs' name tables are read where their values refer to them; the compacted set gets one
      // table of its own, numbered in output order (schema V11, NameTable.OUTPUT_ORDER): every name the
      // PDNS_IP and NAME_BY_CLIENT entries refer to is collected first (the old tables' names, and the names
      // of pages that hold them as text), so that a client's ascending ordinals are its names in output order.
      Map<Long, NameTable> oldTables = nameTables(byKind.getOrDefault(SegmentKind.NAME_TABLE, List.of()), reader);
      NameTable.Writer table = new NameTable.Writer(0);
      Map<String, Integer> ordinals = outputOrdinals(byKind, reader, table);
      ToIntFunction<String> ordinal = name -> {
        Integer o = ordinals.get(name);
        if (o == null) {
          throw new IllegalStateException("name " + name + " is in no name table (damaged case file?)");
        }
        return o;
      };
      for (Map.Entry<SegmentKind, List<PageRow>> e : byKind.entrySet()) {
        if (e.getKey() != SegmentKind.NAME_TABLE) {
          written += mergeKind(e.getKey(), e.getValue(), timeBase, reader, oldTables, ordinal, out, c, checkpoints);
        }
      }
      List<SegmentPage> tablePages = table.finish();
      out.pages(tablePages);
      written += tablePages.size();
      c.commit();
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
    // The switch: one small transaction, after which readers see the compacted set only.
    h.useTransaction(t -> {
      for (int owner : owners) {
        t.createUpdate("DELETE FROM seg_page WHERE run_id = :run").bind("run", owner).execute();
      }
      t.createUpdate("UPDATE ingest_run SET status = 'complete', finished = CURRENT_TIMESTAMP, transactions = 0,"
              + " records = 0 WHERE id = :id")
          .bind("id", run).execute();
      // An earlier compaction's run owns nothing but pages: with them gone, it goes too.
      for (int owner : owners) {
        t.createUpdate("DELETE FROM ingest_run WHERE id = :run AND NOT EXISTS (SELECT 1 FROM tx_block WHERE run_id = :run)"
                + " AND NOT EXISTS (SELECT 1 FROM source WHERE run_id = :run)"
                + " AND NOT EXISTS (SELECT 1 FROM run_count WHERE run_id = :run)")
            .bind("run", owner).execute();
      }
    });
    checkpoints.switched();
    for (int from = 0; from < old.size(); from += DELETES_PER_COMMIT) {
      List<PageRow> batch = old.subList(from, Math.min(old.size(), from + DELETES_PER_COMMIT));
      h.useTransaction(t -> {
        for (PageRow p : batch) {
          t.createUpdate("DELETE FROM seg_page_data WHERE page_id = :id").bind("id", p.id()).execute();
        }
      });
    }
    return new Result(owners.size(), old.size(), written, removed);
  }

  /**
   * Whether the single owner's aggregate pages are of an older format than this version writes (written
   * before schema V5, {@link SegmentPage#FORMAT_PLAIN}; before V8, names as text in {@code PDNS_IP} and
   * {@code NAME_BY_CLIENT}; before V9, {@code PDNS_IP} with times): then compacting its one run is worth it (rewritten in the newest format,
   * smaller). A run's pages of one kind are all written by one writer, so the first page of each kind says it.
   */
  private static boolean hasOldAggregatePages(Handle h, List<PageRow> pages) {
    try (SegmentPageReader reader = new SegmentPageReader(h.getConnection())) {
      int kindSeen = -1;
      for (PageRow p : pages) {
        SegmentKind kind = SegmentKind.of(p.kind());
        if (kind.isAggregate() && p.kind() != kindSeen) {
          kindSeen = p.kind();
          if (SegmentPage.format(reader.page(p.id())) != AggregateCodec.writer(kind, 0).writeFormat()) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /**
   * Every name the old {@code PDNS_IP} and {@code NAME_BY_CLIENT} entries refer to, numbered in {@link
   * NameTable#OUTPUT_ORDER} and added to {@code table} in that order: the names of every old name table (a
   * table holds exactly the names its part's entries refer to), and those of the pages of parts that store
   * names as text (before schema V8; a part's pages of one kind are all one format, so its first page says).
   */
  private static Map<String, Integer> outputOrdinals(Map<SegmentKind, List<PageRow>> byKind, SegmentPageReader reader,
      NameTable.Writer table) {
    java.util.Set<String> names = new java.util.HashSet<>();
    for (PageRow p : byKind.getOrDefault(SegmentKind.NAME_TABLE, List.of())) {
      SegmentPage.scan(reader.page(p.id()), null, null, (key, len, d, off, vlen) -> {
        names.add(new String(d, off, vlen, java.nio.charset.StandardCharsets.UTF_8));
        return true;
      });
    }
    for (SegmentKind kind : List.of(SegmentKind.PDNS_IP, SegmentKind.NAME_BY_CLIENT)) {
      AggregateCodec codec = AggregateCodec.of(kind);
      long textOwner = -1;
      long checked = -1;
      for (PageRow p : byKind.getOrDefault(kind, List.of())) {
        long o = owner(p.run(), p.part());
        byte[] page = null;
        if (o != checked) {
          checked = o;
          page = reader.page(p.id());
          textOwner = SegmentPage.format(page) < SegmentPage.FORMAT_NAME_ORDINALS ? o : -1;
        }
        if (o != textOwner) {
          continue;
        }
        SegmentPage.scan(page != null ? page : reader.page(p.id()), null, null, (key, len, d, off, vlen) -> {
          names.add(codec.readName(codec.open(d, off, vlen), NameTable.EMPTY));
          return true;
        });
      }
    }
    String[][] sorted = new String[names.size()][];
    int i = 0;
    for (String n : names) {
      sorted[i++] = new String[] {n.toLowerCase(java.util.Locale.ROOT), n};
    }
    names.clear();
    Arrays.sort(sorted, (a, b) -> {
      int d = a[0].compareTo(b[0]);
      return d != 0 ? d : a[1].compareTo(b[1]);
    });
    Map<String, Integer> out = new HashMap<>(sorted.length * 2);
    for (String[] n : sorted) {
      out.put(n[1], table.add(n[1]));
    }
    return out;
  }

  /**
   * Whether a {@code PDNS_NAME} page of a complete run has no smallest name (written before schema V12):
   * compacting the case's one run then gives every page one, and wildcard queries can skip pages.
   */
  private static boolean lacksSmallestNames(Handle h) {
    return h.createQuery("SELECT COUNT(*) FROM seg_page p JOIN ingest_run r ON r.id = p.run_id AND r.status = 'complete'"
            + " WHERE p.kind = :kind AND p.min_name IS NULL")
        .bind("kind", SegmentKind.PDNS_NAME.code).mapTo(Integer.class).one() > 0;
  }

  /** The name tables of the old runs' parts, by {@link #owner} (pages come in (run, part, page) order). */
  private static Map<Long, NameTable> nameTables(List<PageRow> pages, SegmentPageReader reader) {
    Map<Long, List<PageRow>> byOwner = new LinkedHashMap<>();
    for (PageRow p : pages) {
      byOwner.computeIfAbsent(owner(p.run(), p.part()), o -> new ArrayList<>()).add(p);
    }
    Map<Long, NameTable> tables = new HashMap<>();
    byOwner.forEach((o, ps) -> tables.put(o, new NameTable(ps.stream().mapToLong(PageRow::id).toArray(),
        ps.stream().mapToInt(p -> NameTable.ordinal(p.firstKey())).toArray(), reader)));
    return tables;
  }

  private static long owner(int run, int part) {
    return (long) run << 32 | (part & 0xffffffffL);
  }

  /** Merges one kind's streams (one per old run and part) into pages of the new run; returns how many. */
  private static int mergeKind(SegmentKind kind, List<PageRow> pages, long timeBase, SegmentPageReader reader,
      Map<Long, NameTable> oldTables, ToIntFunction<String> ordinal, CaseWriter out, Connection c,
      Checkpoints checkpoints) throws SQLException {
    SegmentMerge merge = new SegmentMerge(reader);
    List<NameTable> streamTables = new ArrayList<>();
    int from = 0;
    for (int i = 1; i <= pages.size(); i++) {
      if (i == pages.size() || pages.get(i).run() != pages.get(from).run() || pages.get(i).part() != pages.get(from).part()) {
        merge.stream(pages.subList(from, i).stream().mapToLong(PageRow::id).toArray());
        streamTables.add(oldTables.getOrDefault(owner(pages.get(from).run(), pages.get(from).part()), NameTable.EMPTY));
        from = i;
      }
    }
    AggregateCodec writer = kind.isPostings() ? null : AggregateCodec.writer(kind, timeBase);
    SegmentPage.Builder builder = writer == null ? new SegmentPage.Builder(kind, 0) : writer.pages(0);
    KeyGroup group = writer == null ? new PostingsGroup()
        : kind == SegmentKind.NAME_BY_CLIENT ? new ClientPostingsGroup(writer, ordinal)
        : new AggregateGroup(writer, ordinal, new DataRefTexts(c));
    int[] written = {0};
    SQLException[] failed = {null};
    List<SegmentPage> pending = new ArrayList<>();
    merge.forEach(null, null, (key, len, d, off, vlen) -> {
      if (!group.isKey(key, len)) {
        group.flushInto(builder);
        group.start(Arrays.copyOf(key, len));
        pending.addAll(builder.drainFull());
        if (pending.size() >= PAGES_PER_COMMIT) {
          try {
            out.pages(pending);
            c.commit();
            checkpoints.pagesCommitted();
          } catch (SQLException e) {
            failed[0] = e;
            return false;
          }
          written[0] += pending.size();
          pending.clear();
        }
      }
      group.add(d, off, vlen, streamTables.get(merge.current()));
      return true;
    });
    if (failed[0] != null) {
      throw failed[0];
    }
    group.flushInto(builder);
    List<SegmentPage> rest = new ArrayList<>(pending);
    rest.addAll(builder.finish());
    out.pages(rest);
    c.commit();
    checkpoints.pagesCommitted();
    return written[0] + rest.size();
  }

  /** The entries of one key from every stream. */
  private abstract static class KeyGroup {
    byte[] key;

    boolean isKey(byte[] k, int len) {
      return key != null && Arrays.equals(key, 0, key.length, k, 0, len);
    }

    void start(byte[] k) {
      key = k;
    }

    /** Adds an entry's value; {@code names}: the name table of the entry's old run and part. */
    abstract void add(byte[] d, int off, int len, NameTable names);

    /** Writes the merged entries of the key (if any) and forgets them. */
    abstract void flushInto(SegmentPage.Builder b);
  }

  /** Block-id postings: the union of every stream's ids (same encoding as {@link RunWriter#readPostings}). */
  private static final class PostingsGroup extends KeyGroup {
    private int[] ids;
    private final ByteWriter value = new ByteWriter(1024);

    @Override
    void add(byte[] d, int off, int len, NameTable names) {
      int[] more = RunWriter.readPostings(d, off, len);
      ids = ids == null ? more : RunWriter.union(ids, more);
    }

    @Override
    void flushInto(SegmentPage.Builder b) {
      if (ids == null) {
        return;
      }
      value.reset();
      value.writeVarint(ids.length);
      int prev = 0;
      for (int id : ids) {
        value.writeVarint(id - prev);
        prev = id;
      }
      b.add(key, value.array(), value.size());
      ids = null;
    }
  }

  /**
   * {@code NAME_BY_CLIENT} of one client (schema V11, {@link SegmentPage#FORMAT_CLIENT_POSTINGS}): the union
   * of its names in every stream, read from postings or from rows of older formats (their times dropped:
   * the compacted {@code CLIENT_BY_NAME} sums the same runs' twins), as ascending ordinals of the compacted
   * table, {@link AggregateCodec#MAX_ORDINALS_PER_ENTRY} per entry.
   */
  private static final class ClientPostingsGroup extends KeyGroup {
    private final AggregateCodec writer;
    private final AggregateCodec reader;
    private final ToIntFunction<String> ordinal;
    private final int[] read = new int[AggregateCodec.MAX_ORDINALS_PER_ENTRY];
    private int[] ordinals = new int[256];
    private int n;
    private final ByteWriter value = new ByteWriter(1024);

    ClientPostingsGroup(AggregateCodec writer, ToIntFunction<String> ordinal) {
      this.writer = writer;
      this.reader = AggregateCodec.of(writer.kind());
      this.ordinal = ordinal;
    }

    @Override
    void add(byte[] d, int off, int len, NameTable names) {
      ByteReader r = reader.open(d, off, len);
      if (reader.format() == SegmentPage.FORMAT_CLIENT_POSTINGS) {
        int m = AggregateCodec.readOrdinals(r, read);
        for (int i = 0; i < m; i++) {
          put(ordinal.applyAsInt(names.name(read[i])));
        }
      } else {
        put(ordinal.applyAsInt(reader.readName(r, names)));
      }
    }

    private void put(int o) {
      if (n == ordinals.length) {
        ordinals = Arrays.copyOf(ordinals, 2 * n);
      }
      ordinals[n++] = o;
    }

    @Override
    void flushInto(SegmentPage.Builder b) {
      if (n == 0) {
        return;
      }
      Arrays.sort(ordinals, 0, n);
      int distinct = 0;
      for (int i = 0; i < n; i++) {
        if (distinct == 0 || ordinals[i] != ordinals[distinct - 1]) {
          ordinals[distinct++] = ordinals[i];
        }
      }
      for (int from = 0; from < distinct; from += AggregateCodec.MAX_ORDINALS_PER_ENTRY) {
        value.reset();
        writer.writeOrdinals(value, ordinals, from, Math.min(distinct, from + AggregateCodec.MAX_ORDINALS_PER_ENTRY));
        b.add(key, value.array(), value.size());
      }
      n = 0;
    }
  }

  /**
   * Aggregates (passive DNS, per client): identity fields then times ({@link AggregateCodec}). Every entry,
   * of a plain (pre-V5) page or a compact one, is read by the codec and its identity rewritten in the
   * compact format, so equal identities of both formats are byte-equal and summed (count added, first the
   * minimum, last the maximum); the compacted set is all compact pages and reads exactly as the runs' did.
   * {@code PDNS_IP} is written as postings without times (schema V9): equal identities are one posting, and
   * readers take the times from the compacted {@code PDNS_NAME} pages, which sum the same runs' entries.
   */
  private static final class AggregateGroup extends KeyGroup {
    private final AggregateCodec writer;
    private final AggregateCodec reader;
    private final Map<ByteBuffer, long[]> rows = new LinkedHashMap<>();
    private final ByteWriter identity = new ByteWriter(1024);
    private final ByteWriter value = new ByteWriter(1024);

    private final ToIntFunction<String> ordinal;
    /**
     * {@code PDNS_NAME} entries with long TXT/SPF data, as text or as a reference into a block (schema V10),
     * by (name, type, fingerprint of the text): two runs' entries of one text have different references (or
     * one has text), so they are summed when their texts are equal, which is decided on the texts (read
     * from the blocks only when two entries share a fingerprint), not on the fingerprint alone.
     */
    private final Map<ByteBuffer, List<LongData>> longData = new LinkedHashMap<>();
    private final DataRefTexts blocks;

    /** A {@code PDNS_NAME} row with long data: its text (null until needed) and/or reference, and times. */
    private static final class LongData {
      final String name;
      final int type;
      String text;
      DataRef ref;
      final long[] times;

      LongData(String name, int type, String text, DataRef ref, long[] times) {
        this.name = name;
        this.type = type;
        this.text = text;
        this.ref = ref;
        this.times = times;
      }
    }

    AggregateGroup(AggregateCodec writer, ToIntFunction<String> ordinal, DataRefTexts blocks) {
      this.writer = writer;
      this.reader = AggregateCodec.of(writer.kind());
      this.ordinal = ordinal;
      this.blocks = blocks;
    }

    /** Takes a PDNS_NAME entry with long data into {@link #longData}; false for any other entry. */
    private boolean addLongData(byte[] d, int off, int len) {
      ByteReader r = reader.open(d, off, len);
      String name = r.readString();
      int type = r.readInt();
      String text = reader.readData(r);
      DataRef ref = reader.ref();
      if (ref == null && !(DataRef.referable(type) && text.length() >= DataRef.MIN_TEXT_CHARS)) {
        return false;
      }
      reader.readTimes(r);
      long[] times = {reader.first(), reader.last(), reader.count()};
      identity.reset();
      identity.writeString(name);
      identity.writeVarint(type);
      identity.writeVarint(Integer.toUnsignedLong(ref != null ? ref.fingerprint() : DataRef.fingerprint(text)));
      List<LongData> same = longData.computeIfAbsent(ByteBuffer.wrap(identity.toByteArray()), k -> new ArrayList<>(1));
      LongData next = new LongData(name, type, text, ref, times);
      for (LongData x : same) {
        if ((x.ref != null && x.ref.equals(ref)) || text(x).equals(text(next))) {
          x.times[0] = Math.min(x.times[0], times[0]);
          x.times[1] = Math.max(x.times[1], times[1]);
          x.times[2] += times[2];
          if (x.ref == null) {
            x.ref = ref; // stored once: the merged row refers to a block when either run's did
          }
          return true;
        }
      }
      same.add(next);
      return true;
    }

    private String text(LongData x) {
      if (x.text == null) {
        x.text = blocks.texts(List.of(x.ref)).get(x.ref);
      }
      return x.text;
    }

    @Override
    void add(byte[] d, int off, int len, NameTable names) {
      if (writer.kind() == SegmentKind.PDNS_NAME && addLongData(d, off, len)) {
        return;
      }
      ByteReader r = reader.open(d, off, len);
      identity.reset();
      writer.copyIdentity(reader, r, names, ordinal, identity);
      rows.merge(ByteBuffer.wrap(identity.toByteArray()), new long[] {reader.first(), reader.last(), reader.count()},
          (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1]), a[2] + b[2]});
    }

    @Override
    void flushInto(SegmentPage.Builder b) {
      for (Map.Entry<ByteBuffer, long[]> e : rows.entrySet()) {
        value.reset();
        value.writeBytes(e.getKey().array());
        if (writer.writesTimes()) {
          writer.writeTimes(value, e.getValue()[0], e.getValue()[1], e.getValue()[2]);
        }
        b.add(key, value.array(), value.size());
      }
      rows.clear();
      for (List<LongData> same : longData.values()) {
        for (LongData x : same) {
          value.reset();
          value.writeString(x.name);
          value.writeVarint(x.type);
          if (x.ref != null) {
            writer.writeRef(value, x.ref);
          } else {
            writer.writeData(value, x.type, x.text);
          }
          writer.writeTimes(value, x.times[0], x.times[1], x.times[2]);
          b.add(key, value.array(), value.size());
        }
      }
      longData.clear();
    }
  }
}
