package org.dnslens.testdata.gen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Peer conformance: tshark (when on the PATH; CI installs it) must see exactly the DNS messages the truth
 * claims, and nothing malformed. tshark reassembles TCP and IPv4 fragments by default and prints one
 * dns.id per DNS message (several per line when a frame completes several messages).
 */
class TsharkConformanceTest {

  @TempDir Path dir;

  @BeforeAll
  static void requireTshark() {
    assumeTrue(tsharkOnPath(), "tshark not on PATH");
  }

  @ParameterizedTest
  @EnumSource(CaptureFormat.class)
  void tsharkCountsEveryDnsMessageAndFindsNothingMalformed(CaptureFormat format)
      throws IOException, InterruptedException {
    Path capture = dir.resolve("synthetic." + format.name().toLowerCase(java.util.Locale.ROOT));
    GenerationTruth truth = new CaptureGenerator(
        GeneratorConfig.defaults(42, 2_000).withActors(Actors.all()).withFormat(format)).write(capture);

    List<String> lines = tshark(capture, "-T", "fields", "-e", "dns.id", "-e", "dns.flags.response");
    long ids = 0;
    long replies = 0;
    for (String line : lines) {
      String[] columns = line.split("\t", -1);
      if (!columns[0].isEmpty()) {
        ids += columns[0].split(",").length;
        for (String flag : columns[1].split(",")) {
          if (flag.equals("1") || flag.equalsIgnoreCase("true")) {
            replies++;
          }
        }
      }
    }
    assertThat(ids).isEqualTo(truth.dnsMessages());
    assertThat(replies).isEqualTo(truth.replies());
    assertThat(lines).hasSize((int) truth.packets());

    assertThat(tshark(capture, "-Y", "_ws.malformed || _ws.expert.severity == error")).isEmpty();
  }

  private static List<String> tshark(Path capture, String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("tshark", "-n", "-r", capture.toString()));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] output = process.getInputStream().readAllBytes();
    assertThat(process.waitFor()).as("tshark exit code").isZero();
    String text = new String(output, StandardCharsets.UTF_8);
    return text.isEmpty() ? List.of() : List.of(text.split("\n"));
  }

  private static boolean tsharkOnPath() {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String directory : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(directory, "tshark"))) {
        return true;
      }
    }
    return false;
  }
}
