package org.dnslens.storage.layout;

import java.util.Arrays;
import org.dnslens.engine.model.IpAddress;

/**
 * The distinct addresses of a run (clients, servers, answer addresses) and what the run writer keeps per
 * address: its position in the current block, its block postings per role and its client/server counts,
 * all in primitive rows indexed by slot number ({@link IntRows}, {@link LongRows}).
 *
 * <p>Why arrays: a 1 M-transaction run has ~1.3 M distinct addresses (almost every A/AAAA answer is new),
 * and all of them live until the run's end. As objects (a slot, its {@code IpAddress} and byte array, a
 * postings list and its array: five objects, ~170 bytes a slot) they were the largest population the young
 * collections copied: a heap histogram at a third of a 1 M ingest held 570 k slots in ~120 MB of such
 * objects, and GC was ~5 s of the ingest's ~42 s CPU. Here a slot is a row in chunks the collector copies
 * as blocks, postings are logged in one shared table, and an address is its 4 bytes (IPv4) or the
 * number of a row of two 8-byte halves (IPv6), rebuilt as an {@code IpAddress} only for the run's tops.
 */
final class AddressSlots {
  /** Roles of a posting, as {@link RunWriter} numbers them (its segment kinds in this order). */
  static final int CLIENT = 0;

  static final int SERVER = 1;
  static final int ANSWER = 2;

  // Ints per slot in {@link #state}: block numbers are stored + 1 so that a fresh (zero) row means "none".
  private static final int LOCAL_BLOCK = 0;
  private static final int LOCAL_IDX = 1;
  private static final int LAST_BLOCK = 2; // + role: the last block posted in that role
  private static final int ADDRESS = 5; // IPv4: the address; IPv6: its row in v6Halves
  private static final int STRIDE = 6;
  private static final int ROLES = 3;

  /** One row of {@link #STRIDE} ints per slot: the fields a transaction touches lie in one or two cache lines. */
  private final IntRows state = new IntRows(STRIDE);
  /** Client and server counts, two per slot. */
  private final LongRows counts = new LongRows(2);
  /** Whether a slot's address is IPv6, one bit per slot. */
  private long[] v6Slots = new long[16];
  private int size;

  /** IPv4 look-up: open addressing over {@code (slot + 1) << 32 | address} (0 = empty). */
  private long[] v4Table = new long[1024];
  private int v4Count;
  /** IPv6 look-up: {@code (slot + 1) << 32 | mixed hash}; the address itself is in the halves below. */
  private long[] v6Table = new long[1024];
  private int v6Count;
  /** An IPv6 address's two 8-byte halves, a row each. */
  private final LongRows v6Halves = new LongRows(2);

  /** Postings of (slot, role) pairs, owner {@code slot * ROLES + role}. */
  private final PostingLog postings = new PostingLog();

  int size() {
    return size;
  }

  /** The slot of {@code a}, a new one when the run has not seen it. */
  int slot(IpAddress a) {
    return a.isIpv4() ? v4(a.toIpv4Int()) : v6(half(a, 0), half(a, 8));
  }

  private int v4(int v) {
    long[] t = v4Table;
    int mask = t.length - 1;
    int i = Aggregates.mix(v) & mask;
    for (long x; (x = t[i]) != 0; i = (i + 1) & mask) {
      if ((int) x == v) {
        return (int) (x >>> 32) - 1;
      }
    }
    int s = newSlot(v, false);
    t[i] = ((long) (s + 1) << 32) | (v & 0xffffffffL);
    if (++v4Count * 2 > t.length) {
      v4Table = rehash(t, false);
    }
    return s;
  }

  private int v6(long hi, long lo) {
    int h = Aggregates.mix(Long.hashCode(hi) * 31 + Long.hashCode(lo));
    long[] t = v6Table;
    int mask = t.length - 1;
    int i = h & mask;
    for (long x; (x = t[i]) != 0; i = (i + 1) & mask) {
      if ((int) x == h) {
        int s = (int) (x >>> 32) - 1;
        int k = state.get(s, ADDRESS);
        long[] row = v6Halves.chunk(k);
        int at = v6Halves.at(k);
        if (row[at] == hi && row[at + 1] == lo) {
          return s;
        }
      }
    }
    v6Halves.ensure(v6Count);
    v6Halves.set(v6Count, 0, hi);
    v6Halves.set(v6Count, 1, lo);
    int s = newSlot(v6Count, true);
    t[i] = ((long) (s + 1) << 32) | (h & 0xffffffffL);
    if (++v6Count * 2 > t.length) {
      v6Table = rehash(t, true);
    }
    return s;
  }

