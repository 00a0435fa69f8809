package org.dnslens.engine.decode;

/**
 * Identifies one fragmented IP datagram (RFC 791 / RFC 8200): addresses, identification, protocol.
 * {@code equals} and {@code hashCode} are written out for the reason given on {@link FlowKey}.
 */
record FragmentKey(boolean v6, long srcHi, long srcLo, long dstHi, long dstLo, long id, int protocol) {
  @Override
  public boolean equals(Object o) {
    return o instanceof FragmentKey k
        && id == k.id
        && srcLo == k.srcLo
        && dstLo == k.dstLo
        && protocol == k.protocol
        && srcHi == k.srcHi
        && dstHi == k.dstHi
        && v6 == k.v6;
  }

  @Override
  public int hashCode() {
    return KeyHash.of(v6 ? 1 : 0, srcHi, srcLo, dstHi, dstLo, id ^ ((long) protocol << 56));
  }
}
