package org.dnslens.engine.passive;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dnslens.engine.issue.IssueCounter;
import org.dnslens.engine.model.ClientNameEntry;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.engine.model.IssueReason;
import org.dnslens.engine.model.PassiveDnsEntry;
import org.dnslens.engine.model.Question;
import org.dnslens.engine.model.RData;
import org.dnslens.engine.model.ResourceRecord;
import org.dnslens.engine.model.RrType;
import org.dnslens.engine.model.Transaction;

/**
 * Passive DNS from paired transactions: first seen, last seen and count per (name, type, data) over the
 * records of replies, and per (client, question name, question type) over queries.
 *
 * <p><b>What is aggregated.</b> Every reply of a transaction counts — the first, the other (differing)
 * replies of a {@code DUPLICATE_REPLY}, and orphan replies — because a spoofed or unsolicited answer is
 * evidence too. From each reply: every answer record, and the NS and SOA records of the authority
 * section (delegations and negative-answer zones are what analysts pivot on); the rest of the authority
 * section and the additional section (glue, OPT, TSIG) are left out, as unverified or not data. Times
 * are the reply's capture time. Byte-identical repeat replies are only counted by the pairer and add
 * nothing here.
 *
 * <p><b>Case.</b> Owner names are keyed and reported ASCII lower-cased (RFC 4343; as DNSDB does), so
 * 0x20-randomised queries collapse into one entry. Rdata is lower-cased only for types whose rdata is
 * names (CNAME, NS, PTR, MX, SRV, SOA, ...); TXT and other data keep their case. The original case stays
 * in the transaction log.
 *
 * <p><b>Per client.</b> Only transactions with a query count (an orphan reply shows no client asking);
 * one transaction counts once, retransmissions included. Time is the query's capture time.
 *
 * <p><b>Bounds.</b> Each table holds at most its limit ({@link #MAX_PASSIVE_ENTRIES}, {@link
 * #MAX_CLIENT_ENTRIES} by default). When full, existing keys keep updating, and each occurrence of a new
 * key is counted {@link IssueReason#PASSIVE_DNS_TABLE_FULL} and not aggregated. A caller that wants
 * everything can instead call {@link #drainEntries()} and {@link #drainClientEntries()} periodically and merge partial aggregates downstream
 * (first = min, last = max, count = sum).
 *
 * <p>Output order is first-sight order, deterministic for a given input. Not thread-safe.
 */
public final class PassiveDnsAggregator {
  /** One million (name, type, data) keys: a few hundred MB at most. */
  public static final int MAX_PASSIVE_ENTRIES = 1_000_000;

  /** One million (client, name, type) keys. */
  public static final int MAX_CLIENT_ENTRIES = 1_000_000;

  private record RecordKey(String name, int type, String data) {}

  private record ClientKey(IpAddress client, String name, int qtype) {}

  /** Mutable aggregate behind a key. */
  private static final class Seen {
    long first;
    long last;
    long count;

    Seen(long ts) {
      first = ts;
      last = ts;
    }

    void add(long ts) {
      first = Math.min(first, ts);
      last = Math.max(last, ts);
      count++;
    }
  }

  private final IssueCounter issues;
  private final int maxPassiveEntries;
  private final int maxClientEntries;
  private final Map<RecordKey, Seen> records = new LinkedHashMap<>();
  private final Map<ClientKey, Seen> clients = new LinkedHashMap<>();

  public PassiveDnsAggregator(IssueCounter issues) {
    this(issues, MAX_PASSIVE_ENTRIES, MAX_CLIENT_ENTRIES);
  }

  /** With explicit table limits (each at least 1). */
  public PassiveDnsAggregator(IssueCounter issues, int maxPassiveEntries, int maxClientEntries) {
    if (maxPassiveEntries < 1 || maxClientEntries < 1) {
      throw new IllegalArgumentException("table limits must be at least 1");
    }
    this.issues = issues;
    this.maxPassiveEntries = maxPassiveEntries;
    this.maxClientEntries = maxClientEntries;
  }

  public void add(Transaction tx) {
    if (tx.reply() != null) {
      addReply(tx.reply());
    }
    for (DnsMessage other : tx.otherReplies()) {
      addReply(other);
    }
    if (tx.query() != null) {
      Question q = tx.query().firstQuestion();
      if (q != null) {
        long ts = tx.query().meta().timestampNanos();
        ClientKey key = new ClientKey(tx.clientIp(), q.name().toLowerCaseString(), q.type());
        Seen seen = clients.get(key);
        if (seen == null) {
          if (clients.size() >= maxClientEntries) {
            issues.count(
                IssueReason.PASSIVE_DNS_TABLE_FULL, tx.query().meta().frame(), ts, "client table");
            return;
          }
          seen = new Seen(ts);
          clients.put(key, seen);
        }
        seen.add(ts);
      }
    }
  }

  private void addReply(DnsMessage reply) {
    long ts = reply.meta().timestampNanos();
    for (ResourceRecord rr : reply.answers()) {
      addRecord(reply, rr, ts);
    }
    for (ResourceRecord rr : reply.authorities()) {
      if (rr.type() == RrType.NS || rr.type() == RrType.SOA) {
        addRecord(reply, rr, ts);
      }
    }
  }

  private void addRecord(DnsMessage reply, ResourceRecord rr, long ts) {
    RecordKey key = new RecordKey(rr.name().toLowerCaseString(), rr.type(), dataKey(rr));
    Seen seen = records.get(key);
    if (seen == null) {
      if (records.size() >= maxPassiveEntries) {
        issues.count(IssueReason.PASSIVE_DNS_TABLE_FULL, reply.meta().frame(), ts, "record table");
        return;
      }
      seen = new Seen(ts);
      records.put(key, seen);
    }
    seen.add(ts);
  }

  /** Rdata text, lower-cased when it is made of names (and numbers), so case variants collapse. */
  private static String dataKey(ResourceRecord rr) {
    String data = rr.data() == null ? "" : rr.data();
    RData r = rr.rdata();
    boolean names =
        r instanceof RData.Target || r instanceof RData.Mx || r instanceof RData.Srv || r instanceof RData.Soa;
    return names ? data.toLowerCase(Locale.ROOT) : data;
  }

  /** (name, type, data) aggregates in first-sight order. */
  public List<PassiveDnsEntry> entries() {
    List<PassiveDnsEntry> list = new ArrayList<>(records.size());
    records.forEach(
        (k, s) -> list.add(new PassiveDnsEntry(k.name(), k.type(), k.data(), s.first, s.last, s.count)));
    return list;
  }

  /** (client, name, type) aggregates in first-sight order. */
  public List<ClientNameEntry> clientEntries() {
    List<ClientNameEntry> list = new ArrayList<>(clients.size());
    clients.forEach(
        (k, s) ->
            list.add(new ClientNameEntry(k.client(), k.name(), k.qtype(), s.first, s.last, s.count)));
    return list;
  }

  /** Passive entries returned and cleared, for a caller flushing partial aggregates. */
  public List<PassiveDnsEntry> drainEntries() {
    List<PassiveDnsEntry> list = entries();
    records.clear();
    return list;
  }

  /** Client entries returned and cleared. */
  public List<ClientNameEntry> drainClientEntries() {
    List<ClientNameEntry> list = clientEntries();
    clients.clear();
    return list;
  }
}
