package org.dnslens.cli.safety;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dnslens.cli.DnslensCli;

/**
 * The real {@code dnslens} command in its own JVM ({@code java -cp ... DnslensCli}, what the launcher's
 * {@code java -jar dnslens-cli.jar} runs; the jar itself is only built after the tests), so a test can
 * kill it with SIGKILL, limit its file size or run it as another user. Output goes to files, never to a
 * pipe a stuck child could fill.
 *
 * @param wrapper what runs before {@code java} (a shell setting {@code ulimit -f}, {@code setpriv}), may be
 *     empty
 * @param classPath the class path the child uses
 * @param scratch where stdout and stderr of each run are kept
 * @param heap the child's {@code -Xmx}
 */
record ChildCli(List<String> wrapper, String classPath, Path scratch, String heap) {
  /** A small heap: the machine is shared and these runs are short. */
  static final String DEFAULT_HEAP = "256m";

  /** A run that ended. */
  record Outcome(int exit, String stdout, String stderr) {}

  /** The CLI as this JVM's user with this JVM's class path. */
  static ChildCli sameUser(Path scratch) {
    return new ChildCli(List.of(), System.getProperty("java.class.path"), scratch, DEFAULT_HEAP);
  }

  /** The same CLI started through {@code wrapper} (which must end by running its arguments). */
  ChildCli wrappedIn(List<String> newWrapper) {
    return new ChildCli(newWrapper, classPath, scratch, heap);
  }

  /** The same CLI with another class path (one another user can read). */
  ChildCli withClassPath(String newClassPath) {
    return new ChildCli(wrapper, newClassPath, scratch, heap);
  }

  /** The same CLI with another maximum heap (a memory bound a test asserts). */
  ChildCli withHeap(String newHeap) {
    return new ChildCli(wrapper, classPath, scratch, newHeap);
  }

  /** Starts {@code dnslens args...}; the caller waits for or kills the process. */
  Process start(String... args) throws IOException {
    List<String> cmd = new ArrayList<>(wrapper);
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // The client compiler: the machine is shared and these runs are short.
    cmd.addAll(List.of("-Xmx" + heap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classPath,
        DnslensCli.class.getName()));
    cmd.addAll(List.of(args));
    Files.createDirectories(scratch);
    return new ProcessBuilder(cmd)
        .redirectOutput(scratch.resolve("stdout").toFile())
        .redirectError(scratch.resolve("stderr").toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .start();
  }

  /** Runs {@code dnslens args...} to its end. */
  Outcome run(String... args) throws IOException, InterruptedException {
    Process p = start(args);
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("dnslens " + String.join(" ", args) + " did not end");
    }
    return outcome(p.exitValue());
  }

  /** What the last run wrote. */
  Outcome outcome(int exit) {
    try {
      return new Outcome(exit, Files.readString(scratch.resolve("stdout"), UTF_8),
          Files.readString(scratch.resolve("stderr"), UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
