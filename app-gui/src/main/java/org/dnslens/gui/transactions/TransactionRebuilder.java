package org.dnslens.gui.transactions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.dnslens.engine.dns.DnsMessageDecoder;
import org.dnslens.engine.export.TransactionJsonWriter;
import org.dnslens.engine.issue.IssueCounter;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.model.FrameRef;
import org.dnslens.engine.model.IssueReason;
import org.dnslens.engine.model.PacketMeta;
import org.dnslens.engine.model.RawDnsMessage;
import org.dnslens.engine.model.Transaction;
import org.dnslens.storage.search.StoredTransaction;

/**
 * Turns a stored row back into the engine's {@link Transaction} by decoding its kept wire bytes, so the
 * detail pane, "copy as JSON", the detectors and the IOC matcher all see what the CLI saw. Link-layer
 * metadata (MACs, VLANs, tunnels) is not stored and comes back empty.
 */
public final class TransactionRebuilder {
  private TransactionRebuilder() {}

  public static Transaction rebuild(StoredTransaction s) {
    // Decode issues were counted at ingest; a fresh counter here keeps them out of the case's figures.
    DnsMessageDecoder decoder = new DnsMessageDecoder(new IssueCounter());
    DnsMessage query = null;
    DnsMessage reply = null;
    if (s.queryWire() != null) {
      long frame = s.queryFrame() != null ? s.queryFrame() : 0;
      PacketMeta meta =
          new PacketMeta(
              new FrameRef(s.sourceId(), frame), frame, s.tsNanos(), s.transport(), s.clientIp(), s.clientPort(),
              s.serverIp(), s.serverPort(), null, null, List.of(), List.of(), s.portClass(), null);
      query = decoder.decode(new RawDnsMessage(meta, s.queryWire()));
    }
    if (s.replyWire() != null) {
      long frame = s.replyFrame() != null ? s.replyFrame() : 0;
      long ts = s.replyTsNanos() != null ? s.replyTsNanos() : s.tsNanos();
      PacketMeta meta =
          new PacketMeta(
              new FrameRef(s.sourceId(), frame), frame, ts, s.transport(), s.serverIp(), s.serverPort(),
              s.clientIp(), s.clientPort(), null, null, List.of(), List.of(), s.portClass(), null);
      reply = decoder.decode(new RawDnsMessage(meta, s.replyWire()));
    }
    if (query == null && reply == null) {
      throw new IllegalArgumentException("transaction " + s.id() + " has neither query nor reply bytes");
    }
    IssueReason reason = s.reason() != null ? IssueReason.fromLabel(s.reason()) : null;
    return new Transaction(
        s.status(), query, reply, List.of(), s.retransmissions(), s.identicalReplies(), s.role(), reason);
  }

  /** The transaction as one line of the {@code transactions} JSON log (docs/SCHEMAS.md). */
  public static String json(StoredTransaction s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TransactionJsonWriter w = new TransactionJsonWriter(out, id -> s.sourceLabel())) {
      w.write(rebuild(s));
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory cannot fail", e);
    }
    return out.toString(StandardCharsets.UTF_8).strip();
  }
}
