package org.dnslens.engine.passive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dnslens.engine.pairing.DnsFixtures.S;

import java.util.ArrayList;
import java.util.List;
import org.dnslens.engine.issue.IssueCounter;
import org.dnslens.engine.model.ClientNameEntry;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.engine.model.IssueReason;
import org.dnslens.engine.model.PassiveDnsEntry;
import org.dnslens.engine.model.Role;
import org.dnslens.engine.model.RrType;
import org.dnslens.engine.model.Section;
import org.dnslens.engine.model.Transaction;
import org.dnslens.engine.model.TransactionStatus;
import org.dnslens.engine.pairing.DnsFixtures;
import org.junit.jupiter.api.Test;

class PassiveDnsAggregatorTest {
  private static final String C = "192.0.2.10";
  private static final String C2 = "2001:db8::10";
  private static final String R = "198.51.100.53";
  private static final long T0 = 1_700_000_000L * S;

  private final DnsFixtures f = new DnsFixtures();
  private final IssueCounter issues = new IssueCounter();

  private static Transaction answered(DnsMessage q, DnsMessage r) {
    return new Transaction(TransactionStatus.ANSWERED, q, r, List.of(), 0, 0, Role.UNKNOWN, null);
  }

  private Transaction lookup(String client, String name, long ts, String... addresses) {
    return answered(
        f.query(client, R, 1, name, RrType.A, ts), f.reply(client, R, 1, name, RrType.A, ts + 1, addresses));
  }

  @Test
  void aggregatesFirstSeenLastSeenAndCountPerNameTypeData() {
    PassiveDnsAggregator agg = new PassiveDnsAggregator(issues);
    agg.add(lookup(C, "www.example.com", T0 + 5 * S, "192.0.2.1", "192.0.2.2"));
    agg.add(lookup(C, "www.example.com", T0 + 9 * S, "192.0.2.1"));
    agg.add(lookup(C, "www.example.com", T0 + 2 * S, "192.0.2.1")); // out of order

    assertThat(agg.entries())
        .containsExactly(
            new PassiveDnsEntry("www.example.com", RrType.A, "192.0.2.1", T0 + 2 * S + 1, T0 + 9 * S + 1, 3),
            new PassiveDnsEntry("www.example.com", RrType.A, "192.0.2.2", T0 + 5 * S + 1, T0 + 5 * S + 1, 1));
  }

