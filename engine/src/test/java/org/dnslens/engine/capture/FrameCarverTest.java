package org.dnslens.engine.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.dnslens.engine.issue.IssueCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Carving frames from real captures, read back with our own reader (and tshark when installed). */
class FrameCarverTest {
  private static final Path SAMPLE = Path.of("../testdata/sample/incident-sample.pcapng.gz");
  private static final Path UDP_PCAP = Path.of("../testdata/pcaps/tcpdump/dns_udp.pcap");

  @TempDir Path dir;

  /** A frame as compared: time, link type and the captured bytes in hex. */
  record Seen(long frameNumber, long ts, int linkType, String hex, int originalLength) {}

  private static List<Seen> read(Path capture) throws IOException {
    List<Seen> out = new ArrayList<>();
    try (CaptureReader r = CaptureReaders.open(capture, 0, new IssueCounter())) {
      Frame f;
      while ((f = r.next()) != null) {
        byte[] b = new byte[f.capturedLength()];
        f.data().duplicate().get(b);
        out.add(new Seen(f.frameNumber(), f.timestampNanos(), f.linkType(), HexFormat.of().formatHex(b), f.originalLength()));
      }
    }
    return out;
  }

  private static List<Seen> pick(List<Seen> all, long... numbers) {
    List<Seen> out = new ArrayList<>();
    for (long n : numbers) {
      out.add(all.get((int) n - 1));
    }
    return out;
  }

  /** The same frames ignoring their numbers (the carved file numbers them 1..n). */
  private static List<String> content(List<Seen> frames) {
    return frames.stream().map(s -> s.ts() + "/" + s.linkType() + "/" + s.originalLength() + "/" + s.hex()).toList();
  }

  @Test
  void carvedFramesAreTheOriginalBytesTimesAndLinkType() throws Exception {
    List<Seen> original = read(SAMPLE);
    assertThat(original).hasSizeGreaterThan(1000);
    long[] wanted = {1, 2, 17, 500, 999, original.size()};
    Path out = dir.resolve("carved.pcap");
    FrameCarver.Result r =
        FrameCarver.carve(List.of(new FrameCarver.Request(SAMPLE, set(wanted))), out);
    assertThat(r.written()).isEqualTo(wanted.length);
    assertThat(r.format()).isEqualTo("pcap");
    assertThat(r.notFound()).isEmpty();
    List<Seen> carved = read(out);
    assertThat(content(carved)).isEqualTo(content(pick(original, wanted)));
    // Nanosecond pcap: the magic says so, and sub-microsecond digits survive.
    assertThat(Files.readAllBytes(out)).startsWith(new byte[] {0x4d, 0x3c, (byte) 0xb2, (byte) 0xa1});
    tsharkAgrees(out, wanted.length);
  }

  @Test
  void framesOfTwoCapturesAreMergedByTimeAndPcapngKeepsEachLinkType() throws Exception {
    List<Seen> udp = read(UDP_PCAP);
    List<Seen> sample = read(SAMPLE);
    Path out = dir.resolve("two.pcapng");
    FrameCarver.Result r =
        FrameCarver.carve(
            List.of(
                new FrameCarver.Request(UDP_PCAP, set(1, 2)),
                new FrameCarver.Request(SAMPLE, set(3, 4, 5))),
            out);
    assertThat(r.format()).isEqualTo("pcapng");
    List<Seen> expected = new ArrayList<>(pick(udp, 1, 2));
    expected.addAll(pick(sample, 3, 4, 5));
    expected.sort(java.util.Comparator.comparingLong(Seen::ts));
    assertThat(content(read(out))).isEqualTo(content(expected));
    tsharkAgrees(out, 5);
  }

  @Test
  void framesTheFileDoesNotHoldAreReported() throws Exception {
    int n = read(UDP_PCAP).size();
    FrameCarver.Result r =
        FrameCarver.carve(List.of(new FrameCarver.Request(UDP_PCAP, set(1, n + 5L))), dir.resolve("x.pcap"));
    assertThat(r.written()).isEqualTo(1);
    assertThat(r.notFound().get(UDP_PCAP)).containsExactly(n + 5L);
  }

  @Test
  void aMovedCaptureIsNamedInTheError() {
    Path gone = dir.resolve("moved-away.pcap");
    assertThatThrownBy(() -> FrameCarver.carve(List.of(new FrameCarver.Request(gone, set(1))), dir.resolve("o.pcap")))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("moved-away.pcap");
    assertThat(dir.resolve("o.pcap")).doesNotExist();
  }

  @Test
  void tooManyFramesAreRefusedBeforeReading() {
    TreeSet<Long> many = new TreeSet<>();
    for (long i = 1; i <= FrameCarver.MAX_FRAMES + 1; i++) {
      many.add(i);
    }
    assertThatThrownBy(() -> FrameCarver.carve(List.of(new FrameCarver.Request(SAMPLE, many)), dir.resolve("o.pcap")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("narrow the selection");
  }

  private static TreeSet<Long> set(long... v) {
    TreeSet<Long> s = new TreeSet<>();
    Arrays.stream(v).forEach(s::add);
    return s;
  }

  /** When tshark is installed, it reads the carved file without complaint and counts the same frames. */
  private static void tsharkAgrees(Path file, int frames) throws Exception {
    Path tshark = findOnPath("tshark");
    if (tshark == null) {
      return;
    }
    // stderr discarded: tshark warns there about running as root.
    Process p = new ProcessBuilder(tshark.toString(), "-r", file.toString(), "-T", "fields", "-e", "frame.number")
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out.strip().split("\\s+")).hasSize(frames);
  }

  private static Path findOnPath(String exe) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path p = Path.of(d, exe);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }
}
