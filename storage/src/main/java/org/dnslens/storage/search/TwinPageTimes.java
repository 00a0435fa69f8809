package org.dnslens.storage.search;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.dnslens.storage.layout.AggregateCodec;
import org.dnslens.storage.layout.ByteReader;
import org.dnslens.storage.layout.RunWriter;
import org.dnslens.storage.layout.SegmentKind;
import org.dnslens.storage.layout.SegmentPage;

/**
 * The one reader of *twin* pages, shared by {@link PassiveDnsTimes} ({@code PDNS_IP} postings → their
 * {@code PDNS_NAME} twins) and {@link ClientNameTimes} ({@code NAME_BY_CLIENT} postings → their {@code
 * CLIENT_BY_NAME} twins): postings store no times, so the first seen, last seen and count of a row are summed
 * from the entries that match it in the twin kind's pages of the runs and parts ("owners") whose postings
 * named the row. Only those owners are summed, so a row also found in an older run's page with times is not
 * counted twice.
 *
 * <p>The plan: each asked key's pages in each wanting owner (usually one page; more when a key spans pages),
 * every page read once, in key order, {@link CaseDirectory#IN_BATCH} at a time, scanned from its first asked
 * key to its last. What differs between the two kinds is only how an entry's value is matched to a row, which
 * the caller's {@link EntryMatcher} does on the stored bytes (no strings made for the many entries not asked
 * for). Memory: the rows asked for plus one batch of inflated pages.
 */
final class TwinPageTimes {
  private TwinPageTimes() {}

  /** What is known of a row: the owners ({@link #owner} values) whose twins are wanted, and the times so far. */
  static class Want {
    final Set<Long> owners = new HashSet<>(2);
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    long count;
  }

  /**
   * Each row's times ({first, last, count}) as {@link #sum} found them; a row without a twin is a damaged case
   * ({@code damaged} says which row in the error).
   */
  static <R> Map<R, long[]> times(Map<R, ? extends Want> wanted, Function<R, String> damaged) {
    Map<R, long[]> out = new HashMap<>(wanted.size() * 2);
    wanted.forEach((r, w) -> {
      if (w.count == 0) {
        throw new IllegalStateException(damaged.apply(r) + " (damaged case file?)");
      }
      out.put(r, new long[] {w.first, w.last, w.count});
    });
    return out;
  }

  /** An asked row as its matcher compares it, with the {@link Want} its twins are summed into. */
  interface Probe {
    Want want();
  }

  /** Makes the probe of an asked row, given its name's twin key. */
  @FunctionalInterface
  interface ProbeFactory<R, W extends Want, P extends Probe> {
    P probe(R row, byte[] nameKey, W want);
  }

  /**
   * The asked rows' probes grouped by their name's key ({@link RunWriter#nameKey}, made once per distinct name):
   * both twin kinds' pages are keyed by the name, and every row of a name (case variants, types, data or
   * clients) is matched among that key's entries.
   */
  static <R, W extends Want, P extends Probe> Map<ByteBuffer, List<P>> probesByNameKey(
      Map<R, W> wanted, Function<R, String> name, ProbeFactory<R, W, P> probe) {
    Map<ByteBuffer, List<P>> byKey = new HashMap<>();
    Map<String, byte[]> keyOfName = new HashMap<>();
    wanted.forEach((r, w) -> {
      byte[] key = keyOfName.computeIfAbsent(name.apply(r), RunWriter::nameKey);
      byKey.computeIfAbsent(ByteBuffer.wrap(key), k -> new ArrayList<>()).add(probe.probe(r, key, w));
    });
    return byKey;
  }

  /** Finds which probe an entry is. */
  @FunctionalInterface
  interface EntryMatcher<P extends Probe> {
    /**
     * The probe among {@code probes} (all of the entry's key) that the entry matches, with {@code r} (opened
     * on the entry's value in {@code d}, a page of {@code format}, {@link SegmentPage#format}) left at the
     * entry's times; null when none does.
     */
    P match(List<P> probes, ByteReader r, byte[] d, int format);
  }

