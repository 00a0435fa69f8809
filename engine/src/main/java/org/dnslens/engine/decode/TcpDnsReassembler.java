package org.dnslens.engine.decode;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dnslens.engine.capture.Frame;
import org.dnslens.engine.dns.DnsWireProbe;
import org.dnslens.engine.issue.IssueCounter;
import org.dnslens.engine.model.FrameRef;
import org.dnslens.engine.model.IssueReason;

/**
 * Cuts DNS messages out of TCP byte streams (RFC 1035 4.2.2, RFC 7766: two-byte length prefix,
 * pipelined messages). One state per flow direction. Retransmitted bytes are dropped by sequence
 * number, early segments are held (bounded) until the gap fills, and a flow joined mid-stream is
 * resynchronised by looking for a length prefix followed by something that probes as DNS.
 *
 * <p>Sequence numbers are compared as signed 32-bit differences, so wrap-around needs no special case.
 */
final class TcpDnsReassembler {
  static final int FIN = 0x01;
  static final int SYN = 0x02;
  static final int RST = 0x04;

  /** Early (out-of-order) segments held per direction before the hole is declared a gap. */
  static final int MAX_HELD_SEGMENTS = 32;

  private static final int PREFIX = 2;
  private static final int MIN_PROBE_BYTES = DnsWireProbe.HEADER_BYTES + DnsWireProbe.MIN_QUESTION_BYTES;
  private static final byte[] EMPTY = new byte[0];

  /** Receives each complete message (without its prefix) and the frame number where it began. */
  @FunctionalInterface
  interface Sink {
    void message(byte[] wire, long firstFrameNumber);
  }

  private record Held(int seq, byte[] data, long frameNumber, boolean fin) {}

  private static final class Stream {
    boolean synced;
    boolean closed;
    int nextSeq;
    byte[] buf = EMPTY;
    int len;
    long msgFirstFrame;
    int scanFrom;
    long skipped;
    ArrayList<Held> held;
    int heldBytes;
    long lastNanos;
    FrameRef lastRef;
  }

  private final IssueCounter issues;
  private final int maxFlows;
  private final int maxStreamBytes;
  private final long timeoutNanos;
  private final LinkedHashMap<FlowKey, Stream> flows = new LinkedHashMap<>(64, 0.75f, true);

  // expire() runs per frame and looks only at the eldest flow (the head of the access order), which on
  // a capture with any open TCP flow cost an iterator per frame (3 % of the bytes a cold read of gen1m
  // allocated, session 20). These let it skip that look when the head cannot have expired: every flow
  // is moved to the tail exactly when its lastNanos is set (segment0), so headFloor, the least time
  // set since the last look, never exceeds the head's time; and while the times were set in order
  // (disordered false) the head holds the least, so a look may raise the floor to it.
  private long headFloor = Long.MAX_VALUE;
  private long latestSet = Long.MIN_VALUE;
  private boolean disordered;

  // The segment being processed, for counting and attributing messages.
  private Frame frame;
  private Sink sink;

  TcpDnsReassembler(DecoderConfig config, IssueCounter issues) {
    this.issues = issues;
    this.maxFlows = config.maxTcpFlows();
    this.maxStreamBytes = config.maxTcpStreamBytes();
    this.timeoutNanos = config.tcpFlowTimeoutNanos();
  }

  int flowCount() {
    return flows.size();
  }

  /**
   * One TCP segment: {@code length} captured payload bytes at absolute {@code offset} of {@code buf};
   * {@code declaredLength} is what the IP header says (larger when the capture cut the segment short).
   */
  void segment(
      FlowKey key,
      boolean dnsPort,
      int seq,
      int flags,
      ByteBuffer buf,
      int offset,
      int length,
      int declaredLength,
      Frame f,
      Sink out) {
    this.frame = f;
    this.sink = out;
    try {
      segment0(key, dnsPort, seq, flags, buf, offset, length, declaredLength);
    } finally {
      this.frame = null;
      this.sink = null;
    }
  }

