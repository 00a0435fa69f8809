package org.dnslens.casework;

import java.util.List;
import org.dnslens.engine.dns.DnsMessageDecoder;
import org.dnslens.engine.issue.IssueCounter;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.model.FrameRef;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.engine.model.IssueReason;
import org.dnslens.engine.model.PacketMeta;
import org.dnslens.engine.model.RawDnsMessage;
import org.dnslens.engine.model.Transaction;
import org.dnslens.storage.search.StoredTransaction;

/**
 * Turns a stored transaction back into the engine's {@link Transaction} by decoding its kept wire bytes
 * with the engine's own decoder, so exports, detectors, IOC matching and the GUI's detail pane see a
 * case exactly as they see the capture. The only copy of this rebuild: the CLI ({@code CaseTransactions})
 * and the GUI ({@code TransactionRebuilder}) delegate here. Link-layer metadata (MACs, VLANs, tunnels) is
 * not stored and comes back empty. Not thread-safe (one decoder per instance).
 */
public final class TransactionReplay {
  // Decode issues were counted at ingest; a fresh counter keeps them out of the case's figures.
  private final DnsMessageDecoder decoder = new DnsMessageDecoder(new IssueCounter());

  /**
   * The engine's transaction for a stored one; frame references use the case's source ids.
   *
   * @throws IllegalArgumentException when the row kept neither query nor reply bytes
   */
  public Transaction rebuild(StoredTransaction s) {
    DnsMessage query = null;
    DnsMessage reply = null;
    if (s.queryWire() != null) {
      query = decode(s, s.queryWire(), s.queryFrame(), s.tsNanos(), s.clientIp(), s.clientPort(), s.serverIp(), s.serverPort());
    }
    if (s.replyWire() != null) {
      long ts = s.replyTsNanos() != null ? s.replyTsNanos() : s.tsNanos();
      reply = decode(s, s.replyWire(), s.replyFrame(), ts, s.serverIp(), s.serverPort(), s.clientIp(), s.clientPort());
    }
    if (query == null && reply == null) {
      throw new IllegalArgumentException("transaction " + s.id() + " has neither query nor reply bytes");
    }
    IssueReason reason = s.reason() != null ? IssueReason.fromLabel(s.reason()) : null;
    return new Transaction(
        s.status(), query, reply, List.of(), s.retransmissions(), s.identicalReplies(), s.role(), reason);
  }

  private DnsMessage decode(
      StoredTransaction s, byte[] wire, Long frame, long ts, IpAddress src, int srcPort, IpAddress dst, int dstPort) {
    long f = frame != null ? frame : 0;
    PacketMeta meta =
        new PacketMeta(
            new FrameRef(s.sourceId(), f), f, ts, s.transport(), src, srcPort, dst, dstPort, null, null, List.of(),
            List.of(), s.portClass(), null);
    return decoder.decode(new RawDnsMessage(meta, wire));
  }
}
