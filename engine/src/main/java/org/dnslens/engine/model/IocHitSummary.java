package org.dnslens.engine.model;

import java.util.List;

/**
 * Every hit of one indicator at one place on one value during a run: who, when, how often, and where to
 * find the evidence.
 *
 * @param ioc the indicator
 * @param where where it matched
 * @param matchedValue the name (lower-case presentation format) or address (canonical text) that matched
 * @param count transactions with this hit
 * @param firstSeenNanos capture time of the first such transaction (nanoseconds since the Unix epoch)
 * @param lastSeenNanos capture time of the last such transaction
 * @param clients distinct client addresses, in order of first hit, at most the aggregator's bound
 * @param clientsTruncated whether more clients than {@code clients} were seen
 * @param transactions the frame (query's, else the reply's) of the first transactions with the hit, at
 *     most the aggregator's bound
 * @param transactionsTruncated whether more transactions than {@code transactions} had the hit
 */
public record IocHitSummary(
    Ioc ioc,
    MatchLocation where,
    String matchedValue,
    long count,
    long firstSeenNanos,
    long lastSeenNanos,
    List<IpAddress> clients,
    boolean clientsTruncated,
    List<FrameRef> transactions,
    boolean transactionsTruncated) {

  public IocHitSummary {
    clients = List.copyOf(clients);
    transactions = List.copyOf(transactions);
  }
}
