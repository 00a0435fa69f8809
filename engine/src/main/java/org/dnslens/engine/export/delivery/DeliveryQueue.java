package org.dnslens.engine.export.delivery;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded queue in front of one {@link Transport}, drained by one thread in batches. {@link #submit}
 * blocks when the queue is full, so a slow peer slows the capture reader instead of growing memory. A
 * failed batch is retried with exponential backoff (reconnecting); when the retries run out its records go
 * to the {@link SpillFile} and are counted — never dropped silently. {@link #close} drains the queue and
 * returns the {@link DeliveryStats}.
 *
 * <p>Backoff waits are {@link Thread#sleep}: delivery is I/O to a live peer, the one place in engine where
 * elapsed real time matters; no timestamp is read from the clock.
 */
public final class DeliveryQueue implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryQueue.class);
  private static final DeliveryEvent END = new DeliveryEvent(null, 0, new byte[0]);

  private final Transport transport;
  private final DeliveryConfig config;
  private final SpillFile spill;
  private final BlockingQueue<DeliveryEvent> queue;
  private final Thread worker;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong retried = new AtomicLong();
  private final AtomicLong spilled = new AtomicLong();
  private volatile IOException spillFailure;
  private boolean closed;

  public DeliveryQueue(Transport transport, DeliveryConfig config, SpillFile spill) {
    this.transport = transport;
    this.config = config;
    this.spill = spill;
    this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
    this.worker = new Thread(this::run, "dnslens-delivery " + transport.describe());
    this.worker.setDaemon(true);
    this.worker.start();
  }

  /** Queues one record, waiting while the queue is full. */
  public void submit(DeliveryEvent e) throws IOException {
    if (closed) {
      throw new IllegalStateException("delivery closed");
    }
    if (spillFailure != null) {
      throw new IOException("cannot write the spill file " + spill.path(), spillFailure);
    }
    try {
      queue.put(e);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the delivery queue", ie);
    }
  }

  public DeliveryStats stats() {
    return new DeliveryStats(sent.get(), retried.get(), spilled.get());
  }

  private void run() {
    List<DeliveryEvent> batch = new ArrayList<>(config.batchSize());
    boolean end = false;
    while (!end) {
      try {
        DeliveryEvent first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        if (first == END) {
          break;
        }
        batch.add(first);
        while (batch.size() < config.batchSize()) {
          DeliveryEvent e = queue.poll();
          if (e == null) {
            break;
          }
          if (e == END) {
            end = true;
            break;
          }
          batch.add(e);
        }
        deliver(batch);
        batch.clear();
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void deliver(List<DeliveryEvent> batch) throws InterruptedException {
    List<DeliveryEvent> pending = batch;
    long backoff = config.initialBackoffMillis();
    for (int attempt = 0; ; attempt++) {
      List<DeliveryEvent> failed;
      try {
        failed = transport.send(pending);
      } catch (IOException | RuntimeException e) {
        LOG.debug("send to {} failed: {}", transport.describe(), e.toString());
        failed = pending;
      }
      sent.addAndGet(pending.size() - failed.size());
      if (failed.isEmpty()) {
        return;
      }
      if (attempt == config.maxRetries()) {
        spill(failed);
        return;
      }
      retried.addAndGet(failed.size());
      pending = new ArrayList<>(failed);
      Thread.sleep(backoff);
      backoff = Math.min(config.maxBackoffMillis(), Math.max(1, backoff * 2));
    }
  }

  private void spill(List<DeliveryEvent> failed) {
    try {
      spill.append(failed);
      spilled.addAndGet(failed.size());
      LOG.warn("{} records for {} written to {}", failed.size(), transport.describe(), spill.path());
    } catch (IOException e) {
      spillFailure = e;
      LOG.error("cannot write the spill file {}: {}", spill.path(), e.toString());
    }
  }

  /** Sends what is queued (retrying and spilling as needed), then closes the transport and spill file. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      queue.put(END);
      worker.join();
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while draining the delivery queue", ie);
    } finally {
      try {
        transport.close();
      } finally {
        spill.close();
      }
    }
    if (spillFailure != null) {
      throw new IOException("cannot write the spill file " + spill.path(), spillFailure);
    }
  }
}