  /** The table twice as large; IPv4 entries rehash by their address, IPv6 ones by the hash they hold. */
  private static long[] rehash(long[] old, boolean v6) {
    long[] t = new long[old.length * 2];
    int mask = t.length - 1;
    for (long x : old) {
      if (x != 0) {
        int i = (v6 ? (int) x : Aggregates.mix((int) x)) & mask;
        while (t[i] != 0) {
          i = (i + 1) & mask;
        }
        t[i] = x;
      }
    }
    return t;
  }

  private int newSlot(int address, boolean v6) {
    int s = size++;
    state.ensure(s);
    counts.ensure(s);
    if ((s >>> 6) >= v6Slots.length) {
      v6Slots = Arrays.copyOf(v6Slots, v6Slots.length * 2);
    }
    if (v6) {
      v6Slots[s >>> 6] |= 1L << s;
    }
    state.set(s, ADDRESS, address);
    return s;
  }

  private static long half(IpAddress a, int at) {
    long v = 0;
    for (int i = at; i < at + 8; i++) {
      v = (v << 8) | a.byteAt(i);
    }
    return v;
  }

  boolean isIpv6(int slot) {
    return (v6Slots[slot >>> 6] & (1L << slot)) != 0;
  }

  /** The slot's address, rebuilt (a new object each call: for the few the run's tops name). */
  IpAddress address(int slot) {
    return IpAddress.of(addressBytes(slot));
  }

  /** The address key of {@link RunWriter#ipKey}: family byte (4 or 6), then the address bytes. */
  byte[] key(int slot) {
    byte[] raw = addressBytes(slot);
    byte[] key = new byte[raw.length + 1];
    key[0] = (byte) (raw.length == 4 ? 4 : 6);
    System.arraycopy(raw, 0, key, 1, raw.length);
    return key;
  }

  private byte[] addressBytes(int slot) {
    int a = state.get(slot, ADDRESS);
    if (!isIpv6(slot)) {
      return new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a};
    }
    byte[] b = new byte[16];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (v6Halves.get(a, 0) >>> (56 - 8 * i));
      b[8 + i] = (byte) (v6Halves.get(a, 1) >>> (56 - 8 * i));
    }
    return b;
  }

  /** The slot's index in block {@code blockId}, or -1 when it has none there yet. */
  int localIndex(int slot, int blockId) {
    int[] row = state.chunk(slot);
    int r = state.at(slot);
    return row[r + LOCAL_BLOCK] == blockId + 1 ? row[r + LOCAL_IDX] : -1;
  }

  void setLocalIndex(int slot, int blockId, int idx) {
    int[] row = state.chunk(slot);
    int r = state.at(slot);
    row[r + LOCAL_BLOCK] = blockId + 1;
    row[r + LOCAL_IDX] = idx;
  }

  /** Posts {@code blockId} for the slot in this role, once per block (blocks arrive in ascending order). */
  void post(int slot, int role, int blockId) {
    int[] row = state.chunk(slot);
    int r = state.at(slot);
    if (row[r + LAST_BLOCK + role] == blockId + 1) {
      return;
    }
    row[r + LAST_BLOCK + role] = blockId + 1;
    postings.add(slot * ROLES + role, blockId);
  }

  /** Every slot's postings grouped; a slot's block ids in a role, ascending, are those of {@link #owner}. */
  PostingLog.Groups postings() {
    return postings.group(size * ROLES);
  }

  /** The owner of a (slot, role) pair in {@link #postings()}. */
  static int owner(int slot, int role) {
    return slot * ROLES + role;
  }

  /** Forgets every posting (a part was written); the slots and their counts stay. */
  void clearPostings() {
    for (int s = 0; s < size; s++) {
      int[] row = state.chunk(s);
      int r = state.at(s);
      for (int role = 0; role < ROLES; role++) {
        row[r + LAST_BLOCK + role] = 0;
      }
    }
    postings.clear();
  }

  void countClient(int slot) {
    counts.chunk(slot)[counts.at(slot)]++;
  }

  void countServer(int slot) {
    counts.chunk(slot)[counts.at(slot) + 1]++;
  }

  long clientCount(int slot) {
    return counts.get(slot, 0);
  }

  long serverCount(int slot) {
    return counts.get(slot, 1);
  }
}
