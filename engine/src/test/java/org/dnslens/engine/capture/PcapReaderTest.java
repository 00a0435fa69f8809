package org.dnslens.engine.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dnslens.engine.capture.CaptureBytes.readPcap;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.dnslens.engine.capture.CaptureBytes.Copied;
import org.dnslens.engine.capture.CaptureBytes.Pcap;
import org.dnslens.engine.issue.IssueCounter;
import org.dnslens.engine.model.IssueReason;
import org.junit.jupiter.api.Test;

class PcapReaderTest {
  private static final byte[] A = {1, 2, 3, 4, 5};
  private static final byte[] B = {9, 8, 7};

  @Test
  void readsLittleEndianMicrosecondsWithOneBasedFrameNumbers() throws Exception {
    IssueCounter issues = new IssueCounter();
    List<Copied> frames = readPcap(new Pcap().record(10, 20, A).record(11, 999_999, B).bytes(), issues);
    assertThat(frames).hasSize(2);
    assertThat(frames.get(0).frameNumber()).isEqualTo(1);
    assertThat(frames.get(0).ts()).isEqualTo(10_000_020_000L);
    assertThat(frames.get(0).data()).containsExactly(A);
    assertThat(frames.get(1).frameNumber()).isEqualTo(2);
    assertThat(frames.get(1).ts()).isEqualTo(11_999_999_000L);
    assertThat(frames.get(1).linkType()).isEqualTo(1);
    assertThat(issues.total()).isZero();
  }

  @Test
  void readsBigEndianNanoseconds() throws Exception {
    IssueCounter issues = new IssueCounter();
    byte[] bytes = new Pcap(ByteOrder.BIG_ENDIAN, PcapReader.MAGIC_NANOS, 65535, 101).record(3, 7, A).bytes();
    List<Copied> frames = readPcap(bytes, issues);
    assertThat(frames).hasSize(1);
    assertThat(frames.get(0).ts()).isEqualTo(3_000_000_007L);
    assertThat(frames.get(0).linkType()).isEqualTo(101);
    assertThat(issues.total()).isZero();
  }

  @Test
  void masksFcsBitsOffTheLinkType() throws Exception {
    int withFcs = 1 | (1 << 26) | (2 << 28);
    byte[] bytes = new Pcap(ByteOrder.LITTLE_ENDIAN, PcapReader.MAGIC_MICROS, 65535, withFcs).record(1, 0, A).bytes();
    try (PcapReader r = PcapReader.of(bytes, 0, new IssueCounter())) {
      assertThat(r.next().linkType()).isEqualTo(1);
      assertThat(r.linkTypes()).containsExactly(1);
      assertThat(r.format()).isEqualTo("pcap");
    }
  }

  @Test
  void keepsCaplenAboveSnaplenAndCountsIt() throws Exception {
    IssueCounter issues = new IssueCounter();
    byte[] bytes = new Pcap(ByteOrder.LITTLE_ENDIAN, PcapReader.MAGIC_MICROS, 4, 1).record(1, 0, A).bytes();
    assertThat(readPcap(bytes, issues)).hasSize(1);
    assertThat(issues.get(IssueReason.PCAP_CAPLEN_ABOVE_SNAPLEN)).isEqualTo(1);
  }

  @Test
  void keepsCaplenAboveOriginalLengthAndCountsIt() throws Exception {
    IssueCounter issues = new IssueCounter();
    List<Copied> frames = readPcap(new Pcap().record(1, 0, 5, 3, A).bytes(), issues);
    assertThat(frames).hasSize(1);
    assertThat(frames.get(0).len()).isEqualTo(3);
    assertThat(issues.get(IssueReason.PCAP_CAPLEN_ABOVE_LEN)).isEqualTo(1);
  }

  @Test
  void snaplenTruncationIsNotAnIssueHere() throws Exception {
    IssueCounter issues = new IssueCounter();
    List<Copied> frames = readPcap(new Pcap().record(1, 0, 5, 1500, A).bytes(), issues);
    assertThat(frames.get(0).len()).isEqualTo(1500);
    assertThat(frames.get(0).data()).hasSize(5);
    assertThat(issues.total()).isZero();
  }

  @Test
  void caplenAtTheLimitIsRead() throws Exception {
    IssueCounter issues = new IssueCounter();
    byte[] big = new byte[PcapReader.MAX_PCAP_CAPLEN_BYTES];
    big[big.length - 1] = 42;
    byte[] bytes = new Pcap(ByteOrder.LITTLE_ENDIAN, PcapReader.MAGIC_MICROS, 0, 1).record(1, 0, big).record(2, 0, A).bytes();
    List<Copied> frames = readPcap(bytes, issues);
    assertThat(frames).hasSize(2);
    assertThat(frames.get(0).data()).hasSize(PcapReader.MAX_PCAP_CAPLEN_BYTES).endsWith((byte) 42);
    assertThat(issues.total()).isZero();
  }

