package org.dnslens.engine.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The captures' sha256 made on their own thread: right digests, failures kept to their capture. */
class SourceDigestsTest {
  private static final Path CAPTURES = Path.of("../testdata/pcaps");

  @Test
  void digestsAreTheFilesSha256InAnyOrderAsked(@TempDir Path dir) throws Exception {
    Path pcap = CAPTURES.resolve("zeek/dns-caa.pcap");
    Path dnstap = CAPTURES.resolve("go-dnscollector/dnstap/dnstap.fstrm");
    List<SourceInfo> sources = new IngestPipeline(IngestPipeline.Config.defaults()).describe(List.of(pcap, dnstap));
    assertThat(sources).extracting(SourceInfo::sha256).containsOnlyNulls(); // described without hashing
    try (SourceDigests digests = SourceDigests.start(sources)) {
      assertThat(digests.sha256(1)).isEqualTo(sha256(dnstap));
      assertThat(digests.sha256(0)).isEqualTo(sha256(pcap)).isEqualTo(IngestPipeline.sha256(pcap));
    }
  }

  @Test
  void anUnreadableFileFailsOnlyItsOwnDigest(@TempDir Path dir) throws Exception {
    Path present = Files.write(dir.resolve("present.pcap"), new byte[] {1, 2, 3});
    Path gone = dir.resolve("gone.pcap");
    List<SourceInfo> sources =
        List.of(
            new SourceInfo(0, gone, "gone.pcap", null, 10),
            new SourceInfo(1, present, "present.pcap", null, 3),
            new SourceInfo(2, null, "live:lo", null, -1),
            new SourceInfo(3, present, "known.pcap", "ab".repeat(32), 3));
    try (SourceDigests digests = SourceDigests.start(sources)) {
      assertThatThrownBy(() -> digests.sha256(0)).isInstanceOf(IOException.class).hasMessageContaining("gone.pcap");
      assertThat(digests.sha256(1)).isEqualTo(sha256(present));
      assertThat(digests.sha256(2)).as("no file, no digest").isNull();
      assertThat(digests.sha256(3)).as("a digest the source came with is kept").isEqualTo("ab".repeat(32));
    }
  }

  @Test
  void nothingIsHashedBeforeHashNowOrAnAskedDigest(@TempDir Path dir) throws Exception {
    Path f = Files.write(dir.resolve("late.pcap"), new byte[] {1, 2, 3});
    try (SourceDigests digests = SourceDigests.start(List.of(new SourceInfo(0, f, "late.pcap", null, 3)))) {
      Thread.sleep(300); // an eager thread would have hashed three bytes by now
      Files.write(f, new byte[] {4, 5, 6});
      digests.hashNow();
      assertThat(digests.sha256(0)).as("hashed after hashNow, so the bytes written before it").isEqualTo(sha256(f));
    }
  }

  @Test
  void progressStartsHashingOnceAQuarterOfTheBytesAreRead(@TempDir Path dir) throws Exception {
    Path f = Files.write(dir.resolve("quarter.pcap"), new byte[] {1, 2, 3});
    List<Long> seen = new ArrayList<>();
    try (SourceDigests digests = SourceDigests.start(List.of(new SourceInfo(0, f, "quarter.pcap", null, 3)))) {
      IngestPipeline.Progress progress = digests.hashingFrom((read, total, frames, messages, tx) -> seen.add(read));
      progress.update(24, 100, 1, 1, 1);
      Thread.sleep(300); // had 24 % started the hashing, the three bytes would be hashed by now
      Files.write(f, new byte[] {4, 5, 6});
      progress.update(25, 100, 2, 2, 2);
      assertThat(digests.sha256(0)).as("hashed from 25 %, so the bytes written before it").isEqualTo(sha256(f));
    }
    assertThat(seen).as("every update is passed on").containsExactly(24L, 25L);
  }

  @Test
  void aDigestAskedForBeforeHashNowIsMadeThen(@TempDir Path dir) throws Exception {
    Path f = Files.write(dir.resolve("asked.pcap"), new byte[] {7, 8});
    try (SourceDigests digests = SourceDigests.start(List.of(new SourceInfo(0, f, "asked.pcap", null, 2)))) {
      assertThat(digests.sha256(0)).isEqualTo(sha256(f)); // does not wait for a hashNow that never comes
    }
  }

  @Test
  void closedBeforeHashingBeganEveryDigestFails(@TempDir Path dir) throws Exception {
    Path f = Files.write(dir.resolve("closed.pcap"), new byte[] {9});
    SourceDigests digests = SourceDigests.start(List.of(new SourceInfo(0, f, "closed.pcap", null, 1)));
    digests.close();
    assertThatThrownBy(() -> digests.sha256(0)).isInstanceOf(IOException.class);
  }

  @Test
  void noneHasNoDigestsAndIdsMustBePositions(@TempDir Path dir) throws Exception {
    assertThat(SourceDigests.NONE.sha256(0)).isNull();
    Path f = Files.write(dir.resolve("f.pcap"), new byte[] {1});
    assertThatThrownBy(() -> SourceDigests.start(List.of(new SourceInfo(1, f, "f.pcap", null, 1))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
