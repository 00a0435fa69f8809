package org.dnslens.engine.export.delivery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.function.Function;
import org.dnslens.engine.export.TransactionWriter;
import org.dnslens.engine.model.Question;
import org.dnslens.engine.model.Transaction;

/**
 * A {@link TransactionWriter} that delivers instead of writing a file: an NDJSON writer (transaction log,
 * record log or ECS) renders each transaction into a buffer, and every line becomes one
 * {@link DeliveryEvent} on the {@link DeliveryQueue}. The JSON is the same bytes the file formats hold, so
 * a spill file replays through any delivery.
 */
public final class DeliveryWriter implements TransactionWriter {
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(4096);
  private final TransactionWriter format;
  private final DeliveryQueue queue;
  private final KeyMode keyMode;

  /**
   * @param format creates the NDJSON writer over the given buffer (for instance {@code out -> new
   *     TransactionJsonWriter(out, names)})
   */
  public DeliveryWriter(Function<ByteArrayOutputStream, TransactionWriter> format, DeliveryQueue queue, KeyMode keyMode) {
    this.format = format.apply(buffer);
    this.queue = queue;
    this.keyMode = keyMode;
  }

  @Override
  public void write(Transaction tx) throws IOException {
    buffer.reset();
    format.write(tx);
    format.flush();
    byte[] all = buffer.toByteArray();
    String key = key(tx, keyMode);
    long time = tx.queryTimestampNanos();
    int start = 0;
    for (int i = 0; i < all.length; i++) {
      if (all[i] == '\n') {
        if (i > start) {
          queue.submit(new DeliveryEvent(key, time, Arrays.copyOfRange(all, start, i)));
        }
        start = i + 1;
      }
    }
  }

  static String key(Transaction tx, KeyMode mode) {
    switch (mode) {
      case CLIENT:
        return tx.clientIp().toString();
      case QNAME:
        Question q = tx.question();
        return q != null ? q.name().toLowerCaseString() : null;
      default:
        return null;
    }
  }

  @Override
  public void flush() {}

  /** Closes the format writer; the queue is closed by its owner (to read its stats). */
  @Override
  public void close() throws IOException {
    format.close();
  }
}
