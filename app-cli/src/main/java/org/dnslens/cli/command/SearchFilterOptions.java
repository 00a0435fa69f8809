package org.dnslens.cli.command;

import org.dnslens.cli.error.ExitCodes;
import org.dnslens.cli.error.UserFacingException;
import org.dnslens.engine.model.Rcode;
import org.dnslens.engine.model.RrType;
import org.dnslens.engine.model.TransactionStatus;
import org.dnslens.storage.search.FilterExpression;
import org.dnslens.storage.search.SearchQuery;
import org.dnslens.storage.search.TransactionSearch;
import picocli.CommandLine.Option;

/**
 * The transaction filters of {@code dnslens search} and {@code export --case}, as one mixin: the same
 * option names, meanings and error sentences in both, and {@code --filter} with the GUI filter bar's syntax.
 */
public final class SearchFilterOptions {
  @Option(names = "--name", description = "Exact query name (case-insensitive).")
  String name;

  @Option(names = "--domain", description = "A domain and all its subdomains.")
  String domain;

  @Option(names = "--pattern", description = "Query name pattern; * matches anything (e.g. '*.x.*').")
  String pattern;

  @Option(names = "--ip", description = "Address or CIDR in A/AAAA answers or at either end.")
  String ip;

  @Option(names = "--client", description = "Client address or CIDR.")
  String client;

  @Option(names = "--server", description = "Server address or CIDR.")
  String server;

  @Option(names = "--since", description = "Earliest query time: ISO-8601 or relative (-2h).")
  String since;

  @Option(names = "--until", description = "Latest query time: ISO-8601 or relative (-1h).")
  String until;

  @Option(names = "--qtype", description = "Query type (A, AAAA, TXT, TYPE65...).")
  String qtype;

  @Option(names = "--rcode", description = "Response code (NOERROR, NXDOMAIN, 3, none...).")
  String rcode;

  @Option(names = "--status", description = "answered, unanswered, orphan_reply or duplicate_reply.")
  String status;

  @Option(
      names = "--filter",
      paramLabel = "EXPR",
      description = {
        "The GUI filter bar's syntax, terms combined with AND: 'domain:evil.com ip:10.0.0.0/8 rcode:NXDOMAIN",
        "since:-2h' (keys domain name pattern ip client server since until qtype rcode status; a bare word is a",
        "domain, a pattern or an address). Combines with the other options; an option wins over the same key."
      })
  String filter;

  /** The filter as a query (limit left at its default), or a usage error in one sentence. */
  public SearchQuery query(TransactionSearch search) {
    SearchQuery q = SearchQuery.all();
    if (filter != null) {
      try {
        // The same parser as the GUI's filter bar, so one expression means the same in both apps.
        q = FilterExpression.parse(filter, search.lastTimestampNanos().orElse(0));
      } catch (IllegalArgumentException e) {
        throw new UserFacingException("--filter: " + e.getMessage(), ExitCodes.USAGE, e);
      }
    }
    q = q.withName(orElse(name, q.name())).withDomain(orElse(domain, q.domain()))
        .withPattern(orElse(pattern, q.pattern())).withIp(orElse(ip, q.ip()))
        .withClient(orElse(client, q.client())).withServer(orElse(server, q.server()));
    if (since != null || until != null) {
      long reference = search.lastTimestampNanos().orElse(0);
      if (since != null) {
        q = q.withSince(CaseAccess.parseTime(since, "--since", reference));
      }
      if (until != null) {
        q = q.withUntil(CaseAccess.parseTime(until, "--until", reference));
      }
    }
    if (qtype != null) {
      int code = RrType.code(qtype);
      if (code < 0) {
        if (qtype.strip().matches("\\d{1,5}") && Integer.parseInt(qtype.strip()) <= 0xffff) {
          code = Integer.parseInt(qtype.strip());
        } else {
          throw new UserFacingException("--qtype \"" + CaseAccess.shorten(qtype) + "\" is not a DNS type", ExitCodes.USAGE);
        }
      }
      q = q.withQtype(code);
    }
    if (rcode != null) {
      int code = rcode.strip().equalsIgnoreCase("none") ? -1 : Rcode.code(rcode);
      if (code < -1 || (code == -1 && !rcode.strip().equalsIgnoreCase("none"))) {
        throw new UserFacingException("--rcode \"" + CaseAccess.shorten(rcode) + "\" is not a response code", ExitCodes.USAGE);
      }
      q = q.withRcode(code);
    }
    if (status != null) {
      TransactionStatus s = TransactionStatus.fromLabel(status);
      if (s == null) {
        throw new UserFacingException(
            "--status \"" + CaseAccess.shorten(status) + "\" is not one of answered, unanswered, orphan_reply,"
                + " duplicate_reply",
            ExitCodes.USAGE);
      }
      q = q.withStatus(s);
    }
    return q;
  }

  private static String orElse(String option, String fromFilter) {
    return option != null ? option : fromFilter;
  }
}
