package org.dnslens.storage.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dnslens.storage.TxFixtures.answered;
import static org.dnslens.storage.TxFixtures.sha;
import static org.dnslens.storage.TxFixtures.source;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dnslens.storage.TxFixtures;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.ingest.DatabaseSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The streaming passive-DNS merge over three runs agrees with the interactive query's in-memory merge. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PassiveDnsScanTest {
  private CaseDatabase db;

  @BeforeAll
  void ingest(@TempDir Path dir) throws Exception {
    db = CaseDatabase.open(dir.resolve("scan"));
    List<List<TxFixtures.Spec>> runs = List.of(
        List.of(answered(1, 100, "10.0.0.1", "www.example.com", "198.51.100.1", "198.51.100.2"),
            answered(2, 150, "10.0.0.1", "a.b.example.com", "198.51.100.9"),
            answered(3, 200, "10.0.0.2", "example.net", "203.0.113.1")),
        List.of(answered(1, 50, "10.0.0.3", "www.example.com", "198.51.100.1"),
            answered(2, 900, "10.0.0.3", "WWW.Example.com", "198.51.100.1"),
            answered(3, 950, "10.0.0.3", "badexample.com", "198.51.100.7")),
        List.of(answered(1, 700, "10.0.0.4", "www.example.com", "198.51.100.1"),
            answered(2, 800, "10.0.0.4", "example.com", "198.51.100.3")));
    for (int i = 0; i < runs.size(); i++) {
      try (DatabaseSink sink = DatabaseSink.open(db)) {
        TxFixtures.ingest(sink, List.of(source(0, sha(10 + i))), runs.get(i));
      }
    }
  }

  @AfterAll
  void close() {
    db.close();
  }

  private List<PassiveDnsQuery.Entry> collect(String how, String arg) throws IOException {
    List<PassiveDnsQuery.Entry> out = new ArrayList<>();
    PassiveDnsScan scan = new PassiveDnsScan(db);
    PassiveDnsScan.Sink sink = e -> out.add(e);
    switch (how) {
      case "all" -> scan.all(sink);
      case "name" -> scan.byName(arg, sink);
      case "domain" -> scan.inDomain(arg, sink);
      default -> scan.byIp(arg, sink);
    }
    return out;
  }

  @Test
  void wholeCaseEqualsTheInMemoryMergeAndSumsAcrossRuns() throws IOException {
    List<PassiveDnsQuery.Entry> all = collect("all", null);
    assertThat(all).containsExactlyInAnyOrderElementsOf(new PassiveDnsQuery(db).byName("*", 0));
    PassiveDnsQuery.Entry www = all.stream()
        .filter(e -> e.name().equals("www.example.com") && e.data().equals("198.51.100.1")).findFirst().orElseThrow();
    assertThat(www.count()).isEqualTo(3); // runs 1, 2 and 3; the upper-case variant stays its own row
    assertThat(www.firstNanos()).isEqualTo(50 + 1_500_000);
    assertThat(www.lastNanos()).isEqualTo(700 + 1_500_000);
    assertThat(all).filteredOn(e -> e.name().equals("WWW.Example.com")).hasSize(1);
    // key order: labels reversed (com.example < com.example.a... < com.example.www < net.example)
    assertThat(all.get(0).name()).isEqualTo("badexample.com");
    assertThat(all.get(all.size() - 1).name()).isEqualTo("example.net");
  }

  @Test
  void domainIsTheNameAndItsSubdomainsOnly() throws IOException {
    assertThat(collect("domain", "Example.com")).extracting(PassiveDnsQuery.Entry::name)
        .containsExactly("example.com", "a.b.example.com", "WWW.Example.com", "www.example.com", "www.example.com")
        .doesNotContain("badexample.com");
    assertThat(collect("name", "*.example.com"))
        .containsExactlyInAnyOrderElementsOf(new PassiveDnsQuery(db).byName("*.example.com", 0));
    assertThat(collect("name", "*example*"))
        .containsExactlyInAnyOrderElementsOf(new PassiveDnsQuery(db).byName("*example*", 0));
  }

  @Test
  void byAddressEqualsTheQuery() throws IOException {
    assertThat(collect("ip", "198.51.100.0/24"))
        .containsExactlyInAnyOrderElementsOf(new PassiveDnsQuery(db).byIp("198.51.100.0/24", 0))
        .hasSize(6);
  }

  @Test
  void aSinkCanStopTheScan() throws IOException {
    List<PassiveDnsQuery.Entry> got = new ArrayList<>();
    long given = new PassiveDnsScan(db).all(e -> {
      got.add(e);
      return got.size() < 2;
    });
    assertThat(got).hasSize(2);
    assertThat(given).isEqualTo(2);
  }
}
