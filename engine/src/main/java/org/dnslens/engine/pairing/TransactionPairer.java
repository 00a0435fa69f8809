package org.dnslens.engine.pairing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.dnslens.engine.issue.IssueCounter;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.model.DnstapInfo;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.engine.model.IssueReason;
import org.dnslens.engine.model.PacketMeta;
import org.dnslens.engine.model.PortClass;
import org.dnslens.engine.model.Question;
import org.dnslens.engine.model.Role;
import org.dnslens.engine.model.Transaction;
import org.dnslens.engine.model.TransactionStatus;
import org.dnslens.engine.model.Transport;

/**
 * Pairs decoded DNS messages into {@link Transaction}s: each query with its reply(ies), unanswered
 * queries and orphan replies alike. Every message given ends up in exactly one emitted transaction, as
 * its query, its reply, one of its other replies, or a counted retransmission or identical reply.
 *
 * <p><b>Matching.</b> Direction comes from the QR bit, never from port 53. A reply pairs with a held
 * query of the same transport, client address and port, server address and port and transaction id,
 * whose first question {@linkplain Question#matches matches} the reply's first question. A reply with
 * the right flow and id but another question is counted {@link IssueReason#PAIRING_QUESTION_MISMATCH}
 * and emitted as an orphan; the query stays pending. A reply <em>without</em> a question (FORMERR,
 * SERVFAIL or NOTIMP that some servers send with QDCOUNT 0) pairs on flow and id alone with the oldest
 * unanswered query of that flow and id: the id is all such a server gives back, and leaving the reply
 * orphaned would also leave the query looking unanswered. Only the first question is compared
 * (QDCOUNT above 1 is practically unused).
 *
 * <p><b>Time.</b> All expiry runs on capture time: the latest message timestamp seen is "now", so small
 * reordering never moves time backwards. A jump back by more than the timeout (a clock step, or a
 * second capture fed without {@link #finish()}) is counted {@link IssueReason#PAIRING_TIME_WENT_BACKWARDS}:
 * everything held is emitted (pending queries unanswered with that reason) and the clock restarts from
 * the new time, so the later messages are not all timed out at once. A query unanswered for longer than {@link
 * PairingConfig#timeoutNanos()} is emitted {@link TransactionStatus#UNANSWERED} with {@link
 * IssueReason#PAIRING_TIMEOUT}. Held transactions sit in two intrusive lists ordered by arrival
 * (pending, and answered), so the expiry check costs two comparisons per message.
 *
 * <p><b>Duplicate grace window.</b> An answered transaction is held for a further grace window (capture
 * time, {@link #DEFAULT_DUPLICATE_GRACE_NANOS} by default) before it is emitted, so that a second reply
 * (a spoofing race, or a forwarder answering twice) can still join it: a reply whose bytes differ from
 * the first makes the transaction {@link TransactionStatus#DUPLICATE_REPLY} with every reply kept; a
 * byte-identical one is counted in {@link Transaction#identicalReplies()}. The trade-off: a longer
 * window catches later duplicates but delays output and holds more memory (about grace × reply rate
 * transactions); a duplicate arriving after the window becomes an orphan reply. A new copy of the query
 * (same key and question) arriving after the reply closes the answered transaction at once and opens a
 * new one, so that a client re-asking with the same id is not mistaken for a spoofed second reply.
 * Retransmissions are copies of the query seen while it is still unanswered; they are counted, not kept.
 *
 * <p><b>Bounds.</b> At most {@link PairingConfig#maxPendingQueries()} transactions are held. When a new
 * query would exceed it, the oldest answered transaction is emitted early (only its grace window is
 * cut short), or, when none is answered, the oldest pending query is emitted unanswered with {@link
 * IssueReason#PAIRING_EVICTED} and counted. At most {@link #MAX_OTHER_REPLIES} distinct other replies
 * are kept per transaction; further ones are emitted as orphans and counted {@link
 * IssueReason#PAIRING_TOO_MANY_REPLIES}.
 *
 * <p><b>mDNS and LLMNR.</b> A query sent to a multicast group is held under the group as its server. A
 * unicast reply (LLMNR always, mDNS for QU questions and legacy unicast queries) comes from the
 * responder's own address, so when no query matches exactly, a reply from port 5353 or 5355 is also
 * looked up under the mDNS or LLMNR group of its family. Several responders answering one multicast
 * query make it a DUPLICATE_REPLY: expected for shared mDNS records, and the classic sign of LLMNR
 * poisoning. A reply sent <em>to</em> a multicast group (the usual mDNS response and announcement) has
 * no single querier, so it is emitted at once as an {@link TransactionStatus#ORPHAN_REPLY} with reason
 * {@link IssueReason#PAIRING_MULTICAST_REPLY} (not counted as an issue: it is normal traffic); the
 * multicast query it answered then ends unanswered by timeout.
 *
 * <p><b>Roles.</b> Resolvers are the configured addresses plus, with {@link
 * PairingConfig#detectResolvers()}, hosts seen both answering from the DNS port ({@link PortClass#DNS})
 * and sending queries to the DNS port of others. A transaction whose client is a resolver is {@link
 * Role#UPSTREAM}; one whose server is a resolver is {@link Role#CLIENT}; else {@link Role#UNKNOWN}. The
 * role is decided when the transaction is emitted, so transactions emitted before a host was detected
 * stay UNKNOWN. A dnstap message's own type decides instead when present (see {@code role}). At most {@link #MAX_TRACKED_HOSTS} hosts are tracked per side for detection.
 *
 * <p><b>Order.</b> Answered transactions are emitted when their grace window ends, unanswered ones when
 * their timeout ends, both in query-arrival order when they expire together; orphans at once. Output is
 * therefore sorted by query time only within those windows, and is deterministic for a given input.
 *
 * <p>Addresses or transport may be null (a dnstap frame without them): such messages still pair, on
 * whatever the key holds. Not thread-safe: one instance per pipeline.
 */
