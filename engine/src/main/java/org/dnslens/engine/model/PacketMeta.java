package org.dnslens.engine.model;

import java.util.List;

/**
 * Everything the capture says about one DNS message besides its bytes.
 *
 * @param frame source id and frame number of the frame that completed the message (for TCP, the frame
 *     holding its last byte)
 * @param firstFrameNumber frame number where the message began (equal to {@code frame.frameNumber()} for
 *     UDP; earlier for TCP messages or IP fragments spanning frames)
 * @param timestampNanos capture time of {@code frame}, nanoseconds since the Unix epoch (never the wall
 *     clock of the machine reading the capture)
 * @param sourceMac link-layer source, null when the link type has none
 * @param destinationMac link-layer destination, null when the link type has none
 * @param vlanIds 802.1Q/802.1ad VLAN ids, outermost first; empty when untagged
 * @param tunnels encapsulations, outermost first; empty when the packet was not tunnelled
 * @param portClass which DNS flavour the ports indicate
 * @param dnstap what a dnstap frame adds, null for captured packets
 */
public record PacketMeta(
    FrameRef frame,
    long firstFrameNumber,
    long timestampNanos,
    Transport transport,
    IpAddress sourceIp,
    int sourcePort,
    IpAddress destinationIp,
    int destinationPort,
    MacAddress sourceMac,
    MacAddress destinationMac,
    List<Integer> vlanIds,
    List<TunnelHop> tunnels,
    PortClass portClass,
    DnstapInfo dnstap) {

  public PacketMeta {
    vlanIds = ImmutableLists.copyOf(vlanIds);
    tunnels = ImmutableLists.copyOf(tunnels);
  }
}