  private void segment0(
      FlowKey key, boolean dnsPort, int seq, int flags, ByteBuffer buf, int offset, int length, int declaredLength) {
    boolean syn = (flags & SYN) != 0;
    boolean fin = (flags & FIN) != 0;
    if ((flags & RST) != 0) {
      close(flows.remove(key), false);
      close(flows.remove(key.reverse()), false);
      return;
    }
    Stream s = flows.get(key);
    int dataSeq = syn ? seq + 1 : seq;
    if (s != null && syn && (s.closed || dataSeq != s.nextSeq)) {
      // A new connection reusing the ports (or a SYN after our state went stale).
      close(s, false);
      flows.remove(key);
      s = null;
    }
    if (s == null) {
      if (length == 0 && !syn) {
        return;
      }
      if (!dnsPort && !startsWithDns(buf, offset, length)) {
        return; // other ports: only flows whose first data is a DNS message are followed
      }
      if (flows.size() >= maxFlows) {
        Iterator<Map.Entry<FlowKey, Stream>> it = flows.entrySet().iterator();
        Stream oldest = it.next().getValue();
        it.remove();
        issues.count(IssueReason.TCP_FLOW_TABLE_FULL, frame.ref(), frame.timestampNanos(), "oldest flow evicted");
        oldest.buf = EMPTY;
      }
      s = new Stream();
      s.nextSeq = dataSeq;
      s.synced = syn || !dnsPort;
      flows.put(key, s);
    }
    long now = frame.timestampNanos();
    s.lastNanos = now;
    headFloor = Math.min(headFloor, now);
    if (now < latestSet) {
      disordered = true;
    } else {
      latestSet = now;
    }
    s.lastRef = frame.ref();
    if (s.closed) {
      return; // retransmissions after FIN
    }
    if (declaredLength > length) {
      // The capture cut this segment short: its tail is lost, so the stream has a hole right here.
      issues.count(IssueReason.TCP_GAP, frame.ref(), frame.timestampNanos(), "segment truncated by snaplen");
      resync(s, dataSeq + declaredLength);
      return;
    }
    if (length > 0 || fin) {
      deliver(s, dataSeq, buf, offset, length, frame.frameNumber(), fin);
    }
  }

  private void deliver(Stream s, int seq, ByteBuffer buf, int offset, int length, long frameNumber, boolean fin) {
    int rel = seq - s.nextSeq;
    if (rel < 0) {
      if (rel + length <= 0) {
        return; // retransmission of bytes already seen (or a repeated FIN)
      }
      offset -= rel;
      length += rel;
      rel = 0;
    }
    if (rel > 0) {
      byte[] copy = new byte[length];
      buf.get(offset, copy, 0, length);
      hold(s, new Held(seq, copy, frameNumber, fin));
      return;
    }
    append(s, buf, offset, length, frameNumber);
    if (fin) {
      closeDirection(s);
      return;
    }
    drainHeld(s);
  }

  private void hold(Stream s, Held h) {
    if (s.held == null) {
      s.held = new ArrayList<>(4);
    }
    int rel = h.seq - s.nextSeq;
    if (s.held.size() >= MAX_HELD_SEGMENTS
        || rel > maxStreamBytes
        || s.heldBytes + h.data.length + s.len > maxStreamBytes) {
      // The hole is not going to fill: skip to the earliest data we have.
      issues.count(IssueReason.TCP_GAP, frame.ref(), frame.timestampNanos(), "missing segment");
      s.held.add(h);
      s.heldBytes += h.data.length;
      int lowest = h.seq;
      for (Held x : s.held) {
        if (x.seq - lowest < 0) {
          lowest = x.seq;
        }
      }
      resync(s, lowest);
      drainHeld(s);
      return;
    }
    s.held.add(h);
    s.heldBytes += h.data.length;
  }

