package org.dnslens.storage.layout;

/** A run's per-client view in memory: (client address slot, query name slot) → first, last, count. */
final class ClientNameAggregates extends Aggregates {
  private long kKey;

  ClientNameAggregates() {
    super(1); // client << 32 | name
  }

  int client(int e) {
    return (int) (key(e, 0) >>> 32);
  }

  int name(int e) {
    return (int) key(e, 0);
  }

  void add(int clientId, int nameId, long firstSeen, long lastSeen, long n) {
    kKey = pack(clientId, nameId);
    add(hash(clientId, nameId), firstSeen, lastSeen, n);
  }

  private static int hash(int clientId, int nameId) {
    return clientId * 0x9E3779B1 + nameId;
  }

  @Override
  boolean sameKey(long[] row, int at) {
    return row[at + KEY] == kKey;
  }

  @Override
  void storeKey(long[] row, int at) {
    row[at + KEY] = kKey;
  }
}
