package org.dnslens.testdata.gen;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/** Running counts behind {@link GenerationTruth}; updated by {@link DnsExchanges} and the timeline. */
final class TruthCounter {
  private long packets;
  private long transactions;
  private long answered;
  private long nxdomain;
  private long tcpTransactions;
  private long ipv6Transactions;
  private long fragmentedMessages;
  private long queries;
  private long replies;
  private long retransmissions;
  private long upstreamTransactions;
  private long tcpConnections;
  private long first;
  private long last;
  private final Map<String, Long> byQtype = new TreeMap<>();
  private final Map<String, Long> byRcode = new TreeMap<>();
  private final List<ActorTally> actors = new ArrayList<>();

  void packet(long epochNanos) {
    if (packets == 0) {
      first = epochNanos;
    }
    last = epochNanos;
    packets++;
  }

  /** One logical transaction; {@code rcode} is -1 when unanswered. */
  void transaction(int qtype, int rcode, boolean tcp, boolean v6, boolean upstream, ActorTally actor) {
    transactions++;
    byQtype.merge(Type.string(qtype), 1L, Long::sum);
    if (rcode >= 0) {
      answered++;
      byRcode.merge(Rcode.string(rcode), 1L, Long::sum);
      if (rcode == Rcode.NXDOMAIN) {
        nxdomain++;
      }
    }
    if (tcp) {
      tcpTransactions++;
    }
    if (v6) {
      ipv6Transactions++;
    }
    if (upstream) {
      upstreamTransactions++;
    }
    if (actor != null) {
      actor.transaction(rcode == Rcode.NXDOMAIN);
    }
  }

  void query(boolean retransmission) {
    queries++;
    if (retransmission) {
      retransmissions++;
    }
  }

  void reply() {
    replies++;
  }

  void fragmentedMessage() {
    fragmentedMessages++;
  }

  void tcpConnection() {
    tcpConnections++;
  }

  ActorTally actor(String kind, String client, String server, String domain) {
    ActorTally tally = new ActorTally(kind, client, server, domain);
    actors.add(tally);
    return tally;
  }

  GenerationTruth freeze() {
    List<ActorTruth> actorTruths = actors.stream().map(ActorTally::freeze).toList();
    return new GenerationTruth(packets, queries + replies, transactions, answered, transactions - answered,
        nxdomain, tcpTransactions, ipv6Transactions, fragmentedMessages, queries, replies, retransmissions,
        upstreamTransactions, tcpConnections, first, last, byQtype, byRcode, actorTruths);
  }
}
