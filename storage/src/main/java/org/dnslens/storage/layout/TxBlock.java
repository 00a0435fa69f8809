package org.dnslens.storage.layout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dnslens.engine.model.IpAddress;

/**
 * A block of up to {@link #MAX_TRANSACTIONS} consecutive transactions of one run, stored as two
 * compressed blobs: the <em>summary</em> (every field a search filters on or returns, except the wire
 * bytes) and the <em>wire</em> (the exact query and reply bytes, concatenated). A search inflates the
 * summaries of candidate blocks and the wire of the few blocks its results come from.
 *
 * <p>Summary layout (varints, see {@link ByteWriter}): block-local dictionaries of query names (as sent),
 * addresses (raw 4 or 16 bytes) and labels (issue reasons), then one record per transaction whose names,
 * addresses and labels are indexes into them. Times are deltas to the previous transaction's time.
 * Transaction ids are implicit: {@code first_tx_id + position}.
 */
public final class TxBlock {
  /** Transactions per block: small enough that a search decodes a block in well under a millisecond. */
  public static final int MAX_TRANSACTIONS = 512;
  /** Wire bytes per block before it is closed early (large TCP messages). */
  public static final int MAX_WIRE_BYTES = 4 * 1024 * 1024;

  static final long NULL = Long.MIN_VALUE;
  static final int NONE = -1;

  public final long firstTxId;
  public final int count;
  public final String[] names;
  public final IpAddress[] ips;
  public final String[] labels;
  public final int[] sourceId;
  public final long[] queryFrame;
  public final long[] replyFrame;
  public final long[] ts;
  public final long[] replyTs;
  public final int[] client;
  public final int[] clientPort;
  public final int[] server;
  public final int[] serverPort;
  public final int[] transport;
  public final int[] portClass;
  public final int[] dnsId;
  public final int[] qname;
  public final int[] qtype;
  public final int[] qclass;
  public final int[] rcode;
  public final int[] status;
  public final int[] role;
  public final long[] queryFlags;
  public final long[] replyFlags;
  public final int[] retransmissions;
  public final int[] identicalReplies;
  public final int[] reason;
  public final int[] queryIssue;
  public final int[] replyIssue;
  /** Wire offsets: query at wireStart, then reply; lengths -1 when absent. */
  public final int[] wireStart;
  public final int[] queryLen;
  public final int[] replyLen;
  /** Answer address indexes of transaction i: answerIps[answerStart[i] .. answerStart[i+1]). */
  public final int[] answerStart;
  public final int[] answerIps;

  private TxBlock(long firstTxId, int count, String[] names, IpAddress[] ips, String[] labels) {
    this.firstTxId = firstTxId;
    this.count = count;
    this.names = names;
    this.ips = ips;
    this.labels = labels;
    sourceId = new int[count];
    queryFrame = new long[count];
    replyFrame = new long[count];
    ts = new long[count];
    replyTs = new long[count];
    client = new int[count];
    clientPort = new int[count];
    server = new int[count];
    serverPort = new int[count];
    transport = new int[count];
    portClass = new int[count];
    dnsId = new int[count];
    qname = new int[count];
    qtype = new int[count];
    qclass = new int[count];
    rcode = new int[count];
    status = new int[count];
    role = new int[count];
    queryFlags = new long[count];
    replyFlags = new long[count];
    retransmissions = new int[count];
    identicalReplies = new int[count];
    reason = new int[count];
    queryIssue = new int[count];
    replyIssue = new int[count];
    wireStart = new int[count];
    queryLen = new int[count];
    replyLen = new int[count];
    answerStart = new int[count + 1];
    answerIps = new int[0];
  }

  private TxBlock(TxBlock b, int[] answerIps) {
    firstTxId = b.firstTxId;
    count = b.count;
    names = b.names;
    ips = b.ips;
    labels = b.labels;
    sourceId = b.sourceId;
    queryFrame = b.queryFrame;
    replyFrame = b.replyFrame;
    ts = b.ts;
    replyTs = b.replyTs;
    client = b.client;
    clientPort = b.clientPort;
    server = b.server;
    serverPort = b.serverPort;
    transport = b.transport;
    portClass = b.portClass;
    dnsId = b.dnsId;
    qname = b.qname;
    qtype = b.qtype;
    qclass = b.qclass;
    rcode = b.rcode;
    status = b.status;
    role = b.role;
    queryFlags = b.queryFlags;
    replyFlags = b.replyFlags;
    retransmissions = b.retransmissions;
    identicalReplies = b.identicalReplies;
    reason = b.reason;
    queryIssue = b.queryIssue;
    replyIssue = b.replyIssue;
    wireStart = b.wireStart;
    queryLen = b.queryLen;
    replyLen = b.replyLen;
    answerStart = b.answerStart;
    this.answerIps = answerIps;
  }

  public static Long orNull(long v) {
    return v == NULL ? null : v;
  }

  public static Integer orNull(int v) {
    return v == NONE ? null : v;
  }

  public String label(int idx) {
    return idx == NONE ? null : labels[idx];
  }

