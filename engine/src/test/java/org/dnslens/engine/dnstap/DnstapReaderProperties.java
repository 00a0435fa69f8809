package org.dnslens.engine.dnstap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.dnslens.engine.issue.IssueCounter;
import org.dnslens.engine.model.FrameRef;

/** Hostile Frame Streams bytes never throw; mutated real files neither. */
class DnstapReaderProperties {
  private static final byte[] REAL = read(Path.of("../testdata/pcaps/bind9/dnstap/dnstap.saved"));

  @Property(tries = 300)
  void arbitraryBytesNeverThrow(@ForAll @Size(max = 600) byte[] tail, @ForAll boolean withStart)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (withStart) {
      out.write(FrameStreams.controlFrame(FrameStreams.CONTROL_START, FrameStreams.DNSTAP_CONTENT_TYPE));
    }
    out.write(tail);
    drain(out.toByteArray());
  }

  @Property(tries = 300)
  void mutatedRealFileNeverThrows(
      @ForAll @IntRange(min = 0, max = 30397) int at, @ForAll byte value, @ForAll @IntRange(min = 1, max = 30398) int cut)
      throws IOException {
    byte[] b = REAL.clone();
    b[at % b.length] = value;
    byte[] shortened = java.util.Arrays.copyOf(b, Math.min(cut, b.length));
    long got = drain(shortened);
    assertThat(got).isLessThanOrEqualTo(96);
  }

  @Property(tries = 300)
  void arbitraryProtobufNeverThrows(@ForAll @Size(max = 300) byte[] payload) {
    new DnstapDecoder(new IssueCounter()).decode(payload, payload.length, new FrameRef(0, 1));
  }

  private static long drain(byte[] bytes) throws IOException {
    long n = 0;
    try (DnstapReader r = new DnstapReader(new ByteArrayInputStream(bytes), 0, new IssueCounter(), bytes.length)) {
      while (r.next() != null) {
        n++;
      }
    }
    return n;
  }

  private static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
