package org.dnslens.testdata.gen;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds Ethernet II frames carrying IPv4/IPv6 with UDP or TCP, with valid IPv4 header, UDP and TCP
 * checksums, and IPv4 fragmentation of UDP datagrams above the Ethernet MTU. Written here, not shared
 * with the engine's decoder, so the engine is tested against an independent encoder.
 */
final class FrameEncoder {

  static final int MTU_BYTES = 1500;
  static final int ETHERNET_HEADER_BYTES = 14;
  static final int IPV4_HEADER_BYTES = 20;
  static final int IPV6_HEADER_BYTES = 40;
  static final int UDP_HEADER_BYTES = 8;
  static final int TCP_HEADER_BYTES = 20;
  static final int TCP_MSS_BYTES = MTU_BYTES - IPV4_HEADER_BYTES - TCP_HEADER_BYTES;
  /** Largest UDP payload that fits one IPv4 packet. */
  static final int MAX_UNFRAGMENTED_UDP_PAYLOAD_BYTES = MTU_BYTES - IPV4_HEADER_BYTES - UDP_HEADER_BYTES;
  /** Fragment payload per IPv4 fragment: the MTU less the header, rounded down to 8 bytes. */
  static final int FRAGMENT_DATA_BYTES = (MTU_BYTES - IPV4_HEADER_BYTES) / 8 * 8;

  static final int TCP_FIN = 0x01;
  static final int TCP_SYN = 0x02;
  static final int TCP_PSH = 0x08;
  static final int TCP_ACK = 0x10;

  private static final int PROTO_TCP = 6;
  private static final int PROTO_UDP = 17;
  private static final int DEFAULT_TTL = 64;

  private FrameEncoder() {}

  /** One frame, or several IPv4 fragments when the datagram exceeds the MTU (IPv6: callers stay below it). */
  static List<byte[]> udp(Peer src, int srcPort, Peer dst, int dstPort, boolean v6, byte[] payload, int ipId) {
    int udpLength = UDP_HEADER_BYTES + payload.length;
    byte[] datagram = new byte[udpLength];
    putShort(datagram, 0, srcPort);
    putShort(datagram, 2, dstPort);
    putShort(datagram, 4, udpLength);
    System.arraycopy(payload, 0, datagram, UDP_HEADER_BYTES, payload.length);
    int checksum = transportChecksum(src.address(v6), dst.address(v6), PROTO_UDP, datagram, 0, udpLength);
    // RFC 768: a computed zero is sent as all ones (zero means "no checksum").
    putShort(datagram, 6, checksum == 0 ? 0xffff : checksum);
    if (v6) {
      if (udpLength > MTU_BYTES - IPV6_HEADER_BYTES) {
        throw new IllegalArgumentException("IPv6 datagram above the MTU: " + udpLength);
      }
      return List.of(ipv6Frame(src, dst, PROTO_UDP, datagram, 0, udpLength));
    }
    if (udpLength <= MTU_BYTES - IPV4_HEADER_BYTES) {
      return List.of(ipv4Frame(src, dst, PROTO_UDP, datagram, 0, udpLength, ipId, true, 0, false));
    }
    List<byte[]> fragments = new ArrayList<>(udpLength / FRAGMENT_DATA_BYTES + 1);
    for (int offset = 0; offset < udpLength; offset += FRAGMENT_DATA_BYTES) {
      int length = Math.min(FRAGMENT_DATA_BYTES, udpLength - offset);
      boolean more = offset + length < udpLength;
      fragments.add(ipv4Frame(src, dst, PROTO_UDP, datagram, offset, length, ipId, false, offset, more));
    }
    return fragments;
  }

  /** One TCP segment; SYN segments carry an MSS option. */
  static byte[] tcp(Peer src, int srcPort, Peer dst, int dstPort, boolean v6, long seq, long ack, int flags,
      byte[] data, int dataOffset, int dataLength, int ipId) {
    int headerLength = (flags & TCP_SYN) != 0 ? TCP_HEADER_BYTES + 4 : TCP_HEADER_BYTES;
    int segmentLength = headerLength + dataLength;
    byte[] segment = new byte[segmentLength];
    putShort(segment, 0, srcPort);
    putShort(segment, 2, dstPort);
    putInt(segment, 4, (int) seq);
    putInt(segment, 8, (flags & TCP_ACK) != 0 ? (int) ack : 0);
    segment[12] = (byte) ((headerLength / 4) << 4);
    segment[13] = (byte) flags;
    putShort(segment, 14, 64_240);
    if (headerLength > TCP_HEADER_BYTES) {
      segment[20] = 2; // MSS option
      segment[21] = 4;
      putShort(segment, 22, v6 ? MTU_BYTES - IPV6_HEADER_BYTES - TCP_HEADER_BYTES : TCP_MSS_BYTES);
    }
    System.arraycopy(data, dataOffset, segment, headerLength, dataLength);
    putShort(segment, 16, transportChecksum(src.address(v6), dst.address(v6), PROTO_TCP, segment, 0,
        segmentLength));
    return v6
        ? ipv6Frame(src, dst, PROTO_TCP, segment, 0, segmentLength)
        : ipv4Frame(src, dst, PROTO_TCP, segment, 0, segmentLength, ipId, true, 0, false);
  }

