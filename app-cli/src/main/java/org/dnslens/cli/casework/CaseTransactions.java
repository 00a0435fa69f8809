package org.dnslens.cli.casework;

import java.util.List;
import java.util.function.Consumer;
import org.dnslens.engine.dns.DnsMessageDecoder;
import org.dnslens.engine.issue.IssueCounter;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.model.FrameRef;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.engine.model.IssueReason;
import org.dnslens.engine.model.PacketMeta;
import org.dnslens.engine.model.RawDnsMessage;
import org.dnslens.engine.model.Transaction;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.search.SearchQuery;
import org.dnslens.storage.search.StoredTransaction;
import org.dnslens.storage.search.TransactionSearch;

/**
 * Every transaction of a case, rebuilt as the engine's model: the case keeps each message's exact bytes,
 * so the engine's own decoder gives back everything the capture said (detectors and IOC matching then run
 * over a case exactly as over a capture). Pages through the case in time order with the keyset cursor, so
 * memory stays bounded by one page whatever the case size.
 */
public final class CaseTransactions {
  /** Transactions fetched per page. */
  public static final int PAGE_SIZE = 10_000;

  private final CaseDatabase db;
  private final DnsMessageDecoder decoder = new DnsMessageDecoder(new IssueCounter());

  public CaseTransactions(CaseDatabase db) {
    this.db = db;
  }

  /** Calls {@code each} for every transaction in capture-time order; returns how many there were. */
  public long forEach(Consumer<Transaction> each) {
    TransactionSearch search = new TransactionSearch(db);
    SearchQuery q = SearchQuery.all().withLimit(PAGE_SIZE);
    long n = 0;
    while (true) {
      List<StoredTransaction> page = search.search(q);
      for (StoredTransaction s : page) {
        each.accept(rebuild(s));
        n++;
      }
      if (page.size() < PAGE_SIZE) {
        return n;
      }
      q = q.withAfter(page.get(page.size() - 1).cursor());
    }
  }

  /** The engine's transaction for a stored one (frame references use the case's source ids). */
  public Transaction rebuild(StoredTransaction s) {
    DnsMessage query =
        s.queryWire() == null || s.queryFrame() == null
            ? null
            : decode(s, s.queryWire(), s.queryFrame(), s.tsNanos(), s.clientIp(), s.clientPort(), s.serverIp(), s.serverPort());
    DnsMessage reply =
        s.replyWire() == null || s.replyFrame() == null
            ? null
            : decode(
                s,
                s.replyWire(),
                s.replyFrame(),
                s.replyTsNanos() != null ? s.replyTsNanos() : s.tsNanos(),
                s.serverIp(),
                s.serverPort(),
                s.clientIp(),
                s.clientPort());
    return new Transaction(
        s.status(),
        query,
        reply,
        List.of(),
        s.retransmissions(),
        s.identicalReplies(),
        s.role(),
        s.reason() != null ? IssueReason.fromLabel(s.reason()) : null);
  }

  private DnsMessage decode(
      StoredTransaction s, byte[] wire, long frame, long ts, IpAddress src, int srcPort, IpAddress dst, int dstPort) {
    PacketMeta meta =
        new PacketMeta(
            new FrameRef(s.sourceId(), frame),
            frame,
            ts,
            s.transport(),
            src,
            srcPort,
            dst,
            dstPort,
            null,
            null,
            List.of(),
            List.of(),
            s.portClass(),
            null);
    return decoder.decode(new RawDnsMessage(meta, wire));
  }
}
