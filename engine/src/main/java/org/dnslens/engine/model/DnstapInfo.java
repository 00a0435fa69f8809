package org.dnslens.engine.model;

/**
 * What a dnstap frame says beyond the DNS message, as the resolver said it. Any field may be null when
 * the frame did not carry it.
 *
 * @param messageType the dnstap message type (AUTH_QUERY, CLIENT_RESPONSE, ..., as in dnstap.proto)
 * @param identity the resolver's identity string
 * @param version the resolver's version string
 * @param extraHex the frame's extra bytes, hex
 * @param socketFamily {@code INET} or {@code INET6}, as dnstap names them
 * @param socketProtocol {@code UDP}, {@code TCP}, {@code DOT}, {@code DOH}, {@code DNSCryptUDP}, {@code
 *     DNSCryptTCP} or {@code DOQ}, as dnstap names them
 * @param queryTimeNanos the frame's query_time (nanoseconds since the epoch)
 * @param responseTimeNanos the frame's response_time (nanoseconds since the epoch)
 */
public record DnstapInfo(
    String messageType,
    String identity,
    String version,
    String extraHex,
    String socketFamily,
    String socketProtocol,
    Long queryTimeNanos,
    Long responseTimeNanos) {

  /** Type, identity, version and extra only (frames that carry nothing else, and test fixtures). */
  public DnstapInfo(String messageType, String identity, String version, String extraHex) {
    this(messageType, identity, version, extraHex, null, null, null, null);
  }
}
