package org.dnslens.testdata.gen;

/**
 * What one injected actor did.
 *
 * @param kind actor name as in {@link Actors#NAMES}
 * @param clientAddress the actor's source address (textual IPv4)
 * @param serverAddress the address it talked to
 * @param domain tunnel: the parent domain; beacon: the fixed name; dga: the names that resolved, joined
 *     with spaces; bypass/any: the most queried parent domain; dot: empty
 * @param transactions DNS transactions the actor made (dot: TCP connections, which carry no DNS)
 * @param nxdomain of those, transactions answered NXDOMAIN
 * @param firstEpochNanos timestamp of the actor's first packet
 * @param lastEpochNanos timestamp of the actor's last packet
 */
public record ActorTruth(
    String kind,
    String clientAddress,
    String serverAddress,
    String domain,
    long transactions,
    long nxdomain,
    long firstEpochNanos,
    long lastEpochNanos) {}
