package org.dnslens.engine.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.dnslens.engine.model.Finding;
import org.dnslens.engine.model.FindingKind;
import org.dnslens.engine.model.RrType;
import org.dnslens.engine.model.Transaction;
import org.junit.jupiter.api.Test;

class DetectorSuiteTest {
  private final TxFixtures fx = new TxFixtures();

  @Test
  void runsEveryDetectorAndSortsFindingsByScore() {
    Random r = new Random(21);
    List<Transaction> txs = new ArrayList<>();
    // benign: 10 clients, random queries to a resolver
    for (int c = 1; c <= 10; c++) {
      for (int i = 0; i < 50; i++) {
        txs.add(fx.tx().client("10.0.0." + c).name("www.example.org").a("192.0.2.1", 3600)
            .atSeconds(r.nextDouble() * 3600).build());
      }
    }
    // a tunnel
    for (int i = 0; i < 200; i++) {
      StringBuilder label = new StringBuilder();
      for (int j = 0; j < 55; j++) {
        label.append("abcdefghijklmnopqrstuvwxyz234567".charAt(r.nextInt(32)));
      }
      txs.add(fx.tx().client("10.0.0.66").type(RrType.TXT).name(label + ".t.evil-tunnel.net")
          .atSeconds(100 + i * 5.0).build());
    }
    // a zone transfer
    txs.add(fx.tx().client("10.0.0.67").name("corp.example").type(RrType.AXFR).atSeconds(50).build());
    txs.sort(Comparator.comparingLong(Transaction::queryTimestampNanos));

    DetectorSuite suite = DetectorSuite.withDefaults();
    txs.forEach(suite::add);
    List<Finding> findings = suite.finish();

    assertThat(findings).extracting(Finding::kind)
        .containsExactly(FindingKind.TUNNELING, FindingKind.ODD_QUERY_TYPE);
    assertThat(findings.get(0).score()).isGreaterThanOrEqualTo(findings.get(1).score());
    assertThat(suite.overflowCount()).isZero();
    assertThat(suite.overflowCounts()).containsOnlyKeys(
        "tunneling", "beaconing", "nxdomain_burst", "resolver_bypass", "odd_types");
  }

  @Test
  void theResolversEchoOfATunnelIsNotReported() {
    Random r = new Random(22);
    List<Transaction> txs = new ArrayList<>();
    for (int c = 1; c <= 10; c++) {
      for (int i = 0; i < 20; i++) {
        txs.add(fx.tx().client("10.0.0." + c).role(org.dnslens.engine.model.Role.UNKNOWN)
            .atSeconds(r.nextDouble() * 3600).build());
      }
    }
    // both legs captured, roles unknown: the client asks the resolver, the resolver asks upstream
    for (int i = 0; i < 200; i++) {
      StringBuilder label = new StringBuilder();
      for (int j = 0; j < 55; j++) {
        label.append("abcdefghijklmnopqrstuvwxyz234567".charAt(r.nextInt(32)));
      }
      String name = label + ".t.evil-tunnel.net";
      txs.add(fx.tx().client("10.0.0.66").role(org.dnslens.engine.model.Role.UNKNOWN).type(RrType.TXT)
          .name(name).atSeconds(100 + i * 5.0).build());
      txs.add(fx.tx().client("10.0.0.53").server("198.51.100.1").role(org.dnslens.engine.model.Role.UNKNOWN)
          .type(RrType.TXT).name(name).atSeconds(100.01 + i * 5.0).build());
    }
    txs.sort(Comparator.comparingLong(Transaction::queryTimestampNanos));
    DetectorSuite suite = DetectorSuite.withDefaults();
    txs.forEach(suite::add);
    assertThat(suite.finish()).singleElement()
        .satisfies(f -> assertThat(f.client()).isEqualTo(TxFixtures.ip("10.0.0.66")));
    assertThat(suite.suppressedResolverFindings()).isEqualTo(1);
  }
}
