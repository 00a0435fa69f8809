package org.dnslens.casework;

import static org.assertj.core.api.Assertions.assertThat;

import org.dnslens.casework.CaseExport.Request;
import org.dnslens.casework.CaseExport.What;
import org.dnslens.engine.export.ExportFormat;
import org.dnslens.storage.search.SearchQuery;
import org.junit.jupiter.api.Test;

/** Which what/format/filter combinations an export accepts (the CLI and the GUI both ask these rules). */
class CaseExportRulesTest {
  static Request req(What w, ExportFormat f, SearchQuery q) {
    return new Request(w, f, q, Long.MAX_VALUE, null);
  }

  @Test
  void everyListedFormatIsAcceptedAndEveryOtherRefusedInOneSentence() {
    for (What w : What.values()) {
      for (ExportFormat f : ExportFormat.values()) {
        String no = CaseExport.refusal(req(w, f, SearchQuery.all()), false);
        if (w.formats().contains(f)) {
          assertThat(no).as(w + " " + f).isNull();
        } else {
          assertThat(no).as(w + " " + f).isNotNull().endsWith(".").doesNotContain("\n");
        }
      }
    }
    assertThat(What.records.formats()).allMatch(ExportFormat::carriesRecords);
    assertThat(What.transactions.formats()).doesNotContain(ExportFormat.cof);
  }

  @Test
  void filtersApplyWhereTheyMeanSomething() {
    SearchQuery client = SearchQuery.all().withClient("10.0.0.0/8");
    assertThat(CaseExport.refusal(req(What.transactions, ExportFormat.json, client), true)).isNull();
    assertThat(CaseExport.refusal(req(What.pdns, ExportFormat.cof, client), false)).contains("--name");
    assertThat(CaseExport.refusal(req(What.pdns, ExportFormat.cof, SearchQuery.all().withDomain("x.test")), false)).isNull();
    assertThat(CaseExport.refusal(
        req(What.pdns, ExportFormat.cof, SearchQuery.all().withDomain("x.test").withIp("10.0.0.1")), false)).isNotNull();
    assertThat(CaseExport.refusal(req(What.findings, ExportFormat.json, SearchQuery.all().withName("a.test")), false))
        .contains("no search filters");
    assertThat(CaseExport.refusal(req(What.ioc_hits, ExportFormat.csv, SearchQuery.all()), true)).contains("deliveries");
  }

  @Test
  void labelsParseBothWays() {
    assertThat(What.parse("ioc-hits")).isEqualTo(What.ioc_hits);
    assertThat(What.parse("IOC_HITS")).isEqualTo(What.ioc_hits);
    assertThat(What.parse("everything")).isNull();
    assertThat(ExportFormat.parse(" MsgPack ")).isEqualTo(ExportFormat.msgpack);
    assertThat(ExportFormat.parse("xml")).isNull();
  }
}
