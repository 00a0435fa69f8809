package org.dnslens.engine.export.delivery;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/** One peer protocol. Called from a single delivery thread; never concurrently. */
public interface Transport extends Closeable {
  /**
   * Sends a batch. Connects first if not connected.
   *
   * @return the events that were not delivered (empty when all were); the caller retries those
   * @throws IOException when nothing of the batch can be known delivered (the connection is then closed)
   */
  List<DeliveryEvent> send(List<DeliveryEvent> batch) throws IOException;

  /** Peer description for messages, e.g. {@code fluentd tcp://127.0.0.1:24224}. */
  String describe();
}
