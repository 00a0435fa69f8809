package org.dnslens.casework;

import java.util.ArrayDeque;
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
 * blocks, starting before the matcher exists: see {@link ReadAhead}); each transaction's client and server (from the block's address
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
  /**
   * Heap that blocks read before the matcher exists may hold, together (see {@link ReadAhead}), at most:
   * about three quarters of a 1 M-transaction case, enough to keep both cores busy while a 1 M-line list is
   * read and its matcher built (at 192 MiB the readers waited a second for it), and about what such a list
   * itself takes. Never more than {@link #READ_AHEAD_HEAP_SHARE} of the heap.
   */
  public static final long MAX_READ_AHEAD_BYTES = 384L * 1024 * 1024;
  /** The read-ahead takes at most 1/this of the maximum heap (a small heap keeps room for the list). */
  public static final int READ_AHEAD_HEAP_SHARE = 8;
  /**
   * Heap a decoded summary takes per transaction, about (30 columns of ints and longs, the block's name
   * and address dictionaries), for the read-ahead bound: a measured estimate, not an exact size.
   */
  static final int SUMMARY_BYTES_PER_ROW = 320;
  /** How often a waiting match reports progress and polls cancellation. */
  static final long PROGRESS_MILLIS = 50;

  private final CaseDatabase db;

  public CaseIocMatch(CaseDatabase db) {
    this.db = db;
  }

  /**
   * Matches {@code iocs} against the whole case and stores the hits, replacing the earlier ones. The case is
   * read while the matcher is built.
   */
  public Result matchAndStore(Collection<Ioc> iocs, boolean exact) {
    try (ReadAhead ahead = readAhead()) {
      return ahead.matchAndStore(iocs, exact);
    }
  }

  /**
   * Matches without storing. {@code each} gets every transaction with hits in capture-time order after
   * the scan; a cancelled match stops early and returns what it found so far (not to be stored).
   */
  public Result match(IocMatcher matcher, Consumer<TransactionHits> each, CaseScanner.Progress progress) {
    return match(matcher, each, progress, defaultThreads());
  }

  /** {@link #match(IocMatcher, Consumer, CaseScanner.Progress)} with {@code threads} reading threads. */
  Result match(IocMatcher matcher, Consumer<TransactionHits> each, CaseScanner.Progress progress, int threads) {
    try (ReadAhead ahead = new ReadAhead(threads, readAheadBound())) {
      return ahead.match(matcher, each, progress);
    }
  }

  /**
   * Starts reading the case for a match whose indicators are not known yet (still being read from their
   * lists): the blocks are fetched, inflated and decoded now, up to {@link #MAX_READ_AHEAD_BYTES} (and an
   * eighth of the heap), and
   * screened once {@link ReadAhead#match} hands over the matcher. Close it (try-with-resources) so that an
   * abandoned read-ahead stops its threads before the case is closed.
   */
  public ReadAhead readAhead() {
    return new ReadAhead(defaultThreads(), readAheadBound());
  }

  /** {@link #readAhead()} with {@code threads} threads and a heap bound of {@code maxHeldBytes}. */
  ReadAhead readAhead(int threads, long maxHeldBytes) {
    return new ReadAhead(threads, maxHeldBytes);
  }

  private static long readAheadBound() {
    return Math.min(MAX_READ_AHEAD_BYTES, Runtime.getRuntime().maxMemory() / READ_AHEAD_HEAP_SHARE);
  }

  private static int defaultThreads() {
    return Math.max(1, Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors()));
  }

  /**
   * A match whose blocks are being read before its matcher exists. Reading a block (H2 fetch, inflate,
   * summary decode) needs no indicator and is most of a match's work; building the matcher from a large
   * list is sequential, so reading the case meanwhile puts the second core to use. Blocks read before the
   * matcher arrives are held (at most the bound given, after which the readers wait) and screened first
   * when it does. Which blocks are held changes nothing in the result: hits are summarised in (time, id)
   * order after the scan whatever the order of screening.
   */
  public final class ReadAhead implements AutoCloseable {
    private final TransactionSearch.Blocks blocks;
    private final Share[] shares;
    private final Thread[] threads;
    private final long maxHeldBytes;
    private final AtomicLong heldBytes = new AtomicLong();
    private final AtomicLong screened = new AtomicLong();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Object arrival = new Object();
    private volatile IocMatcher handedOver;
    private boolean matched;

    private ReadAhead(int threadCount, long maxHeldBytes) {
      if (threadCount < 1) {
        throw new IllegalArgumentException("threads " + threadCount);
      }
      this.maxHeldBytes = maxHeldBytes;
      this.blocks = new TransactionSearch(db).blocks();
      this.shares = new Share[threadCount];
      this.threads = new Thread[threadCount];
      for (int i = 0; i < threadCount; i++) {
        Share share = new Share(i, threadCount);
        shares[i] = share;
        threads[i] = new Thread(share::run, "dnslens-ioc-match-" + i);
        threads[i].setDaemon(true);
      }
      for (Thread t : threads) {
        t.start();
      }
    }

    /** Builds the matcher (while the blocks are read), matches, stores the hits replacing earlier ones. */
    public Result matchAndStore(Collection<Ioc> iocs, boolean exact) {
      Result r;
      try {
        r = match(IocMatcher.of(iocs, exact), t -> {}, CaseScanner.Progress.NONE);
      } catch (RuntimeException | Error e) {
        close();
        throw e;
      }
      new IocHitStore(db).replaceAll(r.hits());
      return r;
    }

    /**
     * Screens the blocks read so far and the rest of the case against {@code matcher}; the result is that of
     * {@link CaseIocMatch#match(IocMatcher, Consumer, CaseScanner.Progress)}. Once per read-ahead. This
     * thread reports progress and polls cancellation while the readers work.
     */
    public Result match(IocMatcher m, Consumer<TransactionHits> each, CaseScanner.Progress progress) {
      if (matched) {
        throw new IllegalStateException("a read-ahead matches once");
      }
      matched = true;
      if (progress.cancelled()) {
        halt(); // cancelled before it started: the readers get no matcher and stop
      }
      synchronized (arrival) {
        handedOver = m;
        arrival.notifyAll();
      }
      boolean interrupted = false;
      for (Thread t : threads) {
        while (t.isAlive()) {
          try {
            t.join(PROGRESS_MILLIS);
          } catch (InterruptedException e) {
            interrupted = true; // as before: a match ends by cancellation (progress), not by interrupt
          }
          progress.rows(screened.get());
          if (progress.cancelled()) {
            halt();
          }
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
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

    /** Bytes of blocks held for the matcher now (about: see {@link #heapBytes}). */
    long heldBytes() {
      return heldBytes.get();
    }

    /** Stops the readers (when no match ran or it failed) and waits for them; after a match, nothing. */
    @Override
    public void close() {
      halt();
      boolean interrupted = false;
      for (Thread t : threads) {
        while (true) {
          try {
            t.join();
            break;
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }

    private void halt() {
      stop.set(true);
      synchronized (arrival) {
        arrival.notifyAll();
      }
    }

    /** The matcher once it is handed over; null when the read-ahead was stopped first. */
    private IocMatcher awaitMatcher() {
      synchronized (arrival) {
        while (handedOver == null && !stop.get()) {
          try {
            arrival.wait();
          } catch (InterruptedException e) {
            stop.set(true); // nobody interrupts these threads but a JVM shutting down
          }
        }
        return stop.get() ? null : handedOver;
      }
    }

    /** One thread's part of a match: its blocks, its own screen and decoder (neither is thread-safe). */
    private final class Share {
      final int index;
      final int count;
      final ArrayDeque<CaseBlock> held = new ArrayDeque<>();
      final TransactionReplay replay = new TransactionReplay();
      final List<TransactionHits> found = new ArrayList<>();
      IocMatcher matcher;
      IocWireScreen screen;
      long decoded;
      boolean complete;
      Throwable failure;

      Share(int index, int count) {
        this.index = index;
        this.count = count;
      }

      void run() {
        try {
          boolean all = blocks.forEach(index, count, this::take);
          complete = all && (matcher != null || begin(awaitMatcher()));
        } catch (RuntimeException | Error e) {
          failure = e;
          halt();
        }
      }

      /** Screens a block, or holds it while there is no matcher yet and the bound allows. */
      boolean take(CaseBlock block) {
        if (stop.get()) {
          return false;
        }
        if (matcher == null) {
          IocMatcher m = handedOver;
          if (m == null) {
            if (reserve(heapBytes(block))) {
              held.add(block);
              return true;
            }
            m = awaitMatcher();
          }
          if (!begin(m)) {
            return false;
          }
        }
        screen(block);
        return !stop.get();
      }

      /**
       * Counts {@code size} more bytes held if the bound allows. A compare-and-set, not add-then-undo: the
       * count must never pass the bound, even for an instant another thread (or a test) could read it in.
       */
      private boolean reserve(long size) {
        for (long now = heldBytes.get(); now + size <= maxHeldBytes; now = heldBytes.get()) {
          if (heldBytes.compareAndSet(now, now + size)) {
            return true;
          }
        }
        return false;
      }

      /** Takes the matcher and screens the blocks held; false when stopped (no matcher). */
      boolean begin(IocMatcher m) {
        if (m == null) {
          return false;
        }
        matcher = m;
        screen = m.wireScreen();
        for (CaseBlock b; (b = held.poll()) != null; ) {
          heldBytes.addAndGet(-heapBytes(b));
          if (stop.get()) {
            return false;
          }
          screen(b);
        }
        return true;
      }

      void screen(CaseBlock block) {
        TxBlock b = block.summary();
        byte[] wire = block.wire();
        boolean[] endpointHit = new boolean[b.ipCount()];
        for (int j = 0; j < endpointHit.length; j++) {
          endpointHit[j] = matcher.matchesAnyIp(b.ip(j));
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
        screened.addAndGet(b.count);
      }
    }
  }

  /** About the heap a block read ahead holds: its wire bytes and its decoded summary. */
  static long heapBytes(CaseBlock block) {
    return block.wire().length + (long) block.summary().count * SUMMARY_BYTES_PER_ROW;
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
