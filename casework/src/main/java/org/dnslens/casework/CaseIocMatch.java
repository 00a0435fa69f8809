package org.dnslens.casework;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.dnslens.engine.ioc.IocHit;
import org.dnslens.engine.ioc.IocHitAggregator;
import org.dnslens.engine.ioc.IocMatcher;
import org.dnslens.engine.ioc.IocWireScreen;
import org.dnslens.engine.model.FrameRef;
import org.dnslens.engine.model.Ioc;
import org.dnslens.engine.model.IocHitSummary;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.engine.model.Transaction;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.findings.IocHitStore;
import org.dnslens.storage.layout.TxBlock;
import org.dnslens.storage.search.CaseBlock;
import org.dnslens.storage.search.SearchQuery;
import org.dnslens.storage.search.StoredTransaction;
import org.dnslens.storage.search.TransactionSearch;

/**
 * The retroactive IOC match of a whole case, shared by {@code dnslens ioc match --case}, {@code analyze}
 * and the GUI's IOC view. A match <b>replaces</b> the hits stored in the case (it is the answer for the
 * lists just matched, not an addition to earlier answers), wherever it was started.
 *
 * <p>How: every stored block is read once (by {@link #MAX_THREADS} threads, each its own share of the
 * blocks); each transaction's client and server (from the block's address
 * dictionary, matched once per block) and its raw query and reply bytes go through {@link IocWireScreen},
 * which rules out a message only when no name or address the matcher looks at can match. Only the
 * transactions that pass are decoded and matched with {@link IocMatcher#match}, then summarised in
 * capture-time order, so the result is exactly what decoding and matching every transaction gives
 * ({@link #fullScan}, kept for the tests that prove it).
 *
 * <p>Why not the case's key dictionaries alone ({@code CaseKeys}, postings, passive DNS): they hold query
 * names, answer-section records and endpoints, but the matcher also looks at authority and additional
 * records (NS targets, glue addresses, owners), records of the query, further questions and answer
 * addresses past the 64 indexed per transaction, which no index has; and passive DNS times are reply
 * times while blocks are ordered by query time. Reading the blocks costs about what walking the passive
 * DNS segments would, and leaves nothing out.
 */
public final class CaseIocMatch {
  /** One transaction with hits, as kept for the summaries and for callers that list hits one by one. */
  public record TransactionHits(
      long id, long tsNanos, IpAddress client, String qname, Long queryFrame, long firstMessageNanos,
      FrameRef frame, List<IocHit> hits) {}

  /**
   * What a match found.
   *
   * @param screened transactions whose bytes went through the screen
   * @param decoded transactions decoded and matched in full (those the screen let through)
   * @param droppedHits hits not summarised because the aggregator's key bound was reached
   */
  public record Result(List<IocHitSummary> hits, long screened, long decoded, long droppedHits, boolean cancelled) {}

  /** Threads reading the case at most: blocks are independent, and the machine target has two cores. */
  public static final int MAX_THREADS = 2;

  private final CaseDatabase db;

  public CaseIocMatch(CaseDatabase db) {
    this.db = db;
  }

  /** Matches {@code iocs} against the whole case and stores the hits, replacing the earlier ones. */
  public Result matchAndStore(Collection<Ioc> iocs, boolean exact) {
    Result r = match(IocMatcher.of(iocs, exact), t -> {}, CaseScanner.Progress.NONE);
    new IocHitStore(db).replaceAll(r.hits());
    return r;
  }

