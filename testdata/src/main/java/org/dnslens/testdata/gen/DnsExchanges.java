package org.dnslens.testdata.gen;

import static org.dnslens.testdata.gen.FrameEncoder.TCP_ACK;
import static org.dnslens.testdata.gen.FrameEncoder.TCP_FIN;
import static org.dnslens.testdata.gen.FrameEncoder.TCP_PSH;
import static org.dnslens.testdata.gen.FrameEncoder.TCP_SYN;

import java.util.List;
import java.util.SplittableRandom;
import org.xbill.DNS.Message;

/**
 * Turns DNS exchanges into timed frames on the {@link PacketTimeline} and counts them in the
 * {@link TruthCounter}: the one place where truth is counted, so counts and bytes cannot drift apart.
 */
final class DnsExchanges {

  /** Replies above this many bytes over IPv6 would need IPv6 fragmentation, which we do not generate. */
  static final int MAX_IPV6_UDP_PAYLOAD_BYTES =
      FrameEncoder.MTU_BYTES - FrameEncoder.IPV6_HEADER_BYTES - FrameEncoder.UDP_HEADER_BYTES;

  /** Share of multi-transaction TCP sessions that pipeline their queries (RFC 7766 section 6.2.1.1). */
  static final double PIPELINED_SHARE = 0.3;

  /** One query with its reply on a TCP connection. */
  record Exchange(Message query, Message reply) {}

  private final PacketTimeline timeline;
  private final TruthCounter truth;

  DnsExchanges(PacketTimeline timeline, TruthCounter truth) {
    this.timeline = timeline;
    this.truth = truth;
  }

  /**
   * One UDP transaction: the query at each of {@code queryTimes} (the first is the original, the others
   * retransmissions with the same txid and ports) and the reply, if any, at {@code replyTime}.
   */
  void udp(SplittableRandom random, Peer client, int clientPort, Peer server, int serverPort, boolean v6,
      long[] queryTimes, Message query, Message reply, long replyTime, boolean upstream, ActorTally actor) {
    byte[] queryWire = query.toWire();
    for (int i = 0; i < queryTimes.length; i++) {
      send(random, client, clientPort, server, serverPort, v6, queryWire, queryTimes[i], actor);
      truth.query(i > 0);
    }
    if (reply != null) {
      byte[] replyWire = reply.toWire();
      if (v6 && replyWire.length > MAX_IPV6_UDP_PAYLOAD_BYTES) {
        throw new IllegalStateException("IPv6 reply too large: " + replyWire.length);
      }
      send(random, server, serverPort, client, clientPort, v6, replyWire, replyTime, actor);
      truth.reply();
    }
    truth.transaction(query.getQuestion().getType(), reply == null ? -1 : reply.getRcode(), false, v6,
        upstream, actor);
  }

  private void send(SplittableRandom random, Peer src, int srcPort, Peer dst, int dstPort, boolean v6,
      byte[] payload, long time, ActorTally actor) {
    List<byte[]> frames = FrameEncoder.udp(src, srcPort, dst, dstPort, v6, payload, random.nextInt(1 << 16));
    if (frames.size() > 1) {
      truth.fragmentedMessage();
    }
    // Fragments a few microseconds apart, as a NIC would send them.
    for (int i = 0; i < frames.size(); i++) {
      timeline.add(time + i * 2_000L, frames.get(i), actor);
    }
  }

