package org.dnslens.engine.decode;

import java.util.Set;

/**
 * Limits and choices of the packet decoder. All timeouts are measured in capture time (frame
 * timestamps), never the wall clock, so a capture decodes the same way whenever it is read.
 *
 * @param dnsPorts UDP/TCP ports whose traffic is DNS (PortClass.DNS); 5353 and 5355 are always mDNS and
 *     LLMNR
 * @param probeOtherPorts whether payloads on other ports are kept when they probe as DNS
 * @param fragmentTimeoutNanos how long an incomplete IP datagram waits for its missing fragments
 * @param tcpFlowTimeoutNanos how long an idle TCP flow direction is kept
 * @param maxFragmentSets incomplete datagrams held at once; the oldest is dropped beyond it
 * @param maxTcpFlows TCP flow directions held at once; the least recently used is evicted beyond it
 * @param maxTcpStreamBytes bytes buffered per flow direction (partial message plus held segments)
 */
public record DecoderConfig(
    Set<Integer> dnsPorts,
    boolean probeOtherPorts,
    long fragmentTimeoutNanos,
    long tcpFlowTimeoutNanos,
    int maxFragmentSets,
    int maxTcpFlows,
    int maxTcpStreamBytes) {

  public static final int DNS_PORT = 53;
  public static final long DEFAULT_FRAGMENT_TIMEOUT_NANOS = 30_000_000_000L;
  public static final long DEFAULT_TCP_FLOW_TIMEOUT_NANOS = 120_000_000_000L;
  public static final int DEFAULT_MAX_FRAGMENT_SETS = 4096;
  public static final int DEFAULT_MAX_TCP_FLOWS = 65_536;
  /** Two full 64 KiB DNS messages with their prefixes: enough for one message plus held segments. */
  public static final int DEFAULT_MAX_TCP_STREAM_BYTES = 2 * (65_535 + 2);

  public DecoderConfig {
    dnsPorts = Set.copyOf(dnsPorts);
    if (fragmentTimeoutNanos <= 0 || tcpFlowTimeoutNanos <= 0) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
    if (maxFragmentSets < 1 || maxTcpFlows < 1) {
      throw new IllegalArgumentException("table limits must be at least 1");
    }
    if (maxTcpStreamBytes < 65_535 + 2) {
      throw new IllegalArgumentException("maxTcpStreamBytes must hold one 65535-byte message and its prefix");
    }
  }

  public static DecoderConfig defaults() {
    return new DecoderConfig(
        Set.of(DNS_PORT),
        true,
        DEFAULT_FRAGMENT_TIMEOUT_NANOS,
        DEFAULT_TCP_FLOW_TIMEOUT_NANOS,
        DEFAULT_MAX_FRAGMENT_SETS,
        DEFAULT_MAX_TCP_FLOWS,
        DEFAULT_MAX_TCP_STREAM_BYTES);
  }

  public DecoderConfig withDnsPorts(Set<Integer> ports) {
    return new DecoderConfig(ports, probeOtherPorts, fragmentTimeoutNanos, tcpFlowTimeoutNanos, maxFragmentSets, maxTcpFlows, maxTcpStreamBytes);
  }

  public DecoderConfig withMaxFragmentSets(int n) {
    return new DecoderConfig(dnsPorts, probeOtherPorts, fragmentTimeoutNanos, tcpFlowTimeoutNanos, n, maxTcpFlows, maxTcpStreamBytes);
  }

  public DecoderConfig withMaxTcpFlows(int n) {
    return new DecoderConfig(dnsPorts, probeOtherPorts, fragmentTimeoutNanos, tcpFlowTimeoutNanos, maxFragmentSets, n, maxTcpStreamBytes);
  }

  public DecoderConfig withMaxTcpStreamBytes(int n) {
    return new DecoderConfig(dnsPorts, probeOtherPorts, fragmentTimeoutNanos, tcpFlowTimeoutNanos, maxFragmentSets, maxTcpFlows, n);
  }

  public DecoderConfig withProbeOtherPorts(boolean probe) {
    return new DecoderConfig(dnsPorts, probe, fragmentTimeoutNanos, tcpFlowTimeoutNanos, maxFragmentSets, maxTcpFlows, maxTcpStreamBytes);
  }
}
