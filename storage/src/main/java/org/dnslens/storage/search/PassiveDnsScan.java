package org.dnslens.storage.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.layout.AggregateCodec;
import org.dnslens.storage.layout.DataRef;
import org.dnslens.storage.layout.NameTable;
import org.dnslens.storage.layout.SegmentKind;
import org.dnslens.storage.layout.SegmentMerge;
import org.dnslens.storage.layout.SegmentPageReader;
import org.jdbi.v3.core.Handle;

/**
 * A case's passive DNS streamed whole, without a row cap: a k-way merge over the sorted passive-DNS pages
 * of every complete run and part ({@link SegmentMerge}), summing equal (name, type, data) entries across
 * them (counts added, first seen the minimum, last seen the maximum). Rows come in key order: by name
 * with labels reversed (a domain's names together) for {@link #byName}, by address for {@link #byIp};
 * within one key, by name as sent, type and data.
 *
 * <p>Memory: one inflated page (~32 KB) per stream plus the entries of one key (one name or address),
 * whatever the size of the case; by address, a batch of rows more ({@link #untimedRowsPerBatch}), whose times
 * are read from their {@code PDNS_NAME} twins a batch at a time (schema V9 postings, {@link PassiveDnsTimes}). {@link PassiveDnsQuery} stays the interactive, capped, query.
 */
public final class PassiveDnsScan {
  /** Receives merged rows in order; returns false to stop. */
  public interface Sink {
    boolean accept(PassiveDnsQuery.Entry e) throws IOException;
  }

  private static final Comparator<PassiveDnsQuery.Entry> BY_NAME =
      Comparator.comparing(PassiveDnsQuery.Entry::name).thenComparingInt(PassiveDnsQuery.Entry::type)
          .thenComparing(PassiveDnsQuery.Entry::data);
  private static final Comparator<PassiveDnsQuery.Entry> BY_DATA =
      Comparator.comparing(PassiveDnsQuery.Entry::data).thenComparing(PassiveDnsQuery.Entry::name)
          .thenComparingInt(PassiveDnsQuery.Entry::type);

  private final CaseDatabase db;

  public PassiveDnsScan(CaseDatabase db) {
    this.db = db;
  }

  /** Every passive-DNS row of the case; returns how many were given to the sink. */
  public long all(Sink sink) throws IOException {
    return run(SegmentKind.PDNS_NAME, null, null, null, s -> true, BY_NAME, sink);
  }

  /** Rows whose name matches {@code pattern}, with the patterns of {@link PassiveDnsQuery#byName}. */
  public long byName(String pattern, Sink sink) throws IOException {
    if (pattern.strip().equals("*")) {
      return all(sink);
    }
    PassiveDnsQuery.NameMatch m = PassiveDnsQuery.nameMatch(pattern);
    return run(SegmentKind.PDNS_NAME, m.lo(), m.hi(), m.keys(), m.name(), BY_NAME, sink);
  }

  /** Rows of {@code domain} and all its subdomains (search's {@code --domain}) in one pass. */
  public long inDomain(String domain, Sink sink) throws IOException {
    String p = domain.strip();
    PassiveDnsQuery.NameMatch exact = PassiveDnsQuery.nameMatch(p);
    if (p.contains("*") || exact == PassiveDnsQuery.NOTHING) {
      return byName(p, sink);
    }
    byte[] key = exact.lo();
    byte[] hi = Arrays.copyOf(key, key.length + 1);
    hi[key.length] = '/'; // the byte after '.': [key, key/] holds the key and every key.child
    CaseDirectory.KeyFilter self = (k, n) -> n == key.length || k[key.length] == '.';
    return run(SegmentKind.PDNS_NAME, key, hi, self, s -> true, BY_NAME, sink);
  }

  /** Names that resolved (A/AAAA) to an address in {@code ipOrCidr}. */
  public long byIp(String ipOrCidr, Sink sink) throws IOException {
    IpRange r = IpRange.parse(ipOrCidr);
    return run(SegmentKind.PDNS_IP, r.low(), r.high(), null, s -> true, BY_DATA, sink);
  }

  private record Row(String name, int type, String data) {}

  /**
   * Rows of {@code PDNS_IP} postings (schema V9, no times) held at least until their times are read from
   * their {@code PDNS_NAME} twins, a batch at a time: the twins of a batch of random names lie on many pages,
   * so a batch reads each page once for many of them, and a whole-kind export (1 M rows at 1 M transactions,
   * on ~2 100 pages) costs a pass over every {@code PDNS_NAME} page per batch. So batches are as large as an
   * eighth of the heap allows ({@link #BYTES_PER_HELD_ROW} each: the row, its strings, the twin's entry in
   * {@link PassiveDnsTimes}), and never smaller than this (32 k rows: ~16 MB, a quarter of a 64 MB heap).
   */
  static final int MIN_UNTIMED_ROWS_PER_BATCH = 32_768;

