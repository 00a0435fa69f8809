package org.dnslens.engine.model;

import java.util.List;

/**
 * The EDNS0 OPT pseudo-record (RFC 6891). It is reported here rather than as an additional record.
 *
 * @param udpPayloadSize the requestor's UDP payload size (the OPT class field)
 * @param extendedRcode the upper 8 bits of the response code (the first byte of the OPT TTL field)
 * @param version EDNS version
 * @param dnssecOk the DO bit
 * @param flags the 16 flag bits as sent (DO is the top one)
 */
public record Edns(
    int udpPayloadSize,
    int extendedRcode,
    int version,
    boolean dnssecOk,
    int flags,
    List<EdnsOption> options) {
  public Edns {
    options = ImmutableLists.copyOf(options);
  }
}
