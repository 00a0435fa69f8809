package org.dnslens.engine.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.dnslens.engine.model.Finding;
import org.dnslens.engine.model.FindingKind;
import org.dnslens.engine.model.RrType;
import org.dnslens.engine.model.Transaction;
import org.junit.jupiter.api.Test;

class OddTypeDetectorTest {
  private final TxFixtures fx = new TxFixtures();

  private List<Transaction> background() {
    List<Transaction> out = new ArrayList<>();
    for (int c = 1; c <= 10; c++) {
      for (int i = 0; i < 20; i++) {
        out.add(fx.tx().client("10.0.0." + c).name("www.example.org").a("192.0.2.10", 3600)
            .atSeconds(c * 10 + i).build());
      }
    }
    // two ANY queries (below 5) from a legacy mail server
    out.add(fx.tx().client("10.0.0.2").name("example.org").type(RrType.ANY).build());
    out.add(fx.tx().client("10.0.0.2").name("example.net").type(RrType.ANY).build());
    // a CDN-like name: many addresses, short TTL, but one /16
    for (int i = 0; i < 30; i++) {
      out.add(fx.tx().client("10.0.0.4").name("assets.shop.example").a("198.51." + (i % 3) + "." + i, 60)
          .atSeconds(i * 60).build());
    }
    return out;
  }

  private static List<Finding> run(Detector d, List<Transaction> txs) {
    txs.forEach(d::add);
    return d.finish();
  }

  @Test
  void zoneTransferFromAClient() {
    List<Transaction> txs = background();
    txs.add(fx.tx().client("10.0.0.66").name("corp.example").type(RrType.AXFR).atSeconds(500).build());
    assertThat(run(new OddTypeDetector(DetectionConfig.defaults()), txs)).singleElement().satisfies(f -> {
      assertThat(f.kind()).isEqualTo(FindingKind.ODD_QUERY_TYPE);
      assertThat(f.client()).isEqualTo(TxFixtures.ip("10.0.0.66"));
      assertThat(f.score()).isEqualTo(70);
      assertThat(f.explanation()).isEqualTo("host 10.0.0.66 sent 1 AXFR/IXFR query in 0 s, for corp.example");
    });
  }

  @Test
  void nullQueriesAndManyAny() {
    List<Transaction> txs = background();
    txs.add(fx.tx().client("10.0.0.67").name("a.tun.example").type(RrType.NULL).build());
    for (int i = 0; i < 60; i++) {
      txs.add(fx.tx().client("10.0.0.68").name("victim" + (i % 3) + ".example").type(RrType.ANY).build());
    }
    List<Finding> findings = run(new OddTypeDetector(DetectionConfig.defaults()), txs);
    assertThat(findings).extracting(Finding::score).containsExactly(65, 60);
    assertThat(findings).extracting(f -> f.client().toString()).containsExactly("10.0.0.67", "10.0.0.68");
  }

  @Test
  void fastFluxAcrossManyNetworks() {
    List<Transaction> txs = background();
    for (int i = 0; i < 12; i++) {
      txs.add(fx.tx().client("10.0.0.5").name("flux.bad-domain.example")
          .a((20 + i * 7) + "." + (i * 13) + ".1.1", 60).a((100 + i) + ".7." + i + ".9", 60)
          .atSeconds(i * 200).build());
    }
    assertThat(run(new OddTypeDetector(DetectionConfig.defaults()), txs)).singleElement().satisfies(f -> {
      assertThat(f.kind()).isEqualTo(FindingKind.FAST_FLUX);
      assertThat(f.client()).isNull();
      assertThat(f.domain()).isEqualTo("flux.bad-domain.example");
      assertThat(f.score()).isEqualTo(80); // 55 + 15 (24 >= 10 prefixes) + 10 (TTL <= 60)
      assertThat(f.metrics().get("distinct_ips")).isEqualTo(24.0);
    });
  }

  @Test
  void longTtlIsNotFlux() {
    List<Transaction> txs = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      txs.add(fx.tx().name("pool.example").a((20 + i * 7) + ".1.1.1", i == 5 ? 86400 : 60).build());
    }
    assertThat(run(new OddTypeDetector(DetectionConfig.defaults()), txs)).isEmpty();
  }

  @Test
  void allowListAndBounds() {
    DetectionConfig d = DetectionConfig.defaults();
    List<Transaction> txs = new ArrayList<>();
    txs.add(fx.tx().client("10.0.0.66").name("corp.example").type(RrType.AXFR).build());
    assertThat(run(new OddTypeDetector(d.withAllowList(d.allowList().withDomains("corp.example"))), txs))
        .isEmpty();
    OddTypeDetector bounded = new OddTypeDetector(d, 3);
    for (int i = 0; i < 8; i++) {
      bounded.add(fx.tx().client("10.4.0." + i).type(RrType.NULL).build());
    }
    assertThat(bounded.trackedKeys()).isEqualTo(3);
    assertThat(bounded.overflowCount()).isEqualTo(5);
  }
}
