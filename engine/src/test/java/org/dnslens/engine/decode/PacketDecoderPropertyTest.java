package org.dnslens.engine.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.dnslens.engine.capture.Frame;
import org.dnslens.engine.issue.IssueCounter;
import org.dnslens.engine.model.IssueReason;

class PacketDecoderPropertyTest {

  @Provide
  Arbitrary<Integer> linkTypes() {
    return Arbitraries.of(java.util.Arrays.stream(SampleFrames.LINK_TYPES).boxed().toList());
  }

  @Property(tries = 3000)
  void arbitraryBytesUnderEveryLinkTypeNeverBreakTheDecoder(
      @ForAll("linkTypes") int linkType, @ForAll @Size(max = 200) byte[] data) {
    IssueCounter issues = new IssueCounter();
    PacketDecoder d = new PacketDecoder(DecoderConfig.defaults(), issues, m -> {});
    d.decode(new Frame(1, 1, 0, linkType, 0, ByteBuffer.wrap(data).asReadOnlyBuffer(), data.length));
    d.finish();
    assertThat(issues.get(IssueReason.INTERNAL_MISSING_BOUNDS_CHECK)).isZero();
  }

  @Provide
  Arbitrary<byte[][]> mutatedSamples() {
    List<SampleFrames.Sample> samples = SampleFrames.all();
    return Combinators.combine(
            Arbitraries.integers().between(0, samples.size() - 1),
            Arbitraries.integers().between(0, 1 << 20).list().ofMaxSize(6),
            Arbitraries.bytes().list().ofSize(6))
        .as((i, positions, values) -> {
          SampleFrames.Sample s = samples.get(i);
          byte[] d = s.data().clone();
          for (int k = 0; k < positions.size(); k++) {
            d[positions.get(k) % d.length] = values.get(k);
          }
          return new byte[][] {{(byte) i.intValue()}, d};
        });
  }

  /** Valid frames with a few bytes changed reach far deeper than random bytes do. */
  @Property(tries = 3000)
  void mutatedValidFramesNeverBreakTheDecoder(@ForAll("mutatedSamples") byte[][] sample) {
    int linkType = SampleFrames.all().get(sample[0][0]).linkType();
    byte[] data = sample[1];
    IssueCounter issues = new IssueCounter();
    PacketDecoder d = new PacketDecoder(DecoderConfig.defaults(), issues, m -> {});
    for (int n = 1; n <= 2; n++) { // twice: the second copy meets TCP/fragment state left by the first
      d.decode(new Frame(1, n, n, linkType, 0, ByteBuffer.wrap(data).asReadOnlyBuffer(), data.length));
    }
    d.finish();
    assertThat(issues.get(IssueReason.INTERNAL_MISSING_BOUNDS_CHECK)).isZero();
  }
}
