package org.dnslens.storage.layout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.ObjLongConsumer;
import org.dnslens.engine.model.DnsName;
import org.dnslens.engine.model.IpAddress;

/**
 * Turns one ingest run into blocks and segment pages, in memory, on the caller's thread.
 *
 * <p>Per transaction it costs a few hash look-ups: the query name and the addresses map to per-run
 * <em>slots</em> (key bytes computed once per distinct value, the block ids it occurs in, counts); a
 * slot records a block id only the first time it is seen in that block, so postings are block-level and
 * small. Passive DNS (name, type, data) and the per-client view (client, name) are aggregated here too.
 * Blocks go to the {@link RunOutput} as they fill; postings and aggregates go out as sorted segment pages
 * at {@link #finish} (and earlier, as further <em>parts</em>, when more than {@code maxPassiveEntries}
 * aggregates are held: queries merge parts and runs alike).
 *
 * <p>Blocks are cut in query-time order, not in the order transactions arrive: the pairer emits an
 * answered transaction after its duplicate grace (2 s) and an unanswered one after its timeout (10 s), so
 * in arrival order every block's [min, max] query time reached back by the timeout, and a 10 s window of
 * a 10 M case overlapped ~340 blocks instead of ~10. Up to {@code reorderTransactions} transactions are
 * held in a heap by (query time, arrival) and the oldest goes into the block when the heap is full (and
 * all of them at {@link #finish}); transaction ids are given as they leave it, so within a run id order is
 * query-time order. A transaction later than the heap covers still goes into the current block (whose
 * span then reaches back to it): correct, only less tight.
 *
 * <p>Memory: a slot per distinct query name (about 150 bytes) and address is kept for the whole run
 * (they carry the run's counts); aggregates and postings are bounded by the spill; the held transactions
 * (wire bytes included, ~300-600 bytes each) by {@code reorderTransactions}.
 */
public final class RunWriter {
  /** Items per kind kept in run_count (top names, clients, servers); CaseInfo merges runs' tops. */
  public static final int TOP_PER_RUN = 1000;
  /**
   * Transactions held back to cut blocks in query-time order (see the class comment): 64 blocks, which
   * covers the pairer's 10 s timeout up to ~3 k transactions/s (the generated captures run at ~2 k/s) for
   * ~10-20 MB held.
   */
  public static final int REORDER_TRANSACTIONS = 32 * 1024;

  private final RunOutput out;
  private final int maxPassiveEntries;
  /**
   * Slots by their text, one slot per text whichever way it was reached; filled only once a name is looked
   * up by its text ({@link #textLookups}). An ingest finds every name by its wire form ({@link #wireTable}),
   * and a decoded name's text is a one-to-one image of its wire bytes (every byte that could be read two
   * ways is escaped), so a name new to the wire table is new to the run: looking its text up here and
   * entering it cost a miss and a map node per distinct name (~0.3 s of the sink thread's 1 M ingest,
   * async-profiler, session 24). A migration, which hands names as text, fills the map from every slot made
   * so far at its first text look-up and keeps it from then on.
   */
  private final Map<String, NameSlot> names = new HashMap<>();
  private boolean textLookups;
  /**
   * Slots by the wire form of the name they were made from ({@code (arena offset + 1) << 32 | DnsName hash},
   * 0 = empty): the ingest path looks names up by the decoded {@code DnsName} (its hash is over the wire
   * bytes, computed once per name object, on the reader's thread) instead of making the escaped text of
   * every question and answer owner only to find its slot; the text is made once per distinct name. Same
   * wire bytes, same text: a hit here is the slot {@link #names} would give.
   */
  private long[] wireTable = new long[1024];
  /**
   * The wire table's entries, one after another: the name's wire length (1 byte), its wire form and its slot
   * id (4 bytes). One array, not a {@code DnsName} and a slot reference per entry, which kept the first
   * {@code DnsName} object of every name of the run (and its bytes) alive: ~250 k objects at 1 M
   * transactions that the collector copied into the old generation. A look-up reads the table and one place
   * here instead of a reference array, the name object and its bytes; the sink thread's samples in
   * {@link #name(DnsName)} did not change measurably (async-profiler, session 29): what it waits for there is
   * mostly the reader's own name object, first read on this thread.
   */
  private byte[] wireArena = new byte[64 * 1024];
  private int wireArenaSize;
  private int wireCount;
  private DnsName lastName;
  private NameSlot lastNameSlot;
  private final List<NameSlot> nameById = new ArrayList<>();
  /** Where a new name's key is written before its copy ({@link DnsName#MAX_PRESENTATION_BYTES}). */
  private final byte[] keyScratch = new byte[DnsName.MAX_PRESENTATION_BYTES];
  /** Address slots (client, server and answer addresses), with their postings and counts. */
  private final AddressSlots ips = new AddressSlots();
  /** Block postings of the name slots, owner = slot id. */
  private final PostingLog namePostings = new PostingLog();
  private final PassiveDnsAggregates pdns = new PassiveDnsAggregates();
  private final ClientNameAggregates clients = new ClientNameAggregates();
  private final ValueCounts rcodes = new ValueCounts();
  private final ValueCounts qtypes = new ValueCounts();
  private final ValueCounts statuses = new ValueCounts();
  private final int[] answerIdx = new int[64];
  private final TxBlock.Encoder block = new TxBlock.Encoder();
  private final int reorderTransactions;
  private final ReorderHeap<Held> held;
  private long arrivals;
  private int blockId;
  private long nextTxId;
  private long blockFirstTx;
  private int part;
  private long transactions;

  static final class NameSlot {
    final int id;
    final String text;
    final byte[] key;
    int lastBlock = -1;
    int localBlock = -1;
    int localIdx;
    long count;

    /** The name as sent is its lower-case form: readers rebuild it from the key, so it is not stored. */
    final boolean canonical;

    NameSlot(int id, String text, byte[] key, boolean parsed) {
      this.id = id;
      this.text = text;
      this.key = key;
      this.canonical = parsed && text.equals(text.toLowerCase(Locale.ROOT));
    }
  }

  /** A transaction waiting in the reorder heap, with the slots {@link #add} already looked up. */
  private static final class Held {
    private final TxInput t;
    private final NameSlot name;
    private final int client;
    private final int server;
    private final int[] answers;
    /** Where the transaction went, for passive-DNS data references to its reply (made only when asked). */
    PassiveDnsAggregates.Place place;

