package org.dnslens.engine.decode;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.dnslens.engine.capture.Frame;
import org.dnslens.engine.dns.DnsWireProbe;
import org.dnslens.engine.issue.DecodeException;
import org.dnslens.engine.issue.IssueCounter;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.engine.model.IpAddressCache;
import org.dnslens.engine.model.IssueReason;
import org.dnslens.engine.model.MacAddressCache;
import org.dnslens.engine.model.PacketMeta;
import org.dnslens.engine.model.PortClass;
import org.dnslens.engine.model.RawDnsMessage;
import org.dnslens.engine.model.Transport;
import org.dnslens.engine.model.TunnelHop;
import org.dnslens.engine.model.TunnelType;

/**
 * Finds every DNS message in captured frames: link layer, IPv4/IPv6 (with fragment reassembly),
 * tunnels, then UDP or TCP (with stream reassembly). Headers are read with absolute offsets on the
 * frame's buffer into primitives; only the DNS bytes emitted, and data that must outlive the frame
 * (fragments, TCP segments), are copied.
 *
 * <p>Inner methods throw {@link DecodeException} at the first fault; {@link #decode} is the one place
 * that catches and counts it. Not thread-safe: one decoder per capture pipeline.
 */
public final class PacketDecoder {
  public static final int MAX_VLAN_TAGS = 8;
  public static final int MAX_MPLS_LABELS = 8;
  public static final int MAX_TUNNEL_DEPTH = 8;
  public static final int MAX_IPV6_EXTENSION_HEADERS = 16;
  public static final int MAX_GTP_EXTENSION_HEADERS = 8;
  /** Distinct (source, interface) pairs remembered as unsupported; beyond it they are counted again. */
  static final int MAX_UNSUPPORTED_INTERFACES = 4096;

  static final int MDNS_PORT = 5353;
  static final int LLMNR_PORT = 5355;
  static final int VXLAN_PORT = 4789;
  /** Linux's VXLAN default before IANA assigned 4789. */
  static final int VXLAN_LINUX_PORT = 8472;
  static final int GENEVE_PORT = 6081;
  static final int TEREDO_PORT = 3544;
  static final int GTP_U_PORT = 2152;
  /** GRE-in-UDP (RFC 8086): a GRE header right after UDP. (4755, its DTLS form, is encrypted.) */
  static final int GRE_IN_UDP_PORT = 4754;
  /**
   * Apple's PKTAP header up to its last fixed field (pth_ecmdname): libpcap's and Wireshark's minimum for
   * the header-length field that says where the inner link-layer frame starts.
   */
  static final int PKTAP_MIN_HEADER_BYTES = 108;
  /** PKTAP record type of a packet (PTH_RECORD_TYPE_PACKET); other records carry no frame. */
  private static final long PKTAP_RECORD_PACKET = 1;
  /** NetBIOS name service: DNS-shaped (RFC 1002) but not DNS, so never probed. */
  static final int NBNS_PORT = 137;

  private static final int ETH_IPV4 = 0x0800;
  private static final int ETH_IPV6 = 0x86dd;
  private static final int ETH_VLAN = 0x8100;
  private static final int ETH_QINQ = 0x88a8;
  private static final int ETH_QINQ_OLD = 0x9100;
  private static final int ETH_PPPOE_SESSION = 0x8864;
  private static final int ETH_MPLS = 0x8847;
  private static final int ETH_MPLS_MULTICAST = 0x8848;
  private static final int ETH_TEB = 0x6558;
  private static final int ETH_ERSPAN_2 = 0x88be;
  private static final int ETH_ERSPAN_3 = 0x22eb;
  private static final int ETH_PPP = 0x880b;

  private static final int PROTO_IPV4 = 4;
  private static final int PROTO_TCP = 6;
  private static final int PROTO_UDP = 17;
  private static final int PROTO_IPV6 = 41;
  private static final int PROTO_GRE = 47;

  private final DecoderConfig config;
  private final IssueCounter issues;
  private final Consumer<RawDnsMessage> out;
  private final IpDefragmenter defragmenter;
  private final TcpDnsReassembler tcp;
  private final Set<Long> unsupportedInterfaces = new HashSet<>();
  /**
   * config.dnsPorts() as a bit table (bit {@code port & 63} of word {@code port >>> 6}): a Set<Integer>
   * lookup would box every port on the hot path, and a boolean[65 536] (64 KiB zeroed per decoder) was
   * nearly all the cost of a decoder's construction, which the fuzz target pays once per input.
   */
  private final long[] dnsPortBits = new long[65_536 / Long.SIZE];
  private final TcpDnsReassembler.Sink tcpSink = this::emitTcp;
  /** One shared instance per recent address: see IpAddressCache for why. */
  private final IpAddressCache addresses = new IpAddressCache();
  private final MacAddressCache macs = new MacAddressCache();

  // Per-frame state, reset by decode(): the innermost values seen so far.
  private Frame frame;
  private long srcMac;
  private long dstMac;
  private final int[] vlans = new int[MAX_VLAN_TAGS];
  private int vlanCount;
  private final List<TunnelHop> tunnels = new ArrayList<>(MAX_TUNNEL_DEPTH);
  private boolean v6;
  private long srcHi;
  private long srcLo;
  private long dstHi;
  private long dstLo;
  private int srcPort;
  private int dstPort;
  private PortClass portClass;

