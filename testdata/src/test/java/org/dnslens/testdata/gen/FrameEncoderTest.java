package org.dnslens.testdata.gen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameEncoderTest {

  private static final Peer A = Peer.of(0x0a_01_00_01, 1, 1);
  private static final Peer B = Peer.of(0x0a_00_00_35, 2, 2);

  @Test
  void smallUdpIsOneFrameWithValidChecksums() {
    List<byte[]> frames = FrameEncoder.udp(A, 40_000, B, 53, false, new byte[100], 7);

    assertThat(frames).hasSize(1);
    FrameChecks.Verdict verdict = FrameChecks.verify(frames.get(0));
    assertThat(verdict.ipv4()).isTrue();
    assertThat(verdict.fragment()).isFalse();
    assertThat(verdict.dstPort()).isEqualTo(53);
    assertThat(frames.get(0)).hasSize(14 + 20 + 8 + 100);
  }

  @Test
  void largestUnfragmentedPayloadFitsTheMtuAndOneMoreByteFragments() {
    int max = FrameEncoder.MAX_UNFRAGMENTED_UDP_PAYLOAD_BYTES;

    assertThat(FrameEncoder.udp(A, 53, B, 40_000, false, new byte[max], 1)).hasSize(1);
    List<byte[]> fragments = FrameEncoder.udp(A, 53, B, 40_000, false, new byte[max + 1], 1);

    assertThat(fragments).hasSize(2);
    assertThat(fragments.get(0)).hasSize(14 + 1500);
    assertThat(FrameChecks.u16(fragments.get(0), 20)).isEqualTo(0x2000); // MF, offset 0
    assertThat(FrameChecks.u16(fragments.get(1), 20)).isEqualTo(FrameEncoder.FRAGMENT_DATA_BYTES / 8);
    fragments.forEach(FrameChecks::verify);
  }

  @Test
  void ipv6UdpCarriesANonZeroChecksumAndRefusesToExceedTheMtu() {
    byte[] frame = FrameEncoder.udp(A, 40_000, B, 53, true, new byte[64], 0).get(0);

    assertThat(FrameChecks.verify(frame).ipv6()).isTrue();
    assertThatThrownBy(() -> FrameEncoder.udp(A, 53, B, 40_000, true, new byte[1_500], 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void tcpSegmentsHaveValidChecksumsAndSynCarriesMss() {
    byte[] syn = FrameEncoder.tcp(A, 40_000, B, 53, false, 1, 0, FrameEncoder.TCP_SYN, new byte[0], 0, 0, 3);
    byte[] data = FrameEncoder.tcp(A, 40_000, B, 53, true, 2, 9, FrameEncoder.TCP_PSH | FrameEncoder.TCP_ACK,
        new byte[] {0, 3, 1, 2, 3}, 0, 5, 4);

    assertThat(FrameChecks.verify(syn).tcp()).isTrue();
    assertThat(syn[14 + 20 + 12] & 0xff).isEqualTo(6 << 4); // data offset 24 bytes
    assertThat(FrameChecks.u16(syn, 14 + 20 + 22)).isEqualTo(FrameEncoder.TCP_MSS_BYTES);
    assertThat(FrameChecks.verify(data).tcp()).isTrue();
  }

  @Test
  void timelineRejectsFramesBeforeTheWatermarkAndWritesInTimeOrder() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TruthCounter truth = new TruthCounter();
    CaptureFileWriter writer = new CaptureFileWriter(out, CaptureFormat.PCAP, true);
    writer.writeFileHeader();
    PacketTimeline timeline = new PacketTimeline(writer, truth);
    byte[] frame = FrameEncoder.udp(A, 1, B, 53, false, new byte[12], 0).get(0);

    timeline.add(300, frame, null);
    timeline.add(100, frame, null);
    timeline.advanceTo(200);
    assertThatThrownBy(() -> timeline.add(150, frame, null)).isInstanceOf(IllegalStateException.class);
    timeline.add(250, frame, null);
    timeline.drain();

    assertThat(CaptureWalk.pcap(out.toByteArray())).extracting(CaptureWalk.Frame::epochNanos)
        .containsExactly(100L, 250L, 300L);
    assertThat(truth.freeze().packets()).isEqualTo(3);
  }
}