  public byte[] queryWire(byte[] wire, int i) {
    return queryLen[i] < 0 ? null : java.util.Arrays.copyOfRange(wire, wireStart[i], wireStart[i] + queryLen[i]);
  }

  public byte[] replyWire(byte[] wire, int i) {
    if (replyLen[i] < 0) {
      return null;
    }
    int at = wireStart[i] + Math.max(0, queryLen[i]);
    return java.util.Arrays.copyOfRange(wire, at, at + replyLen[i]);
  }

  /** Decodes an inflated summary. */
  public static TxBlock decode(byte[] summary, long firstTxId) {
    ByteReader r = new ByteReader(summary);
    String[] names = new String[r.readInt()];
    for (int i = 0; i < names.length; i++) {
      names[i] = r.readString();
    }
    IpAddress[] ips = new IpAddress[r.readInt()];
    for (int i = 0; i < ips.length; i++) {
      int len = r.readByte();
      int at = r.position();
      r.skip(len);
      ips[i] = IpAddress.of(summary, at, len);
    }
    String[] labels = new String[r.readInt()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = r.readString();
    }
    int n = r.readInt();
    TxBlock b = new TxBlock(firstTxId, n, names, ips, labels);
    int[] answers = new int[n * 2 + 8];
    int na = 0;
    long prevTs = 0;
    long prevFrame = 0;
    int wire = 0;
    for (int i = 0; i < n; i++) {
      b.sourceId[i] = r.readInt();
      Long qd = r.readNullableLong();
      if (qd != null) {
        prevFrame += qd;
      }
      b.queryFrame[i] = qd == null ? NULL : prevFrame;
      Long rf = r.readNullableLong();
      if (rf != null) {
        prevFrame += rf;
      }
      b.replyFrame[i] = rf == null ? NULL : prevFrame;
      long t = prevTs + r.readZigzag();
      prevTs = t;
      b.ts[i] = t;
      Long rd = r.readNullableLong();
      b.replyTs[i] = rd == null ? NULL : t + rd;
      b.client[i] = r.readInt();
      b.clientPort[i] = r.readInt();
      b.server[i] = r.readInt();
      b.serverPort[i] = r.readInt();
      b.transport[i] = r.readInt();
      b.portClass[i] = r.readInt();
      b.status[i] = r.readInt();
      b.role[i] = r.readInt();
      b.dnsId[i] = r.readInt();
      b.qname[i] = r.readInt() - 1;
      b.qtype[i] = r.readInt() - 1;
      b.qclass[i] = r.readInt() - 1;
      b.rcode[i] = (int) r.readZigzag();
      b.queryFlags[i] = nullable(r.readNullableLong());
      b.replyFlags[i] = nullable(r.readNullableLong());
      b.retransmissions[i] = r.readInt();
      b.identicalReplies[i] = r.readInt();
      b.reason[i] = r.readInt() - 1;
      b.queryIssue[i] = r.readInt() - 1;
      b.replyIssue[i] = r.readInt() - 1;
      b.wireStart[i] = wire;
      b.queryLen[i] = r.readInt() - 1;
      b.replyLen[i] = r.readInt() - 1;
      wire += Math.max(0, b.queryLen[i]) + Math.max(0, b.replyLen[i]);
      int k = r.readInt();
      b.answerStart[i] = na;
      for (int j = 0; j < k; j++) {
        if (na == answers.length) {
          answers = java.util.Arrays.copyOf(answers, answers.length * 2);
        }
        answers[na++] = r.readInt();
      }
      int others = r.readInt();
      for (int j = 0; j < others; j++) {
        r.readZigzag(); // time (delta)
        r.readVarint(); // frame
        r.readInt(); // server
        wire += r.readInt();
      }
    }
    b.answerStart[n] = na;
    return new TxBlock(b, java.util.Arrays.copyOf(answers, na));
  }

  private static long nullable(Long v) {
    return v == null ? NULL : v;
  }

  /** Builds one block's summary and wire bytes; used by the run writer on the ingest thread. */
  public static final class Encoder {
    private final Map<IpAddress, Integer> ipIdx = new HashMap<>();
    private final Map<String, Integer> labelIdx = new HashMap<>();
    private final List<String> names = new ArrayList<>();
    private final List<IpAddress> ips = new ArrayList<>();
    private final List<String> labels = new ArrayList<>();
    private final ByteWriter rows = new ByteWriter(64 * 1024);
    private final ByteWriter wire = new ByteWriter(256 * 1024);
    private int count;
    private long prevTs;
    private long prevFrame;
    private long minTs = Long.MAX_VALUE;
    private long maxTs = Long.MIN_VALUE;

    public int count() {
      return count;
    }

    public boolean isFull() {
      return count >= MAX_TRANSACTIONS || wire.size() >= MAX_WIRE_BYTES;
    }

    public long minTs() {
      return minTs;
    }

    public long maxTs() {
      return maxTs;
    }

