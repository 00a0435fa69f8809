package org.dnslens.engine.export.delivery;

/**
 * Queue and retry settings.
 *
 * @param queueCapacity records buffered before {@link DeliveryQueue#submit} blocks (back-pressure on the reader)
 * @param batchSize records per send
 * @param maxRetries further attempts for a batch after the first fails, before its records are spilled
 * @param initialBackoffMillis wait before the first retry; doubled per retry
 * @param maxBackoffMillis ceiling of the wait
 */
public record DeliveryConfig(
    int queueCapacity, int batchSize, int maxRetries, long initialBackoffMillis, long maxBackoffMillis) {
  public static final int MAX_QUEUE_CAPACITY = 1_000_000;
  public static final int MAX_BATCH_SIZE = 100_000;

  public DeliveryConfig {
    if (queueCapacity < 1 || queueCapacity > MAX_QUEUE_CAPACITY) {
      throw new IllegalArgumentException("queue capacity must be 1.." + MAX_QUEUE_CAPACITY);
    }
    if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
      throw new IllegalArgumentException("batch size must be 1.." + MAX_BATCH_SIZE);
    }
    if (maxRetries < 0 || initialBackoffMillis < 0 || maxBackoffMillis < initialBackoffMillis) {
      throw new IllegalArgumentException("retries and backoff must be non-negative, max >= initial");
    }
  }

  public static DeliveryConfig defaults() {
    return new DeliveryConfig(10_000, 500, 5, 200, 10_000);
  }
}