public final class TransactionPairer {
  /** Two seconds: catches racing spoofed replies and double answers, while keeping output prompt. */
  public static final long DEFAULT_DUPLICATE_GRACE_NANOS = 2_000_000_000L;

  /** Distinct other replies kept per transaction; a flood of variants beyond it is kept unpaired. */
  public static final int MAX_OTHER_REPLIES = 256;

  /** Hosts remembered per side (answering, querying) for resolver detection. */
  public static final int MAX_TRACKED_HOSTS = 100_000;

  static final int MDNS_PORT = 5353;
  static final int LLMNR_PORT = 5355;
  static final IpAddress MDNS_GROUP_V4 = IpAddress.parse("224.0.0.251");
  static final IpAddress MDNS_GROUP_V6 = IpAddress.parse("ff02::fb");
  static final IpAddress LLMNR_GROUP_V4 = IpAddress.parse("224.0.0.252");
  static final IpAddress LLMNR_GROUP_V6 = IpAddress.parse("ff02::1:3");

  /**
   * The pairing key's hash (the key: flow as seen from the client, plus the transaction id). Written out
   * (not a generated record hash): the id and client port, which vary most within one flow, go through a
   * bijective mix together, so no two (id, port) pairs of a flow share a hash (with a plain {@code id *
   * 31 + port} an input could pick thousands that do and make one probe run long); the addresses
   * contribute their cached hashes and the enum its ordinal, so hashes do not vary between runs.
   */
  static int keyHash(
      Transport transport, IpAddress client, int clientPort, IpAddress server, int serverPort, int id) {
    int h = KeyTable.mix((id << 16) ^ (clientPort & 0xffff));
    h = h * 31 + serverPort;
    h = h * 31 + (transport == null ? -1 : transport.ordinal());
    h = h * 31 + Objects.hashCode(client);
    return h * 31 + Objects.hashCode(server);
  }

  private static final class Entry {
    // The pairing key (flow as seen from the client, plus the transaction id) is held in the entry's
    // own fields rather than a key object: one object less per query (48 MB of a 1 M read), and a probe
    // that compares keys, and emission's role (the addresses), read the entry they already hold instead
    // of following one more reference to an object made ~2 s of capture time earlier.
    final Transport transport;
    final IpAddress client;
    final int clientPort;
    final IpAddress server;
    final int serverPort;
    final int id;
    /** {@link #keyHash} of the key, kept so that table probes and growth never recompute it. */
    final int hash;
    final DnsMessage query;
    final Question question;
    /**
     * The query's dnstap message type (null for captured packets), kept with what emission needs so
     * that {@code role} never reaches the query's {@code PacketMeta}: emission comes up to a timeout
     * after the query arrived, when its meta has long left the cache, and that first touch was most of
     * emission's samples (docs/PERFORMANCE.md, session 18). The addresses come from the key fields, which
     * the removal just before emission has read.
     */
    final String dnstapType;
    final long sequence;
    long deadlineNanos;
    DnsMessage reply;
    List<DnsMessage> otherReplies;
    int retransmissions;
    int identicalReplies;
    Entry prev;
    Entry next;
    /** Next held query with the same key but another question (rare: a reused id). */
    Entry sameKeyNext;

