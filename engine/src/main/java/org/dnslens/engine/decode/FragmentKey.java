package org.dnslens.engine.decode;

/** Identifies one fragmented IP datagram (RFC 791 / RFC 8200): addresses, identification, protocol. */
record FragmentKey(boolean v6, long srcHi, long srcLo, long dstHi, long dstLo, long id, int protocol) {}
