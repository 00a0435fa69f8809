package org.dnslens.engine.decode;

/**
 * One direction of a TCP flow: source then destination. IPv4 addresses sit in the low 32 bits of
 * {@code srcLo}/{@code dstLo} with the high words zero; {@code v6} keeps the families apart.
 */
record FlowKey(boolean v6, long srcHi, long srcLo, long dstHi, long dstLo, int srcPort, int dstPort) {
  FlowKey reverse() {
    return new FlowKey(v6, dstHi, dstLo, srcHi, srcLo, dstPort, srcPort);
  }
}
