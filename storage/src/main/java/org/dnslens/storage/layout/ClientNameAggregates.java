package org.dnslens.storage.layout;

import java.util.Arrays;

/** A run's per-client view in memory: (client address slot, query name slot) → first, last, count. */
final class ClientNameAggregates extends Aggregates {
  int[] client = new int[512];
  int[] name = new int[512];

  private int kClient;
  private int kName;

  void add(int clientId, int nameId, long firstSeen, long lastSeen, long n) {
    kClient = clientId;
    kName = nameId;
    add(hash(clientId, nameId), firstSeen, lastSeen, n);
  }

  private static int hash(int clientId, int nameId) {
    return clientId * 0x9E3779B1 + nameId;
  }

  @Override
  boolean sameKey(int e) {
    return client[e] == kClient && name[e] == kName;
  }

  @Override
  void storeKey(int e) {
    client[e] = kClient;
    name[e] = kName;
  }

  @Override
  void growKeys(int capacity) {
    client = Arrays.copyOf(client, capacity);
    name = Arrays.copyOf(name, capacity);
  }
}
