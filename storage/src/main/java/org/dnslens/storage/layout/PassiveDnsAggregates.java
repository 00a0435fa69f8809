package org.dnslens.storage.layout;

import java.util.Arrays;

/**
 * A run's passive DNS in memory: (owner name slot, type, data) → first, last, count. The data text is not
 * kept when it is the answer address's own text (A/AAAA, most answers): the address slot says it.
 */
final class PassiveDnsAggregates extends Aggregates {
  /** {@link #data} value: the data is the text of the entry's address slot. */
  static final int DATA_IS_ADDRESS = -1;

  String[] texts = new String[512];
  /**
   * Per text: where the transaction whose reply first carried it went (null: no reference wanted), and
   * the answer record's index in that reply ({@link DataRef}, schema V10).
   */
  Place[] textPlace = new Place[512];
  int[] textRecord = new int[512];
  private int textCount;
  private Place kPlace;
  private int kRecord;

  PassiveDnsAggregates() {
    super(2); // name << 32 | type, ip << 32 | data
  }

  /** The owner name's slot. */
  int name(int e) {
    return (int) (key(e, 0) >>> 32);
  }

  int type(int e) {
    return (int) key(e, 0);
  }

  /** Address slot id, or -1 for records without an address. */
  int ip(int e) {
    return (int) (key(e, 1) >>> 32);
  }

  /** Index into {@link #texts}, or {@link #DATA_IS_ADDRESS}. */
  int data(int e) {
    return (int) key(e, 1);
  }

  /** A transaction's block and row, known once it leaves the run writer's reorder heap (block -1 before). */
  static final class Place {
    int block = -1;
    int row;
  }

  private long kNameType;
  private int kIp;
  private String kData;
  private boolean kDataIsAddress;

  void add(int nameId, int rrType, int ipId, String text, boolean textIsAddress, long firstSeen, long lastSeen,
      long n) {
    add(nameId, rrType, ipId, text, textIsAddress, firstSeen, lastSeen, n, null, 0);
  }

  /** {@link #add}; a new entry with text remembers {@code place} and {@code record} for a data reference. */
  void add(int nameId, int rrType, int ipId, String text, boolean textIsAddress, long firstSeen, long lastSeen,
      long n, Place place, int record) {
    kPlace = place;
    kRecord = record;
    kNameType = pack(nameId, rrType);
    kIp = ipId;
    kData = text;
    kDataIsAddress = textIsAddress;
    add(hash(nameId, rrType, ipId, textIsAddress ? 0 : text.hashCode()), firstSeen, lastSeen, n);
    kData = null;
    kPlace = null;
  }

  private static int hash(int nameId, int rrType, int ipId, int textHash) {
    return ((nameId * 31 + rrType) * 31 + ipId) * 31 + textHash;
  }

  @Override
  boolean sameKey(long[] row, int at) {
    if (row[at + KEY] != kNameType) {
      return false;
    }
    long ipData = row[at + KEY + 1];
    if ((int) (ipData >>> 32) != kIp) {
      return false;
    }
    int data = (int) ipData;
    return kDataIsAddress ? data == DATA_IS_ADDRESS : data != DATA_IS_ADDRESS && texts[data].equals(kData);
  }

  @Override
  void storeKey(long[] row, int at) {
    row[at + KEY] = kNameType;
    int data = DATA_IS_ADDRESS;
    if (!kDataIsAddress) {
      if (textCount == texts.length) {
        texts = Arrays.copyOf(texts, textCount * 2);
        textPlace = Arrays.copyOf(textPlace, textCount * 2);
        textRecord = Arrays.copyOf(textRecord, textCount * 2);
      }
      texts[textCount] = kData;
      textPlace[textCount] = kPlace;
      textRecord[textCount] = kRecord;
      data = textCount++;
    }
    row[at + KEY + 1] = pack(kIp, data);
  }

  @Override
  void clear() {
    super.clear();
    Arrays.fill(texts, 0, textCount, null);
    Arrays.fill(textPlace, 0, textCount, null);
    textCount = 0;
  }
}