  /**
   * One TCP connection carrying {@code exchanges} one after the other: handshake, each query (sometimes
   * split across two segments, sometimes right inside the 2-byte length prefix), each reply (segmented at
   * the MSS, sometimes split), client ACKs, then FIN both ways.
   *
   * @return time of the last frame
   */
  long tcpSession(SplittableRandom random, Peer client, Peer server, int serverPort, boolean v6, long start,
      long rttNanos, List<Exchange> exchanges, ActorTally actor) {
    int clientPort = ephemeralPort(random);
    long clientSeq = random.nextLong(1L << 32);
    long serverSeq = random.nextLong(1L << 32);
    long t = start;
    segment(random, client, clientPort, server, serverPort, v6, clientSeq, 0, TCP_SYN, EMPTY, 0, 0, t, actor);
    clientSeq++;
    t += rttNanos;
    segment(random, server, serverPort, client, clientPort, v6, serverSeq, clientSeq, TCP_SYN | TCP_ACK, EMPTY,
        0, 0, t, actor);
    serverSeq++;
    t += micros(random, 10, 40);
    segment(random, client, clientPort, server, serverPort, v6, clientSeq, serverSeq, TCP_ACK, EMPTY, 0, 0, t,
        actor);
    truth.tcpConnection();
    int mss = v6
        ? FrameEncoder.MTU_BYTES - FrameEncoder.IPV6_HEADER_BYTES - FrameEncoder.TCP_HEADER_BYTES
        : FrameEncoder.TCP_MSS_BYTES;
    long[] seq = {clientSeq, serverSeq};
    if (exchanges.size() > 1 && random.nextDouble() < PIPELINED_SHARE) {
      // RFC 7766 pipelining: all queries back to back in one write, all replies back to back, so a
      // segment may end inside one message and carry the start of the next.
      byte[][] queries = new byte[exchanges.size()][];
      byte[][] replies = new byte[exchanges.size()][];
      for (int i = 0; i < exchanges.size(); i++) {
        queries[i] = lengthPrefixed(exchanges.get(i).query().toWire());
        replies[i] = lengthPrefixed(exchanges.get(i).reply().toWire());
      }
      t += micros(random, 20, 300);
      t = clientData(random, client, clientPort, server, serverPort, v6, seq, concat(queries), mss, t, actor);
      t += rttNanos + micros(random, 50, 3_000);
      t = serverData(random, client, clientPort, server, serverPort, v6, seq, concat(replies), mss, mss, t, actor);
      segment(random, client, clientPort, server, serverPort, v6, seq[0], seq[1], TCP_ACK, EMPTY, 0, 0, t, actor);
      for (Exchange exchange : exchanges) {
        truth.query(false);
        truth.reply();
        truth.transaction(exchange.query().getQuestion().getType(), exchange.reply().getRcode(), true, v6,
            false, actor);
      }
    } else {
      for (Exchange exchange : exchanges) {
        byte[] query = lengthPrefixed(exchange.query().toWire());
        t += micros(random, 20, 300);
        int split = random.nextDouble() < 0.20 ? splitPoint(random, query.length) : query.length;
        t = clientData(random, client, clientPort, server, serverPort, v6, seq, query, split, t, actor);
        truth.query(false);
        byte[] reply = lengthPrefixed(exchange.reply().toWire());
        t += rttNanos + micros(random, 50, 3_000);
        int firstCut = random.nextDouble() < 0.10 ? splitPoint(random, Math.min(reply.length, mss)) : mss;
        t = serverData(random, client, clientPort, server, serverPort, v6, seq, reply, firstCut, mss, t, actor);
        truth.reply();
        segment(random, client, clientPort, server, serverPort, v6, seq[0], seq[1], TCP_ACK, EMPTY, 0, 0, t,
            actor);
        truth.transaction(exchange.query().getQuestion().getType(), exchange.reply().getRcode(), true, v6,
            false, actor);
      }
    }
    clientSeq = seq[0];
    serverSeq = seq[1];
    return close(random, client, clientPort, server, serverPort, v6, clientSeq, serverSeq, t, rttNanos, actor);
  }

  /**
   * Client → server bytes: the first segment holds up to {@code firstCut} bytes, the rest go at the MSS.
   * {@code seq} holds {client, server} sequence numbers and is advanced. Returns the time of the last
   * segment.
   */
  private long clientData(SplittableRandom random, Peer client, int clientPort, Peer server, int serverPort,
      boolean v6, long[] seq, byte[] data, int firstCut, long start, ActorTally actor) {
    long t = start;
    int mss = v6
        ? FrameEncoder.MTU_BYTES - FrameEncoder.IPV6_HEADER_BYTES - FrameEncoder.TCP_HEADER_BYTES
        : FrameEncoder.TCP_MSS_BYTES;
    int offset = 0;
    while (offset < data.length) {
      int length = Math.min(offset == 0 ? Math.min(firstCut, mss) : mss, data.length - offset);
      segment(random, client, clientPort, server, serverPort, v6, seq[0], seq[1], TCP_PSH | TCP_ACK, data,
          offset, length, t, actor);
      seq[0] += length;
      offset += length;
      if (offset < data.length) {
        t += micros(random, 30, 400);
      }
    }
    return t;
  }

