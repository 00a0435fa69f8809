package org.dnslens.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dnslens.engine.dnstap.FrameStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dnslens dnstap --socket} as a real process: a sender does the bidirectional handshake and sends
 * go-dnscollector's dnstap file; SIGTERM then stops the process, which writes the transaction and exits 0.
 */
class DnstapCommandTest {
  static final Path COLLECTOR = Path.of("../testdata/pcaps/go-dnscollector/dnstap/dnstap.fstrm");

  @TempDir Path dir;

  @Test
  void receivesOverUnixSocketAndStopsCleanlyOnSigterm() throws Exception {
    Path socket = dir.resolve("dnstap.sock");
    Path out = dir.resolve("out.json");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "org.dnslens.cli.DnslensCli",
                "dnstap",
                "--socket",
                socket.toString(),
                "-o",
                out.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("stderr.txt").toFile())
            .start();
    try {
      for (int i = 0; i < 600 && !Files.exists(socket); i++) { // hang guard, not a timing assertion
        Thread.sleep(100);
      }
      assertThat(socket).exists();
      try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
        c.connect(UnixDomainSocketAddress.of(socket));
        OutputStream os = Channels.newOutputStream(c);
        DataInputStream in = new DataInputStream(Channels.newInputStream(c));
        os.write(FrameStreams.controlFrame(FrameStreams.CONTROL_READY, FrameStreams.DNSTAP_CONTENT_TYPE));
        assertThat(readControlType(in)).isEqualTo(FrameStreams.CONTROL_ACCEPT);
        os.write(Files.readAllBytes(COLLECTOR)); // START, two data frames, STOP
        os.flush();
        assertThat(readControlType(in)).isEqualTo(FrameStreams.CONTROL_FINISH);
      }
      // The reply is held for the pairer's grace window; it comes out when the process is stopped.
      p.destroy(); // SIGTERM
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(Files.readString(dir.resolve("stderr.txt"))).isZero();
    } finally {
      p.destroyForcibly();
    }
    List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).contains("\"qname\":\"www.google.com\"", "\"status\":\"answered\"", "\"role\":\"client\"");
    assertThat(Files.readString(dir.resolve("stderr.txt"))).contains("1 transactions");
  }

  private static int readControlType(DataInputStream in) throws IOException {
    assertThat(in.readInt()).isZero();
    int length = in.readInt();
    byte[] body = new byte[length];
    in.readFully(body);
    return (body[0] & 0xff) << 24 | (body[1] & 0xff) << 16 | (body[2] & 0xff) << 8 | (body[3] & 0xff);
  }

}