  @Test
  void caplenAboveTheLimitStopsAfterEarlierFrames() throws Exception {
    IssueCounter issues = new IssueCounter();
    byte[] big = new byte[PcapReader.MAX_PCAP_CAPLEN_BYTES + 1];
    byte[] bytes = new Pcap(ByteOrder.LITTLE_ENDIAN, PcapReader.MAGIC_MICROS, 0, 1).record(1, 0, A).record(2, 0, big).record(3, 0, A).bytes();
    assertThat(readPcap(bytes, issues)).hasSize(1);
    assertThat(issues.get(IssueReason.PCAP_CAPLEN_TOO_LARGE)).isEqualTo(1);
  }

  @Test
  void hugeCaplenClaimDoesNotAllocate() throws Exception {
    IssueCounter issues = new IssueCounter();
    byte[] bytes = new Pcap().record(1, 0, 0xFFFF_FFF0L, 0xFFFF_FFF0L, A).bytes();
    assertThat(readPcap(bytes, issues)).isEmpty();
    assertThat(issues.get(IssueReason.PCAP_CAPLEN_TOO_LARGE)).isEqualTo(1);
  }

  @Test
  void truncatedLastRecordKeepsEverythingBefore() throws Exception {
    byte[] whole = new Pcap().record(1, 0, A).record(2, 0, B).record(3, 0, A).bytes();
    for (int cut = 1; cut < 16 + A.length; cut++) {
      IssueCounter issues = new IssueCounter();
      List<Copied> frames = readPcap(Arrays.copyOf(whole, whole.length - cut), issues);
      assertThat(frames).as("cut %d", cut).hasSize(2);
      assertThat(issues.get(IssueReason.PCAP_TRUNCATED_RECORD)).as("cut %d", cut).isEqualTo(1);
    }
  }

  @Test
  void headerShorterThan24BytesIsCounted() throws Exception {
    byte[] header = new Pcap().bytes();
    for (int n = 0; n < 24; n++) {
      IssueCounter issues = new IssueCounter();
      assertThat(readPcap(Arrays.copyOf(header, n), issues)).isEmpty();
      assertThat(issues.get(IssueReason.PCAP_TRUNCATED_FILE_HEADER)).as("length %d", n).isEqualTo(1);
    }
    IssueCounter issues = new IssueCounter();
    assertThat(readPcap(header, issues)).isEmpty();
    assertThat(issues.total()).isZero();
  }

  @Test
  void issueCarriesFrameNumberAndOffsetNotBytes() throws Exception {
    List<org.dnslens.engine.model.DecodeIssue> seen = new java.util.ArrayList<>();
    IssueCounter issues = new IssueCounter(seen::add);
    byte[] bytes = new Pcap().record(1, 0, A).record(2, 0, 5, 3, A).bytes();
    readPcap(bytes, issues);
    assertThat(seen).hasSize(1);
    assertThat(seen.get(0).frame().frameNumber()).isEqualTo(2);
    assertThat(seen.get(0).detail()).isEqualTo("offset " + (24 + 16 + 5));
  }

  @Test
  void readsKuznetzovModifiedRecordsWithTheirLongerHeader() throws Exception {
    byte[] extra = {0, 0, 0, 2, 0, 8, 0, 0};
    Pcap p = new Pcap(ByteOrder.LITTLE_ENDIAN, PcapReader.MAGIC_MODIFIED, 65535, 1);
    p.raw(new byte[] {5, 0, 0, 0, 9, 0, 0, 0, 5, 0, 0, 0, 5, 0, 0, 0}).raw(extra).raw(A);
    IssueCounter issues = new IssueCounter();
    List<Copied> frames = readPcap(p.bytes(), issues);
    assertThat(frames).hasSize(1);
    assertThat(frames.get(0).ts()).isEqualTo(5_000_009_000L);
    assertThat(frames.get(0).data()).containsExactly(A);
    assertThat(issues.total()).isZero();
  }

  @Test
  void factoryReportsATruncatedHeaderOfAFileWithPcapMagic(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path file = java.nio.file.Files.write(dir.resolve("short"), Arrays.copyOf(new Pcap().bytes(), 10));
    IssueCounter issues = new IssueCounter();
    try (CaptureReader r = CaptureReaders.open(file, 0, issues)) {
      assertThat(r.next()).isNull();
      assertThat(r.format()).isEqualTo("pcap");
    }
    assertThat(issues.get(IssueReason.PCAP_TRUNCATED_FILE_HEADER)).isEqualTo(1);
    assertThat(issues.total()).isEqualTo(1);
  }
}
