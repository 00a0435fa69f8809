/**
 * From captured frames to DNS messages: link layer, IPv4/IPv6 with fragment reassembly, tunnels, UDP and
 * TCP with stream reassembly. {@link org.dnslens.engine.decode.PacketDecoder} is the entry point.
 *
 * <p>Choices worth knowing, and why:
 *
 * <ul>
 *   <li>An IP length field larger than the captured data is counted (IP_PAYLOAD_TRUNCATED when the
 *       frame was cut by the snaplen, IPV4_BAD_TOTAL_LENGTH / IPV6_BAD_PAYLOAD_LENGTH otherwise) and the
 *       captured bytes are still decoded: a partial message is better evidence than none, and Wireshark
 *       does the same. The first fragment of a datagram that was cut is decoded the same way.
 *   <li>Non-IP link payloads (ARP, LLDP, STP, encrypted 802.11...) are skipped without an issue: they
 *       are not faults and would drown real issues.
 *   <li>UDP on a port that is not a DNS port is kept only when {@code DnsWireProbe} accepts it; port 137
 *       (NetBIOS name service, DNS-shaped but not DNS) is never probed.
 *   <li>TCP on other ports: a flow is followed from a segment whose data starts with a length prefix and
 *       a message that probes as DNS; no state is kept for other flows, so a busy capture of web
 *       traffic cannot fill the flow table.
 *   <li>DNS quoted inside ICMP errors is not emitted (it is not a message that was seen on the wire).
 *   <li>All expiry (fragments, TCP flows) runs on frame timestamps, so a capture decodes identically
 *       whenever and however fast it is read.
 * </ul>
 */
package org.dnslens.engine.decode;
