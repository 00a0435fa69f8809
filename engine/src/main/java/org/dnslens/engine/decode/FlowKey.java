package org.dnslens.engine.decode;

/**
 * One direction of a TCP flow: source then destination. IPv4 addresses sit in the low 32 bits of
 * {@code srcLo}/{@code dstLo} with the high words zero; {@code v6} keeps the families apart.
 *
 * <p>{@code equals} and {@code hashCode} are written out (same meaning as a record's): the generated
 * ones go through invokedynamic and a tree of method handles that runs interpreted and then costs the
 * JIT dozens of small compiles in the first second of every run, for a key looked up on each TCP segment.
 */
record FlowKey(boolean v6, long srcHi, long srcLo, long dstHi, long dstLo, int srcPort, int dstPort) {
  FlowKey reverse() {
    return new FlowKey(v6, dstHi, dstLo, srcHi, srcLo, dstPort, srcPort);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FlowKey k
        && srcLo == k.srcLo
        && dstLo == k.dstLo
        && srcPort == k.srcPort
        && dstPort == k.dstPort
        && srcHi == k.srcHi
        && dstHi == k.dstHi
        && v6 == k.v6;
  }

  @Override
  public int hashCode() {
    return KeyHash.of(v6 ? 1 : 0, srcHi, srcLo, dstHi, dstLo, ((long) srcPort << 32) | (dstPort & 0xffffffffL));
  }
}