  private void drainHeld(Stream s) {
    while (s.held != null && !s.held.isEmpty() && !s.closed) {
      Held next = null;
      for (Held h : s.held) {
        if (h.seq - s.nextSeq <= 0) {
          next = h;
          break;
        }
      }
      if (next == null) {
        return;
      }
      s.held.remove(next);
      s.heldBytes -= next.data.length;
      deliver(s, next.seq, ByteBuffer.wrap(next.data), 0, next.data.length, next.frameNumber, next.fin);
    }
  }

  /** Forgets buffered bytes and continues at {@code seq}, looking for a message boundary again. */
  private void resync(Stream s, int seq) {
    s.len = 0;
    s.skipped = 0;
    s.scanFrom = 0;
    s.synced = false;
    s.nextSeq = seq;
  }

  private void append(Stream s, ByteBuffer buf, int offset, int length, long frameNumber) {
    s.nextSeq += length;
    if (length == 0) {
      return;
    }
    if (s.len + length + s.heldBytes > maxStreamBytes) {
      issues.count(IssueReason.TCP_STREAM_OVERSIZE, frame.ref(), frame.timestampNanos(), "stream buffer dropped");
      s.len = 0;
      s.scanFrom = 0;
      s.synced = false;
      s.buf = EMPTY;
      return;
    }
    if (s.len + length > s.buf.length) {
      s.buf = Arrays.copyOf(s.buf, Math.min(maxStreamBytes, Math.max(s.len + length, Math.max(64, s.buf.length * 2))));
    }
    if (s.len == 0) {
      s.msgFirstFrame = frameNumber;
    }
    buf.get(offset, s.buf, s.len, length);
    s.len += length;
    parse(s, frameNumber);
  }

  private void parse(Stream s, long frameNumber) {
    int pos = 0;
    while (true) {
      if (!s.synced) {
        int b = findBoundary(s, pos);
        if (b < 0) {
          break;
        }
        long skippedNow = s.skipped + (b - pos);
        s.skipped = 0;
        if (skippedNow > 0) {
          issues.count(IssueReason.TCP_MIDSTREAM, frame.ref(), frame.timestampNanos(), "bytes skipped: " + skippedNow);
        }
        pos = b;
        s.synced = true;
      }
      if (s.len - pos < PREFIX) {
        break;
      }
      int msgLen = ((s.buf[pos] & 0xff) << 8) | (s.buf[pos + 1] & 0xff);
      if (msgLen < DnsWireProbe.HEADER_BYTES) {
        issues.count(IssueReason.TCP_DNS_LENGTH_INVALID, frame.ref(), frame.timestampNanos(), "length " + msgLen);
        s.synced = false;
        s.scanFrom = pos + 1;
        pos += 1;
        continue;
      }
      if (s.len - pos - PREFIX < msgLen) {
        break;
      }
      byte[] wire = Arrays.copyOfRange(s.buf, pos + PREFIX, pos + PREFIX + msgLen);
      sink.message(wire, pos == 0 ? s.msgFirstFrame : frameNumber);
      pos += PREFIX + msgLen;
    }
    if (!s.synced && s.scanFrom > pos) {
      // Positions already rejected can never start a message: drop them so the buffer stays small.
      s.skipped += s.scanFrom - pos;
      pos = s.scanFrom;
    }
    if (pos > 0) {
      System.arraycopy(s.buf, pos, s.buf, 0, s.len - pos);
      s.len -= pos;
      s.scanFrom = Math.max(0, s.scanFrom - pos);
      s.msgFirstFrame = frameNumber;
    }
  }

  /**
   * The first position at or after {@code from} (and after already rejected positions) holding a
   * length prefix followed by bytes that probe as DNS; -1 to wait for more data.
   */
  private int findBoundary(Stream s, int from) {
    ByteBuffer view = null;
    for (int i = Math.max(from, s.scanFrom); i + PREFIX <= s.len; i++) {
      int msgLen = ((s.buf[i] & 0xff) << 8) | (s.buf[i + 1] & 0xff);
      if (msgLen < DnsWireProbe.HEADER_BYTES) {
        continue;
      }
      int avail = s.len - i - PREFIX;
      if (avail < msgLen && avail < MIN_PROBE_BYTES) {
        s.scanFrom = i;
        return -1; // undecided until more bytes arrive
      }
      if (view == null) {
        view = ByteBuffer.wrap(s.buf, 0, s.len);
      }
      if (DnsWireProbe.looksLikeDns(view, i + PREFIX, Math.min(avail, msgLen))) {
        return i;
      }
    }
    s.scanFrom = Math.max(s.scanFrom, s.len - 1);
    return -1;
  }

