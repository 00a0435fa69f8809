package org.dnslens.engine.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.dnslens.engine.model.Finding;
import org.dnslens.engine.model.FindingKind;
import org.dnslens.engine.model.PortClass;
import org.dnslens.engine.model.Role;
import org.dnslens.engine.model.Transaction;
import org.dnslens.engine.model.Transport;
import org.junit.jupiter.api.Test;

class ResolverBypassDetectorTest {
  private final TxFixtures fx = new TxFixtures();

  /** 10 clients using the resolver 10.0.0.53, which itself asks a root server (leg unknown). */
  private List<Transaction> background() {
    List<Transaction> out = new ArrayList<>();
    for (int c = 1; c <= 10; c++) {
      for (int i = 0; i < 20; i++) {
        out.add(fx.tx().client("10.0.0." + c).atSeconds(c * 100 + i).build());
      }
    }
    for (int i = 0; i < 30; i++) {
      out.add(fx.tx().client("10.0.0.53").server("198.41.0.4").role(Role.UNKNOWN).atSeconds(i).build());
    }
    // an mDNS chatterbox is not bypass
    for (int i = 0; i < 30; i++) {
      out.add(fx.tx().client("10.0.0.3").server("224.0.0.251").port(5353, PortClass.MDNS).unanswered()
          .atSeconds(i).build());
    }
    return out;
  }

  private static List<Finding> run(Detector d, List<Transaction> txs) {
    txs.forEach(d::add);
    return d.finish();
  }

  @Test
  void findsTheClientAskingAPublicResolver() {
    List<Transaction> txs = background();
    for (int i = 0; i < 20; i++) {
      txs.add(fx.tx().client("10.0.0.99").server("8.8.8.8").atSeconds(2000 + i).build());
    }
    for (int i = 0; i < 5; i++) {
      txs.add(fx.tx().client("10.0.0.99").atSeconds(2100 + i).build());
    }
    List<Finding> findings = run(new ResolverBypassDetector(DetectionConfig.defaults()), txs);
    assertThat(findings).singleElement().satisfies(f -> {
      assertThat(f.kind()).isEqualTo(FindingKind.RESOLVER_BYPASS);
      assertThat(f.client()).isEqualTo(TxFixtures.ip("10.0.0.99"));
      assertThat(f.score()).isEqualTo(80); // 50 + 20 public resolver + 10 most queries
      assertThat(f.explanation()).isEqualTo(
          "host 10.0.0.99 sent 20 of its 25 queries (80 %) to 8.8.8.8 instead of the internal resolver"
              + " 10.0.0.53; 8.8.8.8 is a public resolver that also serves DoH/DoT");
      assertThat(f.evidence()).hasSize(20);
    });
  }

  @Test
  void noBypassWithoutInternalResolvers() {
    List<Transaction> txs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      txs.add(fx.tx().client("10.0.0.99").server("8.8.8.8").atSeconds(i).build());
    }
    assertThat(run(new ResolverBypassDetector(DetectionConfig.defaults()), txs)).isEmpty();
  }

  @Test
  void configuredResolversReplaceInference() {
    DetectionConfig d = DetectionConfig.defaults();
    DetectionConfig cfg =
        d.withBypass(d.bypass().withInternalResolvers(List.of(TxFixtures.ip("10.0.0.54"))));
    // everyone uses 10.0.0.53, but the configured resolver is 10.0.0.54: all ten clients bypass
    assertThat(run(new ResolverBypassDetector(cfg), background())).hasSize(10);
  }

  @Test
  void nonstandardPortsAndEncryptedDns() {
    List<Transaction> txs = background();
    for (int i = 0; i < 5; i++) {
      txs.add(fx.tx().client("10.0.0.7").server("203.0.113.5").port(5300, PortClass.NONSTANDARD)
          .atSeconds(3000 + i).build());
    }
    txs.add(fx.tx().client("10.0.0.8").server("1.1.1.1").port(853, PortClass.NONSTANDARD)
        .transport(Transport.DOT).atSeconds(3100).build());
    List<Finding> findings = run(new ResolverBypassDetector(DetectionConfig.defaults()), txs);
    assertThat(findings).extracting(Finding::kind)
        .containsExactlyInAnyOrder(FindingKind.NONSTANDARD_PORT, FindingKind.ENCRYPTED_DNS);
    Finding ns = findings.stream().filter(f -> f.kind() == FindingKind.NONSTANDARD_PORT).findFirst().orElseThrow();
    assertThat(ns.explanation()).isEqualTo(
        "host 10.0.0.7 exchanged 5 DNS messages with 203.0.113.5 on non-DNS ports [5300] over 4 s");
    Finding enc = findings.stream().filter(f -> f.kind() == FindingKind.ENCRYPTED_DNS).findFirst().orElseThrow();
    assertThat(enc.score()).isEqualTo(65);
  }

  @Test
  void allowListedClientIsNotReported() {
    List<Transaction> txs = background();
    for (int i = 0; i < 20; i++) {
      txs.add(fx.tx().client("10.0.0.99").server("8.8.8.8").atSeconds(2000 + i).build());
    }
    DetectionConfig d = DetectionConfig.defaults();
    assertThat(run(new ResolverBypassDetector(d.withAllowList(d.allowList().withClients("10.0.0.99"))), txs))
        .isEmpty();
  }

  @Test
  void clientsAreBoundedAndOverflowCounted() {
    ResolverBypassDetector d = new ResolverBypassDetector(DetectionConfig.defaults(), 5);
    for (int i = 0; i < 12; i++) {
      d.add(fx.tx().client("10.3.0." + i).build());
    }
    assertThat(d.trackedClients()).isEqualTo(5);
    assertThat(d.overflowCount()).isEqualTo(7);
  }
}
