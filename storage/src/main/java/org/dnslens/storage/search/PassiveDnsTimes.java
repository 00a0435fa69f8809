package org.dnslens.storage.search;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
import org.dnslens.engine.model.IpAddress;
import org.dnslens.storage.layout.AggregateCodec;
import org.dnslens.storage.layout.ByteReader;
import org.dnslens.storage.layout.RunWriter;
import org.dnslens.storage.layout.SegmentKind;
import org.dnslens.storage.layout.SegmentPage;

/**
 * First seen, last seen and count of passive-DNS rows found in {@code PDNS_IP} postings (schema V9, {@link
 * SegmentPage#FORMAT_NAME_POSTINGS}), which store none: they are read from the {@code PDNS_NAME} entry of
 * the same name as sent, type and data in the posting's own run and part, its twin (both are written from one
 * aggregate, and compaction merges both kinds from the same runs). Only the twins of the runs and parts that
 * asked are summed, so a row also found in an older run's {@code PDNS_IP} page with times is not counted
 * twice.
 *
 * <p>Cost: the {@code PDNS_NAME} pages holding the asked names, each read once (names in key order, so a
 * domain's names share a page): a page or two per name for {@code pdns ip ADDRESS}, up to every page of the
 * kind for a batch of thousands of random names. Memory: the rows asked for plus one batch of inflated pages.
 */
final class PassiveDnsTimes {
  /** A row as its {@code PDNS_IP} posting names it. */
  record Row(String name, int type, String data) {}

  /** What is known of a row: the owners ((run, part)) whose twins are wanted, and the times summed so far. */
  private static final class Want {
    final Set<Long> owners = new HashSet<>(2);
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    long count;
  }

  private final CaseDirectory dir;
  private final Map<Row, Want> wanted = new LinkedHashMap<>();

  PassiveDnsTimes(CaseDirectory dir) {
    this.dir = dir;
  }

  static long owner(int run, int part) {
    return (long) run << 32 | (part & 0xffffffffL);
  }

  /** Asks for the times of {@code row} as stored in the {@code PDNS_NAME} pages of {@code (run, part)}. */
  void want(Row row, int run, int part) {
    wanted.computeIfAbsent(row, r -> new Want()).owners.add(owner(run, part));
  }

  /** Asks for the times of {@code row} in each of {@code owners} ({@link #owner} values). */
  void want(Row row, Set<Long> owners) {
    wanted.computeIfAbsent(row, r -> new Want()).owners.addAll(owners);
  }

  /**
   * {@code e} with the times {@link #resolve} found for its twin summed in, or {@code e} itself when
   * {@code found} has none for it (a row of pages that store their times).
   */
  static PassiveDnsQuery.Entry withTwin(PassiveDnsQuery.Entry e, Map<Row, long[]> found) {
    long[] f = found.get(new Row(e.name(), e.type(), e.data()));
    if (f == null) {
      return e;
    }
    return new PassiveDnsQuery.Entry(e.name(), e.type(), e.data(), Math.min(e.firstNanos(), f[0]),
        Math.max(e.lastNanos(), f[1]), e.count() + f[2]);
  }

  boolean isEmpty() {
    return wanted.isEmpty();
  }