    Entry(
        Transport transport,
        IpAddress client,
        int clientPort,
        IpAddress server,
        int serverPort,
        int id,
        DnsMessage query,
        long sequence,
        long deadlineNanos) {
      this.transport = transport;
      this.client = client;
      this.clientPort = clientPort;
      this.server = server;
      this.serverPort = serverPort;
      this.id = id;
      this.hash = keyHash(transport, client, clientPort, server, serverPort, id);
      this.query = query;
      this.question = query.firstQuestion();
      DnstapInfo dnstap = query.meta().dnstap();
      this.dnstapType = dnstap == null ? null : dnstap.messageType();
      this.sequence = sequence;
      this.deadlineNanos = deadlineNanos;
    }

    /** Whether this entry's key is the given one (a lookup needs no key object). */
    boolean is(
        Transport transport, IpAddress client, int clientPort, IpAddress server, int serverPort, int id) {
      return this.id == id
          && this.clientPort == clientPort
          && this.serverPort == serverPort
          && this.transport == transport
          && Objects.equals(this.client, client)
          && Objects.equals(this.server, server);
    }

    boolean sameKey(Entry o) {
      return is(o.transport, o.client, o.clientPort, o.server, o.serverPort, o.id);
    }
  }

  /** Doubly linked list through {@link Entry#prev}/{@link Entry#next}: O(1) append and unlink. */
  private static final class EntryList {
    Entry head;
    Entry tail;

    void addLast(Entry e) {
      e.prev = tail;
      e.next = null;
      if (tail == null) {
        head = e;
      } else {
        tail.next = e;
      }
      tail = e;
    }

    void unlink(Entry e) {
      if (e.prev == null) {
        head = e.next;
      } else {
        e.prev.next = e.next;
      }
      if (e.next == null) {
        tail = e.prev;
      } else {
        e.next.prev = e.prev;
      }
      e.prev = null;
      e.next = null;
    }
  }

  /**
   * Held transactions by key: each slot holds the head of one key's {@link Entry#sameKeyNext} chain,
   * open addressing with linear probing over a parallel array of the heads' stored hashes. Written by
   * hand instead of a {@code HashMap} from key objects to entries because the pairer looks a key up for
   * every message and the map's lookups were about 18 % of the reader thread's CPU, mostly cache misses
   * through its nodes and key objects: here a probe reads the int array and touches an entry only when
   * the hash matches, and a lookup allocates no key. Removal shifts the following run back (no
   * tombstones), so a long capture never degrades the table.
   */
  static final class KeyTable {
    /** Slots at first; a power of two. */
    static final int INITIAL_SLOTS = 1 << 10;

    private int[] hashes = new int[INITIAL_SLOTS];
    private Entry[] heads = new Entry[INITIAL_SLOTS];
    private int shift = 32 - Integer.numberOfTrailingZeros(INITIAL_SLOTS);
    private int used;

    /** murmur3's 32-bit finaliser: a bijection that spreads every input bit over the result. */
    static int mix(int h) {
      h ^= h >>> 16;
      h *= 0x85ebca6b;
      h ^= h >>> 13;
      h *= 0xc2b2ae35;
      return h ^ (h >>> 16);
    }

    private int home(int hash) {
      return (hash * 0x9E3779B9) >>> shift;
    }

    /** Head of the chain held under this key, or null. */
    Entry get(
        Transport transport, IpAddress client, int clientPort, IpAddress server, int serverPort, int id) {
      int hash = keyHash(transport, client, clientPort, server, serverPort, id);
      int mask = heads.length - 1;
      for (int i = home(hash); ; i = (i + 1) & mask) {
        Entry e = heads[i];
        if (e == null) {
          return null;
        }
        if (hashes[i] == hash && e.is(transport, client, clientPort, server, serverPort, id)) {
          return e;
        }
      }
    }

