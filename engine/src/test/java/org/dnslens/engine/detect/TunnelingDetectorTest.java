package org.dnslens.engine.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.dnslens.engine.model.Finding;
import org.dnslens.engine.model.FindingKind;
import org.dnslens.engine.model.Role;
import org.dnslens.engine.model.RrType;
import org.dnslens.engine.model.Severity;
import org.dnslens.engine.model.Transaction;
import org.junit.jupiter.api.Test;

class TunnelingDetectorTest {
  private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
  private static final List<String> BENIGN_NAMES =
      List.of("www.google.com", "mail.google.com", "apis.google.com", "www.example.org", "api.github.com",
          "github.com", "www.wikipedia.org", "en.wikipedia.org", "outlook.office365.com", "www.bbc.co.uk",
          "news.bbc.co.uk", "static.example.org", "cdn.example.org", "login.microsoftonline.com");

  private final TxFixtures fx = new TxFixtures();

  /** Background: 20 clients asking a few popular names, one many CDN names, one AV hash lookups. */
  private List<Transaction> background(Random r) {
    List<Transaction> out = new ArrayList<>();
    for (int c = 1; c <= 20; c++) {
      for (int i = 0; i < 150; i++) {
        out.add(fx.tx().client("10.0.0." + c).name(BENIGN_NAMES.get(r.nextInt(BENIGN_NAMES.size())))
            .atSeconds(r.nextDouble() * 3600).build());
      }
    }
    for (int i = 0; i < 600; i++) {
      out.add(fx.tx().client("10.0.0.21").name("e" + i + ".a.akamaiedge.net").atSeconds(i * 5.0).build());
    }
    // Sophos Live Protection looks up file hashes as labels: the shape of a tunnel, by design.
    for (int i = 0; i < 200; i++) {
      StringBuilder hash = new StringBuilder();
      for (int j = 0; j < 40; j++) {
        hash.append("0123456789abcdef".charAt(r.nextInt(16)));
      }
      out.add(fx.tx().client("10.0.0.22").name(hash + ".f.01.sophosxl.net").atSeconds(i * 9.0).build());
    }
    return out;
  }

