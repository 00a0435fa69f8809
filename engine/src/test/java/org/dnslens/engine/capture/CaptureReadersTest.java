package org.dnslens.engine.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.dnslens.engine.capture.CaptureBytes.Copied;
import org.dnslens.engine.capture.CaptureBytes.Pcap;
import org.dnslens.engine.capture.CaptureBytes.Pcapng;
import org.dnslens.engine.issue.IssueCounter;
import org.dnslens.engine.model.IssueReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureReadersTest {
  static final Path REAL_PCAP = Path.of("../testdata/pcaps/ndpi/1kxun.pcap");
  static final Path REAL_PCAPNG = Path.of("../testdata/pcaps/zeek/pcapng-multi-interface.pcapng");

  @TempDir Path dir;

  private static List<Copied> readAll(Path p, IssueCounter issues, String expectedFormat)
      throws IOException {
    try (CaptureReader r = CaptureReaders.open(p, 3, issues)) {
      List<Copied> frames = CaptureBytes.drain(r);
      assertThat(r.format()).isEqualTo(expectedFormat);
      return frames;
    }
  }

  @Test
  void detectsFormatsByMagicNotName() throws Exception {
    Path pcap = Files.write(dir.resolve("a.pcapng"), new Pcap().record(1, 0, new byte[] {1}).bytes());
    Path pcapng =
        Files.write(dir.resolve("b.pcap"), new Pcapng().section(ByteOrder.BIG_ENDIAN).idb(1).epb(0, 1, new byte[] {2}).bytes());
    IssueCounter issues = new IssueCounter();
    assertThat(readAll(pcap, issues, "pcap")).hasSize(1);
    assertThat(readAll(pcapng, issues, "pcapng")).hasSize(1);
    assertThat(issues.total()).isZero();
  }

  @Test
  void unknownFormatGivesNoFramesAndIsCounted() throws Exception {
    for (byte[] content : new byte[][] {{}, {1}, {1, 2, 3}, "hello world".getBytes(java.nio.charset.StandardCharsets.US_ASCII)}) {
      Path p = Files.write(dir.resolve("x.pcap"), content);
      IssueCounter issues = new IssueCounter();
      try (CaptureReader r = CaptureReaders.open(p, 0, issues)) {
        assertThat(r.next()).isNull();
        assertThat(r.format()).isEqualTo("unknown");
        assertThat(r.linkTypes()).isEmpty();
      }
      assertThat(issues.get(IssueReason.CAPTURE_UNKNOWN_FORMAT)).isEqualTo(1);
    }
  }

  @Test
  void gzipOfRealCapturesGivesTheSameFrames() throws Exception {
    for (Path real : List.of(REAL_PCAP, REAL_PCAPNG)) {
      IssueCounter plainIssues = new IssueCounter();
      List<Copied> plain = readAll(real, plainIssues, real.toString().endsWith("ng") ? "pcapng" : "pcap");
      Path gz = Files.write(dir.resolve("capture.bin"), CaptureBytes.gzip(Files.readAllBytes(real)));
      IssueCounter gzIssues = new IssueCounter();
      List<Copied> unzipped = readAll(gz, gzIssues, real.toString().endsWith("ng") ? "pcapng+gzip" : "pcap+gzip");
      assertThat(plain).isNotEmpty();
      assertThat(unzipped).hasSameSizeAs(plain);
      for (int i = 0; i < plain.size(); i++) {
        assertThat(unzipped.get(i).data()).isEqualTo(plain.get(i).data());
        assertThat(unzipped.get(i).ts()).isEqualTo(plain.get(i).ts());
        assertThat(unzipped.get(i).frameNumber()).isEqualTo(plain.get(i).frameNumber());
      }
      assertThat(gzIssues.snapshot()).isEqualTo(plainIssues.snapshot());
    }
  }

  @Test
  void gzipCutShortKeepsFramesBeforeAndCountsCorruption() throws Exception {
    byte[] real = Files.readAllBytes(REAL_PCAP);
    IssueCounter plainIssues = new IssueCounter();
    int total = readAll(REAL_PCAP, plainIssues, "pcap").size();
    byte[] gz = CaptureBytes.gzip(real);
    Path cut = Files.write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length * 2 / 3));
    IssueCounter issues = new IssueCounter();
    List<Copied> frames = readAll(cut, issues, "pcap+gzip");
    assertThat(frames.size()).isGreaterThan(0).isLessThan(total);
    assertThat(issues.get(IssueReason.GZIP_CORRUPT)).isEqualTo(1);
    assertThat(issues.get(IssueReason.PCAP_TRUNCATED_RECORD)).isZero();
  }

  @Test
  void gzipWithBrokenHeaderOrBodyIsCorrupt() throws Exception {
    byte[] gz = CaptureBytes.gzip(new Pcap().record(1, 0, new byte[] {1}).bytes());
    for (byte[] bad : new byte[][] {{0x1F, (byte) 0x8B}, Arrays.copyOf(gz, 12), corruptBody(gz)}) {
      Path p = Files.write(dir.resolve("bad.gz"), bad);
      IssueCounter issues = new IssueCounter();
      try (CaptureReader r = CaptureReaders.open(p, 0, issues)) {
        CaptureBytes.drain(r);
      }
      assertThat(issues.get(IssueReason.GZIP_CORRUPT)).isEqualTo(1);
    }
  }

  private static byte[] corruptBody(byte[] gz) {
    byte[] b = gz.clone();
    for (int i = 10; i < b.length - 8; i++) {
      b[i] = (byte) 0xFF;
    }
    return b;
  }

  @Test
  void opensStreamsPlainAndCompressed() throws Exception {
    byte[] pcap = new Pcap().record(1, 0, new byte[] {1}).record(2, 0, new byte[] {2}).bytes();
    IssueCounter issues = new IssueCounter();
    try (CaptureReader r = CaptureReaders.open(new ByteArrayInputStream(pcap), 0, issues)) {
      assertThat(CaptureBytes.drain(r)).hasSize(2);
      assertThat(r.format()).isEqualTo("pcap");
    }
    try (CaptureReader r = CaptureReaders.open(new ByteArrayInputStream(CaptureBytes.gzip(pcap)), 0, issues)) {
      assertThat(CaptureBytes.drain(r)).hasSize(2);
      assertThat(r.format()).isEqualTo("pcap+gzip");
      assertThat(r.bytesRead()).isGreaterThan(0);
    }
    assertThat(issues.total()).isZero();
  }

  @Test
  void reportsProgressInFileBytes() throws Exception {
    IssueCounter issues = new IssueCounter();
    try (CaptureReader r = CaptureReaders.open(REAL_PCAP, 0, issues)) {
      CaptureBytes.drain(r);
      assertThat(r.totalBytes()).isEqualTo(Files.size(REAL_PCAP));
      assertThat(r.bytesRead()).isEqualTo(Files.size(REAL_PCAP));
    }
  }

  @Test
  void expandListsDirectoryFilesSortedAndSkipsHiddenOnes() throws Exception {
    Path sub = Files.createDirectory(dir.resolve("rot"));
    Files.write(sub.resolve("dump.pcap2"), new byte[0]);
    Files.write(sub.resolve("dump.pcap10"), new byte[0]);
    Files.write(sub.resolve(".hidden"), new byte[0]);
    Files.createDirectory(sub.resolve("nested"));
    Path single = dir.resolve("single.pcap");
    assertThat(CaptureReaders.expand(List.of(single, sub)))
        .containsExactly(single, sub.resolve("dump.pcap10"), sub.resolve("dump.pcap2"));
  }

  @Test
  void mergesInterleavedFilesInTimestampOrder() throws Exception {
    byte[] d = {0};
    Path first =
        Files.write(dir.resolve("a.pcap"), new Pcap().record(1, 0, d).record(3, 0, d).record(5, 0, d).record(5, 0, d).bytes());
    Path second =
        Files.write(
            dir.resolve("b.pcapng"),
            new Pcapng().section(ByteOrder.LITTLE_ENDIAN).idb(101).epb(0, 2_000_000, d).epb(0, 5_000_000, d).epb(0, 6_000_000, d).bytes());
    IssueCounter issues = new IssueCounter();
    try (CaptureReader r = CaptureReaders.openMerged(List.of(first, second), issues)) {
      List<Copied> frames = CaptureBytes.drain(r);
      assertThat(frames).extracting(Copied::ts)
          .containsExactly(1_000_000_000L, 2_000_000_000L, 3_000_000_000L, 5_000_000_000L, 5_000_000_000L,
              5_000_000_000L, 6_000_000_000L);
      assertThat(frames).extracting(Copied::sourceId).containsExactly(0, 1, 0, 0, 0, 1, 1);
      assertThat(frames).extracting(Copied::frameNumber).containsExactly(1L, 1L, 2L, 3L, 4L, 2L, 3L);
      assertThat(frames).extracting(Copied::linkType).containsExactly(1, 101, 1, 1, 1, 101, 101);
      assertThat(r.format()).isEqualTo("mixed");
      assertThat(r.linkTypes()).containsExactly(1, 101);
      assertThat(r.totalBytes()).isEqualTo(Files.size(first) + Files.size(second));
    }
    assertThat(issues.total()).isZero();
  }

  @Test
  void mergedFrameDataStaysValidUntilTheNextCall() throws Exception {
    Path first = Files.write(dir.resolve("a.pcap"), new Pcap().record(1, 0, new byte[] {1}).record(3, 0, new byte[] {3}).bytes());
    Path second = Files.write(dir.resolve("b.pcap"), new Pcap().record(2, 0, new byte[] {2}).record(4, 0, new byte[] {4}).bytes());
    try (CaptureReader r = CaptureReaders.openMerged(List.of(first, second), new IssueCounter())) {
      for (int expected = 1; expected <= 4; expected++) {
        Frame f = r.next();
        assertThat(f.data().get(0)).isEqualTo((byte) expected);
      }
      assertThat(r.next()).isNull();
      assertThat(r.format()).isEqualTo("pcap");
    }
  }

  /** First frames as tshark 4.x prints them (frame.time_epoch, frame.interface_id, frame.len). */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
    "zeek/pcapng-multi-interface.pcapng, 0, 1767663089500330493, 0, 96",
    "zeek/pcapng-multi-interface.pcapng, 2, 1767663437111897000, 1, 70",
    "tcpdump/time_2106_overflow.pcapng, 0, 4294967296000000000, 0, 98",
    "ndpi/someip_sd_sample.pcap, 0, 1559741544964106975, 0, 114",
    "ndpi/someip_sd_sample.pcap, 2, 1559741545065225650, 0, 102",
    "ndpi/avast_securedns.pcapng, 2, 1625241699450886000, 0, 81",
  })
  void timestampsAndInterfacesMatchTshark(String file, int index, long ts, int iface, int len)
      throws Exception {
    IssueCounter issues = new IssueCounter();
    try (CaptureReader r = CaptureReaders.open(Path.of("../testdata/pcaps", file), 0, issues)) {
      Copied f = CaptureBytes.drain(r).get(index);
      assertThat(f.ts()).isEqualTo(ts);
      assertThat(f.iface()).isEqualTo(iface);
      assertThat(f.len()).isEqualTo(len);
      assertThat(f.data()).hasSize(len);
    }
  }

  @Test
  void rotatedFilesAreReadOneAtATimeInOrder() throws Exception {
    int files = 200;
    List<Path> paths = new java.util.ArrayList<>();
    for (int i = 0; i < files; i++) {
      Pcap p = new Pcap();
      for (int k = 0; k < 3; k++) {
        p.record(1000 + i * 10L + k, 0, new byte[] {(byte) i, (byte) k});
      }
      paths.add(Files.write(dir.resolve(String.format(java.util.Locale.ROOT, "dump%03d", i)), p.bytes()));
    }
    paths.add(100, Files.write(dir.resolve("notes.txt"), new byte[] {'h', 'i', '!', '!', '!'}));
    java.util.Collections.reverse(paths);
    IssueCounter issues = new IssueCounter();
    try (CaptureReader r = CaptureReaders.openMerged(paths, issues)) {
      List<Copied> frames = CaptureBytes.drain(r);
      assertThat(frames).hasSize(files * 3);
      for (int n = 0; n < frames.size(); n++) {
        Copied f = frames.get(n);
        assertThat(f.ts()).isEqualTo((1000 + (n / 3) * 10L + n % 3) * 1_000_000_000L);
        assertThat(f.frameNumber()).isEqualTo(n % 3 + 1);
        assertThat(f.data()).containsExactly((byte) (n / 3), (byte) (n % 3));
        assertThat(f.sourceId()).isEqualTo(files - n / 3 - (n / 3 >= 100 ? 1 : 0));
      }
      assertThat(((MergedCaptureReader) r).maxOpenCount()).isLessThanOrEqualTo(2);
      assertThat(r.format()).isEqualTo("mixed");
      assertThat(r.linkTypes()).containsExactly(1);
    }
    assertThat(issues.get(IssueReason.CAPTURE_UNKNOWN_FORMAT)).isEqualTo(1);
    assertThat(issues.total()).isEqualTo(1);
  }
}