    /** Adds {@code e} at the end of its key's chain, or as a new chain. */
    void add(Entry e) {
      if ((used + 1) * 2 > heads.length) {
        grow();
      }
      int mask = heads.length - 1;
      for (int i = home(e.hash); ; i = (i + 1) & mask) {
        Entry head = heads[i];
        if (head == null) {
          heads[i] = e;
          hashes[i] = e.hash;
          used++;
          return;
        }
        if (hashes[i] == e.hash && head.sameKey(e)) {
          Entry last = head;
          while (last.sameKeyNext != null) {
            last = last.sameKeyNext;
          }
          last.sameKeyNext = e;
          return;
        }
      }
    }

    /** Takes {@code e} (which must be held) out of its chain, and the chain out when it empties. */
    void remove(Entry e) {
      int mask = heads.length - 1;
      int i = home(e.hash);
      while (true) {
        Entry h = heads[i];
        if (h == null) {
          throw new IllegalStateException("removing a transaction that is not held");
        }
        // The entry itself heads its chain almost always: found without reading either key object.
        if (h == e || (hashes[i] == e.hash && h.sameKey(e))) {
          break;
        }
        i = (i + 1) & mask;
      }
      Entry head = heads[i];
      if (head == e) {
        if (e.sameKeyNext == null) {
          clearSlot(i);
        } else {
          heads[i] = e.sameKeyNext;
        }
      } else {
        Entry prev = head;
        while (prev.sameKeyNext != e) {
          prev = prev.sameKeyNext;
        }
        prev.sameKeyNext = e.sameKeyNext;
      }
      e.sameKeyNext = null;
    }

    /** Chains held. */
    int size() {
      return used;
    }

    /** Empties slot {@code hole}, moving back each later slot of the run that may live there. */
    private void clearSlot(int hole) {
      int mask = heads.length - 1;
      for (int j = (hole + 1) & mask; heads[j] != null; j = (j + 1) & mask) {
        // The entry at j may move to the hole when the hole lies between its home slot and j.
        if (((j - home(hashes[j])) & mask) >= ((j - hole) & mask)) {
          heads[hole] = heads[j];
          hashes[hole] = hashes[j];
          hole = j;
        }
      }
      heads[hole] = null;
      hashes[hole] = 0;
      used--;
    }

    private void grow() {
      Entry[] oldHeads = heads;
      heads = new Entry[oldHeads.length * 2];
      hashes = new int[heads.length];
      shift--;
      int mask = heads.length - 1;
      for (Entry head : oldHeads) {
        if (head != null) {
          int i = home(head.hash);
          while (heads[i] != null) {
            i = (i + 1) & mask;
          }
          heads[i] = head;
          hashes[i] = head.hash;
        }
      }
    }
  }

  private final PairingConfig config;
  private final long graceNanos;
  private final IssueCounter issues;
  private final Consumer<Transaction> out;
  private final KeyTable table = new KeyTable();
  private final EntryList pending = new EntryList();
  private final EntryList answered = new EntryList();
  private final HostSet answeringHosts = new HostSet();
  private final HostSet queryingHosts = new HostSet();
  /** The configured resolvers and those detected so far, in one set: role() asks per transaction. */
  private final HostSet resolvers = new HostSet();
  /** The host last noted on each side: a run of messages from one host costs no set lookups. */
  private IpAddress lastQuerier;
  private IpAddress lastAnswerer;
  private int held;
  private long sequence;
  private long nowNanos = Long.MIN_VALUE;

  public TransactionPairer(PairingConfig config, IssueCounter issues, Consumer<Transaction> out) {
    this(config, DEFAULT_DUPLICATE_GRACE_NANOS, issues, out);
  }

  /** As above with an explicit duplicate grace window (capture-time nanoseconds, 0 or more). */
  public TransactionPairer(
      PairingConfig config, long duplicateGraceNanos, IssueCounter issues, Consumer<Transaction> out) {
    if (duplicateGraceNanos < 0) {
      throw new IllegalArgumentException("grace window must not be negative: " + duplicateGraceNanos);
    }
    this.config = config;
    this.graceNanos = duplicateGraceNanos;
    this.issues = issues;
    this.out = out;
    config.resolvers().forEach(resolvers::add);
  }

