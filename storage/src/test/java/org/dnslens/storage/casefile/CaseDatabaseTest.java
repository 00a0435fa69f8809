package org.dnslens.storage.casefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;
import org.dnslens.storage.TxFixtures;
import org.dnslens.storage.ingest.DatabaseSink;
import org.dnslens.storage.search.SearchQuery;
import org.dnslens.storage.search.TransactionSearch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaseDatabaseTest {
  @TempDir Path dir;

  @Test
  void baseNameAndMvDbNameAreTheSameCase() throws Exception {
    try (CaseDatabase db = CaseDatabase.open(dir.resolve("c1"))) {
      assertThat(db.file()).isEqualTo(dir.resolve("c1.mv.db").toAbsolutePath());
      assertThat(db.meta("format")).contains("dnslens-case");
    }
    try (CaseDatabase db = CaseDatabase.openExisting(dir.resolve("c1.mv.db"))) {
      assertThat(db.file()).exists();
    }
  }

  @Test
  void missingCaseIsRefusedForReading() {
    assertThatThrownBy(() -> CaseDatabase.openExisting(dir.resolve("nope")))
        .isInstanceOf(CaseException.class)
        .hasMessageContaining("no case at");
  }

  @Test
  void randomFileIsRefused() throws Exception {
    Path f = dir.resolve("junk.mv.db");
    Files.writeString(f, "this is not a database", StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> CaseDatabase.open(f))
        .isInstanceOf(CaseException.class)
        .hasMessageContaining("is not a dnslens case");
  }

  @Test
  void foreignH2DatabaseIsRefused() throws Exception {
    Path base = dir.resolve("other");
    try (var c = DriverManager.getConnection("jdbc:h2:file:" + base, "sa", "")) {
      c.createStatement().execute("CREATE TABLE customers (id INT)");
    }
    assertThatThrownBy(() -> CaseDatabase.open(base))
        .isInstanceOf(CaseException.class)
        .hasMessageContaining("not a dnslens case");
  }

  @Test
  void newerSchemaIsRefused() throws Exception {
    Path base = dir.resolve("future");
    CaseDatabase.open(base).close();
    try (var c = DriverManager.getConnection("jdbc:h2:file:" + base, "sa", "")) {
      c.createStatement().execute(
          "INSERT INTO \"" + CaseDatabase.HISTORY_TABLE + "\" (\"installed_rank\", \"version\", \"description\","
              + " \"type\", \"script\", \"checksum\", \"installed_by\", \"execution_time\", \"success\")"
              + " VALUES (99, '99', 'from the future', 'SQL', 'V99__future.sql', 0, 'sa', 1, TRUE)");
    }
    assertThatThrownBy(() -> CaseDatabase.open(base))
        .isInstanceOf(CaseException.class)
        .hasMessageContaining("newer dnslens");
  }

  @Test
  void twoOpensAtOnceSeeTheSameData() throws Exception {
    Path base = dir.resolve("shared");
    try (CaseDatabase a = CaseDatabase.open(base);
        CaseDatabase b = CaseDatabase.open(base)) {
      try (DatabaseSink sink = DatabaseSink.open(a)) {
        TxFixtures.ingest(sink, List.of(TxFixtures.source(0, TxFixtures.sha(5))),
            List.of(TxFixtures.answered(1, 10, "10.0.0.1", "x.example", "192.0.2.1")));
      }
      assertThat(new TransactionSearch(b).count(SearchQuery.all())).isEqualTo(1);
      assertThat(b.alreadyIngested(TxFixtures.sha(5))).isTrue();
    }
  }

  @Test
  void reopenKeepsData() throws Exception {
    Path base = dir.resolve("again");
    try (CaseDatabase a = CaseDatabase.open(base); DatabaseSink sink = DatabaseSink.open(a)) {
      TxFixtures.ingest(sink, List.of(TxFixtures.source(0, TxFixtures.sha(6))),
          List.of(TxFixtures.answered(1, 10, "10.0.0.1", "x.example", "192.0.2.1")));
    }
    try (CaseDatabase b = CaseDatabase.openExisting(base)) {
      assertThat(new TransactionSearch(b).count(SearchQuery.all())).isEqualTo(1);
    }
  }
}