  /** Server → client bytes, like {@link #clientData}. */
  private long serverData(SplittableRandom random, Peer client, int clientPort, Peer server, int serverPort,
      boolean v6, long[] seq, byte[] data, int firstCut, int mss, long start, ActorTally actor) {
    long t = start;
    int offset = 0;
    while (offset < data.length) {
      int length = Math.min(offset == 0 ? firstCut : mss, data.length - offset);
      boolean last = offset + length == data.length;
      segment(random, server, serverPort, client, clientPort, v6, seq[1], seq[0],
          last ? TCP_PSH | TCP_ACK : TCP_ACK, data, offset, length, t, actor);
      seq[1] += length;
      offset += length;
      if (!last) {
        t += micros(random, 5, 40);
      }
    }
    return t;
  }

  private static byte[] concat(byte[][] parts) {
    int total = 0;
    for (byte[] part : parts) {
      total += part.length;
    }
    byte[] out = new byte[total];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    return out;
  }

  /** A connection that is opened and closed without DNS payload (e.g. DoT seen as bare TCP). */
  long emptyTcpConnection(SplittableRandom random, Peer client, Peer server, int serverPort, boolean v6,
      long start, long rttNanos, ActorTally actor) {
    int clientPort = ephemeralPort(random);
    long clientSeq = random.nextLong(1L << 32);
    long serverSeq = random.nextLong(1L << 32);
    long t = start;
    segment(random, client, clientPort, server, serverPort, v6, clientSeq, 0, TCP_SYN, EMPTY, 0, 0, t, actor);
    clientSeq++;
    t += rttNanos;
    segment(random, server, serverPort, client, clientPort, v6, serverSeq, clientSeq, TCP_SYN | TCP_ACK, EMPTY,
        0, 0, t, actor);
    serverSeq++;
    t += micros(random, 10, 40);
    segment(random, client, clientPort, server, serverPort, v6, clientSeq, serverSeq, TCP_ACK, EMPTY, 0, 0, t,
        actor);
    truth.tcpConnection();
    actor.transaction(false);
    return close(random, client, clientPort, server, serverPort, v6, clientSeq, serverSeq, t + micros(random,
        200, 2_000), rttNanos, actor);
  }

  private long close(SplittableRandom random, Peer client, int clientPort, Peer server, int serverPort,
      boolean v6, long clientSeq, long serverSeq, long after, long rttNanos, ActorTally actor) {
    long t = after + micros(random, 50, 500);
    segment(random, client, clientPort, server, serverPort, v6, clientSeq, serverSeq, TCP_FIN | TCP_ACK, EMPTY,
        0, 0, t, actor);
    t += rttNanos;
    segment(random, server, serverPort, client, clientPort, v6, serverSeq, clientSeq + 1, TCP_FIN | TCP_ACK,
        EMPTY, 0, 0, t, actor);
    t += micros(random, 10, 40);
    segment(random, client, clientPort, server, serverPort, v6, clientSeq + 1, serverSeq + 1, TCP_ACK, EMPTY, 0,
        0, t, actor);
    return t;
  }

  private void segment(SplittableRandom random, Peer src, int srcPort, Peer dst, int dstPort, boolean v6,
      long seq, long ack, int flags, byte[] data, int offset, int length, long time, ActorTally actor) {
    timeline.add(time, FrameEncoder.tcp(src, srcPort, dst, dstPort, v6, seq, ack, flags, data, offset, length,
        random.nextInt(1 << 16)), actor);
  }

  private static final byte[] EMPTY = new byte[0];

  /** Inside the length prefix (1), right after it (2), or somewhere in the message. */
  private static int splitPoint(SplittableRandom random, int length) {
    double choice = random.nextDouble();
    if (choice < 0.3 || length < 4) {
      return 1;
    }
    if (choice < 0.6) {
      return 2;
    }
    return 3 + random.nextInt(length - 3);
  }

  private static byte[] lengthPrefixed(byte[] message) {
    byte[] framed = new byte[message.length + 2];
    FrameEncoder.putShort(framed, 0, message.length);
    System.arraycopy(message, 0, framed, 2, message.length);
    return framed;
  }

  static int ephemeralPort(SplittableRandom random) {
    return 32_768 + random.nextInt(28_232);
  }

  static long micros(SplittableRandom random, int min, int max) {
    return (min + random.nextInt(max - min + 1)) * 1_000L;
  }
}
