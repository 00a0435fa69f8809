package org.dnslens.engine.pairing;

import java.util.Set;
import org.dnslens.engine.model.IpAddress;

/**
 * How {@link TransactionPairer} matches queries with replies.
 *
 * @param timeoutNanos capture time after which a query without a reply is emitted unanswered
 * @param maxPendingQueries bound on transactions held at once (unanswered, or answered and waiting out
 *     the duplicate grace window); beyond it the oldest is emitted early
 * @param resolvers addresses known to be recursive resolvers ({@code --resolver}); may be empty
 * @param detectResolvers whether to also recognise resolvers from the traffic (a host that answers on
 *     the DNS port and itself queries other servers)
 */
public record PairingConfig(
    long timeoutNanos, int maxPendingQueries, Set<IpAddress> resolvers, boolean detectResolvers) {

  /** Ten seconds: longer than any stub or resolver retry schedule worth pairing across. */
  public static final long DEFAULT_TIMEOUT_NANOS = 10_000_000_000L;

  /**
   * One million held transactions: a few hundred MB at worst, and at 100 k queries/s still ten seconds
   * of unanswered queries, so eviction only bites on floods.
   */
  public static final int DEFAULT_MAX_PENDING_QUERIES = 1_000_000;

  public PairingConfig {
    if (timeoutNanos <= 0) {
      throw new IllegalArgumentException("timeout must be positive, not " + timeoutNanos + " ns");
    }
    if (maxPendingQueries < 1) {
      throw new IllegalArgumentException("maxPendingQueries must be at least 1, not " + maxPendingQueries);
    }
    resolvers = Set.copyOf(resolvers);
  }

  public static PairingConfig defaults() {
    return new PairingConfig(DEFAULT_TIMEOUT_NANOS, DEFAULT_MAX_PENDING_QUERIES, Set.of(), true);
  }

  public PairingConfig withResolvers(Set<IpAddress> knownResolvers) {
    return new PairingConfig(timeoutNanos, maxPendingQueries, knownResolvers, detectResolvers);
  }

  public PairingConfig withDetectResolvers(boolean detect) {
    return new PairingConfig(timeoutNanos, maxPendingQueries, resolvers, detect);
  }

  public PairingConfig withMaxPendingQueries(int max) {
    return new PairingConfig(timeoutNanos, max, resolvers, detectResolvers);
  }
}