  private static boolean startsWithDns(ByteBuffer buf, int offset, int length) {
    if (length < PREFIX + MIN_PROBE_BYTES) {
      return false;
    }
    int msgLen = ((buf.get(offset) & 0xff) << 8) | (buf.get(offset + 1) & 0xff);
    return msgLen >= DnsWireProbe.HEADER_BYTES
        && DnsWireProbe.looksLikeDns(buf, offset + PREFIX, Math.min(msgLen, length - PREFIX));
  }

  /** FIN: what is still buffered will never complete; the state stays as a tombstone until idle. */
  private void closeDirection(Stream s) {
    close(s, true);
  }

  private void close(Stream s, boolean keepTombstone) {
    if (s == null || s.closed) {
      return;
    }
    IssueReason lost = lostData(s, IssueReason.TCP_INCOMPLETE_MESSAGE);
    if (lost != null) {
      issues.count(lost, s.lastRef, s.lastNanos, "data left at end of flow");
    }
    s.closed = keepTombstone;
    s.len = 0;
    s.buf = EMPTY;
    s.held = null;
    s.heldBytes = 0;
  }

  /**
   * Why buffered data is lost when a flow direction goes away: {@code partialReason} for a started
   * message or held segments, TCP_MIDSTREAM for bytes never matched to a message boundary, null if
   * nothing was lost.
   */
  private static IssueReason lostData(Stream s, IssueReason partialReason) {
    if ((s.held != null && !s.held.isEmpty()) || (s.synced && s.len > 0)) {
      return partialReason;
    }
    if (!s.synced && (s.len > 0 || s.skipped > 0)) {
      return IssueReason.TCP_MIDSTREAM;
    }
    return null;
  }

  /** Drops flow directions idle longer than the timeout at capture time {@code nowNanos}. */
  void expire(long nowNanos) {
    if (flows.isEmpty()) {
      return; // runs per frame: no iterator when there is nothing to expire
    }
    long sinceFloor = nowNanos - headFloor; // negative when time went back, or on overflow: look then
    if (sinceFloor >= 0 && sinceFloor <= timeoutNanos) {
      return; // the head's time is at least headFloor, so it has not expired either
    }
    Iterator<Stream> it = flows.values().iterator();
    while (it.hasNext()) {
      Stream s = it.next();
      if (nowNanos - s.lastNanos <= timeoutNanos) {
        if (!disordered) {
          headFloor = s.lastNanos;
        }
        return; // access order: the rest were used more recently
      }
      it.remove();
      IssueReason lost = s.closed ? null : lostData(s, IssueReason.TCP_FLOW_TIMEOUT);
      if (lost != null) {
        issues.count(lost, s.lastRef, s.lastNanos, "data left in idle flow");
      }
    }
    forgetTimes(); // every flow expired
  }

  /** No flow held: the next time set starts the floor and the order afresh. */
  private void forgetTimes() {
    headFloor = Long.MAX_VALUE;
    latestSet = Long.MIN_VALUE;
    disordered = false;
  }

  /** End of capture: partial messages still buffered are counted. */
  void finish() {
    for (Stream s : flows.values()) {
      IssueReason lost = s.closed ? null : lostData(s, IssueReason.TCP_INCOMPLETE_MESSAGE);
      if (lost != null) {
        issues.count(lost, s.lastRef, s.lastNanos, "data left at end of capture");
      }
    }
    flows.clear();
    forgetTimes();
  }
}
