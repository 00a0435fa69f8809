package org.dnslens.testdata.gen;

/** Independent checksum verification of generated Ethernet frames (test side). */
final class FrameChecks {

  /** What one frame is, after its checksums were verified. */
  record Verdict(boolean ipv4, boolean ipv6, boolean udp, boolean tcp, boolean fragment, int srcPort,
      int dstPort) {}

  private FrameChecks() {}

  static Verdict verify(byte[] f) {
    int etherType = u16(f, 12);
    if (etherType == 0x0800) {
      int ip = 14;
      require(f[ip] == 0x45, "IPv4 version/IHL");
      int total = u16(f, ip + 2);
      require(total == f.length - ip, "IPv4 total length");
      require(ones(f, ip, 20, 0) == 0xffff, "IPv4 header checksum");
      int flagsOffset = u16(f, ip + 6);
      boolean fragment = (flagsOffset & 0x3fff) != 0;
      int proto = f[ip + 9] & 0xff;
      if (fragment) {
        return new Verdict(true, false, proto == 17, proto == 6, true, -1, -1);
      }
      long pseudo = sumRange(f, ip + 12, 8) + proto + (total - 20);
      checkTransport(f, ip + 20, total - 20, proto, pseudo);
      return new Verdict(true, false, proto == 17, proto == 6, false, u16(f, ip + 20), u16(f, ip + 22));
    }
    require(etherType == 0x86dd, "ethertype " + Integer.toHexString(etherType));
    int ip = 14;
    require((f[ip] & 0xf0) == 0x60, "IPv6 version");
    int payload = u16(f, ip + 4);
    require(payload == f.length - ip - 40, "IPv6 payload length");
    int proto = f[ip + 6] & 0xff;
    long pseudo = sumRange(f, ip + 8, 32) + proto + payload;
    checkTransport(f, ip + 40, payload, proto, pseudo);
    if (proto == 17) {
      require(u16(f, ip + 40 + 6) != 0, "IPv6 UDP checksum must not be zero");
    }
    return new Verdict(false, true, proto == 17, proto == 6, false, u16(f, ip + 40), u16(f, ip + 42));
  }

  private static void checkTransport(byte[] f, int offset, int length, int proto, long pseudo) {
    require(proto == 17 || proto == 6, "transport protocol " + proto);
    if (proto == 17) {
      require(u16(f, offset + 4) == length, "UDP length");
      if (u16(f, offset + 6) == 0) {
        return; // IPv4 "no checksum" is allowed (our encoder always computes one, though)
      }
    }
    require(ones(f, offset, length, pseudo) == 0xffff, (proto == 17 ? "UDP" : "TCP") + " checksum");
  }

  private static long sumRange(byte[] f, int offset, int length) {
    long sum = 0;
    for (int i = 0; i < length; i += 2) {
      sum += u16(f, offset + i);
    }
    return sum;
  }

  private static int ones(byte[] f, int offset, int length, long initial) {
    long sum = initial;
    for (int i = 0; i < length; i += 2) {
      sum += i + 1 < length ? u16(f, offset + i) : (f[offset + i] & 0xff) << 8;
    }
    while ((sum >>> 16) != 0) {
      sum = (sum & 0xffff) + (sum >>> 16);
    }
    return (int) sum;
  }

  static int u16(byte[] f, int offset) {
    return ((f[offset] & 0xff) << 8) | (f[offset + 1] & 0xff);
  }

  private static void require(boolean condition, String what) {
    if (!condition) {
      throw new AssertionError("frame: " + what);
    }
  }
}
