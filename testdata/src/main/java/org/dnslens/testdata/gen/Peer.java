package org.dnslens.testdata.gen;

/**
 * One host on the wire: its IPv4 and IPv6 addresses and the MAC its frames carry (for off-link hosts, the
 * gateway's MAC, as a capture on the LAN would show).
 */
record Peer(byte[] ipv4, byte[] ipv6, byte[] mac) {

  String ipv4Text() {
    return (ipv4[0] & 0xff) + "." + (ipv4[1] & 0xff) + "." + (ipv4[2] & 0xff) + "." + (ipv4[3] & 0xff);
  }

  byte[] address(boolean v6) {
    return v6 ? ipv6 : ipv4;
  }

  static Peer of(int v4, int v6Suffix, int macSuffix) {
    byte[] ipv4 = {(byte) (v4 >>> 24), (byte) (v4 >>> 16), (byte) (v4 >>> 8), (byte) v4};
    byte[] ipv6 = new byte[16];
    ipv6[0] = (byte) 0xfd;
    ipv6[1] = 0x00;
    ipv6[2] = 0x0d;
    ipv6[3] = 0x15;
    ipv6[12] = (byte) (v6Suffix >>> 24);
    ipv6[13] = (byte) (v6Suffix >>> 16);
    ipv6[14] = (byte) (v6Suffix >>> 8);
    ipv6[15] = (byte) v6Suffix;
    // Locally administered unicast MACs (02:...).
    byte[] mac = {0x02, 0x00, (byte) (macSuffix >>> 24), (byte) (macSuffix >>> 16), (byte) (macSuffix >>> 8),
        (byte) macSuffix};
    return new Peer(ipv4, ipv6, mac);
  }

  /** An off-link host: frames carry the gateway MAC; IPv6 is a documentation-range global address. */
  static Peer offLink(int v4, byte[] gatewayMac) {
    byte[] ipv4 = {(byte) (v4 >>> 24), (byte) (v4 >>> 16), (byte) (v4 >>> 8), (byte) v4};
    byte[] ipv6 = new byte[16];
    ipv6[0] = 0x20;
    ipv6[1] = 0x01;
    ipv6[2] = 0x0d;
    ipv6[3] = (byte) 0xb8;
    System.arraycopy(ipv4, 0, ipv6, 12, 4);
    return new Peer(ipv4, ipv6, gatewayMac.clone());
  }
}
