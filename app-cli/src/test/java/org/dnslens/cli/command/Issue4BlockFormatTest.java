package org.dnslens.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.layout.BlobCodec;
import org.dnslens.storage.layout.TxBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4 (packed block wire, schema V7): blocks written before V7 (the one-run case of {@code v4case/}, see
 * its README) are read exactly as the code before V7 read them, every transaction of the export with its
 * decoded messages; an ingest into that case adds packed blocks beside them and both read.
 */
class Issue4BlockFormatTest {
  @Test
  void oldBlocksReadAsBeforeBesidePackedOnes(@TempDir Path dir) throws Exception {
    Path caseFile = Issue4PageFormatTest.unpackCase("one-run.mv.db.gz", dir);
    String c = dir.resolve("case").toString();
    List<String> golden = Issue4PageFormatTest.golden("one-run-transactions");
    assertThat(golden).hasSize(360);
    assertThat(export(c, dir.resolve("before.jsonl"))).containsExactlyElementsOf(golden);
    assertThat(blockFormats(caseFile)).containsOnlyKeys(TxBlock.FORMAT_PLAIN);

    ReadCommandTest.Run ingest = ReadCommandTest.run("ingest", "--case", c, "--no-progress",
        "../testdata/pcaps/ndpi/dns_ambiguous_names.pcap", "../testdata/pcaps/ndpi/dns-invalid-chars.pcap");
    assertThat(ingest.exit()).as(ingest.err()).isZero();
    assertThat(blockFormats(caseFile)).containsKeys(TxBlock.FORMAT_PLAIN, TxBlock.FORMAT_PACKED_WIRE);
    List<String> after = export(c, dir.resolve("after.jsonl"));
    assertThat(after).hasSizeGreaterThan(golden.size()).containsAll(golden);

    // the new run's transactions, searched by name, come back through their packed wire
    ReadCommandTest.Run search = ReadCommandTest.run("search", "--case", c, "--format", "json", "--limit", "1000");
    assertThat(search.exit()).as(search.err()).isZero();
    assertThat(search.lines()).hasSize(after.size());
  }

  private static List<String> export(String c, Path out) throws IOException {
    ReadCommandTest.Run r = ReadCommandTest.run(
        "export", "--case", c, "--what", "transactions", "--format", "json", "-o", out.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    return Files.readAllLines(out);
  }

  /** Blocks of the case counted by summary format. */
  private static Map<Integer, Integer> blockFormats(Path caseFile) throws Exception {
    Map<Integer, Integer> formats = new TreeMap<>();
    try (CaseDatabase db = CaseDatabase.openExisting(caseFile);
        BlobCodec codec = new BlobCodec()) {
      db.jdbi().useHandle(h -> h.createQuery("SELECT first_tx_id, data FROM tx_block b JOIN tx_block_summary s ON s.block_id = b.id")
          .map((rs, ctx) -> TxBlock.decode(codec.decompress(rs.getBytes(2)), rs.getLong(1)).format)
          .forEach(f -> formats.merge(f, 1, Integer::sum)));
    }
    return formats;
  }
}
