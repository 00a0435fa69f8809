package org.dnslens.storage.layout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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
 * addresses (raw 4 or 16 bytes) and labels (issue reasons), then the rows, whose names, addresses and labels
 * are indexes into them. Times are deltas to the previous transaction's time. Transaction ids are implicit:
 * {@code first_tx_id + position}. Before V7 ({@link #FORMAT_PLAIN}) the rows are one record per transaction
 * and the wire is the messages' bytes.
 *
 * <p><b>Packed blocks (schema V7, {@link #FORMAT_PACKED_WIRE}).</b> A summary written since starts with
 * {@code 0x80 0x00} (an overlong varint zero, which {@link ByteWriter} never writes, so no older summary
 * starts so) and the format number; its rows are stored column by column ({@code C_*}: zstd finds runs of
 * equal small values in a column, not between interleaved random fields), with one column more, each row's
 * <em>wire form</em>: what the stored wire leaves out because the block rebuilds it byte for byte. That is
 * the DNS id of the reply (or of the query when unanswered) when it equals the row's id ({@link #FORM_ID});
 * that message's first question name when it is the row's query name in wire form ({@link #FORM_NAME});
 * the data of the reply's A/AAAA answers that are the row's answer addresses, as one-byte indexes into them
 * ({@link #FORM_ANSWERS}); and, when the query repeats the reply's id and question section, everything of
 * the query but its header bytes 2-11 and what follows its question ({@link #FORM_QUERY_DELTA}). Those are
 * what the wire's compressor cannot find (they live in the summary, another blob). A row's stored bytes are
 * its reply part, then its query part, then its other replies whole. Every form is checked on write by
 * comparing bytes, so a message that does not fit is stored whole. {@link #wire(byte[])} turns stored bytes
 * back into the old layout (query, reply, other replies per row), so every reader of {@link #wireStart}
 * works unchanged.
 */
public final class TxBlock {
  /** Transactions per block: small enough that a search decodes a block in well under a millisecond. */
  public static final int MAX_TRANSACTIONS = 512;
  /** Wire bytes per block before it is closed early (large TCP messages). */
  public static final int MAX_WIRE_BYTES = 4 * 1024 * 1024;

  static final long NULL = Long.MIN_VALUE;
  static final int NONE = -1;

  /** Summary format of blocks written before V7: no header, wire stored whole. */
  public static final int FORMAT_PLAIN = 0;
  /** Summary format since V7: header {@code 80 00 01}, rows column by column, a wire form per row. */
  public static final int FORMAT_PACKED_WIRE = 1;
  /** The stored reply (or unanswered query) lacks its first two bytes: the row's DNS id. */
  static final int FORM_ID = 1;
  /** The stored reply (or unanswered query) lacks its first question name: the row's query name. */
  static final int FORM_NAME = 2;
  /** The stored query is its header bytes 2-11 and what follows the reply's question section. */
  static final int FORM_QUERY_DELTA = 4;
  /**
   * The stored reply's answer section was walked: each A (4-byte) or AAAA (16-byte) record's data is one byte
   * instead, 1 + its index among the row's answer addresses, or 0 followed by the data when it is not among them.
   */
  static final int FORM_ANSWERS = 8;
  /** Columns of a packed block's rows, in the order they are stored (each holds one value per row unless noted). */
  static final int C_SOURCE = 0;
  static final int C_QUERY_FRAME = 1;
  static final int C_REPLY_FRAME = 2;
  static final int C_TS = 3;
  static final int C_REPLY_TS = 4;
  static final int C_CLIENT = 5;
  static final int C_CLIENT_PORT = 6;
  static final int C_SERVER = 7;
  static final int C_SERVER_PORT = 8;
  static final int C_TRANSPORT = 9;
  static final int C_PORT_CLASS = 10;
  static final int C_STATUS = 11;
  static final int C_ROLE = 12;
  static final int C_DNS_ID = 13;
  static final int C_QNAME = 14;
  static final int C_QTYPE = 15;
  static final int C_QCLASS = 16;
  static final int C_RCODE = 17;
  static final int C_QUERY_FLAGS = 18;
  static final int C_REPLY_FLAGS = 19;
  static final int C_RETRANSMISSIONS = 20;
  static final int C_IDENTICAL = 21;
  static final int C_REASON = 22;
  static final int C_QUERY_ISSUE = 23;
  static final int C_REPLY_ISSUE = 24;
  static final int C_QUERY_LEN = 25;
  static final int C_REPLY_LEN = 26;
  static final int C_WIRE_FORM = 27;
  static final int C_ANSWERS = 28;
  /** The answer address indexes of every row, one after another (as many as C_ANSWERS adds up to). */
  static final int C_ANSWER_IPS = 29;
  static final int C_OTHERS = 30;
  /** Per other reply of every row: time delta, frame, server index, length. */
  static final int C_OTHER_FIELDS = 31;
  static final int COLUMNS = 32;
  private static final int TYPE_A = 1;
  private static final int TYPE_AAAA = 28;
  private static final int HEADER_BYTES = 12;
  private static final int MAX_LABEL_BYTES = 63;
  private static final int MAX_NAME_BYTES = 255;
  /** Question names compared per message: a longer question section is stored whole. */
  private static final int MAX_QUESTIONS = 16;

  public final long firstTxId;
  public final int count;
  /**
   * The inflated summary: the name and address dictionaries are read from it when asked for ({@link #name},
   * {@link #ip}). A search looks at a handful of each block's ~500 names and addresses, and making all of them
   * into objects was a third of its summary decode. Objects are made on first use and kept (threads that race
   * there each make an equal object, as with {@code IpAddress}'s text).
   */
  private final byte[] summary;
  /** Offset in {@link #summary} of name i's UTF-8 bytes, and their length. */
  private final int[] nameAt;
  private final int[] nameBytes;
  private final String[] nameText;
  /** Offset in {@link #summary} of address i's 4 or 16 bytes (the byte before holds the length). */
  private final int[] ipAt;
  private final IpAddress[] ipValue;
  /** Whether every name is ASCII: 0 not known yet, 1 yes, -1 no. Benign race: the value is the same for all. */
  private int namesAscii;
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
  /** {@link #FORMAT_PLAIN} or {@link #FORMAT_PACKED_WIRE}. */
  public final int format;
  /** Per row, what its stored wire leaves out (FORM_* bits); all 0 in a plain block. */
  final int[] wireForm;
  /** Per row, the bytes of its other replies (stored whole after the row's query and reply). */
  final int[] otherBytes;

  private TxBlock(long firstTxId, int count, byte[] summary, int[] nameAt, int[] nameBytes, int[] ipAt,
      String[] labels, int format) {
    this.firstTxId = firstTxId;
    this.count = count;
    this.summary = summary;
    this.nameAt = nameAt;
    this.nameBytes = nameBytes;
    this.nameText = new String[nameAt.length];
    this.ipAt = ipAt;
    this.ipValue = new IpAddress[ipAt.length];
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
    this.format = format;
    wireForm = new int[count];
    otherBytes = new int[count];
  }

  private TxBlock(TxBlock b, int[] answerIps) {
    firstTxId = b.firstTxId;
    count = b.count;
    summary = b.summary;
    nameAt = b.nameAt;
    nameBytes = b.nameBytes;
    nameText = b.nameText;
    ipAt = b.ipAt;
    ipValue = b.ipValue;
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
    format = b.format;
    wireForm = b.wireForm;
    otherBytes = b.otherBytes;
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

  /** Names in the block's dictionary (the {@link #qname} indexes). */
  public int nameCount() {
    return nameAt.length;
  }

  /** Name {@code idx} of the dictionary, as sent (presentation text). */
  public String name(int idx) {
    String s = nameText[idx];
    if (s == null) {
      s = new String(summary, nameAt[idx], nameBytes[idx], StandardCharsets.UTF_8);
      nameText[idx] = s;
    }
    return s;
  }

  /**
   * Whether name {@code idx} is {@code lowerAscii} (lower-case ASCII bytes) in any ASCII case, read from the
   * summary without making a String; only meaningful when {@link #namesAscii()} (then it is {@code
   * name(idx).equalsIgnoreCase(text)}).
   */
  public boolean nameEqualsLowerAscii(int idx, byte[] lowerAscii) {
    return nameBytes[idx] == lowerAscii.length && regionEqualsLowerAscii(idx, 0, lowerAscii, 0, lowerAscii.length);
  }

  /**
   * Whether bytes {@code [from, from + len)} of name {@code idx} are bytes {@code [at, at + len)} of {@code
   * lowerAscii} in any ASCII case (both in range: the caller checks {@link #nameByteLength}).
   */
  public boolean regionEqualsLowerAscii(int idx, int from, byte[] lowerAscii, int at, int len) {
    int p = nameAt[idx] + from;
    for (int i = 0; i < len; i++) {
      int c = summary[p + i];
      if (c >= 'A' && c <= 'Z') {
        c += 'a' - 'A';
      }
      if (c != lowerAscii[at + i]) {
        return false;
      }
    }
    return true;
  }

  /** UTF-8 bytes of name {@code idx} (its characters when {@link #namesAscii()}). */
  public int nameByteLength(int idx) {
    return nameBytes[idx];
  }

  /** Byte {@code i} of name {@code idx} (its character {@code i} when {@link #namesAscii()}). */
  public int nameByte(int idx, int i) {
    return summary[nameAt[idx] + i];
  }

  /**
   * Whether every name of the dictionary is ASCII (presentation text escapes every other byte, so this is the
   * rule), which lets a filter compare their bytes instead of Strings. Computed once per block.
   */
  public boolean namesAscii() {
    if (namesAscii == 0) {
      int any = 0;
      for (int i = 0; i < nameAt.length; i++) {
        for (int p = nameAt[i], end = p + nameBytes[i]; p < end; p++) {
          any |= summary[p];
        }
      }
      namesAscii = any < 0 ? -1 : 1;
    }
    return namesAscii > 0;
  }

  /** Addresses in the block's dictionary (the {@link #client}, {@link #server} and {@link #answerIps} indexes). */
  public int ipCount() {
    return ipAt.length;
  }

  /** Address {@code idx} of the dictionary. */
  public IpAddress ip(int idx) {
    IpAddress a = ipValue[idx];
    if (a == null) {
      a = IpAddress.of(summary, ipAt[idx], ipByteLength(idx));
      ipValue[idx] = a;
    }
    return a;
  }

  /** 4 (IPv4) or 16 (IPv6): the length of address {@code idx}. */
  public int ipByteLength(int idx) {
    return summary[ipAt[idx] - 1];
  }

  /**
   * Compares address {@code idx} with an address key ({@code NameKeys.ipKey}: family byte 4 or 6, then the
   * address bytes) as {@code Arrays.compareUnsigned(ipKey(ip(idx)), key)} does, without making either.
   */
  public int compareIpKey(int idx, byte[] key) {
    int len = ipByteLength(idx);
    int c = Integer.compare(len == 4 ? 4 : 6, key[0] & 0xff);
    if (c != 0 || key.length == 1) {
      return c != 0 ? c : 1;
    }
    return Arrays.compareUnsigned(summary, ipAt[idx], ipAt[idx] + len, key, 1, key.length);
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

  /** The summary's format: {@link #FORMAT_PACKED_WIRE} when it starts with the header, else plain. */
  private static int format(byte[] summary) {
    return summary.length >= 2 && (summary[0] & 0xff) == 0x80 && summary[1] == 0 ? FORMAT_PACKED_WIRE : FORMAT_PLAIN;
  }

  /** Decodes an inflated summary. */
  public static TxBlock decode(byte[] summary, long firstTxId) {
    ByteReader r = new ByteReader(summary);
    int format = format(summary);
    if (format != FORMAT_PLAIN) {
      r.skip(2);
      int f = r.readInt();
      if (f != FORMAT_PACKED_WIRE) {
        throw new IllegalStateException("block summary of format " + f + " was written by a newer dnslens");
      }
    }
    int[] nameAt = new int[count(r)];
    int[] nameBytes = new int[nameAt.length];
    for (int i = 0; i < nameAt.length; i++) {
      nameBytes[i] = r.readInt();
      nameAt[i] = r.position();
      r.skip(nameBytes[i]);
    }
    int[] ipAt = new int[count(r)];
    for (int i = 0; i < ipAt.length; i++) {
      int len = r.readByte();
      if (len != 4 && len != 16) {
        throw new IllegalStateException("an address of " + len + " bytes in case blob (damaged case file?)");
      }
      ipAt[i] = r.position();
      r.skip(len);
    }
    String[] labels = new String[r.readInt()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = r.readString();
    }
    int n = count(r); // every row takes a byte at least
    TxBlock b = new TxBlock(firstTxId, n, summary, nameAt, nameBytes, ipAt, labels, format);
    if (format != FORMAT_PLAIN) {
      return new TxBlock(b, decodeColumns(r, b, n));
    }
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
        int len = r.readInt();
        b.otherBytes[i] += len;
        wire += len;
      }
    }
    b.answerStart[n] = na;
    return new TxBlock(b, java.util.Arrays.copyOf(answers, na));
  }

  /**
   * The block's wire bytes in the layout {@link #wireStart}, {@link #queryLen} and {@link #replyLen} describe,
   * from the inflated stored wire: the same array for a plain block, rebuilt for a packed one.
   *
   * @throws IllegalStateException when the stored bytes do not fit the summary (damaged case file)
   */
  public byte[] wire(byte[] stored) {
    if (format == FORMAT_PLAIN) {
      return stored;
    }
    byte[] out = new byte[rawWireBytes()];
    int in = 0;
    try {
      for (int i = 0; i < count; i++) {
        in = unpackRow(stored, in, out, i);
      }
    } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
      throw damaged();
    }
    if (in != stored.length) {
      throw damaged();
    }
    return out;
  }

  /**
   * {@link #wire(byte[])} for the given rows only (ascending, each at most once; the other rows' bytes stay
   * zero, and the array ends with the last given row's bytes: a search allocated and zeroed whole blocks' wire
   * for one or two rows each): a search's results are one or two rows of a block. A packed block's stored
   * bytes are in row order, so the rows before a wanted one are walked, not rebuilt ({@link #skipRow}): a row's stored length follows
   * from its lengths, its wire form, its query name's wire length and, when its answers were packed, a walk
   * of its stored answer records. Rebuilding every row up to the last result cost a search most of its wire
   * time (docs/PERFORMANCE.md "Session 18: searchrows").
   *
   * @throws IllegalStateException when the stored bytes do not fit the summary (damaged case file); unlike
   *     {@link #wire(byte[])}, bytes left over after the last wanted row are not noticed
   */
  public byte[] wire(byte[] stored, int[] rows) {
    if (format == FORMAT_PLAIN) {
      return stored;
    }
    int last = rows.length == 0 ? -1 : rows[rows.length - 1];
    if (last >= count) {
      throw new IllegalArgumentException("row " + last + " of a block of " + count);
    }
    byte[] out = new byte[last < 0 ? 0 : wireStart[last] + Math.max(0, queryLen[last]) + Math.max(0, replyLen[last])
        + otherBytes[last]];
    int[] nameLengths = new int[nameAt.length];
    int[] questionEnd = new int[1];
    for (int k = 1; k < rows.length; k++) {
      if (rows[k] <= rows[k - 1]) {
        throw new IllegalArgumentException("rows " + Arrays.toString(rows) + " are not ascending");
      }
    }
    int in = 0;
    int next = 0;
    try {
      for (int row : rows) {
        for (; next < row; next++) {
          in = skipRow(stored, in, next, nameLengths, questionEnd);
        }
        in = unpackRow(stored, in, out, row);
        next = row + 1;
      }
    } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
      throw damaged();
    }
    return out;
  }

  /** The block's wire bytes in the old layout: every row's query, reply and other replies. */
  private int rawWireBytes() {
    return count == 0 ? 0 : wireStart[count - 1] + Math.max(0, queryLen[count - 1])
        + Math.max(0, replyLen[count - 1]) + otherBytes[count - 1];
  }

  /** Rebuilds row {@code i} at its place in {@code out} from the stored bytes at {@code in}; returns where they end. */
  private int unpackRow(byte[] stored, int in, byte[] out, int i) {
    int form = wireForm[i];
    int q = wireStart[i];
    int r = q + Math.max(0, queryLen[i]);
    String name = (form & FORM_NAME) == 0 ? null : name(qname[i]);
    if (replyLen[i] >= 0) {
      in = unpackPrimary(stored, in, out, r, replyLen[i], i, name);
      if (queryLen[i] >= 0) {
        if ((form & FORM_QUERY_DELTA) != 0) {
          in = unpackQuery(stored, in, out, q, queryLen[i], r, questionEnd(out, r, replyLen[i]));
        } else {
          System.arraycopy(stored, in, out, q, queryLen[i]);
          in += queryLen[i];
        }
      }
    } else if (queryLen[i] >= 0) {
      in = unpackPrimary(stored, in, out, q, queryLen[i], i, name);
    }
    int o = r + Math.max(0, replyLen[i]);
    System.arraycopy(stored, in, out, o, otherBytes[i]);
    return in + otherBytes[i];
  }

  /**
   * Where the stored bytes of row {@code row}, starting at {@code in[from]}, end: {@link #unpackRow} without
   * writing anything. {@code nameLengths} caches the wire length of each name (0: not computed yet); {@code
   * questionEnd} is scratch for the reply's question end.
   */
  private int skipRow(byte[] in, int from, int row, int[] nameLengths, int[] questionEnd) {
    int q = queryLen[row];
    int r = replyLen[row];
    if (r >= 0) {
      boolean delta = q >= 0 && (wireForm[row] & FORM_QUERY_DELTA) != 0;
      from = skipPrimary(in, from, r, row, nameLengths, delta ? questionEnd : null);
      if (q >= 0) {
        if (delta) {
          int qEnd = questionEnd[0];
          if (qEnd < 0 || q < qEnd) {
            throw damaged();
          }
          from += HEADER_BYTES - 2 + q - qEnd;
        } else {
          from += q;
        }
      }
    } else if (q >= 0) {
      from = skipPrimary(in, from, q, row, nameLengths, null);
    }
    return from + otherBytes[row];
  }

  /**
   * Where the stored bytes of row {@code row}'s reply (or unanswered query), {@code len} bytes rebuilt,
   * starting at {@code in[from]}, end: {@link #unpackPrimary} without writing. When {@code questionEnd} is not
   * null, its element 0 is set to what {@link #questionEnd} gives for the rebuilt message.
   */
  private int skipPrimary(byte[] in, int from, int len, int row, int[] nameLengths, int[] questionEnd) {
    int form = wireForm[row];
    if ((form & (FORM_ID | FORM_NAME | FORM_ANSWERS)) == 0) {
      if (questionEnd != null) {
        if (from + len > in.length) {
          throw damaged();
        }
        questionEnd[0] = questionEnd(in, from, len);
      }
      return from + len; // stored whole
    }
    int header = (form & FORM_ID) != 0 ? HEADER_BYTES - 2 : HEADER_BYTES;
    // a rebuilt header byte at offset p is stored at from + p - (HEADER_BYTES - header)
    int qd = u16(in, from + 4 - (HEADER_BYTES - header));
    int an = u16(in, from + 6 - (HEADER_BYTES - header));
    int nameLen = (form & FORM_NAME) == 0 ? 0 : nameLength(qname[row], nameLengths);
    if ((form & FORM_ANSWERS) == 0) {
      int rest = len - HEADER_BYTES - nameLen;
      if (rest < 0) {
        throw damaged();
      }
      if (questionEnd != null) {
        // past the name, the rebuilt message at offset p is stored at base + p
        questionEnd[0] = questionEnd(in, from + header - HEADER_BYTES - nameLen, len, qd, nameLen);
      }
      return from + header + rest;
    }
    int s = from + header;
    int o = HEADER_BYTES;
    for (int k = 0; k < qd; k++) {
      if (k == 0 && nameLen > 0) {
        o += nameLen;
      } else {
        int n = nameLength(in, s);
        s += n;
        o += n;
      }
      s += 4;
      o += 4;
    }
    if (questionEnd != null) {
      questionEnd[0] = qd > MAX_QUESTIONS || o > len ? -1 : o;
    }
    for (int k = 0; k < an; k++) {
      int n = nameLength(in, s) + 10;
      s += n;
      o += n;
      int type = u16(in, s - 10);
      int rdlen = u16(in, s - 2);
      int index = addressShaped(type, rdlen) ? in[s++] & 0xff : 0;
      if (index == 0) {
        s += rdlen;
      } else if (index > answerStart[row + 1] - answerStart[row]
          || ipByteLength(answerIps[answerStart[row] + index - 1]) != rdlen) {
        throw damaged();
      }
      o += rdlen;
      if (o > len) {
        throw damaged();
      }
    }
    return s + len - o;
  }

  /** The wire length of name {@code idx} ({@link #nameWire}), computed once per call of {@link #wire(byte[], int[])}. */
  private int nameLength(int idx, int[] nameLengths) {
    int n = nameLengths[idx];
    if (n == 0) {
      n = nameWireLength(idx);
      nameLengths[idx] = n;
    }
    return n;
  }

  /**
   * The length {@link #nameWire} gives for name {@code idx}: for a name of ASCII bytes without escapes, one byte
   * per character plus the first label's length and the root, read off the summary's bytes. The names a row's
   * wire form rebuilds were checked on write, so this need not validate labels (a damaged summary may go
   * unnoticed here, not in the rebuild itself). Other names (rare) go through {@link #nameWire}.
   *
   * @throws IllegalStateException when the text cannot be a name (damaged case file)
   */
  private int nameWireLength(int idx) {
    int n = nameBytes[idx];
    boolean plain = n > 0 && n <= MAX_NAME_BYTES - 2;
    for (int p = nameAt[idx], end = p + n; plain && p < end; p++) {
      plain = summary[p] != '\\' && summary[p] >= 0;
    }
    if (plain) {
      return n == 1 && summary[nameAt[idx]] == '.' ? 1 : n + 2;
    }
    int w = nameWire(name(idx), new byte[MAX_NAME_BYTES + 1], 0);
    if (w < 0) {
      throw damaged();
    }
    return w;
  }

  /**
   * {@link #questionEnd(byte[], int, int)} of a message that is rebuilt from stored bytes: {@code qd} questions,
   * the first name of {@code nameLen} bytes rebuilt (0: stored), and every byte at offset {@code p} past it stored at
   * {@code m[base + p]}.
   */
  private static int questionEnd(byte[] m, int base, int len, int qd, int nameLen) {
    if (qd > MAX_QUESTIONS) {
      return -1;
    }
    int p = HEADER_BYTES;
    for (int k = 0; k < qd; k++) {
      if (k == 0 && nameLen > 0) {
        p += nameLen;
      } else {
        while (true) {
          if (p >= len) {
            return -1;
          }
          int l = m[base + p] & 0xff;
          if (l == 0) {
            p++;
            break;
          }
          if ((l & 0xc0) == 0xc0) {
            p += 2;
            break;
          }
          if ((l & 0xc0) != 0) {
            return -1;
          }
          p += 1 + l;
        }
      }
      p += 4;
      if (p > len) {
        return -1;
      }
    }
    return p;
  }

  private static IllegalStateException damaged() {
    return new IllegalStateException("block wire bytes do not fit their summary (damaged case file?)");
  }

  /**
   * Writes the wire form of the presentation-format name {@code text} (labels separated by dots, {@code \DDD}
   * and {@code \X} escapes, as {@code DnsName.toString} writes them; {@code "."} is the root) into {@code
   * out[at]} and returns its length, or -1 when the text is not such a name (an empty label, a label over 63
   * bytes, a name over 255, a character above 0xff, a bad escape) or does not fit {@code out}. The writer
   * leaves a question name out only when this gives back its exact bytes, and the reader rebuilds it with the
   * same function, so it need not agree with any other parser: one allocation-free pass over the text.
   */
  static int nameWire(String text, byte[] out, int at) {
    int n = text.length();
    if (text.equals(".")) {
      if (at >= out.length) {
        return -1;
      }
      out[at] = 0;
      return 1;
    }
    int lenAt = at;
    int o = at + 1;
    int label = 0;
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      int b;
      if (c == '.') {
        if (label == 0 || lenAt >= out.length) {
          return -1;
        }
        out[lenAt] = (byte) label;
        lenAt = o++;
        label = 0;
        continue;
      } else if (c == '\\') {
        if (i + 1 >= n) {
          return -1;
        }
        char d = text.charAt(i + 1);
        if (d >= '0' && d <= '9') {
          if (i + 3 >= n) {
            return -1;
          }
          int v = 0;
          for (int k = 1; k <= 3; k++) {
            char e = text.charAt(i + k);
            if (e < '0' || e > '9') {
              return -1;
            }
            v = v * 10 + (e - '0');
          }
          b = v;
          i += 3;
        } else {
          b = d;
          i += 1;
        }
      } else {
        b = c;
      }
      if (b > 0xff || label == MAX_LABEL_BYTES || o >= out.length || o - at >= MAX_NAME_BYTES) {
        return -1;
      }
      out[o++] = (byte) b;
      label++;
    }
    if (label == 0 || o >= out.length || o + 1 - at > MAX_NAME_BYTES) {
      return -1; // empty text or a final dot: not a name DnsName.toString writes
    }
    out[lenAt] = (byte) label;
    out[o++] = 0;
    return o - at;
  }

  /**
   * Rebuilds the reply (or unanswered query) of row {@code row}, {@code len} bytes at {@code out[at]}, from the
   * stored bytes at {@code in[from]}; returns where its stored bytes end.
   */
  private int unpackPrimary(byte[] in, int from, byte[] out, int at, int len, int row, String name) {
    int form = wireForm[row];
    if ((form & (FORM_ID | FORM_NAME | FORM_ANSWERS)) == 0) {
      System.arraycopy(in, from, out, at, len); // stored whole (also every message shorter than a header)
      return from + len;
    }
    int o = at;
    int end = at + len;
    if ((form & FORM_ID) != 0) {
      out[o++] = (byte) (dnsId[row] >>> 8);
      out[o++] = (byte) dnsId[row];
    } else {
      out[o++] = in[from++];
      out[o++] = in[from++];
    }
    System.arraycopy(in, from, out, o, HEADER_BYTES - 2);
    from += HEADER_BYTES - 2;
    o += HEADER_BYTES - 2;
    if ((form & FORM_ANSWERS) == 0) {
      if (name != null) {
        o += nameInto(name, out, o, end);
      }
    } else {
      int qd = u16(out, at + 4);
      int an = u16(out, at + 6);
      for (int k = 0; k < qd; k++) {
        if (k == 0 && name != null) {
          o += nameInto(name, out, o, end);
        } else {
          int n = nameLength(in, from);
          System.arraycopy(in, from, out, o, n);
          from += n;
          o += n;
        }
        System.arraycopy(in, from, out, o, 4);
        from += 4;
        o += 4;
      }
      for (int k = 0; k < an; k++) {
        int n = nameLength(in, from) + 10;
        System.arraycopy(in, from, out, o, n);
        from += n;
        o += n;
        int type = u16(out, o - 10);
        int rdlen = u16(out, o - 2);
        int index = addressShaped(type, rdlen) ? in[from++] & 0xff : 0;
        if (index == 0) {
          System.arraycopy(in, from, out, o, rdlen);
          from += rdlen;
        } else {
          if (index > answerStart[row + 1] - answerStart[row]) {
            throw damaged();
          }
          int address = answerIps[answerStart[row] + index - 1];
          if (ipByteLength(address) != rdlen) {
            throw damaged();
          }
          System.arraycopy(summary, ipAt[address], out, o, rdlen);
        }
        o += rdlen;
        if (o > end) {
          throw damaged();
        }
      }
    }
    int rest = end - o;
    if (rest < 0) {
      throw damaged();
    }
    System.arraycopy(in, from, out, o, rest);
    return from + rest;
  }

  /** The question name rebuilt at {@code out[at]}, within the message that ends at {@code end}. */
  private static int nameInto(String name, byte[] out, int at, int end) {
    int n = nameWire(name, out, at);
    if (n < 0 || at + n > end) {
      throw damaged();
    }
    return n;
  }

  static int u16(byte[] b, int at) {
    return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
  }

  static boolean addressShaped(int type, int rdlen) {
    return (type == TYPE_A && rdlen == 4) || (type == TYPE_AAAA && rdlen == 16);
  }

  /**
   * Bytes of the (possibly compressed) name at {@code m[at]}: labels up to the root or a pointer; -1 past
   * {@code limit} or at a label type other than 0 and pointer. The pointer is not followed: only the bytes
   * in place matter here.
   */
  static int nameLength(byte[] m, int at, int limit) {
    int p = at;
    while (p < limit) {
      int l = m[p] & 0xff;
      if (l == 0) {
        return p + 1 - at;
      }
      if ((l & 0xc0) == 0xc0) {
        return p + 2 <= limit ? p + 2 - at : -1;
      }
      if ((l & 0xc0) != 0) {
        return -1;
      }
      p += 1 + l;
    }
    return -1;
  }

  private static int nameLength(byte[] in, int from) {
    int n = nameLength(in, from, in.length);
    if (n < 0) {
      throw damaged();
    }
    return n;
  }

  /** Rebuilds a query stored as a delta to the reply at {@code out[reply]} whose question ends at qEnd. */
  private static int unpackQuery(byte[] in, int from, byte[] out, int at, int len, int reply, int qEnd) {
    if (qEnd < 0) {
      throw damaged();
    }
    out[at] = out[reply];
    out[at + 1] = out[reply + 1];
    System.arraycopy(in, from, out, at + 2, HEADER_BYTES - 2);
    from += HEADER_BYTES - 2;
    System.arraycopy(out, reply + HEADER_BYTES, out, at + HEADER_BYTES, qEnd - HEADER_BYTES);
    int tail = len - qEnd;
    System.arraycopy(in, from, out, at + qEnd, tail);
    return from + tail;
  }

  /**
   * The end of the question section of the message {@code m[at, at + len)}, relative to {@code at}, or -1
   * when it cannot be walked (too short, a bad label, more than {@link #MAX_QUESTIONS} questions).
   */
  static int questionEnd(byte[] m, int at, int len) {
    if (len < HEADER_BYTES) {
      return -1;
    }
    int qd = ((m[at + 4] & 0xff) << 8) | (m[at + 5] & 0xff);
    return questionEnd(m, at, len, qd, 0); // every byte stored: the rebuilt-message walk with no name rebuilt
  }


  /**
   * The rows of a packed block, stored column by column (C_* order), from {@code r}'s position; returns the
   * answer address indexes. Each column is one loop over the bytes with the position in a local (not {@link
   * ByteReader} calls per value, nor boxed nullable values): this decode is most of a search's CPU.
   */
  private static int[] decodeColumns(ByteReader r, TxBlock b, int n) {
    byte[] a = r.array();
    long[] raw = new long[n];
    try {
      int p = r.position();
      p = ints(a, p, b.sourceId, n, 0);
      p = longs(a, p, raw, n);
      nullables(raw, b.queryFrame, n);
      p = longs(a, p, raw, n);
      nullables(raw, b.replyFrame, n);
      long prevFrame = 0;
      for (int i = 0; i < n; i++) { // deltas to the previous frame in row order, query before reply
        if (b.queryFrame[i] != NULL) {
          prevFrame += b.queryFrame[i];
          b.queryFrame[i] = prevFrame;
        }
        if (b.replyFrame[i] != NULL) {
          prevFrame += b.replyFrame[i];
          b.replyFrame[i] = prevFrame;
        }
      }
      p = longs(a, p, raw, n);
      long prevTs = 0;
      for (int i = 0; i < n; i++) {
        prevTs += zigzag(raw[i]);
        b.ts[i] = prevTs;
      }
      p = longs(a, p, raw, n);
      nullables(raw, b.replyTs, n);
      for (int i = 0; i < n; i++) {
        if (b.replyTs[i] != NULL) {
          b.replyTs[i] += b.ts[i];
        }
      }
      p = ints(a, p, b.client, n, 0);
      p = shorts(a, p, b.clientPort, n);
      p = ints(a, p, b.server, n, 0);
      p = ints(a, p, b.serverPort, n, 0);
      p = ints(a, p, b.transport, n, 0);
      p = ints(a, p, b.portClass, n, 0);
      p = ints(a, p, b.status, n, 0);
      p = ints(a, p, b.role, n, 0);
      p = shorts(a, p, b.dnsId, n);
      p = ints(a, p, b.qname, n, -1);
      p = ints(a, p, b.qtype, n, -1);
      p = ints(a, p, b.qclass, n, -1);
      p = longs(a, p, raw, n);
      for (int i = 0; i < n; i++) {
        b.rcode[i] = (int) zigzag(raw[i]);
      }
      p = longs(a, p, raw, n);
      nullables(raw, b.queryFlags, n);
      p = longs(a, p, raw, n);
      nullables(raw, b.replyFlags, n);
      p = ints(a, p, b.retransmissions, n, 0);
      p = ints(a, p, b.identicalReplies, n, 0);
      p = ints(a, p, b.reason, n, -1);
      p = ints(a, p, b.queryIssue, n, -1);
      p = ints(a, p, b.replyIssue, n, -1);
      p = ints(a, p, b.queryLen, n, -1);
      p = ints(a, p, b.replyLen, n, -1);
      p = ints(a, p, b.wireForm, n, 0);
      int[] counts = new int[n];
      p = ints(a, p, counts, n, 0);
      int na = 0;
      for (int i = 0; i < n; i++) {
        b.answerStart[i] = na;
        na += counts[i];
        if (na < 0 || counts[i] < 0) {
          throw new IllegalStateException("bad answer count in case blob (damaged case file?)");
        }
      }
      b.answerStart[n] = na;
      if (na > a.length - p) { // at least one byte per value: a bound for an array sized from the blob
        throw new IllegalStateException("case blob ends early (damaged case file?)");
      }
      int[] answers = new int[na];
      p = ints(a, p, answers, na, 0);
      p = ints(a, p, counts, n, 0); // other replies per row
      r.skip(p - r.position());
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < counts[i]; j++) {
          r.readZigzag(); // time (delta)
          r.readVarint(); // frame
          r.readInt(); // server
          b.otherBytes[i] += r.readInt();
        }
      }
      int wire = 0;
      for (int i = 0; i < n; i++) {
        b.wireStart[i] = wire;
        wire += Math.max(0, b.queryLen[i]) + Math.max(0, b.replyLen[i]) + b.otherBytes[i];
      }
      return answers;
    } catch (ArrayIndexOutOfBoundsException e) {
      throw new IllegalStateException("case blob ends early (damaged case file?)");
    }
  }

  /** {@code n} varints (as {@link ByteWriter#writeVarint} writes them) at {@code a[p]}, plus {@code offset}; returns their end. */
  private static int ints(byte[] a, int p, int[] into, int n, int offset) {
    for (int i = 0; i < n; i++) {
      int v = a[p++];
      if (v < 0) { // more bytes (most values here are one byte: small codes and indexes)
        long x = v & 0x7f;
        int shift = 7;
        byte c;
        do {
          c = a[p++];
          x |= (long) (c & 0x7f) << shift;
          shift += 7;
        } while (c < 0 && shift < 70);
        if (c < 0) {
          throw badVarint();
        }
        v = (int) x;
      }
      into[i] = v + offset;
    }
    return p;
  }

  /** {@code n} varints at {@code a[p]} as longs; returns their end. */
  private static int longs(byte[] a, int p, long[] into, int n) {
    for (int i = 0; i < n; i++) {
      long x = 0;
      int shift = 0;
      byte c;
      do {
        c = a[p++];
        x |= (long) (c & 0x7f) << shift;
        shift += 7;
      } while (c < 0 && shift < 70);
      if (c < 0) {
        throw badVarint();
      }
      into[i] = x;
    }
    return p;
  }

  /** A dictionary's entry count, checked against the bytes left (each entry takes at least one). */
  private static int count(ByteReader r) {
    int n = r.readInt();
    if (n < 0 || n > r.array().length - r.position()) {
      throw new IllegalStateException("case blob ends early (damaged case file?)");
    }
    return n;
  }

  private static IllegalStateException badVarint() {
    return new IllegalStateException("bad varint in case blob (damaged case file?)");
  }

  private static long zigzag(long v) {
    return (v >>> 1) ^ -(v & 1);
  }

  /** Raw varints of {@link ByteWriter#writeNullable} as values, {@link #NULL} for null. */
  private static void nullables(long[] raw, long[] into, int n) {
    for (int i = 0; i < n; i++) {
      into[i] = raw[i] == 0 ? NULL : zigzag(raw[i] - 1);
    }
  }

  /** A column written by {@code Encoder.writeShorts}; returns its end. */
  private static int shorts(byte[] a, int p, int[] into, int n) {
    if (a[p++] != 0) {
      return ints(a, p, into, n, 0);
    }
    for (int i = 0; i < n; i++) {
      into[i] = ((a[p] & 0xff) << 8) | (a[p + 1] & 0xff);
      p += 2;
    }
    return p;
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
    /** The rows' fields, one writer per column (see {@link TxBlock#decodeColumns}). */
    private final ByteWriter[] cols = new ByteWriter[COLUMNS];

    {
      for (int i = 0; i < COLUMNS; i++) {
        cols[i] = new ByteWriter(i == C_ANSWER_IPS || i == C_OTHER_FIELDS ? 4096 : 1024);
      }
    }

    /** DNS ids and client ports of the rows, written at the end: two bytes each when all fit. */
    private int[] ids = new int[MAX_TRANSACTIONS];
    private int[] clientPorts = new int[MAX_TRANSACTIONS];
    private final ByteWriter wire = new ByteWriter(256 * 1024);
    private final ByteWriter summaryOut = new ByteWriter(64 * 1024);
    private final byte[] nameBuffer = new byte[MAX_NAME_BYTES];
    /** Wire form of each name of {@link #names} (null: not made yet; empty: has none). */
    private final List<byte[]> nameWires = new ArrayList<>();
    /** The block's wire bytes before packing: blocks are cut where they were before V7. */
    private int rawWireBytes;
    private int count;
    private long prevTs;
    private long prevFrame;
    private long minTs = Long.MAX_VALUE;
    private long maxTs = Long.MIN_VALUE;

    public int count() {
      return count;
    }

    public boolean isFull() {
      return count >= MAX_TRANSACTIONS || rawWireBytes >= MAX_WIRE_BYTES;
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
      nameWires.add(null);
      return names.size() - 1;
    }

    /**
     * Adds an address to the block's dictionary and returns its index, without looking it up: for a caller
     * that adds each address at most once per block (the run writer, whose address slots remember their
     * index in the current block), like {@link #addName}. The map {@link #ip} keeps cost a node per address
     * and block (1.2 % of a 1 M ingest's allocated bytes) and a hash look-up on the sink thread.
     */
    public int addIp(IpAddress a) {
      ips.add(a);
      return ips.size() - 1;
    }

    /** The index of an address in the block's dictionary, added when it is not there yet. */
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
      ByteWriter[] c = cols;
      c[C_SOURCE].writeVarint(t.sourceId());
      // Frame numbers as deltas to the previous frame written: nearly consecutive, so 1-2 bytes.
      if (t.queryFrame() != null) {
        c[C_QUERY_FRAME].writeNullable(t.queryFrame() - prevFrame);
        prevFrame = t.queryFrame();
      } else {
        c[C_QUERY_FRAME].writeNullable((Long) null);
      }
      if (t.replyFrame() != null) {
        c[C_REPLY_FRAME].writeNullable(t.replyFrame() - prevFrame);
        prevFrame = t.replyFrame();
      } else {
        c[C_REPLY_FRAME].writeNullable((Long) null);
      }
      c[C_TS].writeZigzag(t.ts() - prevTs);
      prevTs = t.ts();
      minTs = Math.min(minTs, t.ts());
      maxTs = Math.max(maxTs, t.ts());
      c[C_REPLY_TS].writeNullable(t.replyTs() == null ? null : t.replyTs() - t.ts());
      c[C_CLIENT].writeVarint(clientIdx);
      if (count == ids.length) {
        ids = java.util.Arrays.copyOf(ids, count * 2);
        clientPorts = java.util.Arrays.copyOf(clientPorts, count * 2);
      }
      clientPorts[count] = t.clientPort();
      ids[count] = t.dnsId();
      c[C_SERVER].writeVarint(serverIdx);
      c[C_SERVER_PORT].writeVarint(t.serverPort());
      c[C_TRANSPORT].writeVarint(t.transport());
      c[C_PORT_CLASS].writeVarint(t.portClass());
      c[C_STATUS].writeVarint(t.status());
      c[C_ROLE].writeVarint(t.role());
      c[C_QNAME].writeVarint(qnameIdx + 1);
      c[C_QTYPE].writeVarint(t.qtype() == null ? 0 : t.qtype() + 1);
      c[C_QCLASS].writeVarint(t.qclass() == null ? 0 : t.qclass() + 1);
      c[C_RCODE].writeZigzag(t.rcode());
      c[C_QUERY_FLAGS].writeNullable(t.queryFlags());
      c[C_REPLY_FLAGS].writeNullable(t.replyFlags());
      c[C_RETRANSMISSIONS].writeVarint(t.retransmissions());
      c[C_IDENTICAL].writeVarint(t.identicalReplies());
      c[C_REASON].writeVarint(label(t.reason()));
      c[C_QUERY_ISSUE].writeVarint(label(t.queryIssue()));
      c[C_REPLY_ISSUE].writeVarint(label(t.replyIssue()));
      byte[] q = t.queryWire();
      byte[] r = t.replyWire();
      c[C_QUERY_LEN].writeVarint(q == null ? 0 : q.length + 1);
      c[C_REPLY_LEN].writeVarint(r == null ? 0 : r.length + 1);
      packWire(c[C_WIRE_FORM], q, r, t.dnsId(), qnameIdx, answerIdx, answerCount);
      c[C_ANSWERS].writeVarint(answerCount);
      for (int i = 0; i < answerCount; i++) {
        c[C_ANSWER_IPS].writeVarint(answerIdx[i]);
      }
      c[C_OTHERS].writeVarint(t.otherReplies().size());
      for (TxInput.OtherReply o : t.otherReplies()) {
        ByteWriter w = c[C_OTHER_FIELDS];
        w.writeZigzag(o.ts() - t.ts());
        w.writeVarint(o.frame());
        w.writeVarint(ip(o.server()));
        w.writeVarint(o.wire().length);
        wire.writeBytes(o.wire());
        rawWireBytes += o.wire().length;
      }
      count++;
    }

    /**
     * Writes the row's wire form to the summary and its reply and query, each without what the block can
     * rebuild (see the class comment), to the wire: every left-out part is compared byte for byte first.
     */
    private void packWire(
        ByteWriter w, byte[] q, byte[] r, int dnsId, int qnameIdx, int[] answerIdx, int answerCount) {
      byte[] primary = r != null ? r : q;
      int form = 0;
      byte[] name = null;
      if (primary != null && primary.length >= HEADER_BYTES) {
        if (u16(primary, 0) == dnsId) {
          form |= FORM_ID;
        }
        name = qnameIdx < 0 ? null : nameWire(qnameIdx);
        int qd = u16(primary, 4);
        if (name != null && name.length > 0 && qd >= 1 && primary.length >= HEADER_BYTES + name.length
            && java.util.Arrays.equals(primary, HEADER_BYTES, HEADER_BYTES + name.length, name, 0, name.length)) {
          form |= FORM_NAME;
        }
        if (answerCount > 0 && answersWalk(primary)) {
          form |= FORM_ANSWERS;
        }
      }
      int qEnd = -1;
      if (q != null && r != null) {
        qEnd = questionEnd(r, 0, r.length);
        if (qEnd > 0 && q.length >= qEnd && q[0] == r[0] && q[1] == r[1]
            && java.util.Arrays.equals(q, HEADER_BYTES, qEnd, r, HEADER_BYTES, qEnd)) {
          form |= FORM_QUERY_DELTA;
        }
      }
      w.writeVarint(form);
      if (primary != null) {
        packPrimary(primary, form, (form & FORM_NAME) != 0 ? name.length : 0, answerIdx, answerCount);
      }
      if (q != null && r != null) {
        if ((form & FORM_QUERY_DELTA) != 0) {
          wire.writeBytes(q, 2, HEADER_BYTES - 2);
          wire.writeBytes(q, qEnd, q.length - qEnd);
        } else {
          wire.writeBytes(q);
        }
      }
      rawWireBytes += (q == null ? 0 : q.length) + (r == null ? 0 : r.length);
    }

    /** Writes {@code p} without what {@code form} leaves out (the reverse of {@link TxBlock#unpackPrimary}). */
    private void packPrimary(byte[] p, int form, int nameLen, int[] answerIdx, int answerCount) {
      if ((form & (FORM_ID | FORM_NAME | FORM_ANSWERS)) == 0) {
        wire.writeBytes(p);
        return;
      }
      int pos = (form & FORM_ID) != 0 ? 2 : 0;
      wire.writeBytes(p, pos, HEADER_BYTES - pos);
      pos = HEADER_BYTES;
      if ((form & FORM_ANSWERS) != 0) {
        int qd = u16(p, 4);
        int an = u16(p, 6);
        for (int k = 0; k < qd; k++) {
          int n = nameLength(p, pos, p.length);
          if (k > 0 || nameLen == 0) {
            wire.writeBytes(p, pos, n);
          }
          wire.writeBytes(p, pos + n, 4);
          pos += n + 4;
        }
        for (int k = 0; k < an; k++) {
          int n = nameLength(p, pos, p.length) + 10;
          wire.writeBytes(p, pos, n);
          pos += n;
          int type = u16(p, pos - 10);
          int rdlen = u16(p, pos - 2);
          if (addressShaped(type, rdlen)) {
            int index = answerIndex(p, pos, rdlen, answerIdx, answerCount);
            wire.writeByte(index + 1);
            if (index < 0) {
              wire.writeBytes(p, pos, rdlen);
            }
          } else {
            wire.writeBytes(p, pos, rdlen);
          }
          pos += rdlen;
        }
      } else if (nameLen > 0) {
        pos += nameLen;
      }
      wire.writeBytes(p, pos, p.length - pos);
    }

    /** Index among the row's answer addresses of the address {@code p[at, at + len)}, or -1. */
    private int answerIndex(byte[] p, int at, int len, int[] answerIdx, int answerCount) {
      for (int j = 0; j < Math.min(answerCount, 0xfe); j++) { // index + 1 is one byte
        if (ips.get(answerIdx[j]).sameBytes(p, at, len)) {
          return j;
        }
      }
      return -1;
    }

    /**
     * Whether the question and answer sections of {@code p} can be walked within its bytes (as {@link
     * #packPrimary} and {@link TxBlock#unpackPrimary} do) and hold an A or AAAA record.
     */
    private static boolean answersWalk(byte[] p) {
      int qd = u16(p, 4);
      int an = u16(p, 6);
      if (qd > MAX_QUESTIONS) {
        return false;
      }
      int pos = HEADER_BYTES;
      for (int k = 0; k < qd; k++) {
        int n = nameLength(p, pos, p.length);
        if (n < 0 || pos + n + 4 > p.length) {
          return false;
        }
        pos += n + 4;
      }
      boolean address = false;
      for (int k = 0; k < an; k++) {
        int n = nameLength(p, pos, p.length);
        if (n < 0 || pos + n + 10 > p.length) {
          return false;
        }
        pos += n + 10;
        int rdlen = u16(p, pos - 2);
        if (pos + rdlen > p.length) {
          return false;
        }
        address |= addressShaped(u16(p, pos - 10), rdlen);
        pos += rdlen;
      }
      return address;
    }

    /** The wire form of name {@code idx}, parsed once per block; empty when the text does not parse. */
    private byte[] nameWire(int idx) {
      byte[] w = nameWires.get(idx);
      if (w == null) {
        int n = TxBlock.nameWire(names.get(idx), nameBuffer, 0);
        w = n < 0 ? new byte[0] : java.util.Arrays.copyOf(nameBuffer, n);
        nameWires.set(idx, w);
      }
      return w;
    }

    /**
     * A column of 16-bit values (DNS ids, client ports: random, so a varint would take 3 bytes for most):
     * a 0 and two bytes each when every value fits, else a 1 and varints.
     */
    private static void writeShorts(ByteWriter h, int[] v, int n) {
      boolean fit = true;
      for (int i = 0; i < n; i++) {
        fit &= (v[i] & ~0xffff) == 0;
      }
      h.writeByte(fit ? 0 : 1);
      for (int i = 0; i < n; i++) {
        if (fit) {
          h.writeByte(v[i] >>> 8);
          h.writeByte(v[i]);
        } else {
          h.writeVarint(v[i] & 0xffffffffL);
        }
      }
    }

    /** The raw (uncompressed) summary. */
    public byte[] summary() {
      // One writer, kept across blocks: a new one per block, sized by an estimate that was short, grew
      // and was copied out (3.8 % of a 1 M ingest's allocated bytes, session 27); only the copy-out is left.
      ByteWriter h = summaryOut;
      h.reset();
      h.writeByte(0x80); // an overlong varint 0: no plain summary starts so (see the class comment)
      h.writeByte(0x00);
      h.writeVarint(FORMAT_PACKED_WIRE);
      h.writeVarint(names.size());
      for (String n : names) {
        h.writeString(n);
      }
      h.writeVarint(ips.size());
      for (IpAddress a : ips) {
        int len = a.length();
        h.writeByte(len);
        for (int i = 0; i < len; i++) {
          h.writeByte(a.byteAt(i)); // not toBytes(): a copy per address and block (0.9 % of allocated bytes)
        }
      }
      h.writeVarint(labels.size());
      for (String s : labels) {
        h.writeString(s);
      }
      h.writeVarint(count);
      for (int i = 0; i < COLUMNS; i++) {
        if (i == C_DNS_ID) {
          writeShorts(h, ids, count);
        } else if (i == C_CLIENT_PORT) {
          writeShorts(h, clientPorts, count);
        } else {
          h.writeBytes(cols[i].array(), 0, cols[i].size());
        }
      }
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
      nameWires.clear();
      ips.clear();
      labels.clear();
      for (ByteWriter c : cols) {
        c.reset();
      }
      wire.reset();
      rawWireBytes = 0;
      count = 0;
      prevTs = 0;
      prevFrame = 0;
      minTs = Long.MAX_VALUE;
      maxTs = Long.MIN_VALUE;
    }
  }
}
