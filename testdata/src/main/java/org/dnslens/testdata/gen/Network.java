package org.dnslens.testdata.gen;

import java.util.ArrayList;
import java.util.List;

/**
 * The hosts of the generated LAN: background clients 10.1.0.0/16, actor clients 10.2.0.0/24, resolvers
 * 10.0.0.53 and up, plus off-link upstream servers and a public resolver behind the gateway.
 */
final class Network {

  static final byte[] GATEWAY_MAC = {0x02, 0x00, 0x00, 0x00, (byte) 0xfe, 0x01};
  private static final int[] UPSTREAM_V4 = {
    0xc6_29_00_04, // 198.41.0.4 a.root-servers.net
    0xc0_05_06_1e, // 192.5.6.30 a.gtld-servers.net
    0xc0_21_0e_1e, // 192.33.14.30 b.gtld-servers.net
    0xcd_fb_c0_40, // 205.251.192.64 an authoritative provider
  };

  private final List<Peer> clients;
  private final List<Peer> resolvers;
  private final List<Peer> upstreams;
  private final Peer publicResolver;

  Network(int clientCount, int resolverCount) {
    List<Peer> c = new ArrayList<>(clientCount);
    for (int i = 0; i < clientCount; i++) {
      c.add(Peer.of(0x0a_01_00_00 | ((i / 250) << 8) | (i % 250 + 1), 0x1_0000 + i, 0x10_0000 + i));
    }
    List<Peer> r = new ArrayList<>(resolverCount);
    for (int i = 0; i < resolverCount; i++) {
      r.add(Peer.of(0x0a_00_00_35 + i, 0x53 + i, 0x5300 + i));
    }
    List<Peer> u = new ArrayList<>(UPSTREAM_V4.length);
    for (int address : UPSTREAM_V4) {
      u.add(Peer.offLink(address, GATEWAY_MAC));
    }
    this.clients = List.copyOf(c);
    this.resolvers = List.copyOf(r);
    this.upstreams = List.copyOf(u);
    this.publicResolver = Peer.offLink(0x08_08_08_08, GATEWAY_MAC);
  }

  List<Peer> clients() {
    return clients;
  }

  List<Peer> resolvers() {
    return resolvers;
  }

  List<Peer> upstreams() {
    return upstreams;
  }

  Peer publicResolver() {
    return publicResolver;
  }

  /** The n-th actor client, 10.2.0.(10 + n). */
  static Peer actorClient(int n) {
    return Peer.of(0x0a_02_00_0a + n, 0x2_0000 + n, 0x20_0000 + n);
  }
}
