package org.dnslens.engine.ioc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.model.FrameRef;
import org.dnslens.engine.model.Ioc;
import org.dnslens.engine.model.IocHitSummary;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.engine.model.MatchLocation;
import org.dnslens.engine.model.Transaction;

/**
 * Sums up a run's hits per (indicator, place, value): count, first and last capture time, clients and
 * transaction references, each bounded. Not thread-safe: one per run.
 */
public final class IocHitAggregator {
  /** Distinct clients kept per summary by default. */
  public static final int MAX_CLIENTS_PER_HIT = 1000;
  /** Transaction references kept per summary by default. */
  public static final int MAX_TRANSACTIONS_PER_HIT = 1000;
  /**
   * Distinct (indicator, place, value) keys kept by default. A list matching a name like {@code com}
   * against a whole capture could otherwise grow without bound; further keys are only counted.
   */
  public static final int MAX_KEYS = 1_000_000;

  private record Key(Ioc ioc, MatchLocation where, String value) {}

  private static final class Acc {
    long count;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    final Set<IpAddress> clients = new LinkedHashSet<>();
    boolean clientsTruncated;
    final List<FrameRef> refs = new ArrayList<>();
    boolean refsTruncated;
  }

  private final int maxClients;
  private final int maxTransactions;
  private final int maxKeys;
  private final Map<Key, Acc> byKey = new LinkedHashMap<>();
  private long droppedHits;

  public IocHitAggregator() {
    this(MAX_CLIENTS_PER_HIT, MAX_TRANSACTIONS_PER_HIT, MAX_KEYS);
  }

  public IocHitAggregator(int maxClients, int maxTransactions, int maxKeys) {
    this.maxClients = maxClients;
    this.maxTransactions = maxTransactions;
    this.maxKeys = maxKeys;
  }

  /** Adds the hits of one transaction (as {@link IocMatcher#match(Transaction)} gave them). */
  public void add(Transaction tx, List<IocHit> hits) {
    if (hits.isEmpty()) {
      return;
    }
    DnsMessage first = tx.first();
    long time = first.meta() == null ? 0 : first.meta().timestampNanos();
    FrameRef ref = first.meta() == null ? null : first.meta().frame();
    IpAddress client = first.meta() == null ? null : tx.clientIp();
    add(time, ref, client, hits);
  }

  /**
   * Adds the hits of one transaction given by what a summary keeps of it: its first message's capture
   * time and frame, and its client (null when unknown). Callers that add transactions in capture order
   * get the same summaries as with {@link #add(Transaction, List)}.
   */
  public void add(long time, FrameRef ref, IpAddress client, List<IocHit> hits) {
    for (IocHit h : hits) {
      Key k = new Key(h.ioc(), h.where(), h.matchedValue());
      Acc a = byKey.get(k);
      if (a == null) {
        if (byKey.size() >= maxKeys) {
          droppedHits++;
          continue;
        }
        a = new Acc();
        byKey.put(k, a);
      }
      a.count++;
      a.first = Math.min(a.first, time);
      a.last = Math.max(a.last, time);
      if (client != null && !a.clients.contains(client)) {
        if (a.clients.size() < maxClients) {
          a.clients.add(client);
        } else {
          a.clientsTruncated = true;
        }
      }
      if (ref != null) {
        if (a.refs.size() < maxTransactions) {
          a.refs.add(ref);
        } else {
          a.refsTruncated = true;
        }
      }
    }
  }

  /** Hits not summarised because {@code maxKeys} keys already existed. */
  public long droppedHits() {
    return droppedHits;
  }

  /** The summaries, by first seen time, then list, indicator value, place and matched value. */
  public List<IocHitSummary> summaries() {
    List<IocHitSummary> out = new ArrayList<>(byKey.size());
    for (Map.Entry<Key, Acc> e : byKey.entrySet()) {
      Key k = e.getKey();
      Acc a = e.getValue();
      out.add(
          new IocHitSummary(
              k.ioc(),
              k.where(),
              k.value(),
              a.count,
              a.first,
              a.last,
              new ArrayList<>(a.clients),
              a.clientsTruncated,
              a.refs,
              a.refsTruncated));
    }
    out.sort(
        Comparator.comparingLong(IocHitSummary::firstSeenNanos)
            .thenComparing(s -> s.ioc().list())
            .thenComparing(s -> s.ioc().value())
            .thenComparing(IocHitSummary::where)
            .thenComparing(IocHitSummary::matchedValue));
    return out;
  }
}
