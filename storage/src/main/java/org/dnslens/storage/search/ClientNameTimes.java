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
 * First seen, last seen and count of per-client rows found in {@code NAME_BY_CLIENT} postings (schema V11,
 * {@link SegmentPage#FORMAT_CLIENT_POSTINGS}), which store none: they are read from the {@code CLIENT_BY_NAME}
 * entry of the same client and name as sent in the posting's own run and part, its twin (both are written
 * from one aggregate, and compaction merges both kinds from the same runs). Only the twins of the runs and
 * parts that asked are summed, so a row also found in an older run's page with times is not counted twice.
 *
 * <p>Cost: the {@code CLIENT_BY_NAME} pages holding the asked names, read in key order, each once (16 at a
 * time): ~one page per name for a client's first 1 000 names (names in output order are random in key order),
 * instead of the ~5 bytes of times per row that {@code NAME_BY_CLIENT} held before. Memory: the rows asked for
 * plus one batch of inflated pages.
 */
final class ClientNameTimes {
  /** A row as its posting names it. */
  record Row(IpAddress client, String name) {}

  /** The owners ((run, part)) whose twins are wanted, and the times summed so far. */
  private static final class Want {
    final Set<Long> owners = new HashSet<>(2);
    byte[] clientKey;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    long count;
  }

  private final CaseDirectory dir;
  private final Map<Row, Want> wanted = new LinkedHashMap<>();

  ClientNameTimes(CaseDirectory dir) {
    this.dir = dir;
  }

  /**
   * Asks for the times of {@code row}, whose client's address key is {@code clientKey} (as the posting's key
   * has it), in each of {@code owners} ({@link PassiveDnsTimes#owner} values).
   */
  void want(Row row, byte[] clientKey, Set<Long> owners) {
    Want w = wanted.computeIfAbsent(row, r -> new Want());
    w.clientKey = clientKey;
    w.owners.addAll(owners);
  }

  boolean isEmpty() {
    return wanted.isEmpty();
  }

  /**
   * Reads the twins of every row asked for and returns each row's times ({first, last, count}, summed
   * over its owners); forgets the rows. A row without a twin is a damaged case.
   */
  Map<Row, long[]> resolve(Connection c) {
    Map<ByteBuffer, List<Probe>> byKey = new HashMap<>();
    Map<String, byte[]> keyOfName = new HashMap<>();
    for (Row r : wanted.keySet()) {
      byte[] key = keyOfName.computeIfAbsent(r.name(), RunWriter::nameKey);
      byKey.computeIfAbsent(ByteBuffer.wrap(key), k -> new ArrayList<>()).add(new Probe(r, wanted.get(r).clientKey, key));
    }
    // per page (in key order, so pages come in the order of the directory) the keys it is read for
    Map<Long, List<CaseDirectory.Page>> pagesByOwner = new HashMap<>();
    for (CaseDirectory.Page p : dir.pages(SegmentKind.CLIENT_BY_NAME, null, null)) {
      pagesByOwner.computeIfAbsent(PassiveDnsTimes.owner(p.run(), p.part()), o -> new ArrayList<>()).add(p);
    }
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
        for (CaseDirectory.Page p : PassiveDnsTimes.pagesOf(pagesByOwner.getOrDefault(o, List.of()), key)) {
          pageById.putIfAbsent(p.id(), p);
          keysOfPage.computeIfAbsent(p.id(), x -> new ArrayList<>()).add(key);
        }
      }
    });
    AggregateCodec codec = AggregateCodec.of(SegmentKind.CLIENT_BY_NAME);
    List<CaseDirectory.Page> pages = new ArrayList<>(pageById.values());
    for (int from = 0; from < pages.size(); from += CaseDirectory.IN_BATCH) {
      List<CaseDirectory.Page> batch = pages.subList(from, Math.min(pages.size(), from + CaseDirectory.IN_BATCH));
      Map<Long, byte[]> data = CaseDirectory.pageData(c, batch);
      for (CaseDirectory.Page p : batch) {
        long owner = PassiveDnsTimes.owner(p.run(), p.part());
        List<byte[]> keys = keysOfPage.get(p.id());
        byte[] lo = keys.get(0);
        byte[] hi = keys.get(keys.size() - 1);
        SegmentPage.scan(data.get(p.id()), lo, hi, (key, len, d, off, vlen) -> {
          List<Probe> probes = byKey.get(ByteBuffer.wrap(key, 0, len));
          if (probes == null) {
            return true;
          }
          // compared on the stored bytes: a popular name has an entry per client, most not asked for
          ByteReader r = codec.open(d, off, vlen);
          int clientLen = r.readInt();
          int clientAt = r.position();
          r.skip(clientLen);
          int nameLen = r.readInt();
          int nameAt = r.position();
          r.skip(nameLen);
          for (Probe x : probes) {
            if (x.matches(d, clientAt, clientLen, nameAt, nameLen)) {
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
        throw new IllegalStateException("the names of client " + r.client() + " hold " + r.name()
            + ", which has no entry by name (damaged case file?)");
      }
      out.put(r, new long[] {w.first, w.last, w.count});
    });
    wanted.clear();
    return out;
  }

  /**
   * A row as the bytes of a {@code CLIENT_BY_NAME} value under its key hold it: the client's address key,
   * then the name as sent, elided ("") exactly when it is the key's own form (as {@code RunWriter} writes
   * it; a page written before schema V5 may spell it out, which matches too).
   */
  private static final class Probe {
    final Row row;
    final byte[] client;
    final byte[] name;
    final boolean elided;

    Probe(Row row, byte[] client, byte[] key) {
      this.row = row;
      this.client = client;
      this.name = row.name().getBytes(StandardCharsets.UTF_8);
      this.elided = row.name().equals(TransactionSearch.forward(new String(key, StandardCharsets.UTF_8)));
    }

    boolean matches(byte[] d, int clientAt, int clientLen, int nameAt, int nameLen) {
      if (!Arrays.equals(client, 0, client.length, d, clientAt, clientAt + clientLen)) {
        return false;
      }
      return nameLen == 0 ? elided : Arrays.equals(name, 0, name.length, d, nameAt, nameAt + nameLen);
    }
  }
}