    /**
     * Adds a name to the block's dictionary and returns its index. The caller adds each name at most once
     * per block (the run writer: one slot per name text, added when the slot first appears in the block),
     * so there is no look-up here: the map it was cost one more hash look-up per name and block.
     */
    public int addName(String n) {
      names.add(n);
      return names.size() - 1;
    }

    public int ip(IpAddress a) {
      Integer i = ipIdx.get(a);
      if (i == null) {
        i = ips.size();
        ips.add(a);
        ipIdx.put(a, i);
      }
      return i;
    }

    private int label(String s) {
      if (s == null) {
        return 0;
      }
      Integer i = labelIdx.get(s);
      if (i == null) {
        i = labels.size();
        labels.add(s);
        labelIdx.put(s, i);
      }
      return i + 1;
    }

    /** Adds a transaction whose name and address indexes the caller took from {@link #addName}/{@link #ip}. */
    public void add(TxInput t, int qnameIdx, int clientIdx, int serverIdx, int[] answerIdx, int answerCount) {
      ByteWriter w = rows;
      w.writeVarint(t.sourceId());
      // Frame numbers as deltas to the previous frame written: nearly consecutive, so 1-2 bytes.
      // (writeNullableValue/writeNull: the deltas are not boxed again only to be written.)
      Long queryFrame = t.queryFrame();
      if (queryFrame != null) {
        w.writeNullableValue(queryFrame - prevFrame);
        prevFrame = queryFrame;
      } else {
        w.writeNull();
      }
      Long replyFrame = t.replyFrame();
      if (replyFrame != null) {
        w.writeNullableValue(replyFrame - prevFrame);
        prevFrame = replyFrame;
      } else {
        w.writeNull();
      }
      long ts = t.ts();
      w.writeZigzag(ts - prevTs);
      prevTs = ts;
      minTs = Math.min(minTs, ts);
      maxTs = Math.max(maxTs, ts);
      Long replyTs = t.replyTs();
      if (replyTs != null) {
        w.writeNullableValue(replyTs - ts);
      } else {
        w.writeNull();
      }
      w.writeVarint(clientIdx);
      w.writeVarint(t.clientPort());
      w.writeVarint(serverIdx);
      w.writeVarint(t.serverPort());
      w.writeVarint(t.transport());
      w.writeVarint(t.portClass());
      w.writeVarint(t.status());
      w.writeVarint(t.role());
      w.writeVarint(t.dnsId());
      w.writeVarint(qnameIdx + 1);
      w.writeVarint(t.qtype() == null ? 0 : t.qtype() + 1);
      w.writeVarint(t.qclass() == null ? 0 : t.qclass() + 1);
      w.writeZigzag(t.rcode());
      w.writeNullable(t.queryFlags());
      w.writeNullable(t.replyFlags());
      w.writeVarint(t.retransmissions());
      w.writeVarint(t.identicalReplies());
      w.writeVarint(label(t.reason()));
      w.writeVarint(label(t.queryIssue()));
      w.writeVarint(label(t.replyIssue()));
      byte[] q = t.queryWire();
      byte[] r = t.replyWire();
      w.writeVarint(q == null ? 0 : q.length + 1);
      w.writeVarint(r == null ? 0 : r.length + 1);
      if (q != null) {
        wire.writeBytes(q);
      }
      if (r != null) {
        wire.writeBytes(r);
      }
      w.writeVarint(answerCount);
      for (int i = 0; i < answerCount; i++) {
        w.writeVarint(answerIdx[i]);
      }
      w.writeVarint(t.otherReplies().size());
      for (TxInput.OtherReply o : t.otherReplies()) {
        w.writeZigzag(o.ts() - t.ts());
        w.writeVarint(o.frame());
        w.writeVarint(ip(o.server()));
        w.writeVarint(o.wire().length);
        wire.writeBytes(o.wire());
      }
      count++;
    }

    /** The raw (uncompressed) summary. */
    public byte[] summary() {
      ByteWriter h = new ByteWriter(rows.size() + names.size() * 24 + 64);
      h.writeVarint(names.size());
      for (String n : names) {
        h.writeString(n);
      }
      h.writeVarint(ips.size());
      for (IpAddress a : ips) {
        byte[] raw = a.toBytes();
        h.writeByte(raw.length);
        h.writeBytes(raw);
      }
      h.writeVarint(labels.size());
      for (String s : labels) {
        h.writeString(s);
      }
      h.writeVarint(count);
      h.writeBytes(rows.array(), 0, rows.size());
      return h.toByteArray();
    }

    public byte[] wire() {
      return wire.toByteArray();
    }

    /**
     * Empties the encoder for the next block, keeping its buffers: a fresh encoder per block allocated
     * 320 KB of buffers 2 000 times per million transactions, which the collector then had to copy.
     */
    public void reset() {
      ipIdx.clear();
      labelIdx.clear();
      names.clear();
      ips.clear();
      labels.clear();
      rows.reset();
      wire.reset();
      count = 0;
      prevTs = 0;
      prevFrame = 0;
      minTs = Long.MAX_VALUE;
      maxTs = Long.MIN_VALUE;
    }
  }
}
