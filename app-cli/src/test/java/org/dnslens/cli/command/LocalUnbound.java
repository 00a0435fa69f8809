package org.dnslens.cli.command;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real unbound on 127.0.0.1:{@code port} with the static zone {@code dnslens.test}, optionally logging
 * client queries/responses as dnstap to a unix socket. The engine's {@code UnboundProcess} does the same
 * for engine tests; app-cli cannot see engine test classes (modules are built with {@code -pl -am},
 * never installed, and publish no test-jar), hence this small copy. Never reaches the network.
 */
final class LocalUnbound implements AutoCloseable {
  static final Path UNBOUND = Path.of("/usr/sbin/unbound");
  static final Path DIG = Path.of("/usr/bin/dig");

  final int port;
  private final Path dir;
  private final Process process;

  private LocalUnbound(int port, Path dir, Process process) {
    this.port = port;
    this.dir = dir;
    this.process = process;
  }

  static boolean available() {
    return Files.isExecutable(UNBOUND) && Files.isExecutable(DIG);
  }

  private static int freePort() throws IOException {
    for (int i = 0; i < 50; i++) {
      int p;
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        p = s.getLocalPort();
      }
      try (DatagramSocket d = new DatagramSocket(p, InetAddress.getLoopbackAddress())) {
        return d.getLocalPort();
      } catch (IOException busy) {
        // taken for UDP: try another
      }
    }
    throw new IOException("no free port");
  }

  /** @param dnstapSocket where unbound sends dnstap (bidirectional Frame Streams), or null for none */
  static LocalUnbound start(Path dir, Path dnstapSocket) throws IOException {
    int port = freePort();
    String conf =
        String.join(
            "\n",
            "server:",
            "  interface: 127.0.0.1",
            "  port: " + port,
            "  do-daemonize: no",
            "  username: \"\"",
            "  chroot: \"\"",
            "  directory: \"" + dir + "\"",
            "  pidfile: \"" + dir.resolve("unbound.pid") + "\"",
            "  use-syslog: no",
            "  logfile: \"\"",
            "  verbosity: 1",
            "  do-ip6: no",
            "  num-threads: 1",
            "  access-control: 127.0.0.0/8 allow",
            "  module-config: \"iterator\"",
            "  local-zone: \"dnslens.test.\" static",
            "  local-data: \"www.dnslens.test. 300 IN A 192.0.2.10\"",
            "  local-data: \"mail.dnslens.test. 300 IN A 192.0.2.11\"",
            "remote-control:",
            "  control-enable: no",
            "dnstap:",
            "  dnstap-enable: " + (dnstapSocket != null ? "yes" : "no"),
            "  dnstap-bidirectional: yes",
            "  dnstap-socket-path: \"" + (dnstapSocket != null ? dnstapSocket : dir.resolve("unused.sock")) + "\"",
            "  dnstap-send-identity: yes",
            "  dnstap-send-version: yes",
            "  dnstap-identity: \"dnslens-test\"",
            "  dnstap-log-client-query-messages: yes",
            "  dnstap-log-client-response-messages: yes",
            "");
    Path confFile = dir.resolve("unbound.conf");
    Files.writeString(confFile, conf, StandardCharsets.US_ASCII);
    Process p =
        new ProcessBuilder(UNBOUND.toString(), "-d", "-c", confFile.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("unbound.log").toFile())
            .start();
    LocalUnbound u = new LocalUnbound(port, dir, p);
    u.awaitListening();
    return u;
  }

  /** dig against this unbound; its short output. */
  List<String> dig(String name, boolean tcp) throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of(DIG.toString(), "@127.0.0.1", "-p", Integer.toString(port), name, "A", "+short", "+tries=3", "+time=2"));
    if (tcp) {
      cmd.add("+tcp");
    }
    Process d = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = d.getInputStream().readAllBytes();
    d.waitFor(30, TimeUnit.SECONDS);
    return new String(out, StandardCharsets.US_ASCII).lines().map(String::strip).toList();
  }

  private void awaitListening() throws IOException {
    for (int i = 0; i < 600; i++) { // hang guard: a minute
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        if (s.isConnected()) {
          return;
        }
      } catch (IOException notYet) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted");
        }
      }
    }
    Path log = dir.resolve("unbound.log");
    throw new IOException("unbound did not start; log:\n" + (Files.exists(log) ? Files.readString(log) : ""));
  }

  /** SIGTERM: unbound flushes its dnstap output and sends STOP. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
