package org.dnslens.engine.decode;

import static org.dnslens.engine.decode.Pkt.bytes;
import static org.dnslens.engine.decode.Pkt.cat;
import static org.dnslens.engine.decode.Pkt.u16;
import static org.dnslens.engine.decode.Pkt.u32;

import java.util.List;

/** Well-formed frames covering every layer, used as seeds for truncation, property and fuzz tests. */
final class SampleFrames {
  record Sample(String name, int linkType, byte[] data) {}

  static final int[] LINK_TYPES = {
    LinkType.NULL, LinkType.ETHERNET, LinkType.PPP, LinkType.FDDI, LinkType.RAW, LinkType.IEEE802_11,
    LinkType.LOOP, LinkType.LINUX_SLL, LinkType.IEEE802_11_RADIOTAP, LinkType.PPI, LinkType.IPV4,
    LinkType.IPV6, LinkType.NFLOG, LinkType.LINUX_SLL2, LinkType.DLT_RAW_BSD_12, LinkType.DLT_RAW_BSD_14, 147
  };

  private SampleFrames() {}

  static List<Sample> all() {
    byte[] v4 = Pkt.udpDnsIpv4(1);
    byte[] v6 = Pkt.udpDnsIpv6(2);
    byte[] eth = Pkt.ethIpv4(v4);
    byte[] outer = Pkt.ipv4(Pkt.UDP, "198.51.100.1", "198.51.100.2",
        Pkt.udp(1, 4789, cat(bytes(8, 0, 0, 0), u32(5L << 8), eth)));
    byte[] gre = Pkt.ipv4(Pkt.GRE, "198.51.100.1", "198.51.100.2", cat(u16(0x2000), u16(0x0800), u32(1), v4));
    byte[] erspan = Pkt.ipv4(Pkt.GRE, "198.51.100.1", "198.51.100.2",
        cat(u16(0x1000), u16(0x22eb), u32(1), bytes(0x20, 0), u16(1), u32(0), u16(0), u16(1), new byte[8], eth));
    byte[] geneve = Pkt.ipv4(Pkt.UDP, "198.51.100.1", "198.51.100.2",
        Pkt.udp(1, 6081, cat(bytes(1, 0), u16(0x6558), u32(5L << 8), new byte[4], eth)));
    byte[] teredo = Pkt.ipv4(Pkt.UDP, "198.51.100.1", "198.51.100.2",
        Pkt.udp(3544, 1, cat(u16(1), bytes(1, 1), bytes(7, 7), new byte[9], u16(0), new byte[6], v6)));
    byte[] gtp = Pkt.ipv4(Pkt.UDP, "198.51.100.1", "198.51.100.2",
        Pkt.udp(2152, 2152, cat(bytes(0x34, 0xff), u16(0), u32(9), u16(0), bytes(0, 0x85), bytes(1, 9, 1, 0), v4)));
    byte[] ext6 = Pkt.ipv6(0, "::1", "::2", cat(Pkt.ext8(44), Pkt.fragHeader(Pkt.UDP, 0, false, 3),
        Pkt.udp(1, 53, Pkt.dnsQuery(3, "x.example"))));
    byte[] tcp = Pkt.ipv4(Pkt.TCP, "10.0.0.1", "10.0.0.2",
        Pkt.tcp(1, 53, 5, Pkt.SYN, Pkt.tcpDns(Pkt.dnsQuery(4, "t.example"), Pkt.dnsQuery(5, "u.example"))));
    byte[] frag = Pkt.ipv4(Pkt.UDP, "10.0.0.1", "10.0.0.2", 7, 0x2000, new byte[0], new byte[16]);
    byte[] options = Pkt.ipv4(Pkt.UDP, "10.0.0.1", "10.0.0.2", 7, 0, bytes(0x94, 4, 0, 0), Pkt.udp(5353, 5353,
        Pkt.dnsQuery(6, "m.local")));
    byte[] llc = cat(bytes(0xaa, 0xaa, 0x03, 0, 0, 0), u16(0x0800), v4);
    byte[] pppoe = cat(bytes(0x11, 0), u16(1), u16(2 + v4.length), u16(0x21), v4);
    return List.of(
        new Sample("eth", LinkType.ETHERNET, eth),
        new Sample("qinq", LinkType.ETHERNET, Pkt.eth(0x88a8, cat(u16(10), u16(0x8100), u16(20), u16(0x0800), v4))),
        new Sample("pppoe", LinkType.ETHERNET, Pkt.eth(0x8864, pppoe)),
        new Sample("mpls", LinkType.ETHERNET, Pkt.eth(0x8847, cat(u32((16L << 12) | 0x100), v4))),
        new Sample("vxlan", LinkType.ETHERNET, Pkt.ethIpv4(outer)),
        new Sample("gre", LinkType.RAW, gre),
        new Sample("erspan3", LinkType.RAW, erspan),
        new Sample("geneve", LinkType.RAW, geneve),
        new Sample("teredo", LinkType.RAW, teredo),
        new Sample("gtp", LinkType.RAW, gtp),
        new Sample("6in4", LinkType.RAW, Pkt.ipv4(41, "192.0.2.1", "192.0.2.2", v6)),
        new Sample("ipv6ext", LinkType.IPV6, ext6),
        new Sample("tcp", LinkType.RAW, tcp),
        new Sample("fragment", LinkType.IPV4, frag),
        new Sample("options", LinkType.IPV4, options),
        new Sample("null", LinkType.NULL, cat(bytes(2, 0, 0, 0), v4)),
        new Sample("loop6", LinkType.LOOP, cat(bytes(0, 0, 0, 30), v6)),
        new Sample("sll", LinkType.LINUX_SLL, cat(u16(0), u16(1), u16(6), new byte[8], u16(0x0800), v4)),
        new Sample("sll2", LinkType.LINUX_SLL2, cat(u16(0x86dd), u16(0), u32(1), u16(1), bytes(0, 6), new byte[8], v6)),
        new Sample("ppp", LinkType.PPP, cat(bytes(0xff, 3), u16(0x21), v4)),
        new Sample("radiotap", LinkType.IEEE802_11_RADIOTAP, cat(bytes(0, 0, 8, 0), new byte[4], bytes(0x88, 1),
            new byte[24], llc)),
        new Sample("fddi", LinkType.FDDI, cat(new byte[13], llc)),
        new Sample("nflog", LinkType.NFLOG, cat(bytes(2, 0, 0, 0), bytes((v4.length + 4) & 0xff, (v4.length + 4) >>> 8, 9, 0), v4)),
        new Sample("ppi", LinkType.PPI, cat(bytes(0, 0, 8, 0, 1, 0, 0, 0), eth)));
  }
}
