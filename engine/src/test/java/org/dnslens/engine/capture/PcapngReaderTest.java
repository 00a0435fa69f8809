package org.dnslens.engine.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dnslens.engine.capture.CaptureBytes.readPcapng;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.dnslens.engine.capture.CaptureBytes.Copied;
import org.dnslens.engine.capture.CaptureBytes.Pcapng;
import org.dnslens.engine.issue.IssueCounter;
import org.dnslens.engine.model.IssueReason;
import org.junit.jupiter.api.Test;

class PcapngReaderTest {
  private static final byte[] A = {1, 2, 3, 4, 5};
  private static final byte[] B = {9, 8, 7, 6};
  private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
  private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;

  private static Pcapng le() {
    return new Pcapng().section(LE);
  }

  @Test
  void readsEnhancedPacketsWithMicrosecondDefault() throws Exception {
    IssueCounter issues = new IssueCounter();
    List<Copied> frames = readPcapng(le().idb(1).epb(0, 1_500_000L, A).epb(0, 1_500_001L, B).bytes(), issues);
    assertThat(frames).hasSize(2);
    assertThat(frames.get(0).ts()).isEqualTo(1_500_000_000L);
    assertThat(frames.get(0).data()).containsExactly(A);
    assertThat(frames.get(1).frameNumber()).isEqualTo(2);
    assertThat(frames.get(1).data()).containsExactly(B);
    assertThat(issues.total()).isZero();
  }

  @Test
  void eachFrameCarriesItsInterfaceLinkType() throws Exception {
    IssueCounter issues = new IssueCounter();
    byte[] bytes = le().idb(1).idb(101).idb(113).epb(2, 1, A).epb(0, 2, A).epb(1, 3, B).bytes();
    try (PcapngReader r = PcapngReader.of(bytes, 7, issues)) {
      List<Copied> frames = CaptureBytes.drain(r);
      assertThat(frames).extracting(Copied::linkType).containsExactly(113, 1, 101);
      assertThat(frames).extracting(Copied::iface).containsExactly(2, 0, 1);
      assertThat(frames).extracting(Copied::sourceId).containsOnly(7);
      assertThat(r.linkTypes()).containsExactly(1, 101, 113);
    }
  }

  @Test
  void sectionsMayChangeByteOrderAndResetInterfaces() throws Exception {
    IssueCounter issues = new IssueCounter();
    byte[] bytes =
        new Pcapng()
            .section(BE).idb(1).idb(101).epb(1, 1, A)
            .section(LE).idb(113).epb(0, 2, B).epb(1, 3, A)
            .bytes();
    List<Copied> frames = readPcapng(bytes, issues);
    assertThat(frames).extracting(Copied::linkType).containsExactly(101, 113);
    assertThat(frames.get(1).data()).containsExactly(B);
    assertThat(frames).extracting(Copied::frameNumber).containsExactly(1L, 2L);
    assertThat(issues.get(IssueReason.PCAPNG_UNKNOWN_INTERFACE)).isEqualTo(1);
  }

  @Test
  void appliesDecimalAndBinaryResolutionsAndOffset() throws Exception {
    Pcapng p = le();
    byte[] nanosOpt = p.option(9, new byte[] {9});
    byte[] binaryOpt = p.option(9, new byte[] {(byte) (0x80 | 20)});
    byte[] offsetOpt = p.option(14, 100L);
    byte[] both = concat(binaryOpt, offsetOpt);
    IssueCounter issues = new IssueCounter();
    byte[] bytes =
        p.idb(1, 0, nanosOpt).idb(1, 0, both)
            .epb(0, 1_234_567_890_123L, A)
            .epb(1, (5L << 20) | (1L << 19), A)
            .bytes();
    List<Copied> frames = readPcapng(bytes, issues);
    assertThat(frames.get(0).ts()).isEqualTo(1_234_567_890_123L);
    assertThat(frames.get(1).ts()).isEqualTo(105_500_000_000L);
    assertThat(issues.total()).isZero();
  }

