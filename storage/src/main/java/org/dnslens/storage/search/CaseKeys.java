package org.dnslens.storage.search;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.casefile.NameKeys;
import org.dnslens.storage.layout.SegmentKind;
import org.dnslens.storage.layout.SegmentPage;

/**
 * The distinct names and addresses of a case, for a retroactive IOC match (dictionary scan): instead of
 * decoding every transaction, walk the runs' sorted key spaces once, then fetch only the transactions of
 * matching keys with {@link TransactionSearch#forEachWithKeys}. Each run (and part) is a sorted stream of
 * pages; a k-way merge yields every key once while holding one page per stream.
 */
public final class CaseKeys {
  private final CaseDatabase db;

  public CaseKeys(CaseDatabase db) {
    this.db = db;
  }

  /** Every distinct lower-case name (query names and answer owner names), in reversed-label order. */
  public void forEachName(Consumer<String> each) {
    merge(List.of(SegmentKind.NAME, SegmentKind.PDNS_NAME),
        (key, len) -> each.accept(TransactionSearch.forward(new String(key, 0, len, StandardCharsets.UTF_8))));
  }

  /** Every distinct client, server and A/AAAA answer address, in key order (IPv4 first). */
  public void forEachAddress(Consumer<IpAddress> each) {
    merge(List.of(SegmentKind.CLIENT, SegmentKind.SERVER, SegmentKind.ANSWER, SegmentKind.PDNS_IP),
        (key, len) -> each.accept(NameKeys.ipFromKey(Arrays.copyOf(key, len))));
  }

  private interface KeySink {
    void accept(byte[] key, int len);
  }

  /** One sorted stream: the pages of one (kind, run, part), read one at a time. */
  private static final class Stream {
    final List<CaseDirectory.Page> pages;
    int page;
    List<byte[]> keys = List.of();
    int at;

    Stream(List<CaseDirectory.Page> pages) {
      this.pages = pages;
    }

    byte[] current() {
      return keys.get(at);
    }

    /** Moves to the next key; false at the end. */
    boolean advance(Connection c) {
      at++;
      while (at >= keys.size()) {
        if (page >= pages.size()) {
          return false;
        }
        CaseDirectory.Page p = pages.get(page++);
        byte[] data = CaseDirectory.pageData(c, List.of(p)).get(p.id());
        List<byte[]> ks = new ArrayList<>();
        SegmentPage.scan(data, null, null, (key, len, d, off, vlen) -> {
          if (ks.isEmpty() || !Arrays.equals(ks.get(ks.size() - 1), 0, ks.get(ks.size() - 1).length, key, 0, len)) {
            ks.add(Arrays.copyOf(key, len));
          }
          return true;
        });
        keys = ks;
        at = 0;
      }
      return true;
    }
  }

  private void merge(List<SegmentKind> kinds, KeySink sink) {
    CaseDirectory dir = CaseDirectory.of(db);
    Map<String, List<CaseDirectory.Page>> streams = new LinkedHashMap<>();
    for (SegmentKind k : kinds) {
      for (CaseDirectory.Page p : dir.pages.get(k)) {
        streams.computeIfAbsent(k.code + "/" + p.run() + "/" + p.part(), x -> new ArrayList<>()).add(p);
      }
    }
    db.jdbi().useHandle(h -> {
      Connection c = h.getConnection();
      PriorityQueue<Stream> heap =
          new PriorityQueue<>((a, b) -> Arrays.compareUnsigned(a.current(), b.current()));
      for (List<CaseDirectory.Page> pages : streams.values()) {
        Stream s = new Stream(pages);
        s.at = -1;
        if (s.advance(c)) {
          heap.add(s);
        }
      }
      byte[] last = null;
      while (!heap.isEmpty()) {
        Stream s = heap.poll();
        byte[] key = s.current();
        if (last == null || !Arrays.equals(last, key)) {
          sink.accept(key, key.length);
          last = key;
        }
        if (s.advance(c)) {
          heap.add(s);
        }
      }
    });
  }
}