    Held(TxInput t, NameSlot name, int client, int server, int[] answers) {
      this.t = t;
      this.name = name;
      this.client = client;
      this.server = server;
      this.answers = answers;
    }

    TxInput t() {
      return t;
    }

    NameSlot name() {
      return name;
    }

    int client() {
      return client;
    }

    int server() {
      return server;
    }

    /** The slots of {@code t.answerIps()}, in its order. */
    int[] answers() {
      return answers;
    }
  }

  /** The transaction last added (its answers follow it): held, or placed already ({@link #currentPlace}). */
  private Held current;
  private TxInput currentInput;
  private PassiveDnsAggregates.Place currentPlace;

  /** A run writer that cuts blocks in query-time order, holding up to {@link #REORDER_TRANSACTIONS}. */
  public RunWriter(RunOutput out, int firstBlockId, long firstTxId, int maxPassiveEntries) {
    this(out, firstBlockId, firstTxId, maxPassiveEntries, REORDER_TRANSACTIONS);
  }

  /**
   * {@code reorderTransactions} 0: blocks in arrival order and ids as added, which the V4 migration needs
   * (it keeps the old ids, see {@link #breakBlock}).
   */
  public RunWriter(RunOutput out, int firstBlockId, long firstTxId, int maxPassiveEntries, int reorderTransactions) {
    if (reorderTransactions < 0) {
      throw new IllegalArgumentException("reorderTransactions < 0: " + reorderTransactions);
    }
    this.out = out;
    this.blockId = firstBlockId;
    this.nextTxId = firstTxId;
    this.blockFirstTx = firstTxId;
    this.maxPassiveEntries = maxPassiveEntries;
    this.reorderTransactions = reorderTransactions;
    this.held = new ReorderHeap<>(Math.min(reorderTransactions, 4096) + 1);
  }

  /** The id the next transaction that goes into a block gets (held transactions have none yet). */
  public long nextTxId() {
    return nextTxId;
  }

  public long transactions() {
    return transactions;
  }

  /** The reversed lower-case key of a name ({@code com.example.www}), as UTF-8. */
  public static byte[] nameKey(DnsName name) {
    return nameKey(name, new byte[4 * name.wireLength()]);
  }

  /** {@link #nameKey(DnsName)} made in {@code scratch} (at least {@code 4 * name.wireLength()} bytes). */
  private static byte[] nameKey(DnsName name, byte[] scratch) {
    return Arrays.copyOf(scratch, name.writeReversedLowerPresentation(scratch, 0));
  }

  /**
   * The key of a name known by its text only (a name table's): the key a slot of that text has, so the
   * {@code PDNS_NAME} entries of a {@code PDNS_IP} posting's name are found under it. Text that is not a
   * name (written by the V4 migration) is keyed by its lower-case form, as {@link #newName} does.
   */
  public static byte[] nameKey(String text) {
    try {
      return nameKey(DnsName.parse(text));
    } catch (IllegalArgumentException e) {
      return text.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
    }
  }

  /** The address key: family byte (4 or 6), then the address bytes. */
  public static byte[] ipKey(IpAddress ip) {
    byte[] raw = ip.toBytes();
    byte[] key = new byte[raw.length + 1];
    key[0] = (byte) (ip.isIpv4() ? 4 : 6);
    System.arraycopy(raw, 0, key, 1, raw.length);
    return key;
  }

  private NameSlot name(String text, DnsName parsed) {
    if (!textLookups) {
      textLookups = true;
      for (NameSlot slot : nameById) {
        names.put(slot.text, slot);
      }
    }
    NameSlot s = names.get(text);
    return s != null ? s : newName(text, parsed);
  }

  /**
   * The slot of a decoded name (its text made only when the name is new to the run). The last name looked
   * up is kept: most answers are owned by the transaction's question name or by the previous answer's
   * owner, which then costs a compare of two short byte arrays already in the cache, not a map look-up.
   */
  private NameSlot name(DnsName name) {
    if (name.equals(lastName)) {
      return lastNameSlot;
    }
    int h = name.hashCode();
    int len = name.wireLength();
    long[] t = wireTable;
    byte[] arena = wireArena;
    int mask = t.length - 1;
    int i = Aggregates.mix(h) & mask;
    NameSlot s = null;
    for (long x; (x = t[i]) != 0; i = (i + 1) & mask) {
      int at = (int) (x >>> 32) - 1;
      if ((int) x == h && (arena[at] & 0xff) == len && name.wireEquals(arena, at + 1)) {
        s = nameById.get(readInt(arena, at + 1 + len));
        break;
      }
    }
    if (s == null) {
      String text = name.toString();
      s = textLookups ? names.get(text) : null;
      if (s == null) {
        s = newName(text, name);
      }
      addWire(i, h, name, s);
    }
    lastName = name;
    lastNameSlot = s;
    return s;
  }

  /** Enters a name's wire form at the free table position {@code at} (where its look-up ended). */
  private void addWire(int at, int hash, DnsName name, NameSlot s) {
    int need = wireArenaSize + 1 + name.wireLength() + Integer.BYTES;
    if (need > wireArena.length) {
      wireArena = Arrays.copyOf(wireArena, Math.max(need, wireArena.length * 2));
    }
    int o = wireArenaSize;
    wireArena[o] = (byte) name.wireLength();
    int len = name.writeWire(wireArena, o + 1);
    writeInt(wireArena, o + 1 + len, s.id);
    wireArenaSize = need;
    wireTable[at] = ((long) (o + 1) << 32) | (hash & 0xffffffffL);
    if (++wireCount * 2 > wireTable.length) {
      long[] t = new long[wireTable.length * 2];
      int mask = t.length - 1;
      for (long x : wireTable) {
        if (x != 0) {
          int i = Aggregates.mix((int) x) & mask;
          while (t[i] != 0) {
            i = (i + 1) & mask;
          }
          t[i] = x;
        }
      }
      wireTable = t;
    }
  }

  private static int readInt(byte[] b, int at) {
    return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
  }

