package org.dnslens.storage.search;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import org.dnslens.storage.layout.BlobCodec;

/**
 * Per-block work of one search (inflate a blob, decode a summary, rebuild result rows) shared between the
 * calling thread and one helper task on the common fork-join pool: the items are independent, and inflating
 * them is most of an exact-name search's CPU (zstd ~50 % of it at 10 M, docs/PERFORMANCE.md "Session 20:
 * exactname"), so on an otherwise idle machine two cores halve that part of its latency. The caller takes
 * items too and never waits for the helper to start: when the pool is busy it simply does every item
 * itself, and a helper that starts late finds nothing left. Each worker has its own {@link BlobCodec} (it
 * holds native zstd contexts and is not thread-safe). Nothing is kept between calls.
 */
final class SharedBlockWork {
  /** Items below this are done on the calling thread alone: handing one or two over costs more than it saves. */
  static final int MIN_SHARED_ITEMS = 3;

  /** One item's work; {@code codec} belongs to the worker running it. */
  interface Item {
    void run(int index, BlobCodec codec);
  }

  private SharedBlockWork() {}

  /**
   * Runs {@code item} for every index in [0, n) and returns when all are done; the first failure of any item
   * is thrown here (an unchecked exception as it was, anything else wrapped).
   */
  static void run(int n, BlobCodec callerCodec, Item item) {
    if (n < MIN_SHARED_ITEMS || ForkJoinPool.getCommonPoolParallelism() < 1) {
      for (int i = 0; i < n; i++) {
        item.run(i, callerCodec);
      }
      return;
    }
    AtomicInteger next = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(n);
    Throwable[] failure = new Throwable[1];
    Runnable helper = () -> {
      if (next.get() >= n) {
        return; // started after the caller took every item: no codec to make
      }
      try (BlobCodec own = new BlobCodec()) {
        take(n, next, done, failure, item, own);
      }
    };
    ForkJoinPool.commonPool().execute(helper);
    take(n, next, done, failure, item, callerCodec);
    try {
      done.await(); // only items the helper has taken are left: it is running them
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("search interrupted", e);
    }
    Throwable t;
    synchronized (failure) {
      t = failure[0];
    }
    if (t instanceof RuntimeException e) {
      throw e;
    }
    if (t instanceof Error e) {
      throw e;
    }
    if (t != null) {
      throw new IllegalStateException(t);
    }
  }

  private static void take(
      int n, AtomicInteger next, CountDownLatch done, Throwable[] failure, Item item, BlobCodec codec) {
    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
      try {
        item.run(i, codec);
      } catch (Throwable t) { // handed to the caller, who rethrows it; the other items still count down
        synchronized (failure) {
          if (failure[0] == null) {
            failure[0] = t;
          }
        }
      } finally {
        done.countDown();
      }
    }
  }
}
