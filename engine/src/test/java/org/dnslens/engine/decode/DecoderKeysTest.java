package org.dnslens.engine.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The hand-written equals/hashCode of the decoders' keys mean what the records' generated ones meant. */
class DecoderKeysTest {
  @Property
  void flowKeysAreEqualExactlyWhenEveryFieldIs(
      @ForAll boolean v6, @ForAll long srcHi, @ForAll long srcLo, @ForAll long dstHi, @ForAll long dstLo,
      @ForAll int srcPort, @ForAll int dstPort) {
    FlowKey k = new FlowKey(v6, srcHi, srcLo, dstHi, dstLo, srcPort, dstPort);
    FlowKey same = new FlowKey(v6, srcHi, srcLo, dstHi, dstLo, srcPort, dstPort);
    assertThat(k).isEqualTo(same).hasSameHashCodeAs(same);
    assertThat(k).isNotEqualTo(new FlowKey(!v6, srcHi, srcLo, dstHi, dstLo, srcPort, dstPort));
    assertThat(k).isNotEqualTo(new FlowKey(v6, srcHi + 1, srcLo, dstHi, dstLo, srcPort, dstPort));
    assertThat(k).isNotEqualTo(new FlowKey(v6, srcHi, srcLo + 1, dstHi, dstLo, srcPort, dstPort));
    assertThat(k).isNotEqualTo(new FlowKey(v6, srcHi, srcLo, dstHi + 1, dstLo, srcPort, dstPort));
    assertThat(k).isNotEqualTo(new FlowKey(v6, srcHi, srcLo, dstHi, dstLo + 1, srcPort, dstPort));
    assertThat(k).isNotEqualTo(new FlowKey(v6, srcHi, srcLo, dstHi, dstLo, srcPort + 1, dstPort));
    assertThat(k).isNotEqualTo(new FlowKey(v6, srcHi, srcLo, dstHi, dstLo, srcPort, dstPort + 1));
    assertThat(k.reverse().reverse()).isEqualTo(k).hasSameHashCodeAs(k);
    assertThat(k).isNotEqualTo(null).isNotEqualTo("a string");
  }

  @Property
  void fragmentKeysAreEqualExactlyWhenEveryFieldIs(
      @ForAll boolean v6, @ForAll long srcHi, @ForAll long srcLo, @ForAll long dstHi, @ForAll long dstLo,
      @ForAll long id, @ForAll int protocol) {
    FragmentKey k = new FragmentKey(v6, srcHi, srcLo, dstHi, dstLo, id, protocol);
    FragmentKey same = new FragmentKey(v6, srcHi, srcLo, dstHi, dstLo, id, protocol);
    assertThat(k).isEqualTo(same).hasSameHashCodeAs(same);
    assertThat(k).isNotEqualTo(new FragmentKey(!v6, srcHi, srcLo, dstHi, dstLo, id, protocol));
    assertThat(k).isNotEqualTo(new FragmentKey(v6, srcHi ^ 1, srcLo, dstHi, dstLo, id, protocol));
    assertThat(k).isNotEqualTo(new FragmentKey(v6, srcHi, srcLo ^ 1, dstHi, dstLo, id, protocol));
    assertThat(k).isNotEqualTo(new FragmentKey(v6, srcHi, srcLo, dstHi ^ 1, dstLo, id, protocol));
    assertThat(k).isNotEqualTo(new FragmentKey(v6, srcHi, srcLo, dstHi, dstLo ^ 1, id, protocol));
    assertThat(k).isNotEqualTo(new FragmentKey(v6, srcHi, srcLo, dstHi, dstLo, id ^ 1, protocol));
    assertThat(k).isNotEqualTo(new FragmentKey(v6, srcHi, srcLo, dstHi, dstLo, id, protocol ^ 1));
  }

  @Test
  void flowsOfOneHostPairThatDifferOnlyInPortsSpreadOverBuckets() {
    // 65,536 client ports to one server: with a 31*h hash over small ints these are consecutive values;
    // here the low 16 bits (a HashMap bucket of a 65,536-entry table) should take most of their values.
    Set<Integer> buckets = new HashSet<>();
    for (int port = 0; port < 65_536; port++) {
      buckets.add(new FlowKey(false, 0, 0x0a000001L, 0, 0x0a000035L, port, 53).hashCode() & 0xffff);
    }
    assertThat(buckets.size()).isGreaterThan(40_000);
  }
}