  @Test
  void resolutionBeyondLimitsIsABadOption() throws Exception {
    Pcapng p = le();
    IssueCounter issues = new IssueCounter();
    byte[] bytes =
        p.idb(1, 0, p.option(9, new byte[] {19}))
            .idb(1, 0, p.option(9, new byte[] {(byte) (0x80 | 64)}))
            .idb(1, 0, p.option(9, new byte[] {18}))
            .idb(1, 0, p.option(9, new byte[] {(byte) (0x80 | 63)}))
            .epb(0, 7_000_000L, A).epb(1, 1, A).epb(2, 1_000_000_000_000_000_000L, A).epb(3, -1L, A)
            .bytes();
    List<Copied> frames = readPcapng(bytes, issues);
    assertThat(frames).hasSize(4);
    assertThat(frames.get(0).ts()).isEqualTo(7_000_000_000L);
    assertThat(frames.get(2).ts()).isEqualTo(1_000_000_000L);
    assertThat(frames.get(3).ts()).isEqualTo(1_999_999_999L);
    assertThat(issues.get(IssueReason.PCAPNG_BAD_OPTION)).isEqualTo(2);
  }

  @Test
  void malformedOptionIsCountedAndInterfaceKept() throws Exception {
    Pcapng p = le();
    byte[] bad = p.option(2, new byte[] {'x', 'y', 'z', 'w'});
    bad[2] = 40;
    IssueCounter issues = new IssueCounter();
    assertThat(readPcapng(p.idb(1, 0, bad).epb(0, 1, A).bytes(), issues)).hasSize(1);
    assertThat(issues.get(IssueReason.PCAPNG_BAD_OPTION)).isEqualTo(1);
  }

  @Test
  void simplePacketUsesInterfaceZeroAndSnaplen() throws Exception {
    IssueCounter issues = new IssueCounter();
    byte[] bytes = le().idb(1, 3, new byte[0]).idb(101).epb(1, 2_000_000L, B).spb(1500, A).bytes();
    List<Copied> frames = readPcapng(bytes, issues);
    assertThat(frames).hasSize(2);
    Copied spb = frames.get(1);
    assertThat(spb.linkType()).isEqualTo(1);
    assertThat(spb.iface()).isZero();
    assertThat(spb.data()).containsExactly(1, 2, 3);
    assertThat(spb.len()).isEqualTo(1500);
    assertThat(spb.ts()).isEqualTo(2_000_000_000L);
  }

  @Test
  void simplePacketCaplenIsBoundedByItsBlock() throws Exception {
    IssueCounter issues = new IssueCounter();
    List<Copied> frames = readPcapng(le().idb(1).spb(3, A).bytes(), issues);
    assertThat(frames.get(0).data()).containsExactly(1, 2, 3);
    frames = readPcapng(le().idb(1).spb(100, A).bytes(), issues);
    assertThat(frames.get(0).data()).hasSize(8);
    assertThat(issues.total()).isZero();
  }

  @Test
  void readsObsoletePacketBlock() throws Exception {
    IssueCounter issues = new IssueCounter();
    List<Copied> frames = readPcapng(le().idb(1).idb(105).opb(1, 42, A).bytes(), issues);
    assertThat(frames).hasSize(1);
    assertThat(frames.get(0).linkType()).isEqualTo(105);
    assertThat(frames.get(0).ts()).isEqualTo(42_000L);
    assertThat(frames.get(0).data()).containsExactly(A);
  }

  @Test
  void packetForUnknownInterfaceIsSkipped() throws Exception {
    IssueCounter issues = new IssueCounter();
    List<Copied> frames = readPcapng(le().idb(1).epb(5, 1, A).epb(0, 2, B).bytes(), issues);
    assertThat(frames).hasSize(1);
    assertThat(frames.get(0).frameNumber()).isEqualTo(1);
    assertThat(issues.get(IssueReason.PCAPNG_UNKNOWN_INTERFACE)).isEqualTo(1);
    issues = new IssueCounter();
    assertThat(readPcapng(le().spb(5, A).bytes(), issues)).isEmpty();
    assertThat(issues.get(IssueReason.PCAPNG_UNKNOWN_INTERFACE)).isEqualTo(1);
  }

