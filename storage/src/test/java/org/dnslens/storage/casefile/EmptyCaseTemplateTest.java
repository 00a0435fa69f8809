package org.dnslens.storage.casefile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.dnslens.storage.casefile.CaseDatabase.SchemaState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The empty case new cases are copied from (made by the build's {@code process-classes} step): a case
 * made from it must be the case Flyway makes, and {@link CaseDatabase#open} must really use it. Real H2
 * files throughout.
 */
class EmptyCaseTemplateTest {
  @TempDir Path dir;

  @Test
  void theBuildCarriesTheTemplate() {
    assertThat(EmptyCaseTemplate.class.getResource(EmptyCaseTemplate.RESOURCE))
        .as("storage/pom.xml's empty-case-template step did not run")
        .isNotNull();
  }

  @Test
  void aNewCaseIsACopyOfTheTemplate() throws Exception {
    Path copy = dir.resolve("template" + CaseDatabase.FILE_SUFFIX);
    assertThat(EmptyCaseTemplate.copyTo(copy)).isTrue();
    Path opened = dir.resolve("opened");
    CaseDatabase.open(opened).close();
    // Flyway stamps each history row with the time it ran: a case Flyway made at open would have its own.
    assertThat(history(opened, "\"installed_on\""))
        .hasSize(CaseDatabase.SCHEMA_VERSION + 1)
        .isEqualTo(history(base(copy), "\"installed_on\""));
  }

  @Test
  void aCaseFromTheTemplateIsTheCaseFlywayMakes() throws Exception {
    Path fromTemplate = dir.resolve("copied");
    CaseDatabase.open(fromTemplate).close();
    Path byFlyway = dir.resolve("migrated");
    CaseDatabase.buildSchema(byFlyway.toString(), byFlyway);
    CaseDatabase.openExisting(byFlyway).close(); // as an open leaves it (H2 keeps the open's CACHE_SIZE)

    assertThat(ddl(fromTemplate)).isNotEmpty().isEqualTo(ddl(byFlyway));
    String historyColumns = "\"installed_rank\", \"version\", \"description\", \"type\", \"script\", \"checksum\", \"success\"";
    assertThat(history(fromTemplate, historyColumns))
        .hasSize(CaseDatabase.SCHEMA_VERSION + 1)
        .isEqualTo(history(byFlyway, historyColumns));
    try (Connection c = connect(byFlyway)) {
      assertThat(CaseDatabase.schemaState(c).state()).isEqualTo(SchemaState.CURRENT);
    }
  }

  @Test
  void theBuildStepWritesACurrentCase() throws Exception {
    Path out = dir.resolve("sub/made" + CaseDatabase.FILE_SUFFIX);
    EmptyCaseTemplate.main(new String[] {out.toString()});
    try (var files = Files.list(out.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("made" + CaseDatabase.FILE_SUFFIX);
    }
    try (Connection c = connect(base(out))) {
      assertThat(CaseDatabase.schemaState(c).state()).isEqualTo(SchemaState.CURRENT);
    }
    try (CaseDatabase db = CaseDatabase.openExisting(out)) {
      assertThat(db.meta("format")).contains("dnslens-case");
    }
  }

  @Test
  void withoutTheResourceNothingIsWritten() throws Exception {
    Path target = dir.resolve("none" + CaseDatabase.FILE_SUFFIX);
    assertThat(EmptyCaseTemplate.copyTo("no-such-template.mv.db", target)).isFalse();
    assertThat(target).doesNotExist();
  }

  /** The schema as H2 scripts it, less the user line (its salt and hash are random per database). */
  private static List<String> ddl(Path base) throws SQLException {
    List<String> lines = new ArrayList<>();
    try (Connection c = connect(base);
        var st = c.createStatement();
        ResultSet rs = st.executeQuery("SCRIPT NODATA")) {
      while (rs.next()) {
        String line = rs.getString(1);
        if (!line.startsWith("CREATE USER")) {
          lines.add(line);
        }
      }
    }
    return lines;
  }

  private static List<String> history(Path base, String columns) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = connect(base);
        var st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT " + columns + " FROM \"" + CaseDatabase.HISTORY_TABLE + "\" ORDER BY \"installed_rank\"")) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          row.append(rs.getString(i)).append('|');
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }

  private static Path base(Path mvDb) {
    String s = mvDb.toString();
    return Path.of(s.substring(0, s.length() - CaseDatabase.FILE_SUFFIX.length()));
  }

  private static Connection connect(Path base) throws SQLException {
    return DriverManager.getConnection("jdbc:h2:file:" + base + ";TRACE_LEVEL_FILE=0", "sa", "");
  }
}
