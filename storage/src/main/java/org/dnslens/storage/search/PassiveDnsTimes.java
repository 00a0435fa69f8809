package org.dnslens.storage.search;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.storage.layout.AggregateCodec;
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

  private final CaseDirectory dir;
  private final Map<Row, TwinPageTimes.Want> wanted = new LinkedHashMap<>();

  PassiveDnsTimes(CaseDirectory dir) {
    this.dir = dir;
  }

  /** Asks for the times of {@code row} as stored in the {@code PDNS_NAME} pages of {@code (run, part)}. */
  void want(Row row, int run, int part) {
    wanted.computeIfAbsent(row, r -> new TwinPageTimes.Want()).owners.add(TwinPageTimes.owner(run, part));
  }

  /** Asks for the times of {@code row} in each of {@code owners} ({@link TwinPageTimes#owner} values). */
  void want(Row row, Set<Long> owners) {
    wanted.computeIfAbsent(row, r -> new TwinPageTimes.Want()).owners.addAll(owners);
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
    Map<ByteBuffer, List<Probe>> byKey = TwinPageTimes.probesByNameKey(wanted, Row::name, Probe::new);
    TwinPageTimes.sum(c, dir, SegmentKind.PDNS_NAME, byKey, (probes, r, d, format) -> {
      // compared on the stored bytes: a name has many entries (one per type and data), most not asked for
      int nameLen = r.readInt();
      int nameAt = r.position();
      r.skip(nameLen);
      int type = r.readInt();
      boolean address = false;
      int dataLen;
      if (format == SegmentPage.FORMAT_PLAIN) {
        dataLen = r.readInt();
      } else if (SegmentPage.tagsData(format)) {
        int h = r.readInt();
        if ((h & 3) == 2) {
          return null; // a TXT/SPF data reference (schema V10): never an A/AAAA twin
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
          return x;
        }
      }
      return null;
    });
    Map<Row, long[]> out =
        TwinPageTimes.times(wanted, r -> "passive DNS of " + r.name() + " by address has no entry by name");
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
  private static final class Probe implements TwinPageTimes.Probe {
    final Row row;
    final TwinPageTimes.Want want;
    final byte[] name;
    final boolean elided;
    final byte[] dataText;
    final byte[] dataAddress;

    Probe(Row row, byte[] key, TwinPageTimes.Want want) {
      this.row = row;
      this.want = want;
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

    @Override
    public TwinPageTimes.Want want() {
      return want;
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
}
