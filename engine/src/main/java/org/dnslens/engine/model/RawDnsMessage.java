package org.dnslens.engine.model;

/**
 * A DNS message as found by the packet decoder: where and when it was seen, and its exact bytes (for TCP
 * without the two-byte length prefix). The array is owned by this record; nobody modifies it.
 */
public record RawDnsMessage(PacketMeta meta, byte[] wire) {}
