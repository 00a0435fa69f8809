package org.dnslens.engine.ingest;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.dnslens.engine.capture.Frame;
import org.dnslens.engine.model.DecodeIssue;
import org.dnslens.engine.model.RawDnsMessage;

/**
 * The bounded hand-over between live sources (a capture loop, dnstap connections: each on its own
 * thread) and the single parsing thread of {@link LivePipeline}. Items are copied frames, dnstap
 * messages, or issues the source threads found (an {@code IssueCounter} is single-threaded, so they are
 * counted on the parsing thread). Thread-safe.
 */
public final class LiveFeed {
  /** Default queue length: about a second of a busy resolver's traffic. */
  public static final int DEFAULT_CAPACITY = 65_536;

  private final BlockingQueue<Object> queue;
  private final AtomicLong dropped = new AtomicLong();
  private volatile boolean closed;

  public LiveFeed(int capacity) {
    this.queue = new ArrayBlockingQueue<>(capacity);
  }

  /**
   * Hands a frame over without waiting (a capture loop must never block); when the queue is full the
   * frame is dropped and counted (reported as {@code LIVE_QUEUE_FULL}). The frame's data must be a copy
   * owned by the frame.
   *
   * @return whether it was queued
   */
  public boolean offerFrame(Frame copy) {
    if (queue.offer(copy)) {
      return true;
    }
    dropped.incrementAndGet();
    return false;
  }

  /** Hands a dnstap message over, waiting while the queue is full (the sender's socket backs up instead). */
  public void putMessage(RawDnsMessage message) throws InterruptedException {
    queue.put(message);
  }

  /** Hands an issue found on a source thread over, waiting while the queue is full. */
  public void putIssue(DecodeIssue issue) throws InterruptedException {
    queue.put(issue);
  }

  /** No more items will come (the sources stopped). */
  public void close() {
    closed = true;
  }

  public boolean isClosed() {
    return closed;
  }

  /** Frames dropped because the queue was full, so far. */
  public long dropped() {
    return dropped.get();
  }

  /** Queued items now. */
  public int size() {
    return queue.size();
  }

  Object poll(long timeoutMillis) throws InterruptedException {
    return queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
  }
}