  /**
   * Matches without storing. {@code each} gets every transaction with hits in capture-time order after
   * the scan; a cancelled match stops early and returns what it found so far (not to be stored).
   */
  public Result match(IocMatcher matcher, Consumer<TransactionHits> each, CaseScanner.Progress progress) {
    return match(matcher, each, progress, Math.max(1, Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors())));
  }

  /** {@link #match(IocMatcher, Consumer, CaseScanner.Progress)} with {@code threads} reading threads. */
  Result match(IocMatcher matcher, Consumer<TransactionHits> each, CaseScanner.Progress progress, int threads) {
    Share[] shares = new Share[threads];
    AtomicLong screened = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    TransactionSearch.Blocks blocks = new TransactionSearch(db).blocks();
    List<Thread> helpers = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      shares[i] = new Share(matcher);
    }
    for (int i = 1; i < threads; i++) {
      Share share = shares[i];
      int index = i;
      Thread t = new Thread(() -> {
        try {
          share.complete = blocks.forEach(index, threads, block -> {
            share.screen(block);
            screened.addAndGet(block.summary().count);
            return !stop.get();
          });
        } catch (RuntimeException | Error e) {
          share.failure = e;
          stop.set(true);
        }
      }, "dnslens-ioc-match-" + i);
      t.setDaemon(true);
      t.start();
      helpers.add(t);
    }
    // This thread reads the first share and is the only one to report progress or poll cancellation.
    try {
      shares[0].complete = blocks.forEach(0, threads, block -> {
        shares[0].screen(block);
        progress.rows(screened.addAndGet(block.summary().count));
        if (progress.cancelled()) {
          stop.set(true);
        }
        return !stop.get();
      });
    } finally {
      stop.set(!shares[0].complete);
      for (Thread t : helpers) {
        joinUninterruptibly(t);
      }
    }
    List<TransactionHits> found = new ArrayList<>();
    long decoded = 0;
    boolean complete = true;
    for (Share share : shares) {
      if (share.failure instanceof RuntimeException e) {
        throw e;
      } else if (share.failure instanceof Error e) {
        throw e;
      }
      found.addAll(share.found);
      decoded += share.decoded;
      complete &= share.complete;
    }
    // Blocks of different runs overlap in time and shares interleave: summaries are built in the full
    // scan's (time, id) order so that clients and the kept transaction references come out the same.
    found.sort(Comparator.comparingLong(TransactionHits::tsNanos).thenComparingLong(TransactionHits::id));
    IocHitAggregator aggregator = new IocHitAggregator();
    for (TransactionHits t : found) {
      aggregator.add(t.firstMessageNanos(), t.frame(), t.client(), t.hits());
      each.accept(t);
    }
    return new Result(aggregator.summaries(), screened.get(), decoded, aggregator.droppedHits(), !complete);
  }

  private static void joinUninterruptibly(Thread t) {
    boolean interrupted = false;
    while (true) {
      try {
        t.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** One thread's part of a match: its own screen and decoder (neither is thread-safe) and what it found. */
  private static final class Share {
    final IocMatcher matcher;
    final IocWireScreen screen;
    final TransactionReplay replay = new TransactionReplay();
    final List<TransactionHits> found = new ArrayList<>();
    long decoded;
    volatile boolean complete;
    volatile Throwable failure;

    Share(IocMatcher matcher) {
      this.matcher = matcher;
      this.screen = matcher.wireScreen();
    }

    void screen(CaseBlock block) {
      TxBlock b = block.summary();
      byte[] wire = block.wire();
      boolean[] endpointHit = new boolean[b.ips.length];
      for (int j = 0; j < endpointHit.length; j++) {
        endpointHit[j] = b.ips[j] != null && matcher.matchesAnyIp(b.ips[j]);
      }
      for (int r = 0; r < b.count; r++) {
        if (b.queryLen[r] < 0 && b.replyLen[r] < 0) {
          continue; // nothing to decode (an ingest never stores such a row)
        }
        int replyAt = b.wireStart[r] + Math.max(0, b.queryLen[r]);
        boolean maybe = endpointHit[b.client[r]] || endpointHit[b.server[r]]
            || (b.queryLen[r] >= 0 && screen.mayMatch(wire, b.wireStart[r], b.queryLen[r]))
            || (b.replyLen[r] >= 0 && screen.mayMatch(wire, replyAt, b.replyLen[r]));
        if (maybe) {
          decoded++;
          StoredTransaction s = block.transaction(r);
          Transaction tx = replay.rebuild(s);
          List<IocHit> hits = new ArrayList<>(2);
          if (matcher.match(tx, hits) > 0) {
            found.add(kept(s, tx, hits));
          }
        }
      }
    }
  }

  private static TransactionHits kept(StoredTransaction s, Transaction tx, List<IocHit> hits) {
    var meta = tx.first().meta();
    return new TransactionHits(s.id(), s.tsNanos(), meta == null ? null : tx.clientIp(), s.qname(), s.queryFrame(),
        meta == null ? 0 : meta.timestampNanos(), meta == null ? null : meta.frame(), List.copyOf(hits));
  }

  /**
   * The reference path: every transaction decoded and matched, in capture-time order (what {@code ioc match}
   * did before the screen). Slow; for the tests that hold {@link #match} to exactly its result.
   */
  static List<IocHitSummary> fullScan(CaseDatabase db, IocMatcher matcher) {
    IocHitAggregator aggregator = new IocHitAggregator();
    TransactionReplay replay = new TransactionReplay();
    List<IocHit> scratch = new ArrayList<>();
    new CaseScanner(db).forEach(SearchQuery.all(), Long.MAX_VALUE, s -> {
      Transaction tx = replay.rebuild(s);
      scratch.clear();
      if (matcher.match(tx, scratch) > 0) {
        aggregator.add(tx, scratch);
      }
    }, CaseScanner.Progress.NONE);
    return aggregator.summaries();
  }
}