  public PacketDecoder(DecoderConfig config, IssueCounter issues, Consumer<RawDnsMessage> out) {
    this.config = config;
    this.issues = issues;
    this.out = out;
    this.defragmenter = new IpDefragmenter(config.maxFragmentSets(), config.fragmentTimeoutNanos(), issues);
    this.tcp = new TcpDnsReassembler(config, issues);
    for (int port : config.dnsPorts()) {
      if (port >= 0 && port < 65_536) {
        dnsPortBits[port >>> 6] |= 1L << port;
      }
    }
  }

  /** Decodes one frame, emitting each DNS message it completes. Never throws for any input. */
  public void decode(Frame f) {
    frame = f;
    srcMac = -1;
    dstMac = -1;
    vlanCount = 0;
    tunnels.clear();
    v6 = false;
    srcHi = srcLo = dstHi = dstLo = 0;
    try {
      defragmenter.expire(f.timestampNanos());
      tcp.expire(f.timestampNanos());
      ByteBuffer b = f.data();
      if (b.order() != ByteOrder.BIG_ENDIAN) {
        b = b.duplicate().order(ByteOrder.BIG_ENDIAN); // the multi-byte reads below rely on it
      }
      link(f.linkType(), b, b.position(), b.limit(), true);
    } catch (DecodeException e) {
      issues.count(e.reason(), f.ref(), f.timestampNanos(), "offset " + e.offset());
    } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
      issues.count(IssueReason.INTERNAL_MISSING_BOUNDS_CHECK, f.ref(), f.timestampNanos(), "offset -1");
    } finally {
      frame = null;
    }
  }

  /** End of capture: what is still incomplete is counted and dropped. */
  public void finish() {
    defragmenter.finish();
    tcp.finish();
  }

  /** TCP flow directions currently held (for tests and statistics). */
  int tcpFlowCount() {
    return tcp.flowCount();
  }

  /** Incomplete fragmented datagrams currently held. */
  int pendingFragmentSets() {
    return defragmenter.pendingCount();
  }

  // ------------------------------------------------------------------ link layer

  private void link(int linkType, ByteBuffer b, int off, int end, boolean outermost) throws DecodeException {
    switch (linkType) {
      case LinkType.ETHERNET -> ethernet(b, off, end);
      case LinkType.RAW, LinkType.DLT_RAW_BSD_12, LinkType.DLT_RAW_BSD_14 -> ipByVersion(b, off, end);
      case LinkType.IPV4 -> ipv4(b, off, end);
      case LinkType.IPV6 -> ipv6(b, off, end);
      case LinkType.NULL, LinkType.LOOP -> loopback(b, off, end);
      case LinkType.LINUX_SLL -> sll(b, off, end);
      case LinkType.LINUX_SLL2 -> sll2(b, off, end);
      case LinkType.PPP -> ppp(b, off, end);
      case LinkType.IEEE802_11 -> wifi(b, off, end);
      case LinkType.IEEE802_11_RADIOTAP -> radiotap(b, off, end);
      case LinkType.FDDI -> fddi(b, off, end);
      case LinkType.NFLOG -> nflog(b, off, end);
      case LinkType.PPI -> {
        if (!outermost) {
          unsupported(linkType);
          return;
        }
        ppi(b, off, end);
      }
      case LinkType.PKTAP -> {
        if (!outermost) {
          unsupported(linkType); // a PKTAP header inside PPI or PKTAP: not something macOS writes
          return;
        }
        pktap(b, off, end);
      }
      default -> unsupported(linkType);
    }
  }

  private void unsupported(int linkType) {
    long key = ((long) frame.sourceId() << 32) | (frame.interfaceId() & 0xffff_ffffL);
    if (unsupportedInterfaces.contains(key)) {
      return;
    }
    if (unsupportedInterfaces.size() < MAX_UNSUPPORTED_INTERFACES) {
      unsupportedInterfaces.add(key);
    }
    issues.count(IssueReason.LINK_UNSUPPORTED_TYPE, frame.ref(), frame.timestampNanos(), "link type " + linkType);
  }

  private void ethernet(ByteBuffer b, int off, int end) throws DecodeException {
    need(off, 14, end, IssueReason.LINK_TRUNCATED);
    dstMac = u48(b, off);
    srcMac = u48(b, off + 6);
    int type = u16(b, off + 12);
    int p = off + 14;
    if (type < 0x0600) {
      // IEEE 802.3 length field: only LLC/SNAP carries IP.
      llcSnap(b, p, end);
      return;
    }
    ethertype(type, b, p, end);
  }

  private void llcSnap(ByteBuffer b, int p, int end) throws DecodeException {
    need(p, 3, end, IssueReason.LINK_TRUNCATED);
    if (u8(b, p) == 0xaa && u8(b, p + 1) == 0xaa && u8(b, p + 2) == 0x03) {
      need(p, 8, end, IssueReason.LINK_TRUNCATED);
      ethertype(u16(b, p + 6), b, p + 8, end);
    }
    // other LLC (STP, NetBIOS over LLC...): not IP
  }

  /** Dispatches on an EtherType; VLAN tags are consumed here so every link type shares them. */
  private void ethertype(int type, ByteBuffer b, int p, int end) throws DecodeException {
    while (type == ETH_VLAN || type == ETH_QINQ || type == ETH_QINQ_OLD) {
      need(p, 4, end, IssueReason.LINK_TRUNCATED);
      if (vlanCount >= MAX_VLAN_TAGS) {
        throw new DecodeException(IssueReason.VLAN_TOO_DEEP, p);
      }
      vlans[vlanCount++] = u16(b, p) & 0x0fff;
      type = u16(b, p + 2);
      p += 4;
    }
    switch (type) {
      case ETH_IPV4 -> ipv4(b, p, end);
      case ETH_IPV6 -> ipv6(b, p, end);
      case ETH_PPPOE_SESSION -> pppoe(b, p, end);
      case ETH_MPLS, ETH_MPLS_MULTICAST -> mpls(b, p, end);
      default -> {
        // ARP, LLDP, STP...: not IP, so no DNS; skipped without an issue (they are not faults).
        if (type < 0x0600) {
          llcSnap(b, p, end);
        }
      }
    }
  }

  private void pppoe(ByteBuffer b, int p, int end) throws DecodeException {
    need(p, 8, end, IssueReason.LINK_TRUNCATED);
    int session = u16(b, p + 2);
    int length = u16(b, p + 4);
    int pEnd = Math.min(end, p + 6 + length);
    enterTunnel(TunnelType.PPPOE, session, p, false);
    pppProtocol(b, p + 6, pEnd);
  }

  private void mpls(ByteBuffer b, int p, int end) throws DecodeException {
    long firstLabel = -1;
    for (int i = 0; ; i++) {
      need(p, 4, end, IssueReason.LINK_TRUNCATED);
      if (i >= MAX_MPLS_LABELS) {
        throw new DecodeException(IssueReason.TUNNEL_TOO_DEEP, p);
      }
      long entry = u32(b, p);
      if (firstLabel < 0) {
        firstLabel = entry >>> 12;
      }
      p += 4;
      if ((entry & 0x100) != 0) {
        break; // bottom of stack
      }
    }
    enterTunnel(TunnelType.MPLS, firstLabel, p, false);
    need(p, 1, end, IssueReason.LINK_TRUNCATED);
    int nibble = u8(b, p) >>> 4;
    if (nibble == 4) {
      ipv4(b, p, end);
    } else if (nibble == 6) {
      ipv6(b, p, end);
    } else if (nibble == 0) {
      // Ethernet pseudowire with a control word (RFC 4448).
      ethernet(b, p + 4, end);
    }
  }

  private void loopback(ByteBuffer b, int off, int end) throws DecodeException {
    need(off, 4, end, IssueReason.LINK_TRUNCATED);
    long family = u32(b, off);
    if (family > 0xffff) {
      family = Long.reverseBytes(family) >>> 32; // written in the other byte order
    }
    if (family == 2) {
      ipv4(b, off + 4, end);
    } else if (family == 24 || family == 28 || family == 30 || family == 10) {
      ipv6(b, off + 4, end);
    }
  }

  private void sll(ByteBuffer b, int off, int end) throws DecodeException {
    need(off, 16, end, IssueReason.LINK_TRUNCATED);
    int hatype = u16(b, off + 2);
    int addrLen = u16(b, off + 4);
    if (hatype == 1 && addrLen == 6) {
      srcMac = u48(b, off + 6);
    }
    ethertype(u16(b, off + 14), b, off + 16, end);
  }

  private void sll2(ByteBuffer b, int off, int end) throws DecodeException {
    need(off, 20, end, IssueReason.LINK_TRUNCATED);
    int hatype = u16(b, off + 8);
    int addrLen = u8(b, off + 11);
    if (hatype == 1 && addrLen == 6) {
      srcMac = u48(b, off + 12);
    }
    ethertype(u16(b, off), b, off + 20, end);
  }

  private void ppp(ByteBuffer b, int off, int end) throws DecodeException {
    need(off, 2, end, IssueReason.LINK_TRUNCATED);
    if (u8(b, off) == 0xff && u8(b, off + 1) == 0x03) {
      off += 2; // HDLC-like address and control (RFC 1662)
    }
    pppProtocol(b, off, end);
  }

  private void pppProtocol(ByteBuffer b, int p, int end) throws DecodeException {
    need(p, 1, end, IssueReason.LINK_TRUNCATED);
    int proto;
    if ((u8(b, p) & 1) != 0) {
      proto = u8(b, p); // protocol field compression (RFC 1661 6.5)
      p += 1;
    } else {
      need(p, 2, end, IssueReason.LINK_TRUNCATED);
      proto = u16(b, p);
      p += 2;
    }
    if (proto == 0x21) {
      ipv4(b, p, end);
    } else if (proto == 0x57) {
      ipv6(b, p, end);
    }
  }

  private void radiotap(ByteBuffer b, int off, int end) throws DecodeException {
    need(off, 4, end, IssueReason.LINK_TRUNCATED);
    int len = u16le(b, off + 2);
    if (len < 4) {
      throw new DecodeException(IssueReason.LINK_TRUNCATED, off);
    }
    need(off, len, end, IssueReason.LINK_TRUNCATED);
    wifi(b, off + len, end);
  }

  private void wifi(ByteBuffer b, int off, int end) throws DecodeException {
    need(off, 24, end, IssueReason.LINK_TRUNCATED);
    int fc = u16le(b, off);
    int type = (fc >>> 2) & 3;
    int subtype = (fc >>> 4) & 0xf;
    int flags = fc >>> 8;
    if (type != 2 || (subtype & 0x4) != 0 || (flags & 0x40) != 0) {
      return; // management/control, null data, or encrypted: no readable IP
    }
    int hdr = 24;
    if ((flags & 3) == 3) {
      hdr += 6; // four-address frame (WDS)
    }
    if ((subtype & 0x8) != 0) {
      hdr += 2; // QoS control
      if ((flags & 0x80) != 0) {
        hdr += 4; // HT control
      }
    }
    need(off, hdr, end, IssueReason.LINK_TRUNCATED);
    llcSnap(b, off + hdr, end);
  }

  private void fddi(ByteBuffer b, int off, int end) throws DecodeException {
    need(off, 13, end, IssueReason.LINK_TRUNCATED);
    llcSnap(b, off + 13, end);
  }

  private void nflog(ByteBuffer b, int off, int end) throws DecodeException {
    need(off, 4, end, IssueReason.LINK_TRUNCATED);
    int family = u8(b, off);
    int p = off + 4;
    while (p + 4 <= end) {
      int tlvLen = u16le(b, p);
      int tlvType = u16le(b, p + 2);
      if (tlvLen < 4) {
        throw new DecodeException(IssueReason.LINK_TRUNCATED, p);
      }
      need(p, tlvLen, end, IssueReason.LINK_TRUNCATED);
      if (tlvType == 9) { // NFULA_PAYLOAD: the IP packet
        if (family == 2) {
          ipv4(b, p + 4, p + tlvLen);
        } else if (family == 10) {
          ipv6(b, p + 4, p + tlvLen);
        }
        return;
      }
      p += (tlvLen + 3) & ~3;
    }
    if (p < end) {
      throw new DecodeException(IssueReason.LINK_TRUNCATED, p);
    }
    throw new DecodeException(IssueReason.LINK_UNSUPPORTED_PAYLOAD, off); // no packet payload logged
  }

  private void ppi(ByteBuffer b, int off, int end) throws DecodeException {
    need(off, 8, end, IssueReason.LINK_TRUNCATED);
    int len = u16le(b, off + 2);
    long dlt = u32le(b, off + 4);
    if (len < 8) {
      throw new DecodeException(IssueReason.LINK_TRUNCATED, off);
    }
    need(off, len, end, IssueReason.LINK_TRUNCATED);
    link((int) dlt, b, off + len, end, false);
  }

  /**
   * Apple PKTAP (macOS {@code tcpdump -i pktap}): a little-endian header whose first field is its own
   * length and whose third is the DLT of the frame after it, which may be any link type (Ethernet, the
   * loopback's NULL, raw IP of a utun).
   */
  private void pktap(ByteBuffer b, int off, int end) throws DecodeException {
    need(off, 12, end, IssueReason.LINK_TRUNCATED);
    long len = u32le(b, off);
    long recordType = u32le(b, off + 4);
    long dlt = u32le(b, off + 8);
    if (len < PKTAP_MIN_HEADER_BYTES || len > end - off) {
      throw new DecodeException(IssueReason.LINK_TRUNCATED, off);
    }
    if (recordType != PKTAP_RECORD_PACKET) {
      return; // a record with no packet (PTH_RECORD_TYPE_NONE): nothing to decode, like tcpdump
    }
    link((int) dlt, b, off + (int) len, end, false);
  }

  // ------------------------------------------------------------------ IP

  private void ipByVersion(ByteBuffer b, int off, int end) throws DecodeException {
    need(off, 1, end, IssueReason.IPV4_TRUNCATED);
    int version = u8(b, off) >>> 4;
    if (version == 4) {
      ipv4(b, off, end);
    } else if (version == 6) {
      ipv6(b, off, end);
    } else {
      throw new DecodeException(IssueReason.IPV4_BAD_VERSION, off);
    }
  }

  private boolean snaplenCut() {
    return frame.originalLength() > frame.capturedLength();
  }

  private void ipv4(ByteBuffer b, int off, int end) throws DecodeException {
    need(off, 20, end, IssueReason.IPV4_TRUNCATED);
    int vihl = u8(b, off);
    if ((vihl >>> 4) != 4) {
      throw new DecodeException(IssueReason.IPV4_BAD_VERSION, off);
    }
    int ihl = (vihl & 0xf) * 4;
    if (ihl < 20 || off + ihl > end) {
      throw new DecodeException(IssueReason.IPV4_BAD_HEADER_LENGTH, off);
    }
    int total = u16(b, off + 2);
    int ipEnd;
    int declaredEnd;
    if (total == 0) {
      ipEnd = declaredEnd = end; // TSO/GSO: the sending host captured before the NIC filled it in
    } else if (total < ihl) {
      throw new DecodeException(IssueReason.IPV4_BAD_TOTAL_LENGTH, off + 2);
    } else if (off + total > end) {
      // Cut by the snaplen, or a lying length field: either way keep what was captured (Wireshark
      // does too) and let the transport layer know the tail is missing.
      issues.count(
          snaplenCut() ? IssueReason.IP_PAYLOAD_TRUNCATED : IssueReason.IPV4_BAD_TOTAL_LENGTH,
          frame.ref(),
          frame.timestampNanos(),
          "ipv4 total length beyond captured data");
      ipEnd = end;
      declaredEnd = off + total;
    } else {
      ipEnd = declaredEnd = off + total; // bytes beyond are link padding
    }
    int id = u16(b, off + 4);
    int frag = u16(b, off + 6);
    int proto = u8(b, off + 9);
    v6 = false;
    srcHi = 0;
    dstHi = 0;
    srcLo = u32(b, off + 12);
    dstLo = u32(b, off + 16);
    int p = off + ihl;
    if ((frag & 0x3fff) != 0) {
      if (declaredEnd > ipEnd) {
        // A cut fragment can never be reassembled (already counted). The first one still holds the
        // transport header and the start of the message, which is worth keeping, as Wireshark does.
        if ((frag & 0x1fff) == 0) {
          transport(proto, b, p, ipEnd, declaredEnd, frame.frameNumber());
        }
        return;
      }
      FragmentKey key = new FragmentKey(false, 0, srcLo, 0, dstLo, id, proto);
      IpDefragmenter.Reassembled r =
          defragmenter.add(key, (frag & 0x1fff) * 8, (frag & 0x2000) != 0, b, p, ipEnd - p, frame);
      if (r != null) {
        transport(proto, r.buffer(), 0, r.length(), r.length(), r.firstFrameNumber());
      }
      return;
    }
    transport(proto, b, p, ipEnd, declaredEnd, frame.frameNumber());
  }

  private void ipv6(ByteBuffer b, int off, int end) throws DecodeException {
    need(off, 40, end, IssueReason.IPV6_TRUNCATED);
    if ((u8(b, off) >>> 4) != 6) {
      throw new DecodeException(IssueReason.IPV6_BAD_VERSION, off);
    }
    int plen = u16(b, off + 4);
    int next = u8(b, off + 6);
    int ipEnd;
    int declaredEnd;
    if (plen == 0) {
      ipEnd = declaredEnd = end; // jumbogram or TSO
    } else if (off + 40 + plen > end) {
      issues.count(
          snaplenCut() ? IssueReason.IP_PAYLOAD_TRUNCATED : IssueReason.IPV6_BAD_PAYLOAD_LENGTH,
          frame.ref(),
          frame.timestampNanos(),
          "ipv6 payload length beyond captured data");
      ipEnd = end;
      declaredEnd = off + 40 + plen;
    } else {
      ipEnd = declaredEnd = off + 40 + plen;
    }
    v6 = true;
    srcHi = u64(b, off + 8);
    srcLo = u64(b, off + 16);
    dstHi = u64(b, off + 24);
    dstLo = u64(b, off + 32);
    ipv6Chain(next, b, off + 40, ipEnd, declaredEnd, frame.frameNumber(), 0);
  }

  private void ipv6Chain(int next, ByteBuffer b, int p, int end, int declaredEnd, long firstFrame, int seen)
      throws DecodeException {
    for (int n = seen; ; n++) {
      switch (next) {
        case 0, 43, 60, 51 -> { // hop-by-hop, routing, destination options, AH
          if (n >= MAX_IPV6_EXTENSION_HEADERS) {
            throw new DecodeException(IssueReason.IPV6_TOO_MANY_EXTENSION_HEADERS, p);
          }
          need(p, 2, end, IssueReason.IPV6_TRUNCATED);
          int len = next == 51 ? (u8(b, p + 1) + 2) * 4 : (u8(b, p + 1) + 1) * 8;
          need(p, len, end, IssueReason.IPV6_TRUNCATED);
          next = u8(b, p);
          p += len;
        }
        case 44 -> { // fragment
          if (n >= MAX_IPV6_EXTENSION_HEADERS) {
            throw new DecodeException(IssueReason.IPV6_TOO_MANY_EXTENSION_HEADERS, p);
          }
          need(p, 8, end, IssueReason.IPV6_TRUNCATED);
          int fragNext = u8(b, p);
          int fo = u16(b, p + 2);
          long id = u32(b, p + 4);
          p += 8;
          int fragOffset = fo & 0xfff8;
          boolean more = (fo & 1) != 0;
          if (fragOffset == 0 && !more) {
            next = fragNext; // atomic fragment (RFC 6946)
            continue;
          }
          if (declaredEnd > end) {
            if (fragOffset == 0) { // as for IPv4: keep the start of the message
              next = fragNext;
              continue;
            }
            return; // a cut fragment cannot be reassembled; already counted
          }
          FragmentKey key = new FragmentKey(true, srcHi, srcLo, dstHi, dstLo, id, fragNext);
          IpDefragmenter.Reassembled r = defragmenter.add(key, fragOffset, more, b, p, end - p, frame);
          if (r != null) {
            ipv6Chain(fragNext, r.buffer(), 0, r.length(), r.length(), r.firstFrameNumber(), n + 1);
          }
          return;
        }
        case 59, 50 -> {
          return; // no next header; ESP (encrypted)
        }
        default -> {
          transport(next, b, p, end, declaredEnd, firstFrame);
          return;
        }
      }
    }
  }

  private void transport(int proto, ByteBuffer b, int p, int end, int declaredEnd, long firstFrame)
      throws DecodeException {
    switch (proto) {
      case PROTO_UDP -> udp(b, p, end, declaredEnd, firstFrame);
      case PROTO_TCP -> tcp(b, p, end, declaredEnd);
      case PROTO_GRE -> gre(b, p, end);
      case PROTO_IPV4 -> {
        enterTunnel(v6 ? TunnelType.IPV4_IN_IPV6 : TunnelType.IP_IN_IP, -1, p, true);
        ipv4(b, p, end);
      }
      case PROTO_IPV6 -> {
        enterTunnel(v6 ? TunnelType.IPV6_IN_IPV6 : TunnelType.IPV6_IN_IPV4, -1, p, true);
        ipv6(b, p, end);
      }
      default -> {
        // ICMP, SCTP...: no DNS
      }
    }
  }

  // ------------------------------------------------------------------ tunnels

  private void enterTunnel(TunnelType type, long id, int at, boolean withIps) throws DecodeException {
    if (tunnels.size() >= MAX_TUNNEL_DEPTH) {
      throw new DecodeException(IssueReason.TUNNEL_TOO_DEEP, at);
    }
    IpAddress s = null;
    IpAddress d = null;
    if (withIps) {
      s = address(srcHi, srcLo);
      d = address(dstHi, dstLo);
    }
    tunnels.add(new TunnelHop(type, s, d, id));
  }

  private void gre(ByteBuffer b, int p, int end) throws DecodeException {
    need(p, 4, end, IssueReason.TUNNEL_TRUNCATED);
    int flags = u16(b, p);
    int proto = u16(b, p + 2);
    int version = flags & 7;
    int q = p + 4;
    long key = -1;
    if (version == 0) {
      if ((flags & 0x4000) != 0) {
        throw new DecodeException(IssueReason.TUNNEL_UNSUPPORTED, p); // source routing (RFC 1701)
      }
      if ((flags & 0x8000) != 0) {
        q += 4; // checksum + reserved
      }
      if ((flags & 0x2000) != 0) {
        need(q, 4, end, IssueReason.TUNNEL_TRUNCATED);
        key = u32(b, q);
        q += 4;
      }
      if ((flags & 0x1000) != 0) {
        q += 4; // sequence number
      }
    } else if (version == 1) {
      // Enhanced GRE (PPTP, RFC 2637): key = payload length + call id, optional sequence and ack.
      need(q, 4, end, IssueReason.TUNNEL_TRUNCATED);
      key = u16(b, q + 2);
      q += 4;
      if ((flags & 0x1000) != 0) {
        q += 4;
      }
      if ((flags & 0x0080) != 0) {
        q += 4;
      }
    } else {
      throw new DecodeException(IssueReason.TUNNEL_UNSUPPORTED, p);
    }
    if (q > end) {
      throw new DecodeException(IssueReason.TUNNEL_TRUNCATED, p);
    }
    switch (proto) {
      case ETH_IPV4 -> {
        enterTunnel(TunnelType.GRE, key, p, true);
        ipv4(b, q, end);
      }
      case ETH_IPV6 -> {
        enterTunnel(TunnelType.GRE, key, p, true);
        ipv6(b, q, end);
      }
      case ETH_TEB -> {
        enterTunnel(TunnelType.GRE, key, p, true);
        ethernet(b, q, end);
      }
      case ETH_PPP -> {
        enterTunnel(TunnelType.GRE, key, p, true);
        ppp(b, q, end);
      }
      case ETH_ERSPAN_2 -> {
        long session = -1;
        if ((flags & 0x1000) != 0) { // type II has a sequence number; type I has no ERSPAN header
          need(q, 8, end, IssueReason.TUNNEL_TRUNCATED);
          session = u16(b, q + 2) & 0x3ff;
          q += 8;
        }
        enterTunnel(TunnelType.ERSPAN, session, p, true);
        ethernet(b, q, end);
      }
      case ETH_ERSPAN_3 -> {
        need(q, 12, end, IssueReason.TUNNEL_TRUNCATED);
        long session = u16(b, q + 2) & 0x3ff;
        boolean platformSubheader = (u16(b, q + 10) & 1) != 0;
        q += platformSubheader ? 20 : 12;
        need(q, 0, end, IssueReason.TUNNEL_TRUNCATED);
        enterTunnel(TunnelType.ERSPAN, session, p, true);
        ethernet(b, q, end);
      }
      default -> {
        // WCCP, NSH...: not decoded
      }
    }
  }

  private void vxlan(ByteBuffer b, int p, int end) throws DecodeException {
    need(p, 8, end, IssueReason.TUNNEL_TRUNCATED);
    long vni = u32(b, p + 4) >>> 8;
    enterTunnel(TunnelType.VXLAN, vni, p, true);
    ethernet(b, p + 8, end);
  }

  private void geneve(ByteBuffer b, int p, int end) throws DecodeException {
    need(p, 8, end, IssueReason.TUNNEL_TRUNCATED);
    int first = u8(b, p);
    if ((first >>> 6) != 0) {
      throw new DecodeException(IssueReason.TUNNEL_UNSUPPORTED, p);
    }
    int hdr = 8 + (first & 0x3f) * 4;
    need(p, hdr, end, IssueReason.TUNNEL_TRUNCATED);
    int proto = u16(b, p + 2);
    long vni = u32(b, p + 4) >>> 8;
    enterTunnel(TunnelType.GENEVE, vni, p, true);
    if (proto == ETH_TEB) {
      ethernet(b, p + hdr, end);
    } else {
      ethertype(proto, b, p + hdr, end);
    }
  }

  /** Teredo (RFC 4380): optional authentication and origin indicators, then IPv6. False if not Teredo. */
  private boolean teredo(ByteBuffer b, int p, int end) throws DecodeException {
    int q = p;
    if (q + 4 <= end && u16(b, q) == 0x0001) {
      int idLen = u8(b, q + 2);
      int authLen = u8(b, q + 3);
      q += 4 + idLen + authLen + 9; // + nonce (8) + confirmation (1)
    }
    if (q + 8 <= end && u16(b, q) == 0x0000) {
      q += 8; // origin indication
    }
    if (q + 40 > end || (u8(b, q) >>> 4) != 6) {
      return false;
    }
    enterTunnel(TunnelType.TEREDO, -1, p, true);
    ipv6(b, q, end);
    return true;
  }

  /** GTP-U (3GPP TS 29.281) G-PDU carrying IP. False if the payload is not a GTPv1 G-PDU. */
  private boolean gtpU(ByteBuffer b, int p, int end) throws DecodeException {
    if (p + 8 > end) {
      return false;
    }
    int flags = u8(b, p);
    if ((flags >>> 5) != 1 || (flags & 0x10) == 0 || u8(b, p + 1) != 0xff) {
      return false;
    }
    long teid = u32(b, p + 4);
    int q = p + 8;
    if ((flags & 0x07) != 0) {
      need(q, 4, end, IssueReason.TUNNEL_TRUNCATED);
      int nextExt = u8(b, q + 3);
      q += 4;
      for (int i = 0; nextExt != 0; i++) {
        if (i >= MAX_GTP_EXTENSION_HEADERS) {
          throw new DecodeException(IssueReason.TUNNEL_TOO_DEEP, q);
        }
        need(q, 1, end, IssueReason.TUNNEL_TRUNCATED);
        int len = u8(b, q) * 4;
        if (len == 0) {
          throw new DecodeException(IssueReason.TUNNEL_TRUNCATED, q);
        }
        need(q, len, end, IssueReason.TUNNEL_TRUNCATED);
        nextExt = u8(b, q + len - 1);
        q += len;
      }
    }
    if (q >= end) {
      return true;
    }
    int version = u8(b, q) >>> 4;
    if (version == 4) {
      enterTunnel(TunnelType.GTP_U, teid, p, true);
      ipv4(b, q, end);
    } else if (version == 6) {
      enterTunnel(TunnelType.GTP_U, teid, p, true);
      ipv6(b, q, end);
    }
    return true;
  }

  // ------------------------------------------------------------------ transport

  /** Ports come from 16-bit header fields, so always 0..65535. */
  private boolean isDnsPort(int port) {
    return (dnsPortBits[port >>> 6] & (1L << port)) != 0;
  }

  private PortClass classify(int sp, int dp) {
    if (isDnsPort(sp) || isDnsPort(dp)) {
      return PortClass.DNS;
    }
    if (sp == MDNS_PORT || dp == MDNS_PORT) {
      return PortClass.MDNS;
    }
    if (sp == LLMNR_PORT || dp == LLMNR_PORT) {
      return PortClass.LLMNR;
    }
    return null;
  }

  private void udp(ByteBuffer b, int off, int end, int declaredEnd, long firstFrame) throws DecodeException {
    need(off, 8, end, IssueReason.UDP_TRUNCATED);
    int sp = u16(b, off);
    int dp = u16(b, off + 2);
    int ulen = u16(b, off + 4);
    int ipLen = declaredEnd - off;
    int useLen = ipLen;
    if (ulen != ipLen) {
      issues.count(IssueReason.UDP_BAD_LENGTH, frame.ref(), frame.timestampNanos(), "udp length field");
      if (ulen >= 8 && ulen < ipLen) {
        useLen = ulen;
      }
    }
    int p = off + 8;
    int pEnd = Math.min(off + useLen, end);
    if (dp == VXLAN_PORT || dp == VXLAN_LINUX_PORT) {
      vxlan(b, p, pEnd);
      return;
    }
    if (dp == GENEVE_PORT) {
      geneve(b, p, pEnd);
      return;
    }
    if (dp == GRE_IN_UDP_PORT) {
      gre(b, p, pEnd);
      return;
    }
    if ((sp == TEREDO_PORT || dp == TEREDO_PORT) && teredo(b, p, pEnd)) {
      return;
    }
    if ((sp == GTP_U_PORT || dp == GTP_U_PORT) && gtpU(b, p, pEnd)) {
      return;
    }
    PortClass pc = classify(sp, dp);
    if (pc == null) {
      if (!config.probeOtherPorts()
          || sp == NBNS_PORT
          || dp == NBNS_PORT
          || !DnsWireProbe.looksLikeDns(b, p, pEnd - p)) {
        return;
      }
      pc = PortClass.NONSTANDARD;
    }
    if (pEnd - p < DnsWireProbe.HEADER_BYTES) {
      throw new DecodeException(IssueReason.DNS_TRUNCATED_HEADER, p);
    }
    byte[] wire = new byte[pEnd - p];
    b.get(p, wire, 0, wire.length);
    srcPort = sp;
    dstPort = dp;
    portClass = pc;
    emit(Transport.UDP, wire, firstFrame);
  }

  private void tcp(ByteBuffer b, int off, int end, int declaredEnd) throws DecodeException {
    need(off, 20, end, IssueReason.TCP_TRUNCATED);
    int sp = u16(b, off);
    int dp = u16(b, off + 2);
    int seq = (int) u32(b, off + 4);
    int dataOffset = (u8(b, off + 12) >>> 4) * 4;
    int flags = u8(b, off + 13);
    if (dataOffset < 20 || off + dataOffset > end) {
      throw new DecodeException(IssueReason.TCP_BAD_HEADER_LENGTH, off + 12);
    }
    PortClass pc = classify(sp, dp);
    boolean dnsPort = pc != null;
    if (!dnsPort && !config.probeOtherPorts()) {
      return;
    }
    int p = off + dataOffset;
    srcPort = sp;
    dstPort = dp;
    portClass = dnsPort ? pc : PortClass.NONSTANDARD;
    FlowKey key = new FlowKey(v6, srcHi, srcLo, dstHi, dstLo, sp, dp);
    tcp.segment(key, dnsPort, seq, flags, b, p, end - p, Math.max(end, declaredEnd) - p, frame, tcpSink);
  }

  // ------------------------------------------------------------------ output

  private void emitTcp(byte[] wire, long firstFrameNumber) {
    emit(Transport.TCP, wire, firstFrameNumber);
  }

  private void emit(Transport transport, byte[] wire, long firstFrameNumber) {
    List<Integer> vlanList;
    if (vlanCount == 0) {
      vlanList = List.of();
    } else {
      Integer[] ids = new Integer[vlanCount];
      for (int i = 0; i < vlanCount; i++) {
        ids[i] = vlans[i];
      }
      vlanList = List.of(ids);
    }
    PacketMeta meta =
        new PacketMeta(
            frame.ref(),
            firstFrameNumber,
            frame.timestampNanos(),
            transport,
            address(srcHi, srcLo),
            srcPort,
            address(dstHi, dstLo),
            dstPort,
            srcMac < 0 ? null : macs.of(srcMac),
            dstMac < 0 ? null : macs.of(dstMac),
            vlanList,
            // List.copyOf of the reused ArrayList would copy an empty array per message for nothing.
            tunnels.isEmpty() ? List.of() : tunnels,
            portClass,
            null);
    out.accept(new RawDnsMessage(meta, wire));
  }

  private IpAddress address(long hi, long lo) {
    return v6 ? addresses.ipv6(hi, lo) : addresses.ipv4((int) lo);
  }

  // ------------------------------------------------------------------ byte access (absolute, big-endian
  // unless named otherwise). Every buffer read here is big-endian: decode() makes the frame's so, and the
  // reassemblers' buffers are ByteBuffer.wrap's. A two- or four-byte read is one bounds-checked load, not
  // one per byte: header fields are most of this decoder's reads (u16 alone was ~3 % of the reader thread
  // in a cold read of gen1m, docs/PERFORMANCE.md session 18).

  private static void need(int at, int n, int end, IssueReason reason) throws DecodeException {
    if (at < 0 || n < 0 || at > end - n) {
      throw new DecodeException(reason, at);
    }
  }

  private static int u8(ByteBuffer b, int at) {
    return b.get(at) & 0xff;
  }

  private static int u16(ByteBuffer b, int at) {
    return b.getShort(at) & 0xffff;
  }

  private static int u16le(ByteBuffer b, int at) {
    return Short.reverseBytes(b.getShort(at)) & 0xffff;
  }

  private static long u32(ByteBuffer b, int at) {
    return b.getInt(at) & 0xffff_ffffL;
  }

  private static long u32le(ByteBuffer b, int at) {
    return Integer.reverseBytes(b.getInt(at)) & 0xffff_ffffL;
  }

  private static long u48(ByteBuffer b, int at) {
    return ((long) u16(b, at) << 32) | u32(b, at + 2);
  }

  private static long u64(ByteBuffer b, int at) {
    return b.getLong(at);
  }
}
