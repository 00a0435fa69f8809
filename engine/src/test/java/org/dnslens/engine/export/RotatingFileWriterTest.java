package org.dnslens.engine.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.model.Role;
import org.dnslens.engine.model.Transaction;
import org.dnslens.engine.model.TransactionStatus;
import org.dnslens.engine.pairing.DnsFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rotation decided by capture time: hourly files, legs split, size rotation, backups pruned. */
class RotatingFileWriterTest {
  private static final long HOUR = 3_600L * DnsFixtures.S;
  /** 2023-11-14T22:00:00Z. */
  private static final long T0 = 1_699_999_200L * DnsFixtures.S;

  @TempDir Path dir;

  private static List<Transaction> txs(int n, long spacing, Role role) {
    DnsFixtures f = new DnsFixtures();
    List<Transaction> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long t = T0 + i * spacing;
      DnsMessage q = f.query("10.0.0.1", "10.0.0.53", i, "n" + i + ".example", 1, t);
      DnsMessage r = f.reply("10.0.0.1", "10.0.0.53", i, "n" + i + ".example", 1, t + 1_000_000, "192.0.2.1");
      out.add(new Transaction(TransactionStatus.ANSWERED, q, r, List.of(), 0, 0, role, null));
    }
    return out;
  }

  private TreeMap<String, List<String>> files() throws IOException {
    TreeMap<String, List<String>> m = new TreeMap<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        m.put(p.getFileName().toString(), Files.readAllLines(p, StandardCharsets.UTF_8));
      }
    }
    return m;
  }

  @Test
  void hourlyFilesSplitByLegFollowCaptureTime() throws IOException {
    RotatingFileWriter.Policy p = new RotatingFileWriter.Policy(dir, "dns", "log", 0, 0, 0, true, true);
    try (RotatingFileWriter w = new RotatingFileWriter(p, (out, leg) -> new PacketlogWriter(out,
        leg.endsWith("Q") ? PacketlogWriter.Legs.QUERY : PacketlogWriter.Legs.REPLY), true)) {
      for (Transaction tx : txs(6, HOUR / 2, Role.CLIENT)) {
        w.write(tx);
      }
    }
    TreeMap<String, List<String>> f = files();
    assertThat(f.keySet()).containsExactly(
        "dns-CQ-20231114-22.log", "dns-CQ-20231114-23.log", "dns-CQ-20231115-00.log",
        "dns-CR-20231114-22.log", "dns-CR-20231114-23.log", "dns-CR-20231115-00.log");
    assertThat(f.get("dns-CQ-20231114-23.log")).hasSize(2).allMatch(l -> l.contains(" CQ "));
    assertThat(f.get("dns-CR-20231115-00.log")).hasSize(2).allMatch(l -> l.contains(" CR ") && l.endsWith("192.0.2.1"));
  }

  @Test
  void sizeRotationKeepsMaxBackupsAndLosesNoLineUntilPruned() throws IOException {
    RotatingFileWriter.Policy p = new RotatingFileWriter.Policy(dir, "dns", "json", 2_000, 0, 3, false, false);
    List<Transaction> all = txs(200, DnsFixtures.S, Role.UNKNOWN);
    try (RotatingFileWriter w = new RotatingFileWriter(p, (out, leg) -> new TransactionJsonWriter(out, i -> "x"), false)) {
      for (Transaction tx : all) {
        w.write(tx);
      }
    }
    TreeMap<String, List<String>> f = files();
    // Current file plus at most 3 backups, named after the capture time of their rotation.
    assertThat(f).hasSizeLessThanOrEqualTo(4).containsKey("dns.json");
    assertThat(f.keySet().stream().filter(n -> !n.equals("dns.json"))).hasSize(3).allMatch(n -> n.matches("dns\\.json\\.2023111[45]-\\d{6}(-\\d+)?"));
    // The files kept hold the LAST transactions, contiguous, nothing missing in between.
    List<String> lines = new ArrayList<>();
    f.forEach((name, l) -> {
      if (!name.equals("dns.json")) {
        lines.addAll(l);
      }
    });
    lines.addAll(f.get("dns.json"));
    assertThat(lines.get(lines.size() - 1)).contains("n199.example");
    int first = Integer.parseInt(lines.get(0).replaceAll(".*\"qname\":\"n(\\d+)\\.example\".*", "$1"));
    for (int i = 0; i < lines.size(); i++) {
      assertThat(lines.get(i)).contains("\"qname\":\"n" + (first + i) + ".example\"");
    }
  }

  @Test
  void maxAgePrunesByCaptureTime() throws IOException {
    RotatingFileWriter.Policy p = new RotatingFileWriter.Policy(dir, "dns", "log", 0, 2 * HOUR, 0, true, false);
    try (RotatingFileWriter w = new RotatingFileWriter(p, (out, leg) -> new PacketlogWriter(out, PacketlogWriter.Legs.BOTH), true)) {
      for (Transaction tx : txs(6, HOUR, Role.CLIENT)) {
        w.write(tx);
      }
    }
    // Hours 22..03. A closed file's age runs from its closing (the capture time of the first record of the
    // next hour); those closed more than 2 h before the latest capture time (03:00) are gone: 22 and 23.
    assertThat(files().keySet()).containsExactly(
        "dns-20231115-00.log", "dns-20231115-01.log", "dns-20231115-02.log", "dns-20231115-03.log");
  }
}