  private static byte[] ipv4Frame(Peer src, Peer dst, int protocol, byte[] payload, int offset, int length,
      int ipId, boolean dontFragment, int fragmentOffsetBytes, boolean moreFragments) {
    byte[] frame = new byte[ETHERNET_HEADER_BYTES + IPV4_HEADER_BYTES + length];
    ethernet(frame, src, dst, 0x0800);
    int ip = ETHERNET_HEADER_BYTES;
    frame[ip] = 0x45;
    putShort(frame, ip + 2, IPV4_HEADER_BYTES + length);
    putShort(frame, ip + 4, ipId);
    int flagsAndOffset = (fragmentOffsetBytes / 8) | (dontFragment ? 0x4000 : 0) | (moreFragments ? 0x2000 : 0);
    putShort(frame, ip + 6, flagsAndOffset);
    frame[ip + 8] = DEFAULT_TTL;
    frame[ip + 9] = (byte) protocol;
    System.arraycopy(src.ipv4(), 0, frame, ip + 12, 4);
    System.arraycopy(dst.ipv4(), 0, frame, ip + 16, 4);
    putShort(frame, ip + 10, finish(sum(frame, ip, IPV4_HEADER_BYTES, 0)));
    System.arraycopy(payload, offset, frame, ip + IPV4_HEADER_BYTES, length);
    return frame;
  }

  private static byte[] ipv6Frame(Peer src, Peer dst, int nextHeader, byte[] payload, int offset, int length) {
    byte[] frame = new byte[ETHERNET_HEADER_BYTES + IPV6_HEADER_BYTES + length];
    ethernet(frame, src, dst, 0x86dd);
    int ip = ETHERNET_HEADER_BYTES;
    frame[ip] = 0x60;
    putShort(frame, ip + 4, length);
    frame[ip + 6] = (byte) nextHeader;
    frame[ip + 7] = DEFAULT_TTL;
    System.arraycopy(src.ipv6(), 0, frame, ip + 8, 16);
    System.arraycopy(dst.ipv6(), 0, frame, ip + 24, 16);
    System.arraycopy(payload, offset, frame, ip + IPV6_HEADER_BYTES, length);
    return frame;
  }

  private static void ethernet(byte[] frame, Peer src, Peer dst, int etherType) {
    System.arraycopy(dst.mac(), 0, frame, 0, 6);
    System.arraycopy(src.mac(), 0, frame, 6, 6);
    putShort(frame, 12, etherType);
  }

  /** UDP/TCP checksum over the pseudo-header (RFC 768 / RFC 8200 section 8.1) and the segment. */
  static int transportChecksum(byte[] srcAddr, byte[] dstAddr, int protocol, byte[] segment, int offset,
      int length) {
    long sum = sum(srcAddr, 0, srcAddr.length, 0);
    sum = sum(dstAddr, 0, dstAddr.length, sum);
    sum += protocol;
    sum += length & 0xffff;
    sum += length >>> 16;
    return finish(sum(segment, offset, length, sum));
  }

  static long sum(byte[] bytes, int offset, int length, long initial) {
    long sum = initial;
    int end = offset + length;
    int i = offset;
    for (; i + 1 < end; i += 2) {
      sum += ((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff);
    }
    if (i < end) {
      sum += (bytes[i] & 0xff) << 8;
    }
    return sum;
  }

  static int finish(long sum) {
    long folded = sum;
    while ((folded >>> 16) != 0) {
      folded = (folded & 0xffff) + (folded >>> 16);
    }
    return (int) (~folded & 0xffff);
  }

  static void putShort(byte[] bytes, int offset, int value) {
    bytes[offset] = (byte) (value >>> 8);
    bytes[offset + 1] = (byte) value;
  }

  static void putInt(byte[] bytes, int offset, int value) {
    bytes[offset] = (byte) (value >>> 24);
    bytes[offset + 1] = (byte) (value >>> 16);
    bytes[offset + 2] = (byte) (value >>> 8);
    bytes[offset + 3] = (byte) value;
  }
}
