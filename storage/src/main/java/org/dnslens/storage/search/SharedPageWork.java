package org.dnslens.storage.search;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.dnslens.storage.casefile.CaseDatabase;
import org.jdbi.v3.core.Handle;

/**
 * The pages of one query read and scanned by the calling thread and one helper task on the common fork-join
 * pool, each with its own worker (its own rows held, its own connection), taking batches of {@link
 * CaseDirectory#IN_BATCH} pages in list order from one counter. The caller merges the workers' results; that
 * is correct when a worker's result does not depend on which pages it saw ({@link FirstRows}: any split of the
 * entries gives first rows whose union holds the whole query's first rows, see {@link FirstRows#addAll}).
 *
 * <p>Why: a wildcard's pages are independent (fetch, inflate ~40 %, walk the entries ~45 % of {@code pdns name
 * '*.jp'}), so on an otherwise idle machine two cores take up to half off its latency, as {@link
 * SharedBlockWork} does for the blocks of a search. The caller never waits for the helper to start: when the
 * pool is busy the caller takes every batch itself, and a helper that starts late finds nothing left (and
 * makes no worker).
 */
final class SharedPageWork {
  /** One worker's share: called with each batch it takes, on one thread, with that thread's handle. */
  interface Worker {
    void batch(Handle h, List<CaseDirectory.Page> pages);
  }

  /** Fewer batches than this are read by the calling thread alone. */
  static final int MIN_SHARED_BATCHES = 2;

  private SharedPageWork() {}

  /**
   * Runs workers over {@code pages} (in order, a batch at a time) and returns those that took at least one
   * batch (one or two; the caller's first); a worker's failure is thrown here.
   */
  static <W extends Worker> List<W> run(CaseDatabase db, List<CaseDirectory.Page> pages, Supplier<W> workers) {
    int batches = (pages.size() + CaseDirectory.IN_BATCH - 1) / CaseDirectory.IN_BATCH;
    AtomicInteger next = new AtomicInteger();
    W mine = workers.get();
    List<W> out = new ArrayList<>(2);
    out.add(mine);
    if (batches < MIN_SHARED_BATCHES || ForkJoinPool.getCommonPoolParallelism() < 1) {
      db.jdbi().useHandle(h -> take(h, pages, batches, next, mine));
      return out;
    }
    // 0: helper not started, 1: started (the caller waits for it), 2: the caller is done (helper must not start)
    AtomicInteger helperState = new AtomicInteger();
    CompletableFuture<W> helper = new CompletableFuture<>();
    ForkJoinPool.commonPool().execute(() -> {
      if (!helperState.compareAndSet(0, 1)) {
        helper.complete(null);
        return;
      }
      try {
        W w = workers.get();
        db.jdbi().useHandle(h -> take(h, pages, batches, next, w));
        helper.complete(w);
      } catch (RuntimeException | Error e) {
        next.set(batches); // the caller stops taking batches too
        helper.completeExceptionally(e);
      }
    });
    try {
      db.jdbi().useHandle(h -> take(h, pages, batches, next, mine));
    } catch (RuntimeException | Error e) {
      next.set(batches); // the helper takes no further batch
      throw e;
    }
    if (helperState.compareAndSet(0, 2)) {
      return out; // the helper never started: the caller did every batch
    }
    try {
      W w = helper.get();
      if (w != null) {
        out.add(w);
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("query interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw (Error) e.getCause();
    }
  }

  private static void take(Handle h, List<CaseDirectory.Page> pages, int batches, AtomicInteger next, Worker w) {
    for (int b = next.getAndIncrement(); b < batches; b = next.getAndIncrement()) {
      int from = b * CaseDirectory.IN_BATCH;
      w.batch(h, pages.subList(from, Math.min(pages.size(), from + CaseDirectory.IN_BATCH)));
    }
  }
}
