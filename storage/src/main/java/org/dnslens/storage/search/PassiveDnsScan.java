package org.dnslens.storage.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.layout.AggregateCodec;
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
 * whatever the size of the case. {@link PassiveDnsQuery} stays the interactive, capped, query.
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

  /** The entries of one key from all streams, summed by (name, type, data). */
  private static final class KeyGroup {
    byte[] key = new byte[0];
    final Map<Row, long[]> rows = new LinkedHashMap<>();

    boolean isKey(byte[] k, int len) {
      return Arrays.equals(key, 0, key.length, k, 0, len);
    }

    void add(PassiveDnsQuery.Entry e) {
      rows.merge(new Row(e.name(), e.type(), e.data()), new long[] {e.firstNanos(), e.lastNanos(), e.count()},
          (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1]), a[2] + b[2]});
    }

    /** Gives the group's rows to the sink in order and clears it; false if the sink stopped. */
    boolean flush(Comparator<PassiveDnsQuery.Entry> order, Sink sink, long[] given) throws IOException {
      List<PassiveDnsQuery.Entry> out = new ArrayList<>(rows.size());
      rows.forEach((r, v) -> out.add(new PassiveDnsQuery.Entry(r.name(), r.type(), r.data(), v[0], v[1], v[2])));
      rows.clear();
      out.sort(order);
      for (PassiveDnsQuery.Entry e : out) {
        given[0]++;
        if (!sink.accept(e)) {
          return false;
        }
      }
      return true;
    }
  }

  private long run(SegmentKind kind, byte[] lo, byte[] hi, CaseDirectory.KeyFilter keys, Predicate<String> name,
      Comparator<PassiveDnsQuery.Entry> order, Sink sink) throws IOException {
    CaseDirectory dir = CaseDirectory.of(db);
    List<CaseDirectory.Page> pages = dir.pages(kind, lo, hi);
    long[] given = {0};
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
            if (!group.flush(order, sink, given)) {
              stopped[0] = true;
              return false;
            }
            group.key = Arrays.copyOf(key, len);
          }
          if (keys == null || keys.accept(key, len)) {
            CaseDirectory.Page owner = owners.get(merge.current());
            NameTable names = kind.usesNameTable() ? tables.of(owner.run(), owner.part()) : NameTable.EMPTY;
            PassiveDnsQuery.Entry e = PassiveDnsQuery.decode(codec, key, len, d, off, vlen, name, names);
            if (e != null) {
              group.add(e);
            }
          }
          return true;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      if (!stopped[0]) {
        group.flush(order, sink, given);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return given[0];
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