  @Test
  void packetDataPastItsBlockIsSkipped() throws Exception {
    IssueCounter issues = new IssueCounter();
    byte[] bytes = le().idb(1).epb(0, 1, 100, 100, A).epb(0, 2, B).bytes();
    assertThat(readPcapng(bytes, issues)).hasSize(1);
    assertThat(issues.get(IssueReason.PCAPNG_PACKET_BEYOND_BLOCK)).isEqualTo(1);
  }

  @Test
  void blockLengthBelow12StopsSafely() throws Exception {
    for (int len : new int[] {0, 4, 8}) {
      IssueCounter issues = new IssueCounter();
      byte[] bytes = le().idb(1).epb(0, 1, A).rawBlock(PcapngReader.EPB, len, new byte[0], len).epb(0, 2, A).bytes();
      assertThat(readPcapng(bytes, issues)).as("length %d", len).hasSize(1);
      assertThat(issues.get(IssueReason.PCAPNG_BAD_BLOCK_LENGTH)).isEqualTo(1);
    }
  }

  @Test
  void unalignedBlockLengthStopsSafely() throws Exception {
    IssueCounter issues = new IssueCounter();
    byte[] bytes = le().idb(1).epb(0, 1, A).rawBlock(0x99, 13, new byte[1], 13).bytes();
    assertThat(readPcapng(bytes, issues)).hasSize(1);
    assertThat(issues.get(IssueReason.PCAPNG_BAD_BLOCK_LENGTH)).isEqualTo(1);
  }

  @Test
  void hugeBlockLengthNeverAllocates() throws Exception {
    IssueCounter issues = new IssueCounter();
    byte[] bytes = le().idb(1).epb(0, 1, A).rawBlock(PcapngReader.EPB, 0xFFFF_FFF0, new byte[20], 0).bytes();
    assertThat(readPcapng(bytes, issues)).hasSize(1);
    assertThat(issues.get(IssueReason.PCAPNG_BAD_BLOCK_LENGTH)).isEqualTo(1);
  }

  @Test
  void blockAtTheLimitIsReadAndOneAboveIsNot() throws Exception {
    int max = PcapngReader.MAX_PCAPNG_BLOCK_BYTES;
    byte[] data = new byte[max - 32];
    data[data.length - 1] = 77;
    IssueCounter issues = new IssueCounter();
    List<Copied> frames = readPcapng(le().idb(1).epb(0, 1, data).epb(0, 2, A).bytes(), issues);
    assertThat(frames).hasSize(2);
    assertThat(frames.get(0).data()).hasSize(max - 32).endsWith((byte) 77);
    assertThat(issues.total()).isZero();

    for (int over : new int[] {max + 1, max + 4}) {
      IssueCounter overIssues = new IssueCounter();
      byte[] bytes = le().idb(1).epb(0, 1, A).rawBlock(PcapngReader.EPB, over, new byte[20], over).bytes();
      assertThat(readPcapng(bytes, overIssues)).hasSize(1);
      assertThat(overIssues.get(IssueReason.PCAPNG_BAD_BLOCK_LENGTH)).isEqualTo(1);
    }
  }

  @Test
  void trailingLengthMismatchStops() throws Exception {
    IssueCounter issues = new IssueCounter();
    byte[] bytes = le().idb(1).epb(0, 1, A).rawBlock(0x99, 16, new byte[4], 20).epb(0, 2, A).bytes();
    assertThat(readPcapng(bytes, issues)).hasSize(1);
    assertThat(issues.get(IssueReason.PCAPNG_BAD_BLOCK_LENGTH)).isEqualTo(1);
  }

