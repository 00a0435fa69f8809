package org.dnslens.storage.search;

import org.dnslens.engine.model.TransactionStatus;

/**
 * What an analyst searches for. Every criterion is optional (null = any) and they combine with AND. All
 * values are bound as data: quotes, {@code %}, {@code _} and backslashes in names never act as SQL or
 * LIKE syntax; only {@code *} in {@link #pattern} is a wildcard.
 *
 * @param name exact query name, case-insensitive
 * @param domain the domain and all its subdomains ({@code example.com} matches {@code www.example.com})
 * @param pattern a query name pattern where {@code *} matches any characters ({@code *.example.*})
 * @param ip an address or CIDR block matching A/AAAA answer data, the client or the server
 * @param client client address or CIDR block
 * @param server server address or CIDR block
 * @param sinceNanos earliest query time (inclusive), epoch nanoseconds
 * @param untilNanos latest query time (inclusive), epoch nanoseconds
 * @param qtype query type code
 * @param rcode response code (-1 for unanswered)
 * @param status transaction status
 * @param limit page size, 1..{@value #MAX_LIMIT}
 * @param offset rows to skip (prefer {@code after} for paging through large results)
 * @param after keyset cursor: only transactions after this one in (time, id) order
 */
public record SearchQuery(
    String name,
    String domain,
    String pattern,
    String ip,
    String client,
    String server,
    Long sinceNanos,
    Long untilNanos,
    Integer qtype,
    Integer rcode,
    TransactionStatus status,
    int limit,
    long offset,
    Cursor after) {
  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1_000_000;

  /** A position in (query time, id) order: the last row of the previous page. */
  public record Cursor(long tsNanos, long id) {}

  public SearchQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", not " + limit);
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative");
    }
  }

  /** Everything, first page. */
  public static SearchQuery all() {
    return new SearchQuery(null, null, null, null, null, null, null, null, null, null, null, DEFAULT_LIMIT, 0, null);
  }

  public SearchQuery withName(String v) {
    return new SearchQuery(v, domain, pattern, ip, client, server, sinceNanos, untilNanos, qtype, rcode, status, limit, offset, after);
  }

  public SearchQuery withDomain(String v) {
    return new SearchQuery(name, v, pattern, ip, client, server, sinceNanos, untilNanos, qtype, rcode, status, limit, offset, after);
  }

  public SearchQuery withPattern(String v) {
    return new SearchQuery(name, domain, v, ip, client, server, sinceNanos, untilNanos, qtype, rcode, status, limit, offset, after);
  }

  public SearchQuery withIp(String v) {
    return new SearchQuery(name, domain, pattern, v, client, server, sinceNanos, untilNanos, qtype, rcode, status, limit, offset, after);
  }

  public SearchQuery withClient(String v) {
    return new SearchQuery(name, domain, pattern, ip, v, server, sinceNanos, untilNanos, qtype, rcode, status, limit, offset, after);
  }

  public SearchQuery withServer(String v) {
    return new SearchQuery(name, domain, pattern, ip, client, v, sinceNanos, untilNanos, qtype, rcode, status, limit, offset, after);
  }

  public SearchQuery withSince(Long v) {
    return new SearchQuery(name, domain, pattern, ip, client, server, v, untilNanos, qtype, rcode, status, limit, offset, after);
  }

  public SearchQuery withUntil(Long v) {
    return new SearchQuery(name, domain, pattern, ip, client, server, sinceNanos, v, qtype, rcode, status, limit, offset, after);
  }

  public SearchQuery withQtype(Integer v) {
    return new SearchQuery(name, domain, pattern, ip, client, server, sinceNanos, untilNanos, v, rcode, status, limit, offset, after);
  }

  public SearchQuery withRcode(Integer v) {
    return new SearchQuery(name, domain, pattern, ip, client, server, sinceNanos, untilNanos, qtype, v, status, limit, offset, after);
  }

  public SearchQuery withStatus(TransactionStatus v) {
    return new SearchQuery(name, domain, pattern, ip, client, server, sinceNanos, untilNanos, qtype, rcode, v, limit, offset, after);
  }

  public SearchQuery withLimit(int v) {
    return new SearchQuery(name, domain, pattern, ip, client, server, sinceNanos, untilNanos, qtype, rcode, status, v, offset, after);
  }

  public SearchQuery withOffset(long v) {
    return new SearchQuery(name, domain, pattern, ip, client, server, sinceNanos, untilNanos, qtype, rcode, status, limit, v, after);
  }

  public SearchQuery withAfter(Cursor v) {
    return new SearchQuery(name, domain, pattern, ip, client, server, sinceNanos, untilNanos, qtype, rcode, status, limit, offset, v);
  }
}
