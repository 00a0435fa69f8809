package org.dnslens.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dnslens.cli.error.ExitCodes;
import org.dnslens.engine.dnstap.UnboundProcess;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --case} on the live commands, for real: {@code dnslens capture -i lo} and {@code dnslens dnstap
 * --socket} as processes, a real unbound answering real dig queries, a real case file searched with
 * {@code dnslens search} — while the capture runs (committed parts are visible), after SIGTERM (exit 0,
 * everything committed) and after kill -9 (the uncommitted part is gone, the case stays consistent and
 * the next run removes the leftovers). Skipped with the reason where unbound/dig or capture rights are
 * missing; writes {@code target/live-tests/live-case.ran} when it ran ({@code .ci/run} checks it).
 */
class LiveCaseTest {
  static final Path MARKER_DIR = Path.of("target/live-tests");
  /** Hang guard for waits on the processes (not a timing assertion; pcap_activate alone took 26 s at load 25). */
  static final int MAX_WAIT_TENTHS = 3000;

  @TempDir Path dir;

  @Test
  void captureOnLoopbackIntoCaseSearchableWhileRunningAndAfterSigterm() throws Exception {
    assumeTools();
    Path casePath = dir.resolve("case");
    try (UnboundProcess unbound = listeningUnbound(dir, null)) {
      Dnslens capture =
          Dnslens.start(dir, "capture1", "capture", "-i", "lo", "-f", "port " + unbound.port(),
              "--case", casePath.toString(), "--commit-every", "1");
      try {
        capture.awaitReadingOrSkip();
        assertThat(unbound.dig("www.dnslens.test", false)).contains("192.0.2.10");
        // Committed while the capture goes on: a concurrent search sees it.
        List<String> www = awaitSearch(casePath, "www.dnslens.test");
        assertThat(www).hasSize(1);
        assertThat(unbound.dig("mail.dnslens.test", true)).contains("192.0.2.11");
        assertThat(capture.sigtermAndWait()).isEqualTo(ExitCodes.OK);
      } finally {
        capture.kill();
      }
      String err = capture.stderr();
      assertThat(err).contains("part(s) committed to");
      assertThat(err).doesNotContain("live_queue_full");
      List<String> all = search(casePath, "--domain", "dnslens.test");
      assertThat(all).hasSize(2);
      assertThat(String.join("\n", all)).contains("www.dnslens.test").contains("mail.dnslens.test");
      assertThat(search(casePath, "--name", "mail.dnslens.test").get(0)).contains("\"answered\"");
    }
    marker();
  }

  @Test
  void killMinus9LosesOnlyTheUncommittedPartAndTheNextRunCleansUp() throws Exception {
    assumeTools();
    Path casePath = dir.resolve("case");
    Path lines = dir.resolve("lines.json");
    try (UnboundProcess unbound = listeningUnbound(dir, null)) {
      // A commit interval far longer than the test: the part with www is never committed.
      Dnslens first =
          Dnslens.start(dir, "capture1", "capture", "-i", "lo", "-f", "port " + unbound.port(),
              "--case", casePath.toString(), "--commit-every", "86400", "-o", lines.toString());
      try {
        first.awaitReadingOrSkip();
        assertThat(unbound.dig("www.dnslens.test", false)).contains("192.0.2.10");
        for (int i = 0; i < MAX_WAIT_TENTHS && !contains(lines, "www.dnslens.test"); i++) {
          Thread.sleep(100);
        }
        assertThat(contains(lines, "www.dnslens.test")).as("the transaction reached the sinks").isTrue();
      } finally {
        first.kill(); // SIGKILL: no hook, no rollback
      }
      assertThat(search(casePath, "--domain", "dnslens.test")).isEmpty();

      Dnslens second =
          Dnslens.start(dir, "capture2", "capture", "-i", "lo", "-f", "port " + unbound.port(),
              "--case", casePath.toString(), "--commit-every", "1");
      try {
        second.awaitReadingOrSkip();
        assertThat(unbound.dig("mail.dnslens.test", false)).contains("192.0.2.11");
        awaitSearch(casePath, "mail.dnslens.test");
        assertThat(second.sigtermAndWait()).isEqualTo(ExitCodes.OK);
      } finally {
        second.kill();
      }
      assertThat(second.stderr()).contains("removed what 1 interrupted ingest(s) had left");
      List<String> all = search(casePath, "--domain", "dnslens.test");
      assertThat(all).hasSize(1);
      assertThat(all.get(0)).contains("mail.dnslens.test");
    }
    marker();
  }