  @Test
  void ownerNamesAreLowerCasedAndNameRdataToo() {
    PassiveDnsAggregator agg = new PassiveDnsAggregator(issues);
    DnsMessage q = f.query(C, R, 1, "WwW.ExAmple.com", RrType.CNAME, T0);
    DnsMessage r1 =
        f.reply(C, R, 1, "WwW.ExAmple.com", RrType.CNAME, T0 + 1,
            List.of(DnsFixtures.target(Section.ANSWER, "WwW.ExAmple.com", RrType.CNAME, "Edge.CDN.example")),
            List.of());
    DnsMessage r2 =
        f.reply(C, R, 2, "www.example.com", RrType.TXT, T0 + 2,
            List.of(DnsFixtures.txt("www.EXAMPLE.com", "Keep Case")), List.of());
    agg.add(answered(q, r1));
    agg.add(answered(f.query(C, R, 2, "www.example.com", RrType.TXT, T0 + 1), r2));
    agg.add(lookup(C, "WWW.EXAMPLE.COM", T0 + 3, "192.0.2.1"));
    agg.add(lookup(C, "www.example.com", T0 + 4, "192.0.2.1"));

    assertThat(agg.entries())
        .extracting(PassiveDnsEntry::name, PassiveDnsEntry::data, PassiveDnsEntry::count)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("www.example.com", "edge.cdn.example.", 1L),
            org.assertj.core.groups.Tuple.tuple("www.example.com", "\"Keep Case\"", 1L),
            org.assertj.core.groups.Tuple.tuple("www.example.com", "192.0.2.1", 2L));
  }

  @Test
  void authorityNsAndSoaCountButOtherAuthorityRecordsDoNot() {
    PassiveDnsAggregator agg = new PassiveDnsAggregator(issues);
    DnsMessage r =
        f.reply(C, R, 1, "nx.example.com", RrType.A, T0,
            List.of(),
            List.of(
                DnsFixtures.target(Section.AUTHORITY, "example.com", RrType.SOA, "ns1.example.com"),
                DnsFixtures.target(Section.AUTHORITY, "example.com", RrType.NS, "ns2.example.com"),
                DnsFixtures.target(Section.AUTHORITY, "example.com", RrType.DNAME, "elsewhere.example")));
    agg.add(answered(f.query(C, R, 1, "nx.example.com", RrType.A, T0), r));
    assertThat(agg.entries()).extracting(PassiveDnsEntry::type).containsExactly(RrType.SOA, RrType.NS);
  }

  @Test
  void everyReplyOfADuplicateAndOrphansCount() {
    PassiveDnsAggregator agg = new PassiveDnsAggregator(issues);
    DnsMessage q = f.query(C, R, 1, "bank.example", RrType.A, T0);
    DnsMessage spoof = f.reply(C, R, 1, "bank.example", RrType.A, T0 + 1, "203.0.113.66");
    DnsMessage real = f.reply(C, R, 1, "bank.example", RrType.A, T0 + 2, "192.0.2.1");
    agg.add(new Transaction(TransactionStatus.DUPLICATE_REPLY, q, spoof, List.of(real), 0, 0, Role.UNKNOWN, null));
    DnsMessage orphan = f.reply(C, R, 9, "orphan.example", RrType.A, T0 + 3, "192.0.2.9");
    agg.add(new Transaction(TransactionStatus.ORPHAN_REPLY, null, orphan, List.of(), 0, 0, Role.UNKNOWN, null));

    assertThat(agg.entries())
        .extracting(PassiveDnsEntry::data)
        .containsExactly("203.0.113.66", "192.0.2.1", "192.0.2.9");
    // The orphan shows no client asking.
    assertThat(agg.clientEntries()).extracting(ClientNameEntry::name).containsExactly("bank.example");
  }

  @Test
  void aggregatesPerClientNameAndType() {
    PassiveDnsAggregator agg = new PassiveDnsAggregator(issues);
    agg.add(lookup(C, "a.example", T0 + 3 * S, "192.0.2.1"));
    agg.add(lookup(C, "A.example", T0 + 1 * S, "192.0.2.1"));
    agg.add(lookup(C2, "a.example", T0 + 2 * S, "192.0.2.1"));
    agg.add(
        new Transaction(
            TransactionStatus.UNANSWERED, f.query(C, R, 3, "a.example", RrType.AAAA, T0 + 4 * S), null,
            List.of(), 2, 0, Role.UNKNOWN, IssueReason.PAIRING_TIMEOUT));

    assertThat(agg.clientEntries())
        .containsExactly(
            new ClientNameEntry(IpAddress.parse(C), "a.example", RrType.A, T0 + S, T0 + 3 * S, 2),
            new ClientNameEntry(IpAddress.parse(C2), "a.example", RrType.A, T0 + 2 * S, T0 + 2 * S, 1),
            new ClientNameEntry(IpAddress.parse(C), "a.example", RrType.AAAA, T0 + 4 * S, T0 + 4 * S, 1));
  }

  @Test
  void fullTablesKeepUpdatingExistingKeysAndCountNewOnes() {
    PassiveDnsAggregator agg = new PassiveDnsAggregator(issues, 2, 1);
    agg.add(lookup(C, "a.example", T0, "192.0.2.1", "192.0.2.2")); // fills the record table exactly
    assertThat(issues.get(IssueReason.PASSIVE_DNS_TABLE_FULL)).isZero();
    agg.add(lookup(C, "a.example", T0 + S, "192.0.2.1", "192.0.2.3")); // one new record key, rejected
    agg.add(lookup(C2, "a.example", T0 + 2 * S, "192.0.2.2")); // one new client key, rejected

    assertThat(issues.get(IssueReason.PASSIVE_DNS_TABLE_FULL)).isEqualTo(2);
    assertThat(agg.entries())
        .extracting(PassiveDnsEntry::data, PassiveDnsEntry::count)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("192.0.2.1", 2L),
            org.assertj.core.groups.Tuple.tuple("192.0.2.2", 2L));
    assertThat(agg.clientEntries()).singleElement().satisfies(e -> assertThat(e.count()).isEqualTo(2));
  }

  @Test
  void drainReturnsAndClearsPartialAggregates() {
    PassiveDnsAggregator agg = new PassiveDnsAggregator(issues);
    agg.add(lookup(C, "a.example", T0, "192.0.2.1"));
    List<PassiveDnsEntry> first = new ArrayList<>(agg.drainEntries());
    assertThat(agg.drainClientEntries()).hasSize(1);
    assertThat(first).hasSize(1);
    assertThat(agg.entries()).isEmpty();
    assertThat(agg.clientEntries()).isEmpty();
    agg.add(lookup(C, "a.example", T0 + S, "192.0.2.1"));
    assertThat(agg.entries()).singleElement().satisfies(e -> assertThat(e.count()).isEqualTo(1));
  }
}
