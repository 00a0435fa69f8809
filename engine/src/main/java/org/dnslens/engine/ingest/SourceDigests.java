package org.dnslens.engine.ingest;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;

/**
 * The sha256 of a run's capture files, made on a thread of their own while the run reads them.
 *
 * <p>Why a thread: a case needs every capture's digest (it refuses one it already holds), but only
 * <em>before</em> reading a capture that could be a duplicate, i.e. one whose size equals a capture's
 * already in the case or another of the same run; every other capture only needs its digest stored when
 * the run completes. Hashed up front, the 1 M capture (330 MB) kept the reader waiting ~0.35 s at the
 * start of every ingest; beside the reader it costs the same CPU but no waiting (docs/PERFORMANCE.md,
 * session 25). The sink asks {@link #sha256} for a capture when it needs it, and waits only if that
 * capture is not hashed yet.
 *
 * <p>Captures are hashed in the run's order, each read once, 1 MB at a time. {@link #close} stops the
 * thread (an interrupted or failed run does not need the rest).
 *
 * <p><b>When.</b> The thread starts hashing at {@link #hashNow}, or at the first {@link #sha256} (a digest
 * needed now), not when it is made: an ingest's first seconds are bound by its reader (the JIT compiles,
 * the heap is touched for the first time), and a hash beside it there took CPU from it (~0.2-0.4 s of the
 * 1 M capture); later the run is bound by its sink thread and the machine has idle moments. An ingest
 * reports its progress through {@link #hashingFrom}, which calls {@link #hashNow} once 1/{@link
 * #HASH_AFTER_PARTS} of the run's bytes are read (docs/PERFORMANCE.md, session 29).
 */
public final class SourceDigests implements AutoCloseable {
  /** No digests: every {@link #sha256} answer is null (sources keep the digest they came with). */
  public static final SourceDigests NONE = new SourceDigests(List.of(), false);
  /** {@link #hashingFrom}: hashing starts once 1/this of the run's bytes are read. */
  public static final int HASH_AFTER_PARTS = 4;

  private final List<SourceInfo> sources;
  private final List<CompletableFuture<String>> digests;
  private final Thread thread;
  /** Released by {@link #hashNow} or the first {@link #sha256}: the thread waits for it before hashing. */
  private final CountDownLatch go = new CountDownLatch(1);

  private SourceDigests(List<SourceInfo> sources, boolean start) {
    this.sources = List.copyOf(sources);
    List<CompletableFuture<String>> futures = new ArrayList<>(this.sources.size());
    for (int i = 0; i < this.sources.size(); i++) {
      futures.add(new CompletableFuture<>());
    }
    this.digests = List.copyOf(futures);
    if (!start) {
      this.thread = null;
      return;
    }
    this.thread = new Thread(this::hashAll, "dnslens-capture-hash");
    thread.setDaemon(true); // never keeps the JVM alive: a finished or abandoned run does not wait for it
    thread.start();
  }

  /**
   * Starts hashing the files of {@code sources} (ids are positions in the list, as {@link
   * IngestPipeline#describe} makes them). Sources without a file get no digest.
   */
  public static SourceDigests start(List<SourceInfo> sources) {
    for (int i = 0; i < sources.size(); i++) {
      if (sources.get(i).id() != i) {
        throw new IllegalArgumentException("source ids must be their positions: " + sources.get(i).id() + " at " + i);
      }
    }
    return new SourceDigests(sources, true);
  }

  private void hashAll() {
    try {
      go.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // closed before hashing began: every digest fails below
    }
    for (int i = 0; i < digests.size(); i++) {
      CompletableFuture<String> digest = digests.get(i);
      if (Thread.currentThread().isInterrupted()) {
        digest.completeExceptionally(new InterruptedIOException("hashing stopped"));
        continue;
      }
      SourceInfo s = sources.get(i);
      try {
        digest.complete(s.sha256() != null || s.path() == null ? s.sha256() : IngestPipeline.sha256(s.path()));
      } catch (IOException | RuntimeException e) {
        digest.completeExceptionally(e);
      }
    }
  }

  /**
   * The lower-case hex sha256 of the source's file, waiting until it is hashed; null for a source
   * without a file, and from {@link #NONE}.
   *
   * @throws IOException when the file could not be read to the end (or waiting was interrupted)
   */
  public String sha256(int sourceId) throws IOException {
    if (thread == null) {
      return null;
    }
    go.countDown();
    try {
      return digests.get(sourceId).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while hashing " + sources.get(sourceId).label());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException("cannot hash " + sources.get(sourceId).label() + ": " + e.getCause(), e.getCause());
    }
  }

  /** Lets the thread start hashing (if it has not): the run is past its start. */
  public void hashNow() {
    go.countDown();
  }

  /**
   * {@code progress} for a run's pipeline that also lets hashing start ({@link #hashNow}) once 1/{@link
   * #HASH_AFTER_PARTS} of the run's bytes are read; every update is passed on.
   */
  public IngestPipeline.Progress hashingFrom(IngestPipeline.Progress progress) {
    return (bytesRead, totalBytes, frames, messages, transactions) -> {
      if (bytesRead >= totalBytes / HASH_AFTER_PARTS) {
        hashNow();
      }
      progress.update(bytesRead, totalBytes, frames, messages, transactions);
    };
  }

  /** Stops hashing what is left; digests already made stay available. */
  @Override
  public void close() {
    if (thread != null) {
      thread.interrupt();
    }
  }
}
