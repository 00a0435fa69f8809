package org.dnslens.storage.search;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntPredicate;
import org.dnslens.storage.layout.BlobCodec;

/**
 * Per-block work of one search (inflate a blob, decode a summary, rebuild result rows) shared between the
 * calling thread and one helper task on the common fork-join pool: the items are independent, and inflating
 * them is most of an exact-name search's CPU (zstd ~50 % of it at 10 M, docs/PERFORMANCE.md "Session 20:
 * exactname"), so on an otherwise idle machine two cores take up to half off that part of its latency.
 * Items are taken in index order; the caller takes items too and never waits for the helper to start, so
 * when the pool is busy it simply does every item itself, and a helper that starts late finds nothing left.
 * Each worker has its own {@link BlobCodec} (it holds native zstd contexts and is not thread-safe). Nothing
 * is kept between calls.
 */
final class SharedBlockWork {
  /** Items below this are done on the calling thread alone: handing one or two over costs more than it saves. */
  static final int MIN_SHARED_ITEMS = 3;

  /** One item's work; {@code codec} belongs to the worker running it. */
  interface Item {
    void run(int index, BlobCodec codec);
  }

  /** An item's outcome: done, or its failure (null: not finished yet). */
  private static final Object DONE = new Object();

  private SharedBlockWork() {}

  /** {@link #run(int, BlobCodec, Item, IntPredicate)} consuming every item: returns when all are done. */
  static void run(int n, BlobCodec callerCodec, Item item) {
    run(n, callerCodec, item, i -> true);
  }

  /**
   * Runs {@code item} for indexes from 0 up and hands each finished index to {@code consume} on the calling
   * thread, in index order, as a sequential loop would; when {@code consume} returns false no further item is
   * started and the call returns (an item the helper has already started finishes on its own, unseen). The
   * failure of a consumed item is thrown here, when its turn comes (an unchecked exception as it was, anything
   * else wrapped); a failure of an item after the stop is not, as a sequential loop would not have run it.
   */
  static void run(int n, BlobCodec callerCodec, Item item, IntPredicate consume) {
    if (n < MIN_SHARED_ITEMS || ForkJoinPool.getCommonPoolParallelism() < 1) {
      for (int i = 0; i < n; i++) {
        item.run(i, callerCodec);
        if (!consume.test(i)) {
          return;
        }
      }
      return;
    }
    AtomicInteger next = new AtomicInteger();
    AtomicReferenceArray<Object> outcome = new AtomicReferenceArray<>(n);
    Object finished = new Object(); // the helper notifies on it after each item
    ForkJoinPool.commonPool().execute(() -> {
      if (next.get() >= n) {
        return; // started after the caller took every item: no codec to make
      }
      try (BlobCodec own = new BlobCodec()) {
        for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
          outcome.set(i, attempt(item, i, own));
          synchronized (finished) {
            finished.notifyAll();
          }
        }
      }
    });
    int consumed = 0;
    while (consumed < n) {
      Object o = outcome.get(consumed);
      if (o == null) {
        int i = next.getAndIncrement();
        if (i < n) {
          outcome.set(i, attempt(item, i, callerCodec));
        } else {
          awaitHelper(outcome, consumed, finished); // the helper is running the one in turn
        }
        continue;
      }
      if (o != DONE) {
        next.set(n);
        rethrow((Throwable) o);
      }
      if (!consume.test(consumed)) {
        next.set(n); // nothing more is started
        return;
      }
      consumed++;
    }
  }

  private static Object attempt(Item item, int i, BlobCodec codec) {
    try {
      item.run(i, codec);
      return DONE;
    } catch (RuntimeException | Error e) { // the caller rethrows it when the item's turn comes
      return e;
    }
  }

  private static Object awaitHelper(AtomicReferenceArray<Object> outcome, int i, Object finished) {
    synchronized (finished) {
      Object o;
      while ((o = outcome.get(i)) == null) {
        try {
          finished.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("search interrupted", e);
        }
      }
      return o;
    }
  }

  private static void rethrow(Throwable t) {
    if (t instanceof RuntimeException e) {
      throw e;
    }
    throw (Error) t;
  }
}
