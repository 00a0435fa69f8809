package org.dnslens.engine.export.delivery;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A Kafka topic through kafka-clients' producer: value = the JSON record, key = {@link KeyMode} (UTF-8).
 * Defaults: {@code acks=all}, idempotence on (no duplicates from the producer's own retries), lz4
 * compression, 5 ms linger and 256 KiB batches. A batch counts as sent when every record's future
 * completed; records whose send failed (after {@code delivery.timeout.ms}) are returned for the
 * queue's retry and spill. Extra producer properties override the defaults.
 */
public final class KafkaTransport implements Transport {
  private final String brokers;
  private final String topic;
  private final Properties props;
  private KafkaProducer<byte[], byte[]> producer;

  /**
   * @param deliveryTimeoutMillis how long the producer keeps trying one record ({@code delivery.timeout.ms};
   *     also bounds metadata waits)
   * @param extra further producer properties (e.g. compression.type), applied last
   */
  public KafkaTransport(String brokers, String topic, int deliveryTimeoutMillis, Map<String, String> extra) {
    this.brokers = brokers;
    this.topic = topic;
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
    int request = Math.max(1000, deliveryTimeoutMillis / 2);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(request));
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(Math.max(deliveryTimeoutMillis, request + 5 + 1)));
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Integer.toString(deliveryTimeoutMillis));
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "dnslens");
    p.putAll(extra);
    this.props = p;
  }

  @Override
  public String describe() {
    return "kafka " + brokers + " topic " + topic;
  }

  @Override
  public List<DeliveryEvent> send(List<DeliveryEvent> batch) throws IOException {
    if (producer == null) {
      try {
        producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
      } catch (RuntimeException e) {
        throw new IOException("cannot create the Kafka producer: " + e.getMessage(), e);
      }
    }
    List<Future<RecordMetadata>> futures = new ArrayList<>(batch.size());
    List<DeliveryEvent> failed = new ArrayList<>();
    for (DeliveryEvent e : batch) {
      byte[] key = e.key() == null ? null : e.key().getBytes(StandardCharsets.UTF_8);
      try {
        futures.add(producer.send(new ProducerRecord<>(topic, key, e.json())));
      } catch (RuntimeException ex) {
        futures.add(null);
      }
    }
    producer.flush();
    for (int i = 0; i < batch.size(); i++) {
      Future<RecordMetadata> f = futures.get(i);
      if (f == null) {
        failed.add(batch.get(i));
        continue;
      }
      try {
        f.get();
      } catch (ExecutionException ex) {
        failed.add(batch.get(i));
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted waiting for Kafka", ex);
      }
    }
    return failed;
  }

  @Override
  public void close() {
    if (producer != null) {
      producer.close(java.time.Duration.ofSeconds(5));
      producer = null;
    }
  }
}