  /** Takes the next message in (roughly) capture-time order. */
  public void accept(DnsMessage message) {
    long ts = message.meta().timestampNanos();
    if (ts > nowNanos) {
      nowNanos = ts;
    } else if (nowNanos != Long.MIN_VALUE) {
      long back = nowNanos - ts; // negative only on overflow, i.e. an enormous jump
      if (back < 0 || back > config.timeoutNanos()) {
        issues.count(
            IssueReason.PAIRING_TIME_WENT_BACKWARDS,
            message.meta().frame(),
            ts,
            "back " + (back < 0 ? "beyond range" : back + " ns"));
        closeAll(IssueReason.PAIRING_TIME_WENT_BACKWARDS);
        nowNanos = ts;
      }
    }
    expire();
    if (message.isResponse()) {
      onReply(message);
    } else {
      onQuery(message);
    }
  }

  /**
   * Moves the capture clock forward without a message, emitting what expires by then. A live source's
   * clock goes on while the wire is quiet; without this, an answered transaction would wait in its
   * grace window (and a lost query for its timeout) until the next packet arrives. Never moves the
   * clock back, and does nothing before the first message.
   */
  public void advanceTo(long captureNanos) {
    if (nowNanos != Long.MIN_VALUE && captureNanos > nowNanos) {
      nowNanos = captureNanos;
      expire();
    }
  }

  /**
   * End of capture: emits every held transaction in query-arrival order, answered ones as they are and
   * pending queries {@link TransactionStatus#UNANSWERED} with {@link IssueReason#PAIRING_END_OF_CAPTURE}.
   * The pairer is empty afterwards and its capture clock reset, so it may take a new capture (whose
   * times may be earlier); detected resolvers are remembered.
   */
  public void finish() {
    closeAll(IssueReason.PAIRING_END_OF_CAPTURE);
    nowNanos = Long.MIN_VALUE;
  }

  /** Emits every held transaction in query-arrival order; pending queries unanswered with reason. */
  private void closeAll(IssueReason reason) {
    List<Entry> all = new ArrayList<>(held);
    for (Entry e = pending.head; e != null; e = e.next) {
      all.add(e);
    }
    for (Entry e = answered.head; e != null; e = e.next) {
      all.add(e);
    }
    all.sort((a, b) -> Long.compare(a.sequence, b.sequence));
    for (Entry e : all) {
      remove(e);
      if (e.reply == null) {
        emitUnanswered(e, reason);
      } else {
        emitAnswered(e);
      }
    }
  }

  /** Transactions currently held (pending or in their grace window). */
  public int heldCount() {
    return held;
  }

  /** Whether {@code address} is treated as a resolver now (configured or detected). */
  public boolean isResolver(IpAddress address) {
    return address != null && resolvers.contains(address);
  }

  private void expire() {
    while (true) {
      Entry p = pending.head != null && pending.head.deadlineNanos < nowNanos ? pending.head : null;
      Entry a = answered.head != null && answered.head.deadlineNanos < nowNanos ? answered.head : null;
      if (p == null && a == null) {
        return;
      }
      Entry e = oldestOf(p, a);
      remove(e);
      if (e == p) {
        emitUnanswered(e, IssueReason.PAIRING_TIMEOUT);
      } else {
        emitAnswered(e);
      }
    }
  }

  private static Entry oldestOf(Entry a, Entry b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return a.sequence < b.sequence ? a : b;
  }

  private void onQuery(DnsMessage query) {
    PacketMeta m = query.meta();
    noteQuerier(m);
    int id = query.header().id();
    Question q = query.firstQuestion();
    for (Entry e =
            table.get(
                m.transport(), m.sourceIp(), m.sourcePort(), m.destinationIp(), m.destinationPort(), id);
        e != null;
        e = e.sameKeyNext) {
      if (sameQuestion(e.question, q)) {
        if (e.reply == null) {
          e.retransmissions++;
          return;
        }
        // Asked again after the answer: a new transaction, not a retransmission (see class comment).
        remove(e);
        emitAnswered(e);
        break;
      }
    }
    makeRoom();
    Entry e =
        new Entry(
            m.transport(),
            m.sourceIp(),
            m.sourcePort(),
            m.destinationIp(),
            m.destinationPort(),
            id,
            query,
            sequence++,
            later(m.timestampNanos(), config.timeoutNanos()));
    table.add(e);
    pending.addLast(e);
    held++;
  }