  /**
   * Reads the twins of every row asked for and returns each row's times ({first, last, count}, summed
   * over its owners); forgets the rows. A row without a twin is a damaged case.
   */
  Map<Row, long[]> resolve(Connection c) {
    // Each asked name's key, and per key the rows of that name (all its case variants, types and data).
    Map<ByteBuffer, List<Probe>> byKey = new HashMap<>();
    Map<String, byte[]> keyOfName = new HashMap<>();
    for (Row r : wanted.keySet()) {
      byte[] key = keyOfName.computeIfAbsent(r.name(), RunWriter::nameKey);
      byKey.computeIfAbsent(ByteBuffer.wrap(key), k -> new ArrayList<>()).add(new Probe(r, key));
    }
    // The pages that can hold each key, in the owners that want it; per page the keys it is read for.
    Map<Long, List<CaseDirectory.Page>> pagesByOwner = ownerPages();
    Map<Long, CaseDirectory.Page> pageById = new LinkedHashMap<>();
    Map<Long, List<byte[]>> keysOfPage = new HashMap<>();
    TreeMap<byte[], List<Probe>> sorted = new TreeMap<>(Arrays::compareUnsigned);
    byKey.forEach((k, rows) -> sorted.put(k.array(), rows));
    sorted.forEach((key, rows) -> {
      Set<Long> owners = new HashSet<>();
      for (Probe r : rows) {
        owners.addAll(wanted.get(r.row).owners);
      }
      for (long o : owners) {
        for (CaseDirectory.Page p : pagesOf(pagesByOwner.getOrDefault(o, List.of()), key)) {
          pageById.putIfAbsent(p.id(), p);
          keysOfPage.computeIfAbsent(p.id(), x -> new ArrayList<>()).add(key);
        }
      }
    });
    AggregateCodec codec = AggregateCodec.of(SegmentKind.PDNS_NAME);
    List<CaseDirectory.Page> pages = new ArrayList<>(pageById.values());
    for (int from = 0; from < pages.size(); from += CaseDirectory.IN_BATCH) {
      List<CaseDirectory.Page> batch = pages.subList(from, Math.min(pages.size(), from + CaseDirectory.IN_BATCH));
      Map<Long, byte[]> data = CaseDirectory.pageData(c, batch);
      for (CaseDirectory.Page p : batch) {
        long owner = owner(p.run(), p.part());
        List<byte[]> keys = keysOfPage.get(p.id());
        // one pass over the page from its first asked key to its last (keys were added in key order)
        byte[] lo = keys.get(0);
        byte[] hi = keys.get(keys.size() - 1);
        SegmentPage.scan(data.get(p.id()), lo, hi, (key, len, d, off, vlen) -> {
          List<Probe> probes = byKey.get(ByteBuffer.wrap(key, 0, len));
          if (probes == null) {
            return true;
          }
          // compared on the stored bytes: a name has many entries (one per type and data), most not asked for
          ByteReader r = codec.open(d, off, vlen);
          int nameLen = r.readInt();
          int nameAt = r.position();
          r.skip(nameLen);
          int type = r.readInt();
          boolean address = false;
          int dataLen;
          if (codec.format() == SegmentPage.FORMAT_PLAIN) {
            dataLen = r.readInt();
          } else if (SegmentPage.tagsData(codec.format())) {
            int h = r.readInt();
            if ((h & 3) == 2) {
              return true; // a TXT/SPF data reference (schema V10): never an A/AAAA twin
            }
            dataLen = h >>> 2;
            address = (h & 3) == 1;
          } else {
            int h = r.readInt();
            dataLen = h >>> 1;
            address = (h & 1) != 0;
          }
          int dataAt = r.position();
          r.skip(dataLen);
          for (Probe x : probes) {
            if (x.matches(d, nameLen, nameAt, type, address, dataAt, dataLen)) {
              Want w = wanted.get(x.row);
              if (w.owners.contains(owner)) {
                codec.readTimes(r);
                w.first = Math.min(w.first, codec.first());
                w.last = Math.max(w.last, codec.last());
                w.count += codec.count();
              }
              break;
            }
          }
          return true;
        });
      }
    }
    Map<Row, long[]> out = new HashMap<>(wanted.size() * 2);
    wanted.forEach((r, w) -> {
      if (w.count == 0) {
        throw new IllegalStateException("passive DNS of " + r.name() + " by address has no entry by name"
            + " (damaged case file?)");
      }
      out.put(r, new long[] {w.first, w.last, w.count});
    });
    wanted.clear();
    return out;
  }

  /**
   * A row as the bytes of a {@code PDNS_NAME} value under its key hold it, so entries are matched without
   * making strings: what {@link PassiveDnsQuery#decode} would make of them, compared with the row. The name
   * is elided ("") exactly when it is the key's own form ({@code forward} of the key, as decode rebuilds
   * it); data is address bytes only for an address's own text ({@link AggregateCodec#writeData}), else
   * text. Names and data are presentation text (ASCII), so equal strings are equal UTF-8 bytes.
   */
  private static final class Probe {
    final Row row;
    final byte[] name;
    final boolean elided;
    final byte[] dataText;
    final byte[] dataAddress;

    Probe(Row row, byte[] key) {
      this.row = row;
      this.name = row.name().getBytes(StandardCharsets.UTF_8);
      this.elided = row.name().equals(TransactionSearch.forward(new String(key, StandardCharsets.UTF_8)));
      this.dataText = row.data().getBytes(StandardCharsets.UTF_8);
      byte[] a = null;
      if (IpAddress.isLiteral(row.data())) {
        IpAddress ip = IpAddress.parse(row.data());
        if (ip.toString().equals(row.data())) {
          a = ip.toBytes();
        }
      }
      this.dataAddress = a;
    }

    boolean matches(byte[] d, int nameLen, int nameAt, int type, boolean address, int dataAt, int dataLen) {
      if (type != row.type()) {
        return false;
      }
      if (nameLen == 0 ? !elided : !Arrays.equals(name, 0, name.length, d, nameAt, nameAt + nameLen)) {
        return false;
      }
      byte[] want = address ? dataAddress : dataText;
      return want != null && Arrays.equals(want, 0, want.length, d, dataAt, dataAt + dataLen);
    }
  }

  /** The case's PDNS_NAME pages by owner, each owner's in key order (the directory keeps page order). */
  private Map<Long, List<CaseDirectory.Page>> ownerPages() {
    Map<Long, List<CaseDirectory.Page>> out = new HashMap<>();
    for (CaseDirectory.Page p : dir.pages(SegmentKind.PDNS_NAME, null, null)) {
      out.computeIfAbsent(owner(p.run(), p.part()), o -> new ArrayList<>()).add(p);
    }
    return out;
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