  @Test
  void truncatedBlockAtEndKeepsEarlierFrames() throws Exception {
    byte[] whole = le().idb(1).epb(0, 1, A).epb(0, 2, B).bytes();
    int lastBlock = 12 + 20 + B.length;
    for (int cut = 1; cut < lastBlock; cut++) {
      IssueCounter issues = new IssueCounter();
      List<Copied> frames = readPcapng(Arrays.copyOf(whole, whole.length - cut), issues);
      assertThat(frames).as("cut %d", cut).hasSize(1);
      assertThat(issues.get(IssueReason.PCAPNG_TRUNCATED_BLOCK)).as("cut %d", cut).isEqualTo(1);
    }
  }

  @Test
  void unknownBlockTypeIsCountedOncePerType() throws Exception {
    IssueCounter issues = new IssueCounter();
    byte[] bytes =
        le().idb(1).block(0x77, new byte[4]).block(0x77, new byte[4]).block(0x78, new byte[0])
            .block(PcapngReader.ISB, new byte[12]).epb(0, 1, A).bytes();
    assertThat(readPcapng(bytes, issues)).hasSize(1);
    assertThat(issues.get(IssueReason.PCAPNG_UNKNOWN_BLOCK)).isEqualTo(2);
  }

  @Test
  void distinctUnknownBlockTypesAreReportedUpToTheLimit() throws Exception {
    int max = PcapngReader.MAX_REPORTED_UNKNOWN_BLOCK_TYPES;
    Pcapng atMax = le().idb(1);
    Pcapng overMax = le().idb(1);
    for (int t = 0; t < max; t++) {
      atMax.block(0x1000 + t, new byte[0]);
      overMax.block(0x1000 + t, new byte[0]);
    }
    overMax.block(0x2000, new byte[0]);
    IssueCounter issues = new IssueCounter();
    assertThat(readPcapng(atMax.epb(0, 1, A).bytes(), issues)).hasSize(1);
    assertThat(issues.get(IssueReason.PCAPNG_UNKNOWN_BLOCK)).isEqualTo(max);
    issues = new IssueCounter();
    assertThat(readPcapng(overMax.epb(0, 1, A).bytes(), issues)).hasSize(1);
    assertThat(issues.get(IssueReason.PCAPNG_UNKNOWN_BLOCK)).isEqualTo(max);
  }

  @Test
  void badByteOrderMagicOrVersionIsABadSectionHeader() throws Exception {
    byte[] bytes = le().idb(1).epb(0, 1, A).bytes();
    byte[] badMagic = bytes.clone();
    badMagic[8] = 0;
    IssueCounter issues = new IssueCounter();
    assertThat(readPcapng(badMagic, issues)).isEmpty();
    assertThat(issues.get(IssueReason.PCAPNG_BAD_SECTION_HEADER)).isEqualTo(1);
    byte[] badVersion = bytes.clone();
    badVersion[12] = 2;
    issues = new IssueCounter();
    assertThat(readPcapng(badVersion, issues)).isEmpty();
    assertThat(issues.get(IssueReason.PCAPNG_BAD_SECTION_HEADER)).isEqualTo(1);
  }

  @Test
  void interfacesBeyondTheLimitAreIgnoredAndCountedOnce() throws Exception {
    Pcapng p = le();
    for (int i = 0; i < PcapngReader.MAX_PCAPNG_INTERFACES + 2; i++) {
      p.idb(i == PcapngReader.MAX_PCAPNG_INTERFACES - 1 ? 101 : 1);
    }
    p.epb(PcapngReader.MAX_PCAPNG_INTERFACES - 1, 1, A).epb(PcapngReader.MAX_PCAPNG_INTERFACES, 1, A);
    IssueCounter issues = new IssueCounter();
    List<Copied> frames = readPcapng(p.bytes(), issues);
    assertThat(frames).extracting(Copied::linkType).containsExactly(101);
    assertThat(issues.get(IssueReason.PCAPNG_TOO_MANY_INTERFACES)).isEqualTo(1);
    assertThat(issues.get(IssueReason.PCAPNG_UNKNOWN_INTERFACE)).isEqualTo(1);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
