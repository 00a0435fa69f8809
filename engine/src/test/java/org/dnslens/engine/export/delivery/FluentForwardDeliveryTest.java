package org.dnslens.engine.export.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dnslens.engine.export.EventTimeMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Forward protocol delivery against {@link ForwardTestServer} (a spec-following test server: no fluentd
 * or fluent-bit is packaged in Debian bookworm). The server dies mid-stream; nothing is lost.
 */
class FluentForwardDeliveryTest {
  private static final long T0 = 1_700_000_000_123_456_789L;
  @TempDir Path dir;

  static DeliveryEvent event(int i) {
    String json = "{\"n\":" + i + ",\"qname\":\"q" + i + ".example\",\"nested\":{\"a\":[1,2,{\"b\":null}]}}";
    return new DeliveryEvent("10.0.0." + (i % 7), T0 + i, json.getBytes(StandardCharsets.UTF_8));
  }

  private static FluentForwardTransport transport(int port, FluentForwardTransport.Mode mode, boolean ack) {
    return new FluentForwardTransport("127.0.0.1", port, "dnslens.dns.tx", mode, ack, EventTimeMode.EVENT_TIME, 2000);
  }

  private static Set<Long> received(ForwardTestServer s) {
    Set<Long> n = new HashSet<>();
    synchronized (s.events) {
      for (ForwardTestServer.Event e : s.events) {
        assertThat(e.tag()).isEqualTo("dnslens.dns.tx");
        n.add(e.record().asMapValue().map().get(org.msgpack.value.ValueFactory.newString("n")).asIntegerValue().toLong());
      }
    }
    return n;
  }

  @ParameterizedTest
  @EnumSource(FluentForwardTransport.Mode.class)
  void everyModeDeliversRecordsAndEventTime(FluentForwardTransport.Mode mode) throws IOException {
    try (ForwardTestServer server = new ForwardTestServer(0)) {
      DeliveryQueue q = new DeliveryQueue(transport(server.port(), mode, true), new DeliveryConfig(100, 25, 2, 10, 50), new SpillFile(dir.resolve("spill.ndjson")));
      for (int i = 0; i < 200; i++) {
        q.submit(event(i));
      }
      q.close();
      assertThat(q.stats()).isEqualTo(new DeliveryStats(200, 0, 0));
      assertThat(received(server)).hasSize(200);
      ForwardTestServer.Event first = server.events.get(0);
      assertThat(first.time().asExtensionValue().getType()).isEqualTo((byte) 0);
      java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(first.time().asExtensionValue().getData());
      assertThat((long) b.getInt()).isEqualTo(T0 / 1_000_000_000L);
      assertThat((long) b.getInt()).isEqualTo(T0 % 1_000_000_000L);
      assertThat(first.record().toJson()).isEqualTo("{\"n\":0,\"qname\":\"q0.example\",\"nested\":{\"a\":[1,2,{\"b\":null}]}}");
    }
  }

  @Test
  void peerKilledMidStreamLosesNothingSpillThenResend() throws Exception {
    int total = 1000;
    Path spillPath = dir.resolve("spill.ndjson");
    int port;
    ForwardTestServer server = new ForwardTestServer(0);
    port = server.port();
    server.dieAfter(300);
    DeliveryQueue q = new DeliveryQueue(transport(port, FluentForwardTransport.Mode.FORWARD, true), new DeliveryConfig(50, 50, 2, 10, 40), new SpillFile(spillPath));
    for (int i = 0; i < total; i++) {
      q.submit(event(i));
    }
    q.close();
    DeliveryStats stats = q.stats();
    Set<Long> got = received(server);
    List<DeliveryEvent> spilled = SpillFile.read(spillPath);
    // Every record is acknowledged or spilled; the chunk that killed the server was never acked, so it is spilled too.
    assertThat(stats.sent() + stats.spilled()).isEqualTo(total);
    assertThat(stats.spilled()).isGreaterThan(0).isEqualTo(spilled.size());
    assertThat(stats.retried()).isGreaterThan(0);
    Set<Long> all = new HashSet<>(got);
    for (DeliveryEvent e : spilled) {
      all.add(Long.parseLong(new String(e.json(), StandardCharsets.UTF_8).replaceAll("^\\{\"n\":(\\d+),.*", "$1")));
    }
    assertThat(all).hasSize(total);

    // The peer comes back on the same port; the spill file is re-sent.
    try (ForwardTestServer again = new ForwardTestServer(port)) {
      DeliveryQueue resend = new DeliveryQueue(transport(port, FluentForwardTransport.Mode.PACKED_FORWARD, true), DeliveryConfig.defaults(), new SpillFile(dir.resolve("spill2.ndjson")));
      SpillFile.forEach(spillPath, resend::submit);
      resend.close();
      assertThat(resend.stats()).isEqualTo(new DeliveryStats(spilled.size(), 0, 0));
      Set<Long> union = new HashSet<>(got);
      union.addAll(received(again));
      assertThat(union).hasSize(total);
      assertThat(Files.exists(dir.resolve("spill2.ndjson"))).isFalse();
    }
  }

  @Test
  void noPeerAtAllSpillsEverythingAndCountsIt() throws IOException {
    int port;
    try (ForwardTestServer s = new ForwardTestServer(0)) {
      port = s.port();
    }
    Path spillPath = dir.resolve("spill.ndjson");
    DeliveryQueue q = new DeliveryQueue(transport(port, FluentForwardTransport.Mode.MESSAGE, false), new DeliveryConfig(10, 5, 1, 1, 2), new SpillFile(spillPath));
    for (int i = 0; i < 20; i++) {
      q.submit(event(i));
    }
    q.close();
    assertThat(q.stats()).isEqualTo(new DeliveryStats(0, 20, 20));
    List<DeliveryEvent> back = SpillFile.read(spillPath);
    assertThat(back).hasSize(20);
    assertThat(back.get(3).key()).isEqualTo(event(3).key());
    assertThat(back.get(3).timeNanos()).isEqualTo(event(3).timeNanos());
    assertThat(new String(back.get(3).json(), StandardCharsets.UTF_8)).isEqualTo(new String(event(3).json(), StandardCharsets.UTF_8));
  }
}