  private void makeRoom() {
    while (held >= config.maxPendingQueries()) {
      Entry e = answered.head;
      if (e != null) {
        remove(e);
        emitAnswered(e);
      } else {
        e = pending.head;
        remove(e);
        issues.count(
            IssueReason.PAIRING_EVICTED,
            e.query.meta().frame(),
            e.query.meta().timestampNanos(),
            "limit " + config.maxPendingQueries());
        emitUnanswered(e, IssueReason.PAIRING_EVICTED);
      }
    }
  }

  private void onReply(DnsMessage reply) {
    PacketMeta m = reply.meta();
    noteAnswerer(m);
    if (isMulticast(m.destinationIp())) {
      emitOrphan(reply, IssueReason.PAIRING_MULTICAST_REPLY);
      return;
    }
    int id = reply.header().id();
    Entry head =
        table.get(m.transport(), m.destinationIp(), m.destinationPort(), m.sourceIp(), m.sourcePort(), id);
    if (head == null) {
      head = multicastQueryFor(m, id);
    }
    if (head == null) {
      emitOrphan(reply, null);
      return;
    }
    Entry match = findMatch(head, reply.firstQuestion());
    if (match == null) {
      issues.count(
          IssueReason.PAIRING_QUESTION_MISMATCH,
          m.frame(),
          m.timestampNanos(),
          "query frame " + head.query.meta().frame().frameNumber());
      emitOrphan(reply, IssueReason.PAIRING_QUESTION_MISMATCH);
      return;
    }
    if (match.reply == null) {
      match.reply = reply;
      pending.unlink(match);
      match.deadlineNanos = later(m.timestampNanos(), graceNanos);
      answered.addLast(match);
    } else if (Arrays.equals(match.reply.wire(), reply.wire())) {
      match.identicalReplies++;
    } else if (match.otherReplies == null || match.otherReplies.size() < MAX_OTHER_REPLIES) {
      if (match.otherReplies == null) {
        match.otherReplies = new ArrayList<>(2);
      }
      match.otherReplies.add(reply);
    } else {
      issues.count(
          IssueReason.PAIRING_TOO_MANY_REPLIES,
          m.frame(),
          m.timestampNanos(),
          "limit " + MAX_OTHER_REPLIES);
      emitOrphan(reply, IssueReason.PAIRING_TOO_MANY_REPLIES);
    }
  }

  /**
   * The held query a reply belongs to among those with its key: the one with a matching question, else
   * one whose query had no question; for a reply without a question, the oldest unanswered (else the
   * oldest).
   */
  private static Entry findMatch(Entry head, Question q) {
    if (q == null) {
      for (Entry e = head; e != null; e = e.sameKeyNext) {
        if (e.reply == null) {
          return e;
        }
      }
      return head;
    }
    Entry noQuestion = null;
    for (Entry e = head; e != null; e = e.sameKeyNext) {
      if (e.question == null) {
        if (noQuestion == null) {
          noQuestion = e;
        }
      } else if (q.matches(e.question)) {
        return e;
      }
    }
    return noQuestion;
  }

  /** A unicast reply from an mDNS or LLMNR responder: look for the querier's multicast query. */
  private Entry multicastQueryFor(PacketMeta m, int id) {
    IpAddress group;
    if (m.destinationIp() == null) {
      return null;
    } else if (m.sourcePort() == MDNS_PORT) {
      group = m.destinationIp().isIpv4() ? MDNS_GROUP_V4 : MDNS_GROUP_V6;
    } else if (m.sourcePort() == LLMNR_PORT) {
      group = m.destinationIp().isIpv4() ? LLMNR_GROUP_V4 : LLMNR_GROUP_V6;
    } else {
      return null;
    }
    return table.get(m.transport(), m.destinationIp(), m.destinationPort(), group, m.sourcePort(), id);
  }

  /** {@code ts + delta} (delta ≥ 0), saturating: a hostile timestamp near the end of time never wraps. */
  private static long later(long ts, long delta) {
    long sum = ts + delta;
    return sum < ts ? Long.MAX_VALUE : sum;
  }