  @Test
  void dnstapFromUnboundOverUnixSocketIntoCase() throws Exception {
    assumeTools();
    Path casePath = dir.resolve("case");
    Path socket = dir.resolve("dnstap.sock");
    Path lines = dir.resolve("lines.json");
    Dnslens tap =
        Dnslens.start(dir, "dnstap", "dnstap", "--socket", socket.toString(), "--case", casePath.toString(),
            "--commit-every", "1", "-o", lines.toString());
    try {
      tap.awaitReadingOrSkip();
      try (UnboundProcess unbound = listeningUnbound(dir, socket)) {
        assertThat(unbound.dig("www.dnslens.test", false)).contains("192.0.2.10");
        assertThat(unbound.dig("mail.dnslens.test", true)).contains("192.0.2.11");
        // unbound sends dnstap asynchronously and may drop what is still buffered when it stops: wait
        // until both are committed (searchable while dnslens runs) before stopping it.
        awaitSearch(casePath, "www.dnslens.test");
        awaitSearch(casePath, "mail.dnslens.test");
      }
      assertThat(tap.sigtermAndWait()).isEqualTo(ExitCodes.OK);
    } finally {
      tap.kill();
    }
    List<String> all = search(casePath, "--domain", "dnslens.test");
    assertThat(all).hasSize(2);
    assertThat(all).allSatisfy(l -> assertThat(l).contains("\"answered\"").contains("(started "));
    assertThat(tap.stderr()).contains("part(s) committed to");
    // The same transactions as lines, with unbound's dnstap fields (docs/SCHEMAS.md).
    List<String> json = Files.readAllLines(lines);
    assertThat(json).hasSize(2);
    assertThat(json).allSatisfy(
        l -> assertThat(l)
            .contains("\"role\":\"client\"")
            .contains("\"dnstap\":{\"query\":{\"type\":\"CLIENT_QUERY\",\"identity\":\"dnslens-test\"")
            .contains("\"reply\":{\"type\":\"CLIENT_RESPONSE\"")
            .contains("\"socket_family\":\"INET\""));
    assertThat(json).anySatisfy(l -> assertThat(l).contains("\"socket_protocol\":\"TCP\""));
    marker();
  }

  /** engine's unbound fixture (through its test-jar), started and answering on its TCP port. */
  private static UnboundProcess listeningUnbound(Path dir, Path dnstapSocket) throws IOException, InterruptedException {
    UnboundProcess unbound = UnboundProcess.start(dir, dnstapSocket);
    try {
      unbound.awaitListening();
      return unbound;
    } catch (IOException | InterruptedException | RuntimeException e) {
      unbound.close();
      throw e;
    }
  }

  private static void assumeTools() {
    Assumptions.assumeTrue(
        UnboundProcess.available(),
        "SKIPPED live case test: needs /usr/sbin/unbound and /usr/bin/dig (apt-get install unbound dnsutils)");
  }

  private static void marker() throws IOException {
    Files.createDirectories(MARKER_DIR);
    Files.writeString(MARKER_DIR.resolve("live-case.ran"), "ran\n", StandardCharsets.US_ASCII);
  }

  private static boolean contains(Path file, String s) throws IOException {
    return Files.exists(file) && Files.readString(file).contains(s);
  }

  /** Waits (hang guard) until a search finds {@code name}; returns the rows. */
  private static List<String> awaitSearch(Path casePath, String name) throws InterruptedException {
    for (int i = 0; i < MAX_WAIT_TENTHS; i++) {
      if (Files.exists(Path.of(casePath + ".mv.db"))) {
        List<String> rows = search(casePath, "--name", name);
        if (!rows.isEmpty()) {
          return rows;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError(name + " never appeared in the case");
  }

  private static List<String> search(Path casePath, String... filter) {
    List<String> args = new ArrayList<>(List.of("search", "--case", casePath.toString(), "--format", "json"));
    args.addAll(List.of(filter));
    CaseCommandsTest.Run r = CaseCommandsTest.run(args.toArray(String[]::new));
    assertThat(r.exit()).as(r.err()).isEqualTo(ExitCodes.OK);
    return r.out().lines().filter(l -> !l.isBlank()).toList();
  }

  /** {@code dnslens ...} as a child JVM, stderr and stdout to files in the test directory. */
  private record Dnslens(Process process, Path errFile) {
    static Dnslens start(Path dir, String name, String... args) throws IOException {
      List<String> cmd =
          new ArrayList<>(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  "org.dnslens.cli.DnslensCli"));
      cmd.addAll(List.of(args));
      Path err = dir.resolve(name + ".stderr");
      Process p =
          new ProcessBuilder(cmd)
              .redirectError(err.toFile())
              .redirectOutput(dir.resolve(name + ".stdout").toFile())
              .start();
      return new Dnslens(p, err);
    }

    /** Waits for "reading ... (Ctrl-C to stop)"; skips when capture is not possible here. */
    void awaitReadingOrSkip() throws IOException, InterruptedException {
      for (int i = 0; i < MAX_WAIT_TENTHS; i++) {
        String err = stderr();
        if (err.contains("Ctrl-C to stop")) {
          return;
        }
        if (!process.isAlive()) {
          Assumptions.assumeFalse(
              err.contains("permission") || err.contains("libpcap"), "SKIPPED live case test: " + err);
          throw new AssertionError("dnslens ended before reading: " + err);
        }
        Thread.sleep(100);
      }
      throw new AssertionError("dnslens did not start reading: " + stderr());
    }

    int sigtermAndWait() throws InterruptedException {
      process.destroy();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("ended after SIGTERM").isTrue();
      return process.exitValue();
    }

    void kill() throws InterruptedException {
      if (process.isAlive()) {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
    }

    String stderr() throws IOException {
      return Files.exists(errFile) ? Files.readString(errFile, StandardCharsets.UTF_8) : "";
    }
  }
}