  static long owner(int run, int part) {
    return (long) run << 32 | (part & 0xffffffffL);
  }

  /**
   * Sums into each probe's {@link Want} the times of its twins in the {@code kind} pages of the owners it
   * wants, {@code byKey} giving the probes of each asked key (wrapping the whole key array).
   */
  static <P extends Probe> void sum(Connection c, CaseDirectory dir, SegmentKind kind,
      Map<ByteBuffer, List<P>> byKey, EntryMatcher<P> matcher) {
    // The pages that can hold each key, in the owners that want it; per page the keys it is read for.
    Map<Long, List<CaseDirectory.Page>> pagesByOwner = new HashMap<>();
    for (CaseDirectory.Page p : dir.pages(kind, null, null)) { // each owner's in key order
      pagesByOwner.computeIfAbsent(owner(p.run(), p.part()), o -> new ArrayList<>()).add(p);
    }
    Map<Long, CaseDirectory.Page> pageById = new LinkedHashMap<>();
    Map<Long, List<byte[]>> keysOfPage = new HashMap<>();
    TreeMap<byte[], List<P>> sorted = new TreeMap<>(Arrays::compareUnsigned);
    byKey.forEach((k, probes) -> sorted.put(k.array(), probes));
    sorted.forEach((key, probes) -> {
      Set<Long> owners = new HashSet<>();
      for (P p : probes) {
        owners.addAll(p.want().owners);
      }
      for (long o : owners) {
        for (CaseDirectory.Page p : pagesOf(pagesByOwner.getOrDefault(o, List.of()), key)) {
          pageById.putIfAbsent(p.id(), p);
          keysOfPage.computeIfAbsent(p.id(), x -> new ArrayList<>()).add(key);
        }
      }
    });
    AggregateCodec codec = AggregateCodec.of(kind);
    List<CaseDirectory.Page> pages = new ArrayList<>(pageById.values());
    for (int from = 0; from < pages.size(); from += CaseDirectory.IN_BATCH) {
      List<CaseDirectory.Page> batch = pages.subList(from, Math.min(pages.size(), from + CaseDirectory.IN_BATCH));
      Map<Long, byte[]> data = CaseDirectory.pageData(c, batch);
      for (CaseDirectory.Page p : batch) {
        long owner = owner(p.run(), p.part());
        List<byte[]> keys = keysOfPage.get(p.id());
        // one pass over the page from its first asked key to its last (keys were added in key order)
        SegmentPage.scan(data.get(p.id()), keys.get(0), keys.get(keys.size() - 1), (key, len, d, off, vlen) -> {
          List<P> probes = byKey.get(ByteBuffer.wrap(key, 0, len));
          if (probes == null) {
            return true;
          }
          ByteReader r = codec.open(d, off, vlen);
          P hit = matcher.match(probes, r, d, codec.format());
          if (hit != null && hit.want().owners.contains(owner)) {
            Want w = hit.want();
            codec.readTimes(r);
            w.first = Math.min(w.first, codec.first());
            w.last = Math.max(w.last, codec.last());
            w.count += codec.count();
          }
          return true;
        });
      }
    }
  }

  /** The pages of one owner (in key order) whose key range holds {@code key}: usually one, more when it spans. */
  static List<CaseDirectory.Page> pagesOf(List<CaseDirectory.Page> pages, byte[] key) {
    // the first page whose last key is not below the key
    int lo = 0;
    int hi = pages.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (Arrays.compareUnsigned(pages.get(mid).lastKey(), key) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    List<CaseDirectory.Page> out = new ArrayList<>(1);
    for (int i = lo; i < pages.size() && Arrays.compareUnsigned(pages.get(i).firstKey(), key) <= 0; i++) {
      out.add(pages.get(i));
    }
    return out;
  }
}