  private List<Transaction> tunnel(String client, Role role, int count) {
    Random r = new Random(7);
    List<Transaction> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      StringBuilder label = new StringBuilder();
      for (int j = 0; j < 52; j++) {
        label.append(BASE32.charAt(r.nextInt(BASE32.length())));
      }
      out.add(fx.tx().client(client).role(role).type(i % 20 == 0 ? RrType.A : RrType.TXT)
          .name(label + ".t.evil-tunnel.net").atSeconds(600 + i * 6.0).replyBytes(300).build());
    }
    return out;
  }

  private static List<Finding> run(Detector d, List<Transaction> txs) {
    txs.sort(Comparator.comparingLong(Transaction::queryTimestampNanos));
    txs.forEach(d::add);
    return d.finish();
  }

  @Test
  void findsTheTunnelAndNothingElse() {
    List<Transaction> txs = background(new Random(1));
    txs.addAll(tunnel("10.0.0.66", Role.CLIENT, 300));
    List<Finding> findings = run(new TunnelingDetector(DetectionConfig.defaults()), txs);

    assertThat(findings).hasSize(1);
    Finding f = findings.get(0);
    assertThat(f.kind()).isEqualTo(FindingKind.TUNNELING);
    assertThat(f.client()).isEqualTo(TxFixtures.ip("10.0.0.66"));
    assertThat(f.domain()).isEqualTo("evil-tunnel.net");
    // 40 (>= 100 names) + 10 long + 10 entropy + 10 budget + 5 TXT share = 75
    assertThat(f.score()).isEqualTo(75);
    assertThat(f.severity()).isEqualTo(Severity.HIGH);
    assertThat(f.metrics().get("distinct_names")).isEqualTo(300.0);
    assertThat(f.metrics().get("max_subdomain_chars")).isEqualTo(54.0);
    assertThat(f.metrics().get("mean_entropy_bits_per_char")).isGreaterThan(4.3);
    assertThat(f.metrics().get("name_content_bytes")).isEqualTo(300.0 * 53);
    assertThat(f.evidence()).hasSize(Finding.MAX_EVIDENCE_REFS);
    assertThat(f.explanation())
        .startsWith("host 10.0.0.66 sent 300 distinct names under evil-tunnel.net in 29 min")
        .contains("15.9 kB of name content")
        .contains("95 % TXT");
    assertThat(f.lastSeenNanos() - f.firstSeenNanos()).isEqualTo(299 * 6 * TxFixtures.SECOND);
  }

  @Test
  void gradesFollowRitasSubdomainCounts() {
    List<Transaction> txs = tunnel("10.0.0.66", Role.CLIENT, 1200);
    List<Finding> findings = run(new TunnelingDetector(DetectionConfig.defaults()), txs);
    assertThat(findings).singleElement().satisfies(f -> {
      assertThat(f.score()).isEqualTo(100);
      assertThat(f.metrics().get("distinct_exact")).isZero();
      assertThat(f.metrics().get("distinct_names")).isBetween(1080.0, 1320.0);
      assertThat(f.explanation()).contains("sent about ");
    });
  }

  @Test
  void ignoresTheResolversUpstreamLeg() {
    List<Transaction> txs = tunnel("10.0.0.53", Role.UPSTREAM, 300);
    assertThat(run(new TunnelingDetector(DetectionConfig.defaults()), txs)).isEmpty();
  }

  @Test
  void allowListSuppressesByDomainAndByClient() {
    DetectionConfig d = DetectionConfig.defaults();
    assertThat(run(new TunnelingDetector(d.withAllowList(d.allowList().withDomains("evil-tunnel.net"))),
        tunnel("10.0.0.66", Role.CLIENT, 300))).isEmpty();
    assertThat(run(new TunnelingDetector(d.withAllowList(d.allowList().withClients("10.0.0.0/24"))),
        tunnel("10.0.0.66", Role.CLIENT, 300))).isEmpty();
    // Without the default list the AV lookups are a "tunnel" to sophosxl.net (200 hex names, high
    // entropy, 8 kB); the CDN names are not (short, low-entropy labels corroborate nothing).
    List<Finding> noDefaults =
        run(new TunnelingDetector(d.withAllowList(AllowList.empty())), background(new Random(1)));
    assertThat(noDefaults).singleElement().satisfies(f -> assertThat(f.domain()).isEqualTo("sophosxl.net"));
  }

  @Test
  void slowExfiltrationBelowTheCountIsFoundByItsBudget() {
    Random r = new Random(9);
    List<Transaction> txs = new ArrayList<>();
    // 80 names (below RITA's 100) of 58 base32 chars: 4.6 kB, over the 4 kB/day budget
    for (int i = 0; i < 80; i++) {
      StringBuilder label = new StringBuilder();
      for (int j = 0; j < 58; j++) {
        label.append(BASE32.charAt(r.nextInt(BASE32.length())));
      }
      txs.add(fx.tx().client("10.0.0.70").name(label + ".x.slow-exfil.org").atSeconds(i * 20.0).build());
    }
    assertThat(run(new TunnelingDetector(DetectionConfig.defaults()), txs)).singleElement().satisfies(f -> {
      assertThat(f.domain()).isEqualTo("slow-exfil.org");
      assertThat(f.score()).isEqualTo(60); // 30 (< 100 names) + 10 long + 10 entropy + 10 budget
      assertThat(f.metrics().get("max_name_bytes_per_day")).isEqualTo(80.0 * 59);
    });
  }

  @Test
  void informationBudgetCountsDistinctSubdomainBytesPerCaptureDay() {
    // 75 names on day 0 and 80 on day 1 (UTC days of capture time), each subdomain "<58 chars>.x" = 59
    // bytes without the dot; 10 day-0 names asked again on day 1 add nothing (not new).
    // Day bytes: 75 * 59 = 4 425 and 80 * 59 = 4 720 -> max 4 720; content 155 * 59 = 9 145.
    Random r = new Random(5);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 155; i++) {
      StringBuilder label = new StringBuilder();
      for (int j = 0; j < 58; j++) {
        label.append(BASE32.charAt(r.nextInt(BASE32.length())));
      }
      names.add(label + ".x.budget-exfil.org");
    }
    List<Transaction> txs = new ArrayList<>();
    double midnight = 86_400; // TxFixtures' time 0 is a UTC midnight
    for (int i = 0; i < 75; i++) {
      txs.add(fx.tx().client("10.0.0.71").name(names.get(i)).atSeconds(midnight - 2_000 + i * 20.0).build());
    }
    for (int i = 75; i < 155; i++) {
      txs.add(fx.tx().client("10.0.0.71").name(names.get(i)).atSeconds(midnight + (i - 75) * 20.0).build());
    }
    for (int i = 0; i < 10; i++) {
      txs.add(fx.tx().client("10.0.0.71").name(names.get(i)).atSeconds(midnight + 5 + i * 20.0).build());
    }
    assertThat(run(new TunnelingDetector(DetectionConfig.defaults()), txs)).singleElement().satisfies(f -> {
      assertThat(f.metrics().get("max_name_bytes_per_day")).isEqualTo(4_720.0);
      assertThat(f.metrics().get("name_content_bytes")).isEqualTo(9_145.0);
      assertThat(f.metrics().get("distinct_names")).isEqualTo(155.0);
      assertThat(f.explanation()).contains("9.1 kB of name content (4.7 kB in one day)");
    });
  }

  @Test
  void fewNamesAreNotATunnel() {
    List<Transaction> txs = tunnel("10.0.0.66", Role.CLIENT, 60);
    assertThat(run(new TunnelingDetector(DetectionConfig.defaults()), txs)).isEmpty();
  }

  @Test
  void keysAreBoundedAndOverflowCounted() {
    TunnelingDetector d = new TunnelingDetector(DetectionConfig.defaults(), 100);
    for (int i = 0; i < 1000; i++) {
      d.add(fx.tx().client("10.1." + (i / 250) + "." + (i % 250)).name("x" + i + ".example.com").build());
    }
    assertThat(d.trackedKeys()).isLessThanOrEqualTo(100);
    assertThat(d.overflowCount() + d.trackedKeys()).isEqualTo(1000);
    assertThat(d.finish()).isEmpty();
  }

  @Test
  void aTunnelStartingAfterTheTableFilledIsStillFound() {
    TunnelingDetector d = new TunnelingDetector(DetectionConfig.defaults(), 100);
    for (int i = 0; i < 5000; i++) {
      d.add(fx.tx().client("10.1." + (i / 250) + "." + (i % 250)).name("www.site" + i + ".com")
          .atSeconds(i * 0.1).build());
    }
    tunnel("10.0.0.66", Role.CLIENT, 300).forEach(d::add);
    assertThat(d.trackedKeys()).isLessThanOrEqualTo(100);
    assertThat(d.finish()).singleElement()
        .satisfies(f -> assertThat(f.client()).isEqualTo(TxFixtures.ip("10.0.0.66")));
  }
}
