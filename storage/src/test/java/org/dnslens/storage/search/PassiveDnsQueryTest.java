package org.dnslens.storage.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dnslens.storage.TxFixtures.answered;
import static org.dnslens.storage.TxFixtures.sha;
import static org.dnslens.storage.TxFixtures.source;

import java.nio.file.Path;
import java.util.List;
import org.dnslens.engine.model.IpAddress;
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
class PassiveDnsQueryTest {
  private CaseDatabase db;
  private PassiveDnsQuery pdns;

  @BeforeAll
  void ingest(@TempDir Path dir) throws Exception {
    db = CaseDatabase.open(dir.resolve("pdns"));
    try (DatabaseSink sink = DatabaseSink.open(db)) {
      TxFixtures.ingest(sink, List.of(source(0, sha(1))), List.of(
          answered(1, 100, "10.0.0.1", "www.example.com", "198.51.100.1", "198.51.100.2"),
          answered(3, 200, "10.0.0.2", "www.example.com", "198.51.100.1"),
          answered(5, 300, "10.0.0.1", "cdn.example.net", "198.51.100.1"),
          answered(7, 400, "10.0.0.3", "example.com", "203.0.113.5"),
          answered(9, 500, "10.0.0.3", "www.example.org", "203.0.113.6"),
          TxFixtures.spec(0, 11, 600, "2001:db8::5", "2001:db8::53", "v6.example.com", RrType.AAAA,
              List.of("2001:db8:aaaa::1"), TransactionStatus.ANSWERED, 0)));
    }
    pdns = new PassiveDnsQuery(db);
  }

  @AfterAll
  void close() {
    db.close();
  }

  @Test
  void exactNameGivesEveryRdataWithFirstLastCount() {
    var rows = pdns.byName("WWW.example.com", 0);
    assertThat(rows).extracting(PassiveDnsQuery.Entry::data).containsExactly("198.51.100.1", "198.51.100.2");
    var first = rows.get(0);
    assertThat(first.count()).isEqualTo(2);
    assertThat(first.firstNanos()).isEqualTo(100 + 1_500_000);
    assertThat(first.lastNanos()).isEqualTo(200 + 1_500_000);
    assertThat(rows.get(1).count()).isEqualTo(1);
  }

  @Test
  void leftWildcardMeansSubdomains() {
    assertThat(pdns.byName("*.example.com", 0)).extracting(PassiveDnsQuery.Entry::name)
        .containsExactly("v6.example.com", "www.example.com", "www.example.com");
  }

  @Test
  void rightWildcard() {
    assertThat(pdns.byName("www.example.*", 0)).extracting(PassiveDnsQuery.Entry::name)
        .containsExactly("www.example.com", "www.example.com", "www.example.org");
  }

  @Test
  void byIpAndCidr() {
    assertThat(pdns.byIp("198.51.100.1", 0)).extracting(PassiveDnsQuery.Entry::name)
        .containsExactlyInAnyOrder("www.example.com", "cdn.example.net");
    assertThat(pdns.byIp("203.0.113.0/24", 0)).extracting(PassiveDnsQuery.Entry::name)
        .containsExactly("example.com", "www.example.org");
    assertThat(pdns.byIp("2001:db8:aaaa::/48", 0)).extracting(PassiveDnsQuery.Entry::name)
        .containsExactly("v6.example.com");
  }

  @Test
  void perClientViews() {
    assertThat(pdns.namesForClient("10.0.0.1", 0)).extracting(PassiveDnsQuery.ClientEntry::name)
        .containsExactly("cdn.example.net", "www.example.com");
    var clients = pdns.clientsForName("www.example.com", 0);
    assertThat(clients).extracting(PassiveDnsQuery.ClientEntry::client)
        .containsExactly(IpAddress.parse("10.0.0.1"), IpAddress.parse("10.0.0.2"));
    assertThat(clients.get(0).count()).isEqualTo(1);
    assertThat(clients.get(0).firstNanos()).isEqualTo(100);
  }
}
