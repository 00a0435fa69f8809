package org.dnslens.engine.decode;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dnslens.engine.capture.Frame;
import org.dnslens.engine.issue.DecodeException;
import org.dnslens.engine.issue.IssueCounter;
import org.dnslens.engine.model.FrameRef;
import org.dnslens.engine.model.IssueReason;

/**
 * Reassembles fragmented IPv4 and IPv6 datagrams. Bounded in every direction (datagrams held, fragments
 * per datagram, bytes per datagram) because fragments are the classic way to exhaust a reassembler.
 * Expiry runs on capture time. Overlapping fragments keep the first copy of each byte, as most stacks
 * do, and differing overlaps are counted (they are an evasion technique).
 */
final class IpDefragmenter {
  /** Largest IP payload a datagram can carry. */
  static final int MAX_DATAGRAM_BYTES = 65_535;
  /** 65535 / 8-byte fragments would be 8192; real senders use a handful. */
  static final int MAX_FRAGMENTS_PER_DATAGRAM = 64;

  /** A completed datagram's payload (the transport header onwards). */
  record Reassembled(byte[] data, int length, int protocol, long firstFrameNumber) {
    ByteBuffer buffer() {
      return ByteBuffer.wrap(data, 0, length);
    }
  }

  private static final class Pending {
    byte[] data = new byte[0];
    final BitSet covered = new BitSet();
    int totalLength = -1;
    int fragments;
    long firstFrameNumber;
    final long startNanos;
    FrameRef lastRef;
    long lastNanos;

    Pending(long startNanos, long firstFrameNumber) {
      this.startNanos = startNanos;
      this.firstFrameNumber = firstFrameNumber;
    }
  }

  private final int maxSets;
  private final long timeoutNanos;
  private final IssueCounter issues;
  private final LinkedHashMap<FragmentKey, Pending> pending = new LinkedHashMap<>();

  IpDefragmenter(int maxSets, long timeoutNanos, IssueCounter issues) {
    this.maxSets = maxSets;
    this.timeoutNanos = timeoutNanos;
    this.issues = issues;
  }

  int pendingCount() {
    return pending.size();
  }

  /**
   * Adds one fragment ({@code length} payload bytes at absolute {@code offset} of {@code buf}, placed at
   * {@code fragmentOffset} in the datagram). Returns the datagram when this fragment completed it.
   */
  Reassembled add(
      FragmentKey key, int fragmentOffset, boolean more, ByteBuffer buf, int offset, int length, Frame frame)
      throws DecodeException {
    long now = frame.timestampNanos();
    Pending p = pending.get(key);
    if (p == null) {
      if (pending.size() >= maxSets) {
        Iterator<Map.Entry<FragmentKey, Pending>> it = pending.entrySet().iterator();
        Pending oldest = it.next().getValue();
        it.remove();
        issues.count(IssueReason.FRAGMENT_TABLE_FULL, oldest.lastRef, oldest.lastNanos, "oldest datagram dropped");
      }
      p = new Pending(now, frame.frameNumber());
      pending.put(key, p);
    }
    p.lastRef = frame.ref();
    p.lastNanos = now;
    p.firstFrameNumber = Math.min(p.firstFrameNumber, frame.frameNumber());
    if (++p.fragments > MAX_FRAGMENTS_PER_DATAGRAM) {
      pending.remove(key);
      throw new DecodeException(IssueReason.FRAGMENT_TOO_MANY, offset);
    }
    int end = fragmentOffset + length;
    if (end > MAX_DATAGRAM_BYTES) {
      pending.remove(key);
      throw new DecodeException(IssueReason.FRAGMENT_TOO_LARGE, offset);
    }
    if (!more) {
      if (p.totalLength >= 0 && p.totalLength != end) {
        // Two different "last" fragments: keep the first, as for any overlap.
        issues.count(IssueReason.FRAGMENT_OVERLAP, frame.ref(), now, "conflicting last fragment");
      } else {
        p.totalLength = end;
      }
    }
    if (end > p.data.length) {
      p.data = Arrays.copyOf(p.data, Math.min(MAX_DATAGRAM_BYTES, Math.max(end, p.data.length * 2)));
    }
    boolean overlap = false;
    int firstCovered = p.covered.nextSetBit(fragmentOffset);
    if (firstCovered < 0 || firstCovered >= end) {
      // Nothing of this range arrived yet (every fragment of a well-behaved sender): one bulk copy. The
      // byte loop below cost a bounds-checked get and a BitSet probe per byte, and C2 compiled it three
      // times (once on-stack) in a cold read of gen1m: 1.5 s of compiler-thread wall time at load 6-11 (session 20).
      buf.get(offset, p.data, fragmentOffset, length);
    } else {
      for (int i = fragmentOffset; i < end; i++) {
        byte b = buf.get(offset + (i - fragmentOffset));
        if (p.covered.get(i)) {
          overlap |= p.data[i] != b;
        } else {
          p.data[i] = b;
        }
      }
    }
    p.covered.set(fragmentOffset, end);
    if (overlap) {
      issues.count(IssueReason.FRAGMENT_OVERLAP, frame.ref(), now, "fragment data differs; first copy kept");
    }
    if (p.totalLength >= 0 && p.covered.nextClearBit(0) >= p.totalLength) {
      pending.remove(key);
      return new Reassembled(p.data, p.totalLength, key.protocol(), p.firstFrameNumber);
    }
    return null;
  }

  /** Drops datagrams whose first fragment is older than the timeout at capture time {@code nowNanos}. */
  void expire(long nowNanos) {
    if (pending.isEmpty()) {
      return; // runs per frame: no iterator when there is nothing to expire
    }
    Iterator<Pending> it = pending.values().iterator();
    while (it.hasNext()) {
      Pending p = it.next();
      if (nowNanos - p.startNanos <= timeoutNanos) {
        return; // insertion order: the rest are younger
      }
      it.remove();
      issues.count(IssueReason.FRAGMENT_TIMEOUT, p.lastRef, p.lastNanos, "datagram incomplete after timeout");
    }
  }

  /** End of capture: every datagram still incomplete is counted. */
  void finish() {
    for (Pending p : pending.values()) {
      issues.count(IssueReason.FRAGMENT_TIMEOUT, p.lastRef, p.lastNanos, "datagram incomplete at end of capture");
    }
    pending.clear();
  }
}