  private static boolean sameQuestion(Question a, Question b) {
    return a == null ? b == null : b != null && a.matches(b);
  }

  static boolean isMulticast(IpAddress address) {
    if (address == null) {
      return false;
    }
    int first = address.byteAt(0);
    return address.isIpv4() ? first >= 224 && first <= 239 : first == 0xff;
  }

  /** Unlinks an entry from its list and its key chain. */
  private void remove(Entry e) {
    (e.reply == null ? pending : answered).unlink(e);
    table.remove(e);
    held--;
  }

  private void noteQuerier(PacketMeta m) {
    if (config.detectResolvers()
        && m.portClass() == PortClass.DNS
        && !isMulticast(m.destinationIp())
        && m.sourceIp() != null
        && !m.sourceIp().equals(m.destinationIp())) {
      IpAddress host = m.sourceIp();
      if (host == lastQuerier) {
        // Same host as last time (decoders share address instances) and it is in the set, so if it
        // ever answers, noteAnswerer detects it: nothing to do here.
        return;
      }
      if (queryingHosts.size() < MAX_TRACKED_HOSTS) {
        queryingHosts.add(host);
        lastQuerier = host;
      } else if (queryingHosts.contains(host)) {
        lastQuerier = host;
      }
      if (answeringHosts.contains(host)) {
        resolvers.add(host);
      }
    }
  }

  private void noteAnswerer(PacketMeta m) {
    if (config.detectResolvers() && m.portClass() == PortClass.DNS && m.sourceIp() != null) {
      IpAddress host = m.sourceIp();
      if (host == lastAnswerer) {
        return; // as in noteQuerier
      }
      if (answeringHosts.size() < MAX_TRACKED_HOSTS) {
        answeringHosts.add(host);
        lastAnswerer = host;
      } else if (answeringHosts.contains(host)) {
        lastAnswerer = host;
      }
      if (queryingHosts.contains(host)) {
        resolvers.add(host);
      }
    }
  }

  /**
   * A dnstap message says its leg itself (the logging server knows), so its type wins over resolver
   * detection: CLIENT_* → CLIENT, RESOLVER_* and FORWARDER_* → UPSTREAM, AUTH_* → AUTH, else OTHER.
   */
  private Role role(String dnstapType, IpAddress client, IpAddress server) {
    if (dnstapType != null) {
      String type = dnstapType;
      if (type.startsWith("CLIENT_")) {
        return Role.CLIENT;
      }
      if (type.startsWith("RESOLVER_") || type.startsWith("FORWARDER_")) {
        return Role.UPSTREAM;
      }
      return type.startsWith("AUTH_") ? Role.AUTH : Role.OTHER;
    }
    if (resolvers.isEmpty()) {
      return Role.UNKNOWN;
    }
    if (isResolver(client)) {
      return Role.UPSTREAM;
    }
    return isResolver(server) ? Role.CLIENT : Role.UNKNOWN;
  }

  private static String dnstapType(PacketMeta meta) {
    DnstapInfo dnstap = meta.dnstap();
    return dnstap == null ? null : dnstap.messageType();
  }

  private void emitAnswered(Entry e) {
    List<DnsMessage> others = e.otherReplies == null ? List.of() : e.otherReplies;
    TransactionStatus status =
        others.isEmpty() ? TransactionStatus.ANSWERED : TransactionStatus.DUPLICATE_REPLY;
    out.accept(
        new Transaction(
            status,
            e.query,
            e.reply,
            others,
            e.retransmissions,
            e.identicalReplies,
            role(e.dnstapType, e.client, e.server),
            null));
  }

  private void emitUnanswered(Entry e, IssueReason reason) {
    out.accept(
        new Transaction(
            TransactionStatus.UNANSWERED,
            e.query,
            null,
            List.of(),
            e.retransmissions,
            0,
            role(e.dnstapType, e.client, e.server),
            reason));
  }

  private void emitOrphan(DnsMessage reply, IssueReason reason) {
    PacketMeta r = reply.meta();
    out.accept(
        new Transaction(
            TransactionStatus.ORPHAN_REPLY,
            null,
            reply,
            List.of(),
            0,
            0,
            role(dnstapType(r), r.destinationIp(), r.sourceIp()),
            reason));
  }
}
