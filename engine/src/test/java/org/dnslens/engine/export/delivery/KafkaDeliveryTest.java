package org.dnslens.engine.export.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka delivery to a real single-node KRaft broker (org.apache.kafka:kafka_2.13 3.9.1 from Maven Central,
 * test scope) run as a separate JVM on loopback, so the test can kill it with SIGKILL mid-stream.
 */
class KafkaDeliveryTest {
  @TempDir static Path dir;
  private static Path props;
  private static int port;
  private static Process broker;
  private static String classpath;

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @BeforeAll
  static void format() throws Exception {
    classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    assumeTrue(classpath != null && classpath.contains("kafka_2.13"), "kafka_2.13 not on the test class path");
    port = freePort();
    int controller = freePort();
    props = dir.resolve("server.properties");
    Files.writeString(props, String.join("\n",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.voters=1@127.0.0.1:" + controller,
        "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
        "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
        "controller.listener.names=CONTROLLER",
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "log.dirs=" + dir.resolve("data"),
        "num.partitions=3",
        "offsets.topic.replication.factor=1",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "group.initial.rebalance.delay.ms=0",
        ""), StandardCharsets.UTF_8);
    Process f = java("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c", props.toString())
        .redirectOutput(dir.resolve("format.out").toFile()).start();
    assertThat(f.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(f.exitValue()).as(Files.readString(dir.resolve("format.out"))).isZero();
    startBroker();
  }

  private static ProcessBuilder java(String main, String... args) {
    List<String> cmd = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-cp", classpath, main));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true);
  }

  static void startBroker() throws Exception {
    broker = java("kafka.Kafka", props.toString())
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("broker.out").toFile())).start();
    for (int i = 0; i < 1200; i++) {
      try {
        new java.net.Socket("127.0.0.1", port).close();
        return;
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException("broker did not start");
  }

  @AfterAll
  static void stop() throws Exception {
    if (broker != null) {
      broker.destroyForcibly();
      broker.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static DeliveryEvent event(int i) {
    String json = "{\"n\":" + i + ",\"qname\":\"q" + i + ".example\"}";
    return new DeliveryEvent("10.0.0." + (i % 5), 1_700_000_000_000_000_000L + i, json.getBytes(StandardCharsets.UTF_8));
  }

  private static Map<Integer, String> consume(String topic, int expected) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "t-" + topic);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    Map<Integer, String> got = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      c.subscribe(List.of(topic));
      for (int i = 0; i < 120 && got.size() < expected; i++) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
          String v = new String(r.value(), StandardCharsets.UTF_8);
          int n = Integer.parseInt(v.replaceAll("^\\{\"n\":(\\d+),.*", "$1"));
          got.put(n, new String(r.key(), StandardCharsets.UTF_8));
        }
      }
    }
    return got;
  }

  @Test
  void recordsArriveWithTheirKeys() throws Exception {
    DeliveryQueue q = new DeliveryQueue(new KafkaTransport("127.0.0.1:" + port, "dns-a", 20_000, Map.of()),
        new DeliveryConfig(1000, 200, 2, 100, 500), new SpillFile(dir.resolve("spill-a.ndjson")));
    for (int i = 0; i < 2000; i++) {
      q.submit(event(i));
    }
    q.close();
    // Retries are allowed: on a freshly started broker the auto-created topic may have no leader yet for
    // the first batch (seen under load); what matters is that all are sent and none spilled.
    assertThat(q.stats().sent()).isEqualTo(2000);
    assertThat(q.stats().spilled()).isZero();
    Map<Integer, String> got = consume("dns-a", 2000);
    assertThat(got).hasSize(2000);
    assertThat(got.get(12)).isEqualTo("10.0.0.2");
  }

  @Test
  void brokerKilledMidStreamLosesNothingSpillThenResend() throws Exception {
    Path spill = dir.resolve("spill-b.ndjson");
    int total = 1000;
    // Every batch that meets the dead broker waits out the producer's delivery timeout twice (one retry):
    // with 5 s and batches of 100 the ~700 records after the kill took ~60 s of the suite. Batches of 350
    // and a 2 s timeout show the same spill in ~10 s; the queue holds all records, so submit never blocks.
    DeliveryQueue q = new DeliveryQueue(new KafkaTransport("127.0.0.1:" + port, "dns-b", 2_000, Map.of()),
        new DeliveryConfig(total, 350, 1, 100, 200), new SpillFile(spill));
    for (int i = 0; i < total; i++) {
      q.submit(event(i));
      if (i == 300) {
        // Wait until some are acknowledged, then SIGKILL the broker while the rest are queued.
        for (int w = 0; w < 600 && q.stats().sent() == 0; w++) {
          Thread.sleep(50);
        }
        broker.destroyForcibly();
        broker.waitFor(30, TimeUnit.SECONDS);
      }
    }
    q.close();
    DeliveryStats s = q.stats();
    assertThat(s.sent() + s.spilled()).isEqualTo(total);
    assertThat(s.spilled()).isPositive();
    List<DeliveryEvent> spilled = SpillFile.read(spill);
    assertThat(spilled).hasSize((int) s.spilled());

    startBroker();
    DeliveryQueue resend = new DeliveryQueue(new KafkaTransport("127.0.0.1:" + port, "dns-b", 20_000, Map.of()),
        new DeliveryConfig(1000, 200, 3, 200, 1000), new SpillFile(dir.resolve("spill-b2.ndjson")));
    SpillFile.forEach(spill, resend::submit);
    resend.close();
    assertThat(resend.stats().sent()).isEqualTo(spilled.size());
    Set<Integer> all = new HashSet<>(consume("dns-b", total).keySet());
    assertThat(all).hasSize(total);
  }
}
