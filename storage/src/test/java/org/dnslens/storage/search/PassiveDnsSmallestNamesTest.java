package org.dnslens.storage.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dnslens.storage.TxFixtures.answered;
import static org.dnslens.storage.TxFixtures.sha;
import static org.dnslens.storage.TxFixtures.source;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.dnslens.storage.TxFixtures;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.ingest.DatabaseSink;
import org.dnslens.storage.ingest.SegmentCompaction;
import org.dnslens.storage.layout.AggregateCodec;
import org.dnslens.storage.layout.ByteReader;
import org.dnslens.storage.layout.SegmentKind;
import org.dnslens.storage.layout.SegmentPage;
import org.dnslens.storage.layout.SegmentPageReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code PDNS_NAME} pages carry their smallest name (schema V12), and {@code pdns name} reads pages in that
 * order, skips those that cannot hold one of its first rows, and shares the pages between two threads: its rows
 * must stay exactly the first rows of the whole merge, computed here from the transactions themselves. The case
 * is a real H2 file of three ingest runs, large enough for dozens of pages per run (so the pages are shared out
 * in several batches and many are skipped), whose names overlap between runs (a row summed from three runs'
 * pages, which the two threads may see apart). Pages without a smallest name (an older case) must give the same
 * rows, and {@code compact} must give them one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PassiveDnsSmallestNamesTest {
  private static final int RUNS = 3;
  private static final int PER_RUN = 12_000;

  private Path dir;
  private final List<TxFixtures.Spec> all = new ArrayList<>();

  @BeforeAll
  void ingest(@TempDir Path tmp) throws Exception {
    dir = tmp;
    Random rnd = new Random(20261203);
    String[] firstLabels = {"_imaps._tcp", "_keys", "www", "api", "mail", "a", "z9", "cdn.edge", "Www"};
    String[] tlds = {"jp", "com", "io"};
    try (CaseDatabase db = CaseDatabase.open(dir.resolve("names"))) {
      for (int run = 0; run < RUNS; run++) {
        List<TxFixtures.Spec> specs = new ArrayList<>();
        for (int i = 0; i < PER_RUN; i++) {
          // ~4 000 domains per TLD, each with a few names: the first rows of *.jp are the _imaps names of
          // the alphabetically first domains, spread over every page of the range
          String domain = "d" + rnd.nextInt(4000) + "." + tlds[rnd.nextInt(tlds.length)];
          String name = firstLabels[rnd.nextInt(firstLabels.length)] + "." + domain;
          String[] ips = new String[4]; // four rows per transaction: more pages for the same ingest
          for (int k = 0; k < ips.length; k++) {
            ips[k] = "198.51." + rnd.nextInt(4) + "." + (1 + rnd.nextInt(200));
          }
          specs.add(answered(1 + i, 1_000 + run * 100_000_000L + i * 1_000L, "10.0.0." + (1 + rnd.nextInt(5)),
              name, ips));
        }
        try (DatabaseSink sink = DatabaseSink.open(db)) {
          TxFixtures.ingest(sink, List.of(source(0, sha(300 + run))), specs);
        }
        all.addAll(specs);
      }
    }
  }

  /** Every row of names {@code wanted} accepts, summed over the runs, in the query's order. */
  private List<PassiveDnsQuery.Entry> expected(Predicate<String> wanted) {
    return TxFixtures.passiveDnsRows(all, wanted);
  }

  private void assertFirstRows(CaseDatabase db) {
    PassiveDnsQuery pdns = new PassiveDnsQuery(db);
    Map<String, Predicate<String>> patterns = new LinkedHashMap<>();
    patterns.put("*.jp", n -> n.toLowerCase(Locale.ROOT).endsWith(".jp"));
    patterns.put("*.d17.io", n -> n.toLowerCase(Locale.ROOT).endsWith(".d17.io"));
    patterns.put("*", n -> true);
    patterns.put("www.*", n -> n.toLowerCase(Locale.ROOT).startsWith("www."));
    String exact = all.get(0).qname(); // an exact name: its one key's pages
    patterns.put(exact, n -> n.equalsIgnoreCase(exact));
    for (var p : patterns.entrySet()) {
      List<PassiveDnsQuery.Entry> whole = expected(p.getValue());
      assertThat(whole).as(p.getKey()).isNotEmpty();
      for (int limit : new int[] {1, 7, 1000, 0}) {
        int n = Math.min(limit == 0 ? PassiveDnsQuery.MAX_ROWS : limit, whole.size());
        assertThat(pdns.byName(p.getKey(), limit)).as(p.getKey() + " limit " + limit)
            .containsExactlyElementsOf(whole.subList(0, n));
      }
    }
  }

  /** The smallest lower-case name of each {@code PDNS_NAME} page's entries, read entry by entry. */
  private static Map<Long, String> smallestNamesOfEntries(CaseDatabase db) {
    Map<Long, String> out = new LinkedHashMap<>();
    AggregateCodec codec = AggregateCodec.of(SegmentKind.PDNS_NAME);
    db.jdbi().useHandle(h -> {
      try (SegmentPageReader reader = new SegmentPageReader(h.getConnection())) {
        for (CaseDirectory.Page p : CaseDirectory.of(db).pages(SegmentKind.PDNS_NAME, null, null)) {
          String[] min = {null};
          SegmentPage.scan(reader.page(p.id()), null, null, (key, len, d, off, vlen) -> {
            ByteReader r = codec.open(d, off, vlen);
            String name = r.readString();
            String lower = (name.isEmpty()
                ? TransactionSearch.forward(new String(key, 0, len, StandardCharsets.UTF_8)) : name)
                .toLowerCase(Locale.ROOT);
            min[0] = min[0] == null || lower.compareTo(min[0]) < 0 ? lower : min[0];
            return true;
          });
          out.put(p.id(), min[0]);
        }
      }
    });
    return out;
  }

  @Test
  void everyPageCarriesItsSmallestNameAndMostOfAWildcardsPagesCannotHoldItsFirstRows() throws Exception {
    try (CaseDatabase db = CaseDatabase.openExisting(dir.resolve("names"))) {
      CaseDirectory directory = CaseDirectory.of(db);
      List<CaseDirectory.Page> pages = directory.pages(SegmentKind.PDNS_NAME, null, null);
      Map<Long, String> entries = smallestNamesOfEntries(db);
      assertThat(pages).hasSizeGreaterThan(2 * CaseDirectory.IN_BATCH); // shared out in several batches
      for (CaseDirectory.Page p : pages) {
        assertThat(p.smallestName()).as("page " + p.id()).isNotNull().isEqualTo(entries.get(p.id()));
      }
      // the skip is exercised: pages of *.jp whose smallest name sorts after its 1 000th row
      String bound = expected(n -> n.toLowerCase(Locale.ROOT).endsWith(".jp")).get(999).name().toLowerCase(Locale.ROOT);
      PassiveDnsQuery.NameMatch jp = PassiveDnsQuery.nameMatch("*.jp");
      List<CaseDirectory.Page> range = directory.pages(SegmentKind.PDNS_NAME, jp.lo(), jp.hi());
      assertThat(range).hasSizeGreaterThan((SharedPageWork.MIN_SHARED_BATCHES - 1) * CaseDirectory.IN_BATCH);
      long skippable = range.stream().filter(p -> p.smallestName().compareTo(bound) > 0).count();
      assertThat(skippable).as("of " + range.size()).isGreaterThan(range.size() / 4);
      assertFirstRows(db);
    }
  }

  @Test
  void pagesWithoutSmallestNamesGiveTheSameRowsAndCompactionGivesThemOne() throws Exception {
    Path copy = dir.resolve("older");
    java.nio.file.Files.copy(CaseDatabase.caseFile(dir.resolve("names")), CaseDatabase.caseFile(copy));
    try (CaseDatabase db = CaseDatabase.openExisting(copy)) {
      db.jdbi().useHandle(h -> h.execute("UPDATE seg_page SET min_name = NULL")); // as written before V12
    }
    try (CaseDatabase db = CaseDatabase.openExisting(copy)) {
      assertThat(CaseDirectory.of(db).pages(SegmentKind.PDNS_NAME, null, null))
          .allSatisfy(p -> assertThat(p.smallestName()).isNull());
      assertFirstRows(db);
      SegmentCompaction.compact(db);
      List<CaseDirectory.Page> pages = CaseDirectory.of(db).pages(SegmentKind.PDNS_NAME, null, null);
      assertThat(pages).extracting(CaseDirectory.Page::run).containsOnly(pages.get(0).run()); // one set now
      Map<Long, String> entries = smallestNamesOfEntries(db);
      assertThat(pages).allSatisfy(p -> assertThat(p.smallestName()).isEqualTo(entries.get(p.id())));
      assertFirstRows(db);
      // a single run whose pages lack them is rewritten too (an old compacted case)
      db.jdbi().useHandle(h -> h.execute("UPDATE seg_page SET min_name = NULL"));
      assertThat(SegmentCompaction.compact(db).owners()).isEqualTo(1);
    }
    try (CaseDatabase db = CaseDatabase.openExisting(copy)) {
      assertThat(CaseDirectory.of(db).pages(SegmentKind.PDNS_NAME, null, null))
          .allSatisfy(p -> assertThat(p.smallestName()).isNotNull());
      assertFirstRows(db);
    }
  }
}
