package org.dnslens.casework;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.dnslens.engine.ingest.IngestPipeline;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.ingest.DatabaseSink;
import org.dnslens.storage.ingest.SegmentCompaction;
import org.dnslens.storage.search.PassiveDnsQuery;
import org.dnslens.storage.search.PassiveDnsScan;
import org.dnslens.testdata.gen.CaptureGenerator;
import org.dnslens.testdata.gen.GeneratorConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4 (schema V9): {@code PDNS_IP} pages are postings without times, whose times and counts are read
 * from the {@code PDNS_NAME} entry of the same name, type and data. On real captures (every public capture
 * and the incident sample in one run, two generated captures in two more, so rows of one name and address
 * are summed across runs), passive DNS by address, streamed and queried, must be exactly the A/AAAA rows of
 * passive DNS by name, with the same first/last seen and counts: before and after compaction. Any name whose
 * key cannot be found again from its text (odd escapes, case variants, long names) would fail here.
 */
class PassiveDnsByAddressCorpusTest {
  @TempDir Path dir;

  private static final Comparator<PassiveDnsQuery.Entry> BY_DATA =
      Comparator.comparing(PassiveDnsQuery.Entry::data)
          .thenComparing(e -> e.name().toLowerCase(Locale.ROOT))
          .thenComparing(PassiveDnsQuery.Entry::name)
          .thenComparingInt(PassiveDnsQuery.Entry::type);

  @Test
  void byAddressIsByNameRegroupedWithTheSameTimes() throws Exception {
    List<Path> publicCaptures = new ArrayList<>(List.of(Path.of("../testdata/sample/incident-sample.pcapng.gz")));
    try (Stream<Path> s = Files.walk(Path.of("../testdata/pcaps"))) {
      s.filter(Files::isRegularFile)
          .filter(p -> p.toString().matches(".*\\.(pcap|pcapng|cap)(\\.gz)?$"))
          .sorted()
          .forEach(publicCaptures::add);
    }
    Path gen3 = dir.resolve("gen3.pcap");
    Path gen4 = dir.resolve("gen4.pcap");
    new CaptureGenerator(GeneratorConfig.defaults(3, 4_000)).write(gen3);
    new CaptureGenerator(GeneratorConfig.defaults(4, 4_000)).write(gen4);
    try (CaseDatabase db = CaseDatabase.open(dir.resolve("case"))) {
      for (List<Path> run : List.of(publicCaptures, List.of(gen3), List.of(gen4))) {
        IngestPipeline pipeline = new IngestPipeline(IngestPipeline.Config.defaults());
        try (DatabaseSink sink = DatabaseSink.open(db)) {
          pipeline.run(pipeline.describe(run), sink, IngestPipeline.MessageListener.NONE,
              IngestPipeline.Progress.NONE, () -> false);
        }
      }
      int checked = check(db);
      assertThat(checked).isGreaterThan(5_000);
      assertThat(SegmentCompaction.compact(db).owners()).isEqualTo(3);
      assertThat(check(db)).isEqualTo(checked);
    }
  }

  /** Compares by address with by name; returns the number of rows by address. */
  private static int check(CaseDatabase db) throws Exception {
    PassiveDnsScan scan = new PassiveDnsScan(db);
    List<PassiveDnsQuery.Entry> byName = new ArrayList<>();
    scan.all(byName::add);
    // what PDNS_IP is keyed by: A/AAAA data that is an address's own text
    List<PassiveDnsQuery.Entry> expected = new ArrayList<>(byName.stream()
        .filter(e -> (e.type() == 1 || e.type() == 28) && IpAddress.isLiteral(e.data())
            && IpAddress.parse(e.data()).toString().equals(e.data()))
        .toList());
    List<PassiveDnsQuery.Entry> byIp = new ArrayList<>();
    scan.byIp("0.0.0.0/0", byIp::add);
    scan.byIp("::/0", byIp::add);
    assertThat(byIp).hasSizeGreaterThan(1_000).allMatch(e -> e.count() > 0 && e.firstNanos() <= e.lastNanos());
    assertThat(byIp).containsExactlyInAnyOrderElementsOf(expected);

    // the interactive query: the first rows of a wide block, and single addresses (their rows whole)
    expected.sort(BY_DATA);
    PassiveDnsQuery q = new PassiveDnsQuery(db);
    List<PassiveDnsQuery.Entry> v4 = expected.stream().filter(e -> !e.data().contains(":")).toList();
    assertThat(q.byIp("0.0.0.0/0", 300)).containsExactlyElementsOf(v4.subList(0, Math.min(300, v4.size())));
    for (int i = 0; i < expected.size(); i += 97) {
      String address = expected.get(i).data();
      assertThat(q.byIp(address, 0)).as(address)
          .containsExactlyElementsOf(expected.stream().filter(e -> e.data().equals(address)).toList());
    }
    return byIp.size();
  }
}