  private static void writeInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }

  private NameSlot newName(String text, DnsName parsed) {
    byte[] key;
    boolean ok = true;
    try {
      key = nameKey(parsed != null ? parsed : DnsName.parse(text), keyScratch);
    } catch (IllegalArgumentException e) {
      key = text.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
      ok = false;
    }
    NameSlot s = new NameSlot(nameById.size(), text, key, ok);
    nameById.add(s);
    if (textLookups) {
      names.put(text, s);
    }
    return s;
  }

  /** The address's slot in {@link #ips} (IPv4 through open addressing over one {@code long[]}). */
  private int ip(IpAddress a) {
    return ips.slot(a);
  }

  private int local(int slot, IpAddress a) {
    int idx = ips.localIndex(slot, blockId);
    if (idx < 0) {
      idx = block.addIp(a); // once per slot and block, and one slot per address
      ips.setLocalIndex(slot, blockId, idx);
    }
    return idx;
  }

  /**
   * Adds a transaction. {@code qname} is the decoded question name when the caller has it: its slot is
   * then found by the wire bytes and {@code t.qname()} may be null (the text is made once per distinct
   * name, not per transaction). Without it the name is {@code t.qname()} (parsed when first seen). The transaction may be held (see the class comment): the caller must
   * not change it afterwards (its answer address list is copied here, the sink reuses its own).
   */
  public void add(TxInput t, DnsName qname) throws IOException {
    add(t, qname, true);
  }

  /**
   * {@link #add(TxInput, DnsName)}; {@code perClient} false leaves the per-client view alone (the
   * migration moves already aggregated per-client rows with {@link #client}).
   */
  public void add(TxInput t, DnsName qname, boolean perClient) throws IOException {
    // Counts and aggregates are taken now (they do not depend on the block); the block row, its postings
    // and its id when the transaction leaves the heap.
    NameSlot ns = qname != null ? name(qname) : t.qname() != null ? name(t.qname(), null) : null;
    int c = ip(t.clientIp());
    int s = ip(t.serverIp());
    int[] as = answerSlots(t.answerIps());
    if (ns != null) {
      ns.count++;
    }
    ips.countClient(c);
    ips.countServer(s);
    if (ns != null && perClient) {
      clients.add(c, ns.id, t.ts(), t.ts(), 1);
    }
    rcodes.add(t.rcode());
    qtypes.add(t.qtype() == null ? -1 : t.qtype());
    statuses.add(t.status());
    transactions++;
    currentInput = t;
    if (reorderTransactions == 0) {
      current = null;
      currentPlace = new PassiveDnsAggregates.Place();
      place(t, ns, c, s, as, currentPlace);
      return;
    }
    currentPlace = null;
    // Copied: the sink refills the same list for its next transaction (a caller that hands an immutable
    // list gets it back from copyOf, and its transaction is kept as it is).
    List<IpAddress> answers = List.copyOf(t.answerIps());
    current = new Held(answers == t.answerIps() ? t : t.withAnswerIps(answers), ns, c, s, as);
    held.add(t.ts(), arrivals++, current);
    if (held.size() > reorderTransactions) {
      Held h = held.poll();
      place(h.t(), h.name(), h.client(), h.server(), h.answers(), h.place);
    }
  }

  /**
   * The slots of a transaction's answer addresses, looked up as it arrives: the passive-DNS look-ups of the
   * same addresses follow at once and find their table entries and rows in the cache, where a second look-up
   * when the transaction leaves the reorder heap, 32 k transactions later, missed it (~0.3 s of a 1 M
   * ingest's sink thread, async-profiler, session 28).
   */
  private int[] answerSlots(List<IpAddress> answers) {
    if (answers.isEmpty()) {
      return NO_SLOTS;
    }
    int[] slots = new int[answers.size()];
    for (int k = 0; k < slots.length; k++) {
      slots[k] = ip(answers.get(k));
    }
    return slots;
  }

  private static final int[] NO_SLOTS = new int[0];

  /** Every held transaction into blocks, oldest first. */
  private void drain() throws IOException {
    for (Held h; (h = held.poll()) != null; ) {
      place(h.t(), h.name(), h.client(), h.server(), h.answers(), h.place);
    }
  }

  /**
   * Puts a transaction into the current block (its id is the next one) and posts its keys ({@code c},
   * {@code s}, {@code answerSlots}: the slots of its client, server and answer addresses); {@code at}, when
   * not null, is told the block and row (passive-DNS entries refer to its reply's records).
   */
  private void place(TxInput t, NameSlot ns, int c, int s, int[] answerSlots, PassiveDnsAggregates.Place at)
      throws IOException {
    if (at != null) {
      at.block = blockId;
      at.row = block.count();
    }
    int qIdx = -1;
    if (ns != null) {
      if (ns.localBlock != blockId) {
        ns.localBlock = blockId;
        ns.localIdx = block.addName(ns.text); // once per slot and block, and one slot per text
      }
      qIdx = ns.localIdx;
      if (ns.lastBlock != blockId) {
        ns.lastBlock = blockId;
        namePostings.add(ns.id, blockId);
      }
    }
    int cIdx = local(c, t.clientIp());
    int sIdx = local(s, t.serverIp());
    ips.post(c, AddressSlots.CLIENT, blockId);
    ips.post(s, AddressSlots.SERVER, blockId);
    int na = 0;
    List<IpAddress> answers = t.answerIps();
    for (int k = 0; k < answers.size(); k++) { // indexed: the iterator was 1.1 % of the allocated bytes
      IpAddress a = answers.get(k);
      if (na == answerIdx.length) {
        break; // MAX: the rest stay in the wire bytes
      }
      int as = answerSlots[k];
      int idx = local(as, a);
      boolean dup = false;
      for (int i = 0; i < na; i++) {
        dup |= answerIdx[i] == idx;
      }
      if (!dup) {
        answerIdx[na++] = idx;
        ips.post(as, AddressSlots.ANSWER, blockId);
      }
    }
    block.add(t, qIdx, cIdx, sIdx, answerIdx, na);
    nextTxId++;
    if (block.isFull()) {
      closeBlock();
    }
  }

  /**
   * Transactions per value of a small integer field (rcode, qtype, status), counted once per transaction:
   * values -1..255 (every status and classic rcode, the common qtypes) in an array, the rest in a map. Was a
   * {@code HashMap<Integer, long[]>} with {@code computeIfAbsent} for all three, 0.4-0.9 s of the sink
   * thread's CPU in a 1 M ingest's profile (async-profiler, session 24).
   */
  private static final class ValueCounts {
    private static final int LOW = -1;
    private static final int HIGH = 255;
    private final long[] low = new long[HIGH - LOW + 1];
    private final Map<Integer, long[]> other = new HashMap<>();

    void add(int value) {
      if (value >= LOW && value <= HIGH) {
        low[value - LOW]++;
      } else {
        other.computeIfAbsent(value, x -> new long[1])[0]++;
      }
    }

    void forEach(ObjLongConsumer<Integer> action) {
      for (int i = 0; i < low.length; i++) {
        if (low[i] != 0) {
          action.accept(i + LOW, low[i]);
        }
      }
      other.forEach((k, v) -> action.accept(k, v[0]));
    }
  }

  /** One answer record seen at {@code ts} (passive DNS); {@code data} null: the text of {@code address}. */
  public void answer(DnsName owner, int type, String data, IpAddress address, long ts) throws IOException {
    passive(name(owner), type, data, address, ts, ts, 1);
  }

  /**
   * {@link #answer(DnsName, int, String, IpAddress, long)} for answer record {@code record} (0-based) of the
   * reply of the transaction last {@link #add added}: long TXT/SPF data is then stored in {@code PDNS_NAME}
   * as a reference to that record ({@link DataRef}, schema V10) instead of its text, when the reply's bytes
   * give the text back exactly (checked here) and the transaction has been placed in a block by the time
   * the pages are written (else the text is written, as before).
   */
  public void answer(DnsName owner, int type, String data, IpAddress address, long ts, int record) throws IOException {
    answer(owner, type, data, address, ts, record, record >= 0 && address == null && currentInput != null
        && DataRef.givesBack(currentInput.replyWire(), record, type, data));
  }

  /**
   * {@link #answer(DnsName, int, String, IpAddress, long, int)} with {@code givesBack} checked by the caller:
   * {@link DataRef#givesBack} of the reply of the transaction last added, its record {@code record}, this
   * type and data. The ingest sink checks it on the reader's thread: decoding the record again here was
   * 2.8 % of this thread's CPU on the 1 M capture, and this thread sets the ingest's pace.
   */
  public void answer(DnsName owner, int type, String data, IpAddress address, long ts, int record,
      boolean givesBack) throws IOException {
    if (record < 0 || address != null || !givesBack || currentInput == null) {
      answer(owner, type, data, address, ts);
      return;
    }
    PassiveDnsAggregates.Place at = currentPlace;
    if (at == null) {
      at = current.place;
      if (at == null) {
        at = current.place = new PassiveDnsAggregates.Place();
      }
    }
    pdns.add(name(owner).id, type, -1, data, false, ts, ts, 1, at, record);
    spillIfFull();
  }

  /** An already aggregated passive-DNS entry (migration). */
  public void passive(String owner, DnsName parsedOwner, int type, String data, IpAddress address, long first,
      long last, long count) throws IOException {
    passive(name(owner, parsedOwner), type, data, address, first, last, count);
  }

  private void passive(NameSlot n, int type, String data, IpAddress address, long first, long last, long count)
      throws IOException {
    int a = address != null ? ip(address) : -1;
    boolean textIsAddress = a >= 0 && (data == null || data.equals(address.toString()));
    pdns.add(n.id, type, a, textIsAddress ? null : data, textIsAddress, first, last, count);
    spillIfFull();
  }

  /** An already aggregated per-client entry (migration). */
  public void client(IpAddress client, String name, long first, long last, long count) throws IOException {
    int c = ip(client);
    NameSlot n = name(name, null);
    clients.add(c, n.id, first, last, count);
    spillIfFull();
  }

  /** Call after each transaction's answers: writes a part when the aggregates exceed the bound. */
  public void spillIfFull() throws IOException {
    if (pdns.size() + clients.size() > maxPassiveEntries) {
      writePart(false); // the current block's ids may be in two parts: queries take the union

    }
  }

  private void closeBlock() throws IOException {
    if (block.count() == 0) {
      return;
    }
    out.block(
        new EncodedBlock(
            blockId, blockFirstTx, block.count(), block.minTs(), block.maxTs(), block.summary(), block.wire()));
    blockId++;
    blockFirstTx = nextTxId;
    block.reset();
  }

  /** Starts a new block at the next transaction even if this one is not full (migration: id gaps). */
  public void breakBlock(long nextId) throws IOException {
    if (reorderTransactions != 0) {
      throw new IllegalStateException("breakBlock needs a run writer without reordering");
    }
    closeBlock();
    nextTxId = nextId;
    blockFirstTx = nextId;
  }

  /** Writes the last block, the last part and the run's counts. */
  public void finish() throws IOException {
    drain();
    closeBlock();
    out.counts(writePart(true));
  }

  /** Writes the aggregates and postings held as a part; at the run's end returns the run's counts (else null). */
  private List<RunOutput.RunCount> writePart(boolean runEnd) throws IOException {
    // One sort of the name and address slots per part; postings and aggregates follow their order or rank.
    // Two threads share the work from its start: at the run's end the reader is done and the second core is
    // otherwise idle. This one sorts the names, builds the name table and the postings and per-client pages;
    // a helper sorts the addresses, then builds the passive-DNS pages. Until session 28 the helper started
    // only after both sorts and the name table, which were ~1-1.7 s of a 1 M ingest's ~4.4 s tail with one
    // core idle. What each side reads and writes:
    // - the helper reads the address slots' keys, the name ranks and ordinals (handed over through futures
    //   below), the name slots' keys and texts and the aggregates, none of which changes until it is joined;
    // - this thread groups and clears the posting logs and resets the slots' last-posted blocks (fields the
    //   helper never reads), the addresses' only after the helper's address order is handed over.
    // The PDNS_NAME pages are handed over as soon as they are built, so that the case writer compresses them
    // (and finds their smallest names) while the helper builds the PDNS_IP pages. The order the pages reach
    // the writer in, and so their ids, is the same as when one thread built them all.
    CompletableFuture<AddressOrder> addresses = new CompletableFuture<>();
    CompletableFuture<int[]> nameRanks = new CompletableFuture<>();
    CompletableFuture<int[]> nameOrdinals = new CompletableFuture<>();
    CompletableFuture<List<SegmentPage>> byName = new CompletableFuture<>();
    CompletableFuture<List<SegmentPage>> byAddress = new CompletableFuture<>();
    Thread passive = new Thread(() -> {
      try {
        AddressOrder a = addressOrder();
        addresses.complete(a);
        long[] order = new long[pdns.size()];
        long base = earliest(pdns);
        byName.complete(passiveNamePages(nameRanks.join(), a.keys(), base, order));
        byAddress.complete(passiveAddressPages(a.ranks(), a.keys(), nameOrdinals.join(), base, order));
      } catch (Throwable e) { // an OutOfMemoryError too: handed to this thread, never lost with the helper
        addresses.completeExceptionally(e); // each: no effect on what was completed already
        byName.completeExceptionally(e);
        byAddress.completeExceptionally(e);
      }
    }, "dnslens-passive-dns-pages");
    passive.start();
    boolean joined = false;
    List<RunOutput.RunCount> counts;
    try {
      int[] nameOrder = sortedByKey(nameById.size(), i -> nameById.get(i).key);
      int[] nameRank = ranks(nameOrder);
      nameRanks.complete(nameRank);
      List<SegmentPage> tablePages = new ArrayList<>();
      int[] nameOrdinal = nameTable(nameOrder, tablePages);
      nameOrdinals.complete(nameOrdinal);
      // Each kind's pages go to the case writer as soon as they are built, so that its compression runs
      // beside the building of the next kind instead of after the last one.
      hand(tablePages);
      namePostingPages(nameOrder);
      AddressOrder a = built(addresses);
      addressPostingPages(a.keys(), a.order());
      hand(clientPages(nameRank, a.ranks(), a.order(), a.keys(), nameOrdinal));
      // The run's counts are final once the last transaction is in, and nothing here changes them: made
      // while the helper may still be building pages (~0.1-0.2 s of cold code at a 1 M run's end).
      counts = runEnd ? counts() : null;
      hand(built(byName));
      hand(built(byAddress));
      joinPassive(passive);
      joined = true;
    } finally {
      if (!joined) {
        // The helper may be waiting for what this thread did not get to: it must not wait forever.
        CancellationException stop = new CancellationException("the run's segments were not written");
        nameRanks.completeExceptionally(stop);
        nameOrdinals.completeExceptionally(stop);
        joinQuietly(passive); // a failed run still must not leave a thread reading what it clears
      }
    }
    pdns.clear();
    clients.clear();
    part++;
    return counts;
  }

  /** The address slots' keys, their order by key and each slot's rank in it. */
  private record AddressOrder(byte[][] keys, int[] order, int[] ranks) {}

  private AddressOrder addressOrder() {
    byte[][] keys = new byte[ips.size()][];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = ips.key(i);
    }
    int[] order = sortedByKey(keys.length, i -> keys[i]);
    return new AddressOrder(keys, order, ranks(order));
  }

  private void hand(List<SegmentPage> pages) throws IOException {
    if (!pages.isEmpty()) {
      out.pages(pages);
    }
  }

  /** NAME postings, handed to the output when built. */
  private void namePostingPages(int[] nameOrder) throws IOException {
    ByteWriter v = new ByteWriter(4096);
    PostingLog.Groups g = namePostings.group(nameById.size());
    int[] blocks = g.blocks();
    // Query-name postings: slots of different case variants share one key (adjacent in the order): merged.
    SegmentPage.Builder b = new SegmentPage.Builder(SegmentKind.NAME, part);
    for (int i = 0; i < nameOrder.length; ) {
      byte[] key = nameById.get(nameOrder[i]).key;
      int[] merged = null;
      int from = 0;
      int to = 0;
      int j = i;
      for (; j < nameOrder.length && (j == i || Arrays.equals(nameById.get(nameOrder[j]).key, key)); j++) {
        int slot = nameOrder[j];
        if (g.to(slot) > g.from(slot)) {
          if (merged == null && to == from) {
            from = g.from(slot); // the key's first slot with postings (mostly its only one): written as it is
            to = g.to(slot);
          } else { // a case variant's slot: merged into a copy
            int[] got = Arrays.copyOfRange(blocks, g.from(slot), g.to(slot));
            merged = union(merged != null ? merged : Arrays.copyOfRange(blocks, from, to), got);
          }
          nameById.get(slot).lastBlock = -1;
        }
      }
      if (merged != null) {
        postings(v, merged, 0, merged.length);
        b.add(key, v.array(), v.size());
      } else if (to > from) {
        postings(v, blocks, from, to);
        b.add(key, v.array(), v.size());
      }
      i = j;
    }
    namePostings.clear();
    hand(b.finish());
  }

  /**
   * CLIENT, SERVER and ANSWER postings, built in one pass over the addresses in key order and handed in that
   * order.
   */
  private void addressPostingPages(byte[][] ipKeys, int[] ipOrder) throws IOException {
    ByteWriter v = new ByteWriter(4096);
    PostingLog.Groups g = ips.postings();
    SegmentKind[] kinds = {SegmentKind.CLIENT, SegmentKind.SERVER, SegmentKind.ANSWER};
    SegmentPage.Builder[] b = new SegmentPage.Builder[kinds.length];
    for (int role = AddressSlots.CLIENT; role <= AddressSlots.ANSWER; role++) {
      b[role] = new SegmentPage.Builder(kinds[role], part);
    }
    for (int o : ipOrder) {
      for (int role = AddressSlots.CLIENT; role <= AddressSlots.ANSWER; role++) {
        int owner = AddressSlots.owner(o, role);
        if (g.to(owner) > g.from(owner)) {
          postings(v, g.blocks(), g.from(owner), g.to(owner));
          b[role].add(ipKeys[o], v.array(), v.size());
        }
      }
    }
    for (SegmentPage.Builder kind : b) {
      hand(kind.finish());
    }
    ips.clearPostings();
  }

  /**
   * What the passive-DNS thread built, or what it threw (an unchecked exception or an error). While it is
   * not there, the output may do its own pending work on this thread ({@link RunOutput#helpWhileWaiting}).
   */
  private <T> T built(CompletableFuture<T> result) throws IOException {
    while (!result.isDone() && out.helpWhileWaiting()) {
      // one piece of the output's work per turn, until the result is there or the output has none
    }
    try {
      return result.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while writing the run's segments");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw (RuntimeException) e.getCause(); // the helper's work throws nothing checked
    }
  }

  private static void joinPassive(Thread passive) throws IOException {
    try {
      passive.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      joinQuietly(passive);
      throw new java.io.InterruptedIOException("interrupted while writing the run's segments");
    }
  }

  private static void joinQuietly(Thread passive) {
    boolean interrupted = false;
    while (passive.isAlive()) {
      try {
        passive.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The prefix each entry written as a data reference stores (schema V13, {@link DataRef#prefixLengths}), by
   * entry; null for the others. {@code order}: entries by name rank (a name's entries together). Only the
   * entries of one name slot and type are compared, in text order: that is the order of {@code pdns name}'s
   * rows within one name as sent and type.
   */
  private static String[] refPrefixes(PassiveDnsAggregates pd, long[] order) {
    String[] out = new String[pd.size()];
    List<Integer> refs = new ArrayList<>();
    Comparator<Integer> byTypeAndText = Comparator.<Integer>comparingInt(e -> pd.type(e))
        .thenComparing(e -> pd.texts[pd.data(e)]);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < pd.size(); ) {
      int name = pd.name((int) order[i]);
      int j = i;
      for (; j < pd.size() && pd.name((int) order[j]) == name; j++) {
        int e = (int) order[j];
        if (pd.data(e) != PassiveDnsAggregates.DATA_IS_ADDRESS) {
          PassiveDnsAggregates.Place at = pd.textPlace[pd.data(e)];
          if (at != null && at.block >= 0) {
            refs.add(e);
          }
        }
      }
      refs.sort(byTypeAndText);
      for (int k = 0; k < refs.size(); ) {
        int type = pd.type(refs.get(k));
        int m = k;
        for (; m < refs.size() && pd.type(refs.get(m)) == type; m++) {
          texts.add(pd.texts[pd.data(refs.get(m))]);
        }
        int[] lengths = DataRef.prefixLengths(texts);
        for (int x = 0; x < texts.size(); x++) {
          out[refs.get(k + x)] = texts.get(x).substring(0, lengths[x]);
        }
        texts.clear();
        k = m;
      }
      refs.clear();
      i = j;
    }
    return out;
  }

  /**
   * PDNS_NAME pages, times relative to {@code base}. Aggregates are ordered by the key rank of their name
   * slot: a sort of primitive longs (rank << 32 | entry, into {@code order}) instead of comparator chains
   * over entries (3-4x the CPU at 1 M entries). Reads the slots and aggregates only (another thread builds
   * other pages meanwhile).
   */
  private List<SegmentPage> passiveNamePages(int[] nameRank, byte[][] ipKeys, long base, long[] order) {
    ByteWriter v = new ByteWriter(4096);
    PassiveDnsAggregates pd = pdns;
    for (int e = 0; e < pd.size(); e++) {
      order[e] = ((long) nameRank[pd.name(e)] << 32) | e;
    }
    Arrays.sort(order, 0, pd.size());
    String[] prefixes = refPrefixes(pd, order);
    AggregateCodec codec = AggregateCodec.writer(SegmentKind.PDNS_NAME, base);
    SegmentPage.Builder b = codec.pages(part);
    for (int i = 0; i < pd.size(); i++) {
      int e = (int) order[i];
      NameSlot nm = nameById.get(pd.name(e));
      v.reset();
      writeName(v, nm);
      v.writeVarint(pd.type(e));
      if (pd.data(e) == PassiveDnsAggregates.DATA_IS_ADDRESS) {
        codec.writeAddressData(v, ipKeys[pd.ip(e)]);
      } else {
        PassiveDnsAggregates.Place at = pd.textPlace[pd.data(e)];
        String text = pd.texts[pd.data(e)];
        if (at != null && at.block >= 0) {
          codec.writeRef(v, new DataRef(at.block, at.row, pd.textRecord[pd.data(e)], DataRef.fingerprint(text),
              prefixes[e]));
        } else {
          codec.writeData(v, pd.type(e), text);
        }
      }
      times(codec, v, pd, e);
      b.add(nm.key, v.array(), v.size());
    }
    return b.finish();
  }

  /**
   * PDNS_IP pages: address-keyed postings (schema V9), ordered like {@link #passiveNamePages} by the
   * address slot's rank ({@code order}: its scratch, as long as the aggregates).
   */
  private List<SegmentPage> passiveAddressPages(int[] ipRank, byte[][] ipKeys, int[] nameOrdinal, long base,
      long[] order) {
    ByteWriter v = new ByteWriter(4096);
    PassiveDnsAggregates pd = pdns;
    int n = 0;
    for (int e = 0; e < pd.size(); e++) {
      if (pd.ip(e) >= 0) {
        order[n++] = ((long) ipRank[pd.ip(e)] << 32) | e;
      }
    }
    Arrays.sort(order, 0, n);
    AggregateCodec codec = AggregateCodec.writer(SegmentKind.PDNS_IP, base);
    SegmentPage.Builder b = codec.pages(part);
    for (int i = 0; i < n; i++) {
      int e = (int) order[i];
      // The data text only when it is not the key address's own text, and no times: a reader takes them
      // from this entry's PDNS_NAME twin.
      v.reset();
      codec.writeName(v, nameOrdinal[pd.name(e)]);
      v.writeVarint(pd.type(e));
      codec.writeData(v, pd.type(e), pd.data(e) == PassiveDnsAggregates.DATA_IS_ADDRESS ? "" : pd.texts[pd.data(e)]);
      b.add(ipKeys[pd.ip(e)], v.array(), v.size());
    }
    return b.finish();
  }

  /**
   * CLIENT_BY_NAME pages (the per-client view with times, ordered like {@link #passivePages}) and
   * NAME_BY_CLIENT pages as postings (schema V11): per client, the ascending ordinals of its names, which
   * with the table in {@link NameTable#OUTPUT_ORDER} are its names in output order; no times (a reader takes
   * them from the CLIENT_BY_NAME twin).
   */
  private List<SegmentPage> clientPages(int[] nameRank, int[] ipRank, int[] ipOrder, byte[][] ipKeys,
      int[] nameOrdinal) {
    List<SegmentPage> pages = new ArrayList<>();
    ByteWriter v = new ByteWriter(4096);
    ClientNameAggregates cl = clients;
    long[] order = new long[cl.size()];
    for (int e = 0; e < cl.size(); e++) {
      order[e] = ((long) nameRank[cl.name(e)] << 32) | e;
    }
    Arrays.sort(order, 0, cl.size());
    long base = earliest(cl);
    AggregateCodec codec = AggregateCodec.writer(SegmentKind.CLIENT_BY_NAME, base);
    SegmentPage.Builder b = codec.pages(part);
    for (int i = 0; i < cl.size(); i++) {
      int e = (int) order[i];
      NameSlot nm = nameById.get(cl.name(e));
      v.reset();
      v.writeBlob(ipKeys[cl.client(e)]);
      writeName(v, nm);
      times(codec, v, cl, e);
      b.add(nm.key, v.array(), v.size());
    }
    pages.addAll(b.finish());
    // (client rank, name ordinal): a client's names in ordinal order, each (client, name) once
    for (int e = 0; e < cl.size(); e++) {
      order[e] = ((long) ipRank[cl.client(e)] << 32) | nameOrdinal[cl.name(e)];
    }
    Arrays.sort(order, 0, cl.size());
    codec = AggregateCodec.writer(SegmentKind.NAME_BY_CLIENT, base);
    b = codec.pages(part);
    int[] ordinals = new int[AggregateCodec.MAX_ORDINALS_PER_ENTRY];
    for (int i = 0; i < cl.size(); ) {
      int rank = (int) (order[i] >>> 32);
      int n = 0;
      while (i < cl.size() && (int) (order[i] >>> 32) == rank && n < ordinals.length) {
        ordinals[n++] = (int) order[i++];
      }
      v.reset();
      codec.writeOrdinals(v, ordinals, 0, n);
      b.add(ipKeys[ipOrder[rank]], v.array(), v.size());
    }
    pages.addAll(b.finish());
    return pages;
  }

  /**
   * The part's name table (schema V8): every name slot a {@code PDNS_IP} or {@code NAME_BY_CLIENT} entry
   * of this part refers to, numbered in {@link NameTable#OUTPUT_ORDER} (schema V11; key order before), its pages added
   * to {@code pages}. Returns each slot's ordinal (-1: not in the table).
   */
  private int[] nameTable(int[] nameOrder, List<SegmentPage> pages) {
    int[] ordinal = new int[nameById.size()];
    Arrays.fill(ordinal, -1);
    for (int e = 0; e < pdns.size(); e++) {
      if (pdns.ip(e) >= 0) {
        ordinal[pdns.name(e)] = 0;
      }
    }
    for (int e = 0; e < clients.size(); e++) {
      ordinal[clients.name(e)] = 0;
    }
    // numbered in output order (schema V11: a client's ascending ordinals are its names in output order)
    List<String> texts = new ArrayList<>();
    List<Integer> slots = new ArrayList<>();
    for (int slot : nameOrder) {
      if (ordinal[slot] >= 0) {
        slots.add(slot);
        texts.add(nameById.get(slot).text);
      }
    }
    int[] byName = lowerThenTextOrder(texts);
    NameTable.Writer table = new NameTable.Writer(part);
    for (int i : byName) {
      ordinal[slots.get(i)] = table.add(texts.get(i));
    }
    pages.addAll(table.finish());
    return ordinal;
  }

  /**
   * Positions of {@code texts} ordered by lower-case text, then by text ({@link String#compareTo} both: the
   * name table's {@link NameTable#OUTPUT_ORDER}). Names are sorted by {@link #sortedByKey} on byte keys (the
   * lower-case text, a 0 byte, the text; one byte per char) instead of a comparator sort of boxed positions:
   * that sort was 0.4 s at the end of a 1 M ingest, on the path every other thread waits for, and its
   * TimSort code was deoptimised and compiled again for each comparator it met (session 24). For chars
   * 1..0xFF the bytes' order is {@code compareTo}'s and the 0 sorts before every char, so a name comes before
   * its extensions and case variants follow their lower-case text. A text with another char (never a decoded
   * name: their texts are ASCII, other bytes escaped) is sorted by the comparator as before.
   */
  static int[] lowerThenTextOrder(List<String> texts) {
    int m = texts.size();
    String[] lower = new String[m];
    byte[][] keys = new byte[m][];
    boolean bytes = true;
    for (int i = 0; i < m; i++) {
      String t = texts.get(i);
      lower[i] = t.toLowerCase(Locale.ROOT);
      if (bytes) {
        keys[i] = new byte[lower[i].length() + 1 + t.length()];
        bytes = latin1(lower[i], keys[i], 0) && latin1(t, keys[i], lower[i].length() + 1);
      }
    }
    if (bytes) {
      return sortedByKey(m, i -> keys[i]);
    }
    Integer[] boxed = new Integer[m];
    for (int i = 0; i < m; i++) {
      boxed[i] = i;
    }
    Arrays.sort(boxed, (a, c) -> {
      int d = lower[a].compareTo(lower[c]);
      return d != 0 ? d : texts.get(a).compareTo(texts.get(c));
    });
    int[] order = new int[m];
    for (int i = 0; i < m; i++) {
      order[i] = boxed[i];
    }
    return order;
  }

  /** Copies {@code s} into {@code dst} from {@code at}, a byte per char; false when a char is 0 or above 0xFF. */
  private static boolean latin1(String s, byte[] dst, int at) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == 0 || c > 0xFF) {
        return false;
      }
      dst[at + i] = (byte) c;
    }
    return true;
  }

  /** Name-keyed values: the name as sent only when it is not the key's own lower-case form ("" then). */
  private static void writeName(ByteWriter v, NameSlot n) {
    v.writeString(n.canonical ? "" : n.text);
  }

  /** Bits of a packed sort entry that hold the entry's position (the rest: a 4-byte key chunk, its length). */
  private static final int POSITION_BITS = 29;

  private static final long POSITION_MASK = (1L << POSITION_BITS) - 1;

  /**
   * Slot indexes in unsigned key order (a shorter key before its extensions), equal keys adjacent and in
   * slot order, as a stable sort gives them: the per-client and passive-DNS pages order case variants of a
   * name by their rank, so the order of equal keys is part of the stored bytes.
   *
   * <p>A most-significant-chunk-first sort of primitive longs: each entry packs the next 4 key bytes, how
   * many of them the key has (0-4), and its position in the range ({@value #POSITION_BITS} bits); runs
   * whose 4 bytes are equal and go on are sorted again on the next 4. Keys sharing long prefixes (reversed
   * names: {@code com.example.}) take a few rounds. Before, a boxed {@code Integer[]} with a comparator
   * over 1 M+ slots was one of the largest items of the ingest thread's profile (TimSort merges, ~6 %).
   */
  static int[] sortedByKey(int n, java.util.function.IntFunction<byte[]> key) {
    if (n > POSITION_MASK) {
      // ~80 GB of slots: no run gets here, but a silent wrong order would corrupt the segments.
      throw new IllegalStateException("too many keys to sort in one part: " + n);
    }
    byte[][] keys = new byte[n][];
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      keys[i] = key.apply(i);
      order[i] = i;
    }
    sortRange(keys, order, 0, n, 0, new long[n], new int[n]);
    return order;
  }

  private static void sortRange(byte[][] keys, int[] order, int from, int to, int depth, long[] packed, int[] tmp) {
    int len = to - from;
    if (len < 2) {
      return;
    }
    for (int i = 0; i < len; i++) {
      // The top bit flipped: a signed sort of the longs is then the unsigned order of the chunks.
      packed[from + i] = ((chunk(keys[order[from + i]], depth) << POSITION_BITS) | i) ^ Long.MIN_VALUE;
    }
    Arrays.sort(packed, from, to);
    for (int i = 0; i < len; i++) {
      tmp[from + i] = order[from + (int) (packed[from + i] & POSITION_MASK)];
    }
    System.arraycopy(tmp, from, order, from, len);
    for (int i = from; i < to; ) {
      long c = (packed[i] ^ Long.MIN_VALUE) >>> POSITION_BITS;
      int j = i + 1;
      while (j < to && ((packed[j] ^ Long.MIN_VALUE) >>> POSITION_BITS) == c) {
        j++;
      }
      if (j - i > 1 && (c & 7) == 4) { // equal so far and at least one more byte may follow
        sortRange(keys, order, i, j, depth + 4, packed, tmp);
      }
      i = j;
    }
  }

  /**
   * Key bytes {@code at..at+3}, zero-padded, then 3 bits of how many exist: ordered like the keys' suffixes
   * from {@code at} wherever two differ within these bytes (a key that ends sorts before one that goes on).
   */
  private static long chunk(byte[] k, int at) {
    int avail = Math.max(0, Math.min(4, k.length - at));
    long c = 0;
    for (int i = 0; i < 4; i++) {
      c = (c << 8) | (i < avail ? k[at + i] & 0xff : 0);
    }
    return (c << 3) | avail;
  }

  /** rank[slot] = position of the slot in {@code order}. */
  private static int[] ranks(int[] order) {
    int[] rank = new int[order.length];
    for (int r = 0; r < order.length; r++) {
      rank[order[r]] = r;
    }
    return rank;
  }

  private static void times(AggregateCodec codec, ByteWriter v, Aggregates agg, int e) {
    codec.writeTimes(v, agg.first(e), agg.last(e), agg.count(e));
  }

  /**
   * The earliest first seen of a part's aggregates: the pages' time base, so first seen is stored as a
   * few bytes of offset into the capture instead of a full epoch time.
   */
  private static long earliest(Aggregates agg) {
    long min = agg.size() == 0 ? 0 : Long.MAX_VALUE;
    for (int e = 0; e < agg.size(); e++) {
      min = Math.min(min, agg.first(e));
    }
    return min;
  }

  private static void postings(ByteWriter v, int[] ids, int from, int to) {
    v.reset();
    v.writeVarint(to - from);
    int prev = 0;
    for (int i = from; i < to; i++) {
      v.writeVarint(ids[i] - prev);
      prev = ids[i];
    }
  }

  /** Decodes a postings value. */
  public static int[] readPostings(byte[] data, int off, int len) {
    ByteReader r = new ByteReader(data, off, len);
    int[] ids = new int[r.readInt()];
    int prev = 0;
    for (int i = 0; i < ids.length; i++) {
      prev += r.readInt();
      ids[i] = prev;
    }
    return ids;
  }

  /** Sorted union of two ascending id arrays. */
  public static int[] union(int[] a, int[] b) {
    int[] out = new int[a.length + b.length];
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < a.length || j < b.length) {
      int v;
      if (j >= b.length || (i < a.length && a[i] <= b[j])) {
        v = a[i++];
        if (j < b.length && b[j] == v) {
          j++;
        }
      } else {
        v = b[j++];
      }
      if (n == 0 || out[n - 1] != v) {
        out[n++] = v;
      }
    }
    return Arrays.copyOf(out, n);
  }

  /**
   * The {@value #TOP_PER_RUN} of items {@code 0..n-1} with the highest positive count, highest first, ties in
   * item order (the earliest seen first). A bounded heap in that total order: an item that does not beat
   * the heap's least is skipped with one comparison, so a run's 274 k names and 1.3 M addresses cost a pass
   * each. Before (session 28) every positive item went through a heap insert and removal with a comparator
   * (0.16-0.35 s at the end of a 1 M ingest, where every other thread waits), and ties fell as the heap's
   * layout happened to leave them.
   */
  static int[] top(int n, java.util.function.IntToLongFunction count) {
    // least first: lower count, then the later item
    Comparator<Integer> least = Comparator.<Integer>comparingLong(count::applyAsLong)
        .thenComparing(Comparator.<Integer>reverseOrder());
    java.util.PriorityQueue<Integer> heap = new java.util.PriorityQueue<>(least);
    for (int i = 0; i < n; i++) {
      long c = count.applyAsLong(i);
      if (c <= 0) {
        continue;
      }
      if (heap.size() < TOP_PER_RUN) {
        heap.add(i);
      } else if (c > count.applyAsLong(heap.peek())) { // equal: the heap's is earlier, so it stays
        heap.poll();
        heap.add(i);
      }
    }
    Integer[] kept = heap.toArray(new Integer[0]);
    Arrays.sort(kept, least.reversed());
    int[] out = new int[kept.length];
    for (int i = 0; i < kept.length; i++) {
      out[i] = kept[i];
    }
    return out;
  }

  private List<RunOutput.RunCount> counts() {
    List<RunOutput.RunCount> rows = new ArrayList<>();
    rcodes.forEach((k, v) -> rows.add(new RunOutput.RunCount("rcode", Integer.toString(k), v)));
    qtypes.forEach((k, v) -> rows.add(new RunOutput.RunCount("qtype", Integer.toString(k), v)));
    statuses.forEach((k, v) -> rows.add(new RunOutput.RunCount("status", Integer.toString(k), v)));
    for (int i : top(nameById.size(), i -> nameById.get(i).count)) {
      NameSlot s = nameById.get(i);
      rows.add(new RunOutput.RunCount("name", s.text, s.count));
    }
    for (int s : top(ips.size(), ips::clientCount)) {
      rows.add(new RunOutput.RunCount("client", ips.address(s).toString(), ips.clientCount(s)));
    }
    for (int s : top(ips.size(), ips::serverCount)) {
      rows.add(new RunOutput.RunCount("server", ips.address(s).toString(), ips.serverCount(s)));
    }
    return rows;
  }
}
