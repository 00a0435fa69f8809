package org.dnslens.storage.layout;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dnslens.storage.TxFixtures;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.ingest.DatabaseSink;
import org.dnslens.storage.search.PassiveDnsQuery;
import org.dnslens.storage.search.SearchQuery;
import org.dnslens.storage.search.StoredTransaction;
import org.dnslens.storage.search.TransactionSearch;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cases written before V6 hold DEFLATE blobs, and V6 does not rewrite them: a case is made, every one of
 * its blobs is turned back into the old layout in place (as a pre-V6 dnslens would have stored them), and
 * the reopened case must answer exactly as before, then take a new run (zstd) beside the old ones.
 */
class OldDeflateBlobsTest {
  private static final String[] BLOB_TABLES = {
    "tx_block_summary:block_id", "tx_block_wire:block_id", "seg_page_data:page_id"
  };

  private static List<TxFixtures.Spec> run(int run, int n) {
    List<TxFixtures.Spec> specs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      specs.add(TxFixtures.answered(1_000_000L * run + i + 1, 1_000_000L * (3L * i + run), "10.0." + run + "." + (i % 40),
          (i % 5 == 0 ? "often" : "n" + i + "-" + run) + ".example.org", "192.0.2." + (i % 250)));
    }
    return specs;
  }

  @Test
  void aCaseOfDeflateBlobsReadsAsBeforeAndTakesZstdRunsBesideThem(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("case");
    List<StoredTransaction> before;
    List<PassiveDnsQuery.Entry> pdnsBefore;
    try (CaseDatabase db = CaseDatabase.open(file)) {
      try (DatabaseSink sink = DatabaseSink.open(db)) {
        TxFixtures.ingest(sink, List.of(TxFixtures.source(0, TxFixtures.sha(1))), run(0, 2 * TxBlock.MAX_TRANSACTIONS + 9));
      }
      before = new TransactionSearch(db).search(SearchQuery.all().withLimit(100_000));
      pdnsBefore = new PassiveDnsQuery(db).byName("*.example.org", 0);
      assertThat(before).hasSize(2 * TxBlock.MAX_TRANSACTIONS + 9);
      assertThat(rewriteAsDeflate(db)).isGreaterThan(6); // 3 blocks x 2 blobs + the run's pages
    }
    try (CaseDatabase db = CaseDatabase.open(file)) {
      assertThat(firstBytes(db)).doesNotContain(0); // no tagged blob is left
      assertThat(new TransactionSearch(db).search(SearchQuery.all().withLimit(100_000)))
          .usingRecursiveFieldByFieldElementComparator()
          .containsExactlyElementsOf(before);
      assertThat(new PassiveDnsQuery(db).byName("*.example.org", 0))
          .usingRecursiveFieldByFieldElementComparator()
          .containsExactlyElementsOf(pdnsBefore);
      // One result's wire bytes only (the partial read of an old blob).
      StoredTransaction one = new TransactionSearch(db).search(SearchQuery.all().withName("n7-0.example.org")).get(0);
      assertThat(one).usingRecursiveComparison().isEqualTo(before.stream().filter(t -> t.id() == one.id()).findFirst().get());

      try (DatabaseSink sink = DatabaseSink.open(db)) {
        TxFixtures.ingest(sink, List.of(TxFixtures.source(0, TxFixtures.sha(2))), run(1, TxBlock.MAX_TRANSACTIONS + 3));
      }
      assertThat(firstBytes(db)).contains(0).anyMatch(b -> b != 0); // both layouts in one case
      TransactionSearch s = new TransactionSearch(db);
      assertThat(s.count(SearchQuery.all())).isEqualTo(3 * TxBlock.MAX_TRANSACTIONS + 12);
      assertThat(s.count(SearchQuery.all().withName("often.example.org")))
          .isEqualTo((2 * TxBlock.MAX_TRANSACTIONS + 9 + 4) / 5 + (TxBlock.MAX_TRANSACTIONS + 3 + 4) / 5);
      assertThat(s.search(SearchQuery.all().withLimit(100_000)))
          .allMatch(t -> t.queryWire() != null && t.replyWire() != null);
      assertThat(new PassiveDnsQuery(db).byName("often.example.org", 0)).isNotEmpty();
    }
  }

  /** Every blob of the case decompressed and stored again as DEFLATE; the number of blobs rewritten. */
  private static int rewriteAsDeflate(CaseDatabase db) throws Exception {
    int n = 0;
    try (BlobCodec codec = new BlobCodec();
        Handle h = db.jdbi().open()) {
      Connection c = h.getConnection();
      for (String t : BLOB_TABLES) {
        String table = t.split(":")[0];
        String key = t.split(":")[1];
        Map<Long, byte[]> old = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + key + ", data FROM " + table);
            ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            old.put(rs.getLong(1), rs.getBytes(2));
          }
        }
        try (PreparedStatement up = c.prepareStatement("UPDATE " + table + " SET data = ? WHERE " + key + " = ?")) {
          for (Map.Entry<Long, byte[]> e : old.entrySet()) {
            assertThat(e.getValue()[0]).isEqualTo((byte) BlobCodec.TAG);
            byte[] raw = codec.decompress(e.getValue());
            up.setBytes(1, codec.compressDeflate(raw, raw.length));
            up.setLong(2, e.getKey());
            up.executeUpdate();
            n++;
          }
        }
      }
    }
    return n;
  }

  private static List<Integer> firstBytes(CaseDatabase db) throws Exception {
    List<Integer> out = new ArrayList<>();
    try (Handle h = db.jdbi().open()) {
      Connection c = h.getConnection();
      for (String t : BLOB_TABLES) {
        try (PreparedStatement ps = c.prepareStatement("SELECT data FROM " + t.split(":")[0]);
            ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(rs.getBytes(1)[0] & 0xFF);
          }
        }
      }
    }
    return out;
  }
}