  /** What a held row costs on the heap, rounded up (measured ~400-500 bytes for a 1 M case's rows). */
  static final int BYTES_PER_HELD_ROW = 512;

  /** Rows held per batch in this JVM (see {@link #MIN_UNTIMED_ROWS_PER_BATCH}). */
  static int untimedRowsPerBatch() {
    long rows = Runtime.getRuntime().maxMemory() / 8 / BYTES_PER_HELD_ROW;
    return (int) Math.max(MIN_UNTIMED_ROWS_PER_BATCH, Math.min(rows, 8_000_000));
  }

  /** The entries of one key from all streams, summed by (name, type, data). */
  private static final class KeyGroup {
    byte[] key = new byte[0];
    final Map<Row, long[]> rows = new LinkedHashMap<>();
    /** Rows found in postings without times, and the owners ((run, part)) of those postings. */
    final Map<Row, Set<Long>> untimed = new HashMap<>();
    /** Entries whose data is a reference into a block (schema V10): the key waits for their texts. */
    List<RefRow> refs = new ArrayList<>();

    boolean isKey(byte[] k, int len) {
      return Arrays.equals(key, 0, key.length, k, 0, len);
    }

    void add(PassiveDnsQuery.Entry e, DataRef ref) {
      refs.add(new RefRow(e.name(), e.type(), ref, e.firstNanos(), e.lastNanos(), e.count()));
    }

