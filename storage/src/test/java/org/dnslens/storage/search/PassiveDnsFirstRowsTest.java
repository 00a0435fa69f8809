package org.dnslens.storage.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dnslens.storage.TxFixtures.answered;
import static org.dnslens.storage.TxFixtures.sha;
import static org.dnslens.storage.TxFixtures.source;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.storage.TxFixtures;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.casefile.NameKeys;
import org.dnslens.storage.ingest.DatabaseSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The name-ordered passive-DNS query with a limit (which skips entries past the rows it holds) gives exactly
 * the first rows of the whole merge: every row summed over the runs (count added, first the minimum, last
 * the maximum) before the limit counts it, in the order lower-case name, name as sent, type, data. The case
 * is a real H2 file written by three ingest runs whose names overlap; the expected rows are computed here
 * from the transactions themselves, not by the storage code.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PassiveDnsFirstRowsTest {
  private static final int RUNS = 3;

  private CaseDatabase db;
  private PassiveDnsQuery pdns;
  private final List<TxFixtures.Spec> all = new ArrayList<>();

  @BeforeAll
  void ingest(@TempDir Path dir) throws Exception {
    db = CaseDatabase.open(dir.resolve("first-rows"));
    Random rnd = new Random(20261202);
    String[] labels = {"www", "api", "_imaps._tcp", "_keys", "a", "a-b", "z9", "mail", "cdn.edge", "x"};
    String[] domains = {"alpha.jp", "beta.jp", "a.jp", "jp-x.com", "example.com", "zeta.jp", "b.a.jp"};
    List<String> names = new ArrayList<>();
    for (String d : domains) {
      names.add(d);
      for (String l : labels) {
        names.add(l + "." + d);
      }
    }
    names.add("WWW.Alpha.jp"); // a spelling of www.alpha.jp: its own row, sorted right after it
    names.add("Api.BETA.jp");
    for (int run = 0; run < RUNS; run++) {
      List<TxFixtures.Spec> specs = new ArrayList<>();
      // "common.a.jp" is in every run with the same answer: one row, count 3, whatever the limit
      specs.add(answered(1, 1_000 + run * 500L, "10.0.0.1", "common.a.jp", "198.51.100.200"));
      for (int i = 0; i < 400; i++) {
        String name = names.get(rnd.nextInt(names.size()));
        String[] ips = new String[1 + rnd.nextInt(3)];
        for (int k = 0; k < ips.length; k++) {
          ips[k] = rnd.nextInt(8) == 0 ? "2001:db8::" + (1 + rnd.nextInt(6)) : "198.51.100." + (1 + rnd.nextInt(12));
        }
        specs.add(answered(2 + 2L * i, 2_000 + run * 7_919L + i * 1_000L + rnd.nextInt(900), "10.0.0." + (1 + rnd.nextInt(5)),
            name, ips));
      }
      try (DatabaseSink sink = DatabaseSink.open(db)) {
        TxFixtures.ingest(sink, List.of(source(0, sha(100 + run))), specs);
      }
      all.addAll(specs);
    }
    pdns = new PassiveDnsQuery(db);
  }

  @AfterAll
  void close() {
    db.close();
  }

  /** Every passive-DNS row of names {@code wanted} accepts, summed over the runs, in the query's order. */
  private List<PassiveDnsQuery.Entry> expected(Predicate<String> wanted) {
    return TxFixtures.passiveDnsRows(all, wanted);
  }

  /** Every per-client row of names {@code wanted}, summed over the runs, in the query's order. */
  private List<PassiveDnsQuery.ClientEntry> expectedClients(Predicate<String> wanted) {
    Map<List<Object>, long[]> rows = new LinkedHashMap<>();
    for (TxFixtures.Spec s : all) {
      if (wanted.test(s.qname())) {
        rows.merge(List.of(IpAddress.parse(s.client()), s.qname()), new long[] {s.tsNanos(), s.tsNanos(), 1},
            (x, y) -> new long[] {Math.min(x[0], y[0]), Math.max(x[1], y[1]), x[2] + y[2]});
      }
    }
    List<PassiveDnsQuery.ClientEntry> out = new ArrayList<>();
    rows.forEach((k, v) -> out.add(new PassiveDnsQuery.ClientEntry((IpAddress) k.get(0), (String) k.get(1), v[0],
        v[1], v[2])));
    out.sort(Comparator.comparing((PassiveDnsQuery.ClientEntry e) -> e.name().toLowerCase(Locale.ROOT))
        .thenComparing(PassiveDnsQuery.ClientEntry::name).thenComparing(PassiveDnsQuery.ClientEntry::client));
    return out;
  }

  /** Every passive-DNS row with an answer address in {@code cidr}, summed, in {@code byIp}'s order. */
  private List<PassiveDnsQuery.Entry> expectedByIp(String cidr) {
    IpRange range = IpRange.parse(cidr);
    List<PassiveDnsQuery.Entry> rows = new ArrayList<>();
    for (PassiveDnsQuery.Entry e : expected(n -> true)) {
      byte[] k = NameKeys.ipKey(IpAddress.parse(e.data()));
      if (Arrays.compareUnsigned(k, range.low()) >= 0 && Arrays.compareUnsigned(k, range.high()) <= 0) {
        rows.add(e);
      }
    }
    rows.sort(Comparator.comparing(PassiveDnsQuery.Entry::data)
        .thenComparing((PassiveDnsQuery.Entry e) -> e.name().toLowerCase(Locale.ROOT))
        .thenComparing(PassiveDnsQuery.Entry::name).thenComparingInt(PassiveDnsQuery.Entry::type));
    return rows;
  }

  private static Predicate<String> subdomainOf(String domain) {
    return n -> n.toLowerCase(Locale.ROOT).endsWith("." + domain);
  }

  private static Predicate<String> glob(String pattern) {
    Pattern p = TransactionSearch.globPattern(pattern);
    return n -> p.matcher(n.toLowerCase(Locale.ROOT)).matches();
  }

  @Test
  void aNameInThreeRunsIsOneRowBeforeTheLimitCounts() {
    List<PassiveDnsQuery.Entry> rows = pdns.byName("*.a.jp", 2);
    List<PassiveDnsQuery.Entry> whole = expected(subdomainOf("a.jp"));
    assertThat(whole.get(0).name()).isEqualTo("_imaps._tcp.a.jp");
    assertThat(rows).containsExactlyElementsOf(whole.subList(0, 2));
    PassiveDnsQuery.Entry common = pdns.byName("common.a.jp", 1).get(0);
    assertThat(common.count()).isEqualTo(RUNS);
    assertThat(common.firstNanos()).isEqualTo(1_000 + TxFixtures.REPLY_DELAY_NANOS);
    assertThat(common.lastNanos()).isEqualTo(1_000 + (RUNS - 1) * 500L + TxFixtures.REPLY_DELAY_NANOS);
    // limit 1 over the name alone: the three runs' entries are one row, not three
    assertThat(pdns.byName("*.jp", 0).stream().filter(e -> e.name().equals("common.a.jp"))).hasSize(1);
  }

  @Test
  void firstRowsAreThePrefixOfTheWholeSortedMerge() {
    Map<String, Predicate<String>> patterns = new LinkedHashMap<>();
    patterns.put("*.jp", subdomainOf("jp"));
    patterns.put("*.alpha.jp", subdomainOf("alpha.jp"));
    patterns.put("*.A.JP", subdomainOf("a.jp"));
    patterns.put("*", n -> true);
    patterns.put("www.*", glob("www.*"));
    patterns.put("*a*", glob("*a*"));
    patterns.put("www.alpha.jp", n -> n.equalsIgnoreCase("www.alpha.jp"));
    for (var p : patterns.entrySet()) {
      List<PassiveDnsQuery.Entry> whole = expected(p.getValue());
      assertThat(whole).as(p.getKey()).isNotEmpty();
      for (int limit : new int[] {1, 2, 3, 5, 17, 100, 1000, 0}) {
        int n = limit == 0 ? whole.size() : Math.min(limit, whole.size());
        assertThat(pdns.byName(p.getKey(), limit)).as(p.getKey() + " limit " + limit)
            .containsExactlyElementsOf(whole.subList(0, n));
      }
    }
  }

  @Test
  void byIpFirstRowsAreThePrefixOfTheWholeMerge() {
    for (String cidr : List.of("198.51.100.0/24", "198.51.100.7", "0.0.0.0/0", "2001:db8::/32", "::/0",
        "198.51.100.8/29")) {
      List<PassiveDnsQuery.Entry> whole = expectedByIp(cidr);
      assertThat(whole).as(cidr).isNotEmpty();
      for (int limit : new int[] {1, 2, 3, 10, 100, 0}) {
        int n = limit == 0 ? whole.size() : Math.min(limit, whole.size());
        assertThat(pdns.byIp(cidr, limit)).as(cidr + " limit " + limit).containsExactlyElementsOf(whole.subList(0, n));
      }
    }
    // the address text orders, not the key: 198.51.100.10 before 198.51.100.2
    assertThat(pdns.byIp("198.51.100.0/24", 0)).extracting(PassiveDnsQuery.Entry::data)
        .containsSubsequence("198.51.100.10", "198.51.100.2");
  }

  @Test
  void namesForClientFirstRowsAreThePrefixOfTheWholeMerge() {
    for (String cidr : List.of("10.0.0.0/24", "10.0.0.3", "10.0.0.2/31", "0.0.0.0/0", "::/0")) {
      IpRange range = IpRange.parse(cidr);
      List<PassiveDnsQuery.ClientEntry> whole = new ArrayList<>(expectedClients(n -> true).stream()
          .filter(e -> Arrays.compareUnsigned(NameKeys.ipKey(e.client()), range.low()) >= 0
              && Arrays.compareUnsigned(NameKeys.ipKey(e.client()), range.high()) <= 0)
          .toList());
      whole.sort(Comparator.comparing(PassiveDnsQuery.ClientEntry::client)
          .thenComparing((PassiveDnsQuery.ClientEntry e) -> e.name().toLowerCase(Locale.ROOT))
          .thenComparing(PassiveDnsQuery.ClientEntry::name));
      for (int limit : new int[] {1, 2, 5, 40, 200, 0}) {
        int n = limit == 0 ? whole.size() : Math.min(limit, whole.size());
        assertThat(pdns.namesForClient(cidr, limit)).as(cidr + " limit " + limit)
            .containsExactlyElementsOf(whole.subList(0, n));
      }
    }
    assertThat(pdns.namesForClient("10.0.0.0/24", 0)).hasSizeGreaterThan(40); // the limits above cut it
  }

  @Test
  void spellingsOfOneNameStayTwoRowsInOrder() {
    List<PassiveDnsQuery.Entry> rows = pdns.byName("*.alpha.jp", 0);
    List<String> names = rows.stream().map(PassiveDnsQuery.Entry::name).distinct().toList();
    assertThat(names).containsSubsequence("WWW.Alpha.jp", "www.alpha.jp"); // upper-case sorts first
    assertThat(names.indexOf("www.alpha.jp")).isEqualTo(names.indexOf("WWW.Alpha.jp") + 1);
  }

  @Test
  void perClientFirstRowsAreThePrefixOfTheWholeMerge() {
    Map<String, Predicate<String>> patterns = new LinkedHashMap<>();
    patterns.put("*.jp", subdomainOf("jp"));
    patterns.put("*.beta.jp", subdomainOf("beta.jp"));
    patterns.put("*", n -> true);
    patterns.put("api.*", glob("api.*"));
    for (var p : patterns.entrySet()) {
      List<PassiveDnsQuery.ClientEntry> whole = expectedClients(p.getValue());
      assertThat(whole).as(p.getKey()).isNotEmpty();
      for (int limit : new int[] {1, 2, 4, 9, 60, 0}) {
        int n = limit == 0 ? whole.size() : Math.min(limit, whole.size());
        assertThat(pdns.clientsForName(p.getKey(), limit)).as(p.getKey() + " limit " + limit)
            .containsExactlyElementsOf(whole.subList(0, n));
      }
    }
  }
}
