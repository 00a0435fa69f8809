package org.dnslens.engine.export.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 5424 delivery to a real rsyslogd (Debian package {@code rsyslog}, installed by .ci/run) listening on
 * loopback UDP and TCP, writing what it parsed to a file. Skipped with a message when rsyslogd is absent.
 */
class RsyslogDeliveryTest {
  private static final Path RSYSLOGD = Path.of("/usr/sbin/rsyslogd");
  @TempDir Path dir;
  private Process rsyslog;
  private int udpPort;
  private int tcpPort;
  private Path out;

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @BeforeEach
  void start() throws Exception {
    assumeTrue(Files.isExecutable(RSYSLOGD), "rsyslogd not installed (apt-get install rsyslog); syslog delivery not tested against it");
    udpPort = freePort();
    tcpPort = freePort();
    out = dir.resolve("out.log");
    Path conf = dir.resolve("rsyslog.conf");
    Files.writeString(conf, String.join("\n",
        "global(workDirectory=\"" + dir + "\" maxMessageSize=\"64k\")",
        "module(load=\"imudp\")",
        "module(load=\"imtcp\")",
        "input(type=\"imudp\" address=\"127.0.0.1\" port=\"" + udpPort + "\")",
        "input(type=\"imtcp\" address=\"127.0.0.1\" port=\"" + tcpPort + "\")",
        "template(name=\"fields\" type=\"string\" string=\"%pri%|%timereported:::date-rfc3339%|%hostname%|%app-name%|%msgid%|%structured-data%|%msg%\\n\")",
        "*.* action(type=\"omfile\" file=\"" + out + "\" template=\"fields\")",
        ""), StandardCharsets.UTF_8);
    rsyslog = new ProcessBuilder(RSYSLOGD.toString(), "-n", "-f", conf.toString(), "-i", dir.resolve("pid").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("rsyslogd.out").toFile()).start();
    // Wait until the TCP listener accepts (rsyslogd is up); no fixed sleep.
    for (int i = 0; i < 200; i++) {
      try {
        new java.net.Socket("127.0.0.1", tcpPort).close();
        return;
      } catch (IOException e) {
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("rsyslogd did not start: " + Files.readString(dir.resolve("rsyslogd.out")));
  }

  @AfterEach
  void stop() throws Exception {
    if (rsyslog != null) {
      rsyslog.destroy();
      rsyslog.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private List<String> awaitLines(int n) throws Exception {
    for (int i = 0; i < 400; i++) {
      if (Files.exists(out)) {
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        if (lines.size() >= n) {
          return lines;
        }
      }
      Thread.sleep(50);
    }
    return Files.exists(out) ? Files.readAllLines(out, StandardCharsets.UTF_8) : List.of();
  }

  private static DeliveryEvent event(int i) {
    String json = "{\"n\":" + i + ",\"qname\":\"a]b\\\"c" + i + ".example\",\"answers\":[\"1.2.3.4\"]}";
    return new DeliveryEvent("k", 1_700_000_000_123_456_000L, json.getBytes(StandardCharsets.UTF_8));
  }

  private void deliver(boolean tcp, boolean sd, int n) throws IOException {
    DeliveryQueue q = new DeliveryQueue(
        new SyslogTransport(tcp, "127.0.0.1", tcp ? tcpPort : udpPort, 134, "sensor1", "dnslens", "dns.tx", sd, 2000),
        new DeliveryConfig(100, 20, 2, 10, 50), new SpillFile(dir.resolve("spill.ndjson")));
    for (int i = 0; i < n; i++) {
      q.submit(event(i));
    }
    q.close();
    assertThat(q.stats()).isEqualTo(new DeliveryStats(n, 0, 0));
  }

  @Test
  void tcpOctetCountedMessagesArriveParsed() throws Exception {
    deliver(true, true, 100);
    List<String> lines = awaitLines(100);
    assertThat(lines).hasSize(100);
    List<String> msgs = new ArrayList<>();
    for (String l : lines) {
      String[] f = l.split("\\|", 7);
      assertThat(f[0]).isEqualTo("134");
      assertThat(f[1]).startsWith("2023-11-14T22:13:20.123456");
      assertThat(f[2]).isEqualTo("sensor1");
      assertThat(f[3]).isEqualTo("dnslens");
      assertThat(f[4]).isEqualTo("dns.tx");
      assertThat(f[5]).startsWith("[dnslens@32473 n=\"").contains("qname=\"a\\]b\\\"c");
      msgs.add(f[6]);
    }
    for (int i = 0; i < 100; i++) {
      assertThat(msgs).contains(new String(event(i).json(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void udpMessagesArrive() throws Exception {
    deliver(false, false, 50);
    List<String> lines = awaitLines(50);
    // Loopback UDP to an idle listener: all arrive here; UDP itself promises nothing.
    assertThat(lines).hasSize(50);
    assertThat(lines.get(0).split("\\|", 7)[5]).isEqualTo("-");
    assertThat(lines.get(0).split("\\|", 7)[6]).startsWith("{\"n\":");
  }
}