    void add(PassiveDnsQuery.Entry e, long owner, boolean timed) {
      Row row = new Row(e.name(), e.type(), e.data());
      rows.merge(row, new long[] {e.firstNanos(), e.lastNanos(), e.count()},
          (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1]), a[2] + b[2]});
      if (!timed) {
        untimed.computeIfAbsent(row, r -> new HashSet<>(2)).add(owner);
      }
    }

    /** Moves the group's rows, in order, to {@code out} (their twins asked of {@code twins}); clears it. */
    void flush(Comparator<PassiveDnsQuery.Entry> order, Output out, PassiveDnsTimes twins) {
      if (!refs.isEmpty()) {
        out.defer(new DeferredKey(new LinkedHashMap<>(rows), refs), order);
        rows.clear();
        refs = new ArrayList<>();
        return;
      }
      List<PassiveDnsQuery.Entry> sorted = new ArrayList<>(rows.size());
      rows.forEach((r, v) -> sorted.add(new PassiveDnsQuery.Entry(r.name(), r.type(), r.data(), v[0], v[1], v[2])));
      sorted.sort(order);
      for (PassiveDnsQuery.Entry e : sorted) {
        Set<Long> owners = untimed.get(new Row(e.name(), e.type(), e.data()));
        if (owners != null) {
          twins.want(new PassiveDnsTimes.Row(e.name(), e.type(), e.data()), owners);
        }
        out.rows.add(new Pending(e, owners != null, null));
        out.held++;
      }
      rows.clear();
      untimed.clear();
    }
  }

  /**
   * A row in output order, waiting for its twin's times when {@code untimed}; or, when {@code deferred} is
   * not null, the rows of one key that wait for the texts of their data references.
   */
  private record Pending(PassiveDnsQuery.Entry entry, boolean untimed, DeferredKey deferred) {}

  /** An entry whose data is a reference into a block. */
  private record RefRow(String name, int type, DataRef ref, long first, long last, long count) {}

  /**
   * One key's rows, some of whose data are references (schema V10): merged by (name, type, data text) and
   * sorted once a batch's texts are read, each block once for the batch ({@link DataRefTexts}); a block per
   * key would read a block per TXT row of an export.
   */
  private record DeferredKey(Map<Row, long[]> rows, List<RefRow> refs) {
    List<PassiveDnsQuery.Entry> entries(Map<DataRef, String> texts, Comparator<PassiveDnsQuery.Entry> order) {
      for (RefRow r : refs) {
        String text = texts.get(r.ref());
        rows.merge(new Row(r.name(), r.type(), text), new long[] {r.first(), r.last(), r.count()},
            (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1]), a[2] + b[2]});
      }
      List<PassiveDnsQuery.Entry> sorted = new ArrayList<>(rows.size());
      rows.forEach((r, v) -> sorted.add(new PassiveDnsQuery.Entry(r.name(), r.type(), r.data(), v[0], v[1], v[2])));
      sorted.sort(order);
      return sorted;
    }
  }

  /** Rows flushed by key groups, given to the sink once the twins of their untimed rows are read. */
  private static final class Output {
    final List<Pending> rows = new ArrayList<>();
    final PassiveDnsTimes twins;
    final Sink sink;
    /** References of the deferred keys held. */
    final List<DataRef> refs = new ArrayList<>();
    /** Rows held (a deferred key counts its entries). */
    int held;
    private Comparator<PassiveDnsQuery.Entry> order;
    long given;

    void defer(DeferredKey k, Comparator<PassiveDnsQuery.Entry> order) {
      this.order = order;
      rows.add(new Pending(null, false, k));
      for (RefRow r : k.refs()) {
        refs.add(r.ref());
      }
      held += k.rows().size() + k.refs().size();
    }

    /** Whether rows wait for something a batch reads (twins' times, data texts). */
    boolean waiting() {
      return !twins.isEmpty() || !refs.isEmpty();
    }

    Output(PassiveDnsTimes twins, Sink sink) {
      this.twins = twins;
      this.sink = sink;
    }

    /** Gives the held rows to the sink (times resolved first); false if the sink stopped. */
    boolean drain(Connection c) throws IOException {
      Map<PassiveDnsTimes.Row, long[]> found = twins.isEmpty() ? Map.of() : twins.resolve(c);
      Map<DataRef, String> texts = refs.isEmpty() ? Map.of() : new DataRefTexts(c).texts(refs);
      try {
        for (Pending p : rows) {
          if (p.deferred() != null) {
            for (PassiveDnsQuery.Entry e : p.deferred().entries(texts, order)) {
              given++;
              if (!sink.accept(e)) {
                return false;
              }
            }
            continue;
          }
          PassiveDnsQuery.Entry e = p.entry();
          if (p.untimed()) {
            e = PassiveDnsTimes.withTwin(e, found); // resolve found every untimed row's twin or threw
          }
          given++;
          if (!sink.accept(e)) {
            return false;
          }
        }
        return true;
      } finally {
        rows.clear();
        refs.clear();
        held = 0;
      }
    }
  }

  private long run(SegmentKind kind, byte[] lo, byte[] hi, CaseDirectory.KeyFilter keys, Predicate<String> name,
      Comparator<PassiveDnsQuery.Entry> order, Sink sink) throws IOException {
    CaseDirectory dir = CaseDirectory.of(db);
    List<CaseDirectory.Page> pages = dir.pages(kind, lo, hi);
    Output output = new Output(new PassiveDnsTimes(dir), sink);
    int batch = untimedRowsPerBatch();
    try (Handle h = db.jdbi().open(); SegmentPageReader reader = new SegmentPageReader(h.getConnection())) {
      List<CaseDirectory.Page> owners = new ArrayList<>();
      SegmentMerge merge = streams(pages, reader, owners);
      NameTables tables = new NameTables(dir, reader);
      KeyGroup group = new KeyGroup();
      AggregateCodec codec = AggregateCodec.of(kind);
      boolean[] stopped = {false};
      merge.forEach(lo, hi, (key, len, d, off, vlen) -> {
        try {
          if (!group.isKey(key, len)) {
            group.flush(order, output, output.twins);
            // rows without times or with data references wait for a batch of them (other rows are given at
            // once when none wait)
            if ((!output.waiting() || output.held >= batch)
                && !output.drain(h.getConnection())) {
              stopped[0] = true;
              return false;
            }
            group.key = Arrays.copyOf(key, len);
          }
          if (keys == null || keys.accept(key, len)) {
            CaseDirectory.Page owner = owners.get(merge.current());
            NameTable names = kind.usesNameTable() ? tables.of(owner.run(), owner.part()) : NameTable.EMPTY;
            PassiveDnsQuery.Entry e = PassiveDnsQuery.decode(codec, key, len, d, off, vlen, name, names);
            if (e != null && e.data() == null) {
              group.add(e, codec.ref());
            } else if (e != null) {
              group.add(e, TwinPageTimes.owner(owner.run(), owner.part()), codec.storesTimes());
            }
          }
          return true;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      if (!stopped[0]) {
        group.flush(order, output, output.twins);
        output.drain(h.getConnection());
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return output.given;
  }

  /**
   * One stream per (run, part): the directory lists pages in (run, kind, part, page) order. Each stream's
   * first page goes to {@code owners} (its run and part, by stream number: {@link SegmentMerge#current}).
   */
  static SegmentMerge streams(List<CaseDirectory.Page> pages, SegmentMerge.PageSource source,
      List<CaseDirectory.Page> owners) {
    SegmentMerge merge = new SegmentMerge(source);
    int from = 0;
    for (int i = 1; i <= pages.size(); i++) {
      if (i == pages.size() || pages.get(i).run() != pages.get(from).run()
          || pages.get(i).part() != pages.get(from).part()) {
        long[] ids = new long[i - from];
        for (int j = from; j < i; j++) {
          ids[j - from] = pages.get(j).id();
        }
        merge.stream(ids);
        owners.add(pages.get(from));
        from = i;
      }
    }
    return merge;
  }
}
