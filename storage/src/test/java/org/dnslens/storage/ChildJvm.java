package org.dnslens.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A test's child JVM (same Java, same class path) running a test class's {@code main}, for the tests that
 * kill a real process mid-way (SIGKILL: no shutdown hook, no rollback, no flush) and then look at the case
 * it left. The child tells where it is by printing marker lines; its output and errors are one stream,
 * kept as a transcript for failure messages.
 */
public final class ChildJvm implements AutoCloseable {
  /** How long {@link #awaitLine} waits for a marker before it kills the child. */
  private static final Duration AWAIT_LIMIT = Duration.ofMinutes(5);

  private final Process process;
  private final BufferedReader out;
  private final StringBuilder transcript = new StringBuilder();

  private ChildJvm(Process process) {
    this.process = process;
    this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /** Starts {@code mainClass.main(args)} in a new JVM. */
  public static ChildJvm start(Class<?> mainClass, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), mainClass.getName()));
    cmd.addAll(List.of(args));
    return new ChildJvm(new ProcessBuilder(cmd).redirectErrorStream(true).start());
  }

  /**
   * Reads the child's output up to the first line starting with {@code prefix} and returns that line; fails
   * (with everything the child printed) if the child ends first.
   */
  public String awaitLine(String prefix) throws IOException {
    // A child that hangs before its marker would block this read, and the build, for ever: a watchdog
    // kills it after AWAIT_LIMIT, the read ends and the test fails with the transcript.
    CompletableFuture<Void> watchdog = CompletableFuture.runAsync(process::destroyForcibly,
        CompletableFuture.delayedExecutor(AWAIT_LIMIT.toSeconds(), TimeUnit.SECONDS));
    try {
      String line;
      while ((line = out.readLine()) != null) {
        transcript.append(line).append('\n');
        if (line.startsWith(prefix)) {
          return line;
        }
      }
      assertThat(line).as("the child ended (or was killed after waiting %s) before printing '%s'; it printed:%n%s",
          AWAIT_LIMIT, prefix, transcript).isNotNull();
      return line;
    } finally {
      watchdog.cancel(false);
    }
  }

  /** Whether the child has printed {@code line} as its next line already (does not wait for output). */
  public boolean hasPrinted(String line) throws IOException {
    if (!out.ready()) {
      return false;
    }
    String next = out.readLine();
    transcript.append(next).append('\n');
    return line.equals(next);
  }

  /** Kills the child with SIGKILL and waits (a minute at most) until it is gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the killed child ended").isTrue();
  }

  /** Kills the child if it still runs (a test that failed half-way leaves no process behind). */
  @Override
  public void close() throws IOException {
    try {
      if (process.isAlive()) {
        kill();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the child was killed; only the wait for it was cut short
    } finally {
      out.close();
    }
  }
}
