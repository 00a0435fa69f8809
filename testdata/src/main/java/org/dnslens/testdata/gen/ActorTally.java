package org.dnslens.testdata.gen;

/** Mutable running counts of one actor while generating; frozen into an {@link ActorTruth}. */
final class ActorTally {
  private final String kind;
  private final String clientAddress;
  private final String serverAddress;
  private String domain;
  private long transactions;
  private long nxdomain;
  private long first = Long.MAX_VALUE;
  private long last = Long.MIN_VALUE;

  ActorTally(String kind, String clientAddress, String serverAddress, String domain) {
    this.kind = kind;
    this.clientAddress = clientAddress;
    this.serverAddress = serverAddress;
    this.domain = domain;
  }

  void transaction(boolean isNxdomain) {
    transactions++;
    if (isNxdomain) {
      nxdomain++;
    }
  }

  void seen(long epochNanos) {
    first = Math.min(first, epochNanos);
    last = Math.max(last, epochNanos);
  }

  void domain(String newDomain) {
    this.domain = newDomain;
  }

  String domain() {
    return domain;
  }

  ActorTruth freeze() {
    return new ActorTruth(kind, clientAddress, serverAddress, domain, transactions, nxdomain,
        first == Long.MAX_VALUE ? 0 : first, last == Long.MIN_VALUE ? 0 : last);
  }
}
