package org.dnslens.engine.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.dnslens.engine.capture.CaptureBytes.Copied;
import org.dnslens.engine.capture.CaptureBytes.Pcap;
import org.dnslens.engine.issue.IssueCounter;
import org.dnslens.engine.model.IssueReason;

/** Readers never throw on hostile bytes, and what a writer puts in a pcap comes back out. */
class CaptureReaderProperties {
  private static final List<String> SEEDS =
      List.of(
          "../testdata/pcaps/zeek/pcapng-multi-interface.pcapng",
          "../testdata/pcaps/ndpi/avast_securedns.pcapng",
          "../testdata/pcaps/tcpdump/LINKTYPE_IPV4.pcap",
          "../testdata/pcaps/ndpi/someip_sd_sample.pcap");

  private static final byte[][] PREFIXES = {
    new Pcap().bytes(),
    new Pcap(ByteOrder.BIG_ENDIAN, PcapReader.MAGIC_NANOS, 65535, 1).bytes(),
    new Pcap(ByteOrder.LITTLE_ENDIAN, PcapReader.MAGIC_MODIFIED, 0, 1).bytes(),
    new CaptureBytes.Pcapng().section(ByteOrder.LITTLE_ENDIAN).idb(1).bytes(),
    new CaptureBytes.Pcapng().section(ByteOrder.BIG_ENDIAN).bytes(),
    {},
  };

  /** Reads bytes through every entry point, as the ingest boundary would, and returns its counter. */
  static IssueCounter readEverywhere(byte[] bytes) {
    IssueCounter issues = new IssueCounter();
    try {
      try (PcapReader r = PcapReader.of(bytes, 0, issues)) {
        drainChecked(r);
      }
      try (PcapngReader r = PcapngReader.of(bytes, 0, issues)) {
        drainChecked(r);
      }
      try (CaptureReader r = CaptureReaders.open(new ByteArrayInputStream(bytes), 0, issues)) {
        drainChecked(r);
      }
      try (CaptureReader r =
          CaptureReaders.open(new ByteArrayInputStream(CaptureBytes.gzip(bytes)), 0, issues)) {
        drainChecked(r);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory bytes cannot fail to read", e);
    } catch (IndexOutOfBoundsException | java.nio.BufferUnderflowException e) {
      // The pipeline boundary's last resort; the properties fail if it is ever reached.
      issues.countOnly(IssueReason.INTERNAL_MISSING_BOUNDS_CHECK, 1);
    }
    return issues;
  }

  static void drainChecked(CaptureReader r) throws IOException {
    long last = 0;
    for (Frame f = r.next(); f != null; f = r.next()) {
      assertThat(f.frameNumber()).isEqualTo(last + 1);
      assertThat(f.data().isReadOnly()).isTrue();
      assertThat(f.originalLength()).isNotNegative();
      last = f.frameNumber();
    }
    assertThat(r.next()).isNull();
  }

  @Property(tries = 500)
  void arbitraryBytesAfterAValidHeaderNeverThrow(
      @ForAll @IntRange(min = 0, max = 5) int prefix, @ForAll @Size(max = 600) byte[] tail) {
    byte[] head = PREFIXES[prefix];
    byte[] bytes = Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, bytes, head.length, tail.length);
    assertThat(readEverywhere(bytes).get(IssueReason.INTERNAL_MISSING_BOUNDS_CHECK)).isZero();
  }

  @Property(tries = 300)
  void mutatedRealCapturesNeverThrow(@ForAll("mutatedCaptures") byte[] bytes) {
    assertThat(readEverywhere(bytes).get(IssueReason.INTERNAL_MISSING_BOUNDS_CHECK)).isZero();
  }

  @Provide
  Arbitrary<byte[]> mutatedCaptures() {
    Arbitrary<byte[]> seed = Arbitraries.of(SEEDS).map(CaptureReaderProperties::read);
    Arbitrary<List<int[]>> edits =
        Combinators.combine(
                Arbitraries.integers().between(0, 1 << 20),
                Arbitraries.integers().between(0, 255))
            .as((at, value) -> new int[] {at, value})
            .list()
            .ofMaxSize(8);
    Arbitrary<Integer> cut = Arbitraries.integers().between(0, 100);
    return Combinators.combine(seed, edits, cut)
        .as(
            (s, e, c) -> {
              byte[] b = Arrays.copyOf(s, Math.max(0, s.length - (c < 70 ? 0 : c * 7)));
              for (int[] edit : e) {
                if (b.length > 0) {
                  b[edit[0] % b.length] = (byte) edit[1];
                }
              }
              return b;
            });
  }

  @Property(tries = 200)
  void writtenRecordsComeBackUnchanged(
      @ForAll @Size(max = 20) List<@Size(max = 300) byte[]> packets,
      @ForAll @IntRange(min = 0, max = 2_000_000_000) int firstSecond) throws IOException {
    Pcap pcap = new Pcap();
    for (int i = 0; i < packets.size(); i++) {
      pcap.record(firstSecond + i, i, packets.get(i));
    }
    IssueCounter issues = new IssueCounter();
    List<Copied> frames = CaptureBytes.readPcap(pcap.bytes(), issues);
    assertThat(frames).hasSameSizeAs(packets);
    for (int i = 0; i < packets.size(); i++) {
      assertThat(frames.get(i).data()).isEqualTo(packets.get(i));
      assertThat(frames.get(i).ts()).isEqualTo((firstSecond + i) * 1_000_000_000L + i * 1_000L);
    }
    assertThat(issues.total()).isZero();
  }

  private static byte[] read(String path) {
    try {
      return Files.readAllBytes(Path.of(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
