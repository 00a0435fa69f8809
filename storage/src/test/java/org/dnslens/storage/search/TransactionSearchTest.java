package org.dnslens.storage.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dnslens.storage.TxFixtures.sha;
import static org.dnslens.storage.TxFixtures.source;
import static org.dnslens.storage.TxFixtures.spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dnslens.engine.model.Rcode;
import org.dnslens.engine.model.RrType;
import org.dnslens.engine.model.TransactionStatus;
import org.dnslens.storage.TxFixtures;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.ingest.DatabaseSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransactionSearchTest {
  private static final long T0 = 1_700_000_000_000_000_000L;
  private static final long SEC = 1_000_000_000L;

  private CaseDatabase db;
  private TransactionSearch search;

  @BeforeAll
  void ingest(@TempDir Path dir) throws Exception {
    var ok = TransactionStatus.ANSWERED;
    List<TxFixtures.Spec> specs = List.of(
        spec(0, 1, T0, "10.0.0.1", "192.0.2.53", "www.example.com", RrType.A, List.of("198.51.100.1"), ok, 0),
        spec(0, 3, T0 + SEC, "10.0.0.2", "192.0.2.53", "mail.example.com", RrType.A, List.of("198.51.100.2"), ok, 0),
        spec(0, 5, T0 + 2 * SEC, "10.0.1.1", "192.0.2.53", "example.com", RrType.MX, List.of(), ok, 0),
        spec(0, 7, T0 + 3 * SEC, "10.0.0.1", "192.0.2.54", "notexample.com", RrType.A, List.of("203.0.113.9"), ok, 0),
        spec(0, 9, T0 + 4 * SEC, "2001:db8::1", "2001:db8::53", "v6.example.org", RrType.AAAA,
            List.of("2001:db8:ffff::1"), ok, 0),
        spec(0, 11, T0 + 5 * SEC, "10.0.0.3", "192.0.2.53", "nope.evil.test", RrType.A, List.of(),
            ok, Rcode.NXDOMAIN),
        spec(0, 13, T0 + 6 * SEC, "10.0.0.3", "192.0.2.53", "a_b.evil.test", RrType.TXT, List.of(),
            TransactionStatus.UNANSWERED, -1),
        spec(0, 15, T0 + 7 * SEC, "10.0.0.3", "192.0.2.53", "a%b.evil.test", RrType.A, List.of(), ok, 0),
        spec(0, 17, T0 + 8 * SEC, "10.0.0.4", "192.0.2.53", "it's.evil.test", RrType.A, List.of(), ok, 0));
    db = CaseDatabase.open(dir.resolve("search-case"));
    try (DatabaseSink sink = DatabaseSink.open(db)) {
      TxFixtures.ingest(sink, List.of(source(0, sha(1))), specs);
    }
    search = new TransactionSearch(db);
  }

  @AfterAll
  void close() {
    db.close();
  }

  private List<String> names(SearchQuery q) {
    return search.search(q).stream().map(StoredTransaction::qname).toList();
  }

  @Test
  void exactNameIsCaseInsensitive() {
    assertThat(names(SearchQuery.all().withName("WWW.EXAMPLE.COM."))).containsExactly("www.example.com");
  }

  @Test
  void domainMatchesItselfAndSubdomainsOnly() {
    assertThat(names(SearchQuery.all().withDomain("example.com")))
        .containsExactly("www.example.com", "mail.example.com", "example.com");
  }

  @Test
  void patternUsesStarAsTheOnlyWildcard() {
    assertThat(names(SearchQuery.all().withPattern("*.evil.*")))
        .containsExactly("nope.evil.test", "a_b.evil.test", "a%b.evil.test", "it's.evil.test");
    assertThat(names(SearchQuery.all().withPattern("a_b.*"))).containsExactly("a_b.evil.test");
    assertThat(names(SearchQuery.all().withPattern("a%b.*"))).containsExactly("a%b.evil.test");
  }

  @Test
  void hostileInputIsData() {
    assertThat(names(SearchQuery.all().withName("it's.evil.test"))).containsExactly("it's.evil.test");
    assertThat(names(SearchQuery.all().withName("' OR '1'='1"))).isEmpty();
    assertThat(names(SearchQuery.all().withDomain("%"))).isEmpty();
    assertThat(names(SearchQuery.all().withDomain("_.test"))).isEmpty();
    assertThat(names(SearchQuery.all().withPattern("%"))).isEmpty();
    assertThat(names(SearchQuery.all().withPattern("____.evil.test"))).isEmpty();
    assertThat(names(SearchQuery.all().withName("x".repeat(100_000)))).isEmpty();
    assertThat(names(SearchQuery.all().withPattern("x".repeat(100_000) + "*"))).isEmpty();
    assertThat(names(SearchQuery.all().withName("пример.рф"))).isEmpty();
    assertThat(names(SearchQuery.all().withDomain("\\"))).isEmpty();
    assertThat(names(SearchQuery.all().withName("'; DROP TABLE tx; --"))).isEmpty();
    assertThat(search.count(SearchQuery.all())).isEqualTo(9);
  }

  @Test
  void ipMatchesAnswersAndEndpointsWithCidr() {
    assertThat(names(SearchQuery.all().withIp("198.51.100.0/24"))).containsExactly("www.example.com", "mail.example.com");
    assertThat(names(SearchQuery.all().withIp("198.51.100.2"))).containsExactly("mail.example.com");
    assertThat(names(SearchQuery.all().withIp("192.0.2.54"))).containsExactly("notexample.com");
    assertThat(names(SearchQuery.all().withClient("10.0.0.0/24")))
        .containsExactly("www.example.com", "mail.example.com", "notexample.com", "nope.evil.test",
            "a_b.evil.test", "a%b.evil.test", "it's.evil.test");
    assertThat(names(SearchQuery.all().withServer("192.0.2.54/32"))).containsExactly("notexample.com");
  }

  @Test
  void ipv6Cidr() {
    assertThat(names(SearchQuery.all().withIp("2001:db8:ffff::/48"))).containsExactly("v6.example.org");
    assertThat(names(SearchQuery.all().withClient("2001:db8::/32"))).containsExactly("v6.example.org");
    assertThat(names(SearchQuery.all().withIp("2001:db9::/32"))).isEmpty();
    // An IPv4 block never matches IPv6 addresses and vice versa.
    assertThat(names(SearchQuery.all().withClient("0.0.0.0/0"))).doesNotContain("v6.example.org");
    assertThat(names(SearchQuery.all().withClient("::/0"))).containsExactly("v6.example.org");
  }

  @Test
  void badCidrIsRefusedWithASentence() {
    assertThatThrownBy(() -> search.search(SearchQuery.all().withIp("10.0.0.0/33")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/33");
    assertThatThrownBy(() -> search.search(SearchQuery.all().withIp("not-an-ip")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an IP address");
  }

  @Test
  void timeWindowIsInclusive() {
    assertThat(names(SearchQuery.all().withSince(T0 + SEC).withUntil(T0 + 2 * SEC)))
        .containsExactly("mail.example.com", "example.com");
  }

  @Test
  void typeRcodeAndStatusFilters() {
    assertThat(names(SearchQuery.all().withQtype(RrType.MX))).containsExactly("example.com");
    assertThat(names(SearchQuery.all().withRcode(Rcode.NXDOMAIN))).containsExactly("nope.evil.test");
    assertThat(names(SearchQuery.all().withStatus(TransactionStatus.UNANSWERED))).containsExactly("a_b.evil.test");
  }

  @Test
  void keysetPagingVisitsEveryRowOnce() {
    List<String> seen = new ArrayList<>();
    SearchQuery q = SearchQuery.all().withLimit(2);
    while (true) {
      List<StoredTransaction> page = search.search(q);
      if (page.isEmpty()) {
        break;
      }
      page.forEach(t -> seen.add(t.qname()));
      q = q.withAfter(page.get(page.size() - 1).cursor());
    }
    assertThat(seen).hasSize(9).doesNotHaveDuplicates();
    assertThat(seen).isEqualTo(names(SearchQuery.all()));
    assertThat(names(SearchQuery.all().withOffset(7))).containsExactly("a%b.evil.test", "it's.evil.test");
  }

  @Test
  void dictionaryScanYieldsEveryNameAndAddressOnce() {
    List<String> names = new ArrayList<>();
    new CaseKeys(db).forEachName(names::add);
    assertThat(names).contains("www.example.com", "v6.example.org", "example.com", "a%b.evil.test")
        .doesNotHaveDuplicates();
    List<org.dnslens.engine.model.IpAddress> ips = new ArrayList<>();
    new CaseKeys(db).forEachAddress(ips::add);
    assertThat(ips).extracting(Object::toString)
        .contains("10.0.0.1", "192.0.2.53", "198.51.100.1", "2001:db8:ffff::1", "203.0.113.9")
        .doesNotHaveDuplicates();
  }

  @Test
  void transactionsByKeysReadOnlyWhatMatches() {
    List<String> hits = new ArrayList<>();
    search.forEachWithKeys(java.util.Set.of("www.example.com"),
        java.util.Set.of(org.dnslens.engine.model.IpAddress.parse("203.0.113.9")), t -> hits.add(t.qname()));
    assertThat(hits).containsExactly("www.example.com", "notexample.com");
  }

  @Test
  void volumeCountsPerBucket() {
    assertThat(search.volume(T0, SEC, 10)).containsExactly(1, 1, 1, 1, 1, 1, 1, 1, 1, 0);
    assertThat(search.volume(T0, 3 * SEC, 3)).containsExactly(3, 3, 3);
  }
}
