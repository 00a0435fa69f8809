package org.dnslens.storage.casefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Arrays;
import org.dnslens.storage.casefile.CaseDatabase.SchemaState;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history-table check that lets a current case open without Flyway: it must say CURRENT only for
 * exactly migrations 1..SCHEMA_VERSION, all successful, and leave everything else to Flyway or refuse it.
 * Real H2 files, their history written by Flyway through {@link CaseDatabase#open}.
 */
class CaseSchemaStateTest {
  @TempDir Path dir;

  @Test
  void schemaVersionIsTheHighestMigrationFlywayFinds() throws Exception {
    Path base = dir.resolve("scan");
    var pool = org.h2.jdbcx.JdbcConnectionPool.create("jdbc:h2:file:" + base, "sa", "");
    try {
      MigrationInfo[] all =
          Flyway.configure(CaseDatabase.class.getClassLoader())
              .dataSource(pool)
              .table(CaseDatabase.HISTORY_TABLE)
              .locations("classpath:db/migration", "classpath:org/dnslens/storage/migration")
              .load()
              .info()
              .all();
      int highest = Arrays.stream(all).mapToInt(m -> Integer.parseInt(m.getVersion().getVersion())).max().orElseThrow();
      assertThat(all).hasSize(CaseDatabase.SCHEMA_VERSION - CaseDatabase.NOT_SHIPPED.size());
      assertThat(highest)
          .as("CaseDatabase.SCHEMA_VERSION must be raised with every new migration")
          .isEqualTo(CaseDatabase.SCHEMA_VERSION);
    } finally {
      pool.dispose();
    }
  }

  @Test
  void aCaseMadeByFlywayIsCurrent() throws Exception {
    Path base = newCase("fresh");
    try (Connection c = connect(base)) {
      assertThat(CaseDatabase.schemaState(c).state()).isEqualTo(SchemaState.CURRENT);
    }
  }

  @Test
  void anEmptyDatabaseIsLeftToFlyway() throws Exception {
    try (Connection c = connect(dir.resolve("empty"))) {
      assertThat(CaseDatabase.schemaState(c).state()).isEqualTo(SchemaState.OTHER);
    }
  }

  @Test
  void aMissingMigrationIsLeftToFlywayWhichAppliesIt() throws Exception {
    Path base = newCase("older");
    try (Connection c = connect(base)) {
      // as if the last migration had not run yet (it only raises the version: running it again is harmless)
      c.createStatement().execute(historyDelete("\"version\" = '" + CaseDatabase.SCHEMA_VERSION + "'"));
      assertThat(CaseDatabase.schemaState(c).state()).isEqualTo(SchemaState.OTHER);
    }
    CaseDatabase.open(base).close();
    try (Connection c = connect(base)) {
      assertThat(CaseDatabase.schemaState(c).state()).isEqualTo(SchemaState.CURRENT);
    }
  }

  @Test
  void aFailedMigrationRowIsNotCurrent() throws Exception {
    Path base = newCase("failed");
    try (Connection c = connect(base)) {
      c.createStatement().execute(
          "UPDATE \"" + CaseDatabase.HISTORY_TABLE + "\" SET \"success\" = FALSE WHERE \"version\" = '2'");
      assertThat(CaseDatabase.schemaState(c).state()).isEqualTo(SchemaState.OTHER);
    }
  }

  @Test
  void aFutureMigrationIsRefusedWithItsVersion() throws Exception {
    Path base = newCase("future");
    try (Connection c = connect(base)) {
      c.createStatement().execute(insertFuture(42));
      CaseDatabase.Schema s = CaseDatabase.schemaState(c);
      assertThat(s.state()).isEqualTo(SchemaState.NEWER);
      assertThat(s.highest()).isEqualTo(42);
    }
    assertThatThrownBy(() -> CaseDatabase.open(base))
        .isInstanceOf(CaseException.class)
        .hasMessageContaining("written by a newer dnslens (case schema version 42)");
    assertThatThrownBy(() -> CaseDatabase.openReadOnly(base))
        .isInstanceOf(CaseException.class)
        .hasMessageContaining("newer dnslens");
  }

  private Path newCase(String name) throws CaseException {
    Path base = dir.resolve(name);
    CaseDatabase.open(base).close();
    return base;
  }

  private static Connection connect(Path base) throws SQLException {
    return DriverManager.getConnection("jdbc:h2:file:" + base, "sa", "");
  }

  private static String historyDelete(String where) {
    return "DELETE FROM \"" + CaseDatabase.HISTORY_TABLE + "\" WHERE " + where;
  }

  private static String insertFuture(int version) {
    return "INSERT INTO \"" + CaseDatabase.HISTORY_TABLE + "\" (\"installed_rank\", \"version\", \"description\","
        + " \"type\", \"script\", \"checksum\", \"installed_by\", \"execution_time\", \"success\")"
        + " VALUES (" + version + ", '" + version + "', 'from the future', 'SQL', 'V" + version + "__future.sql', 0, 'sa', 1, TRUE)";
  }
}
