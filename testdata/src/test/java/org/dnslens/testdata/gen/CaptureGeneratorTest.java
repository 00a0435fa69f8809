package org.dnslens.testdata.gen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureGeneratorTest {

  private static final int SMALL = 1_500;

  @TempDir Path dir;

  private static GeneratorConfig small(long seed) {
    return GeneratorConfig.defaults(seed, SMALL).withActors(Actors.all());
  }

  private static byte[] generate(GeneratorConfig config) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new CaptureGenerator(config).write(out);
    return out.toByteArray();
  }

  @Test
  void sameSeedGivesByteIdenticalOutput() throws IOException {
    assertThat(generate(small(7))).isEqualTo(generate(small(7)));
    assertThat(generate(small(7).withFormat(CaptureFormat.PCAPNG)))
        .isEqualTo(generate(small(7).withFormat(CaptureFormat.PCAPNG)));
  }

  @Test
  void differentSeedGivesDifferentOutput() throws IOException {
    assertThat(generate(small(7))).isNotEqualTo(generate(small(8)));
  }

  @Test
  void truthCountsAddUp() throws IOException {
    GenerationTruth truth = new CaptureGenerator(small(3)).write(new ByteArrayOutputStream());

    assertThat(truth.answered() + truth.unanswered()).isEqualTo(truth.transactions());
    assertThat(truth.queries() + truth.replies()).isEqualTo(truth.dnsMessages());
    assertThat(truth.replies()).isEqualTo(truth.answered());
    assertThat(truth.queries()).isEqualTo(truth.transactions() + truth.retransmissions());
    assertThat(truth.byQtype().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(truth.transactions());
    assertThat(truth.byRcode().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(truth.answered());
    assertThat(truth.byRcode().get("NXDOMAIN")).isEqualTo(truth.nxdomain());
    assertThat(truth.packets()).isGreaterThan(truth.dnsMessages());
    assertThat(truth.unanswered()).isPositive();
    assertThat(truth.retransmissions()).isPositive();
    assertThat(truth.tcpTransactions()).isPositive();
    assertThat(truth.ipv6Transactions()).isPositive();
    assertThat(truth.fragmentedMessages()).isPositive();
    assertThat(truth.upstreamTransactions()).isPositive();
    assertThat(truth.byQtype()).containsKeys("A", "AAAA", "CNAME", "MX", "TXT", "PTR", "SRV", "HTTPS", "NS",
        "SOA", "NULL", "ANY");
    assertThat(truth.byRcode()).containsKeys("NOERROR", "NXDOMAIN", "SERVFAIL");
    assertThat(truth.firstEpochNanos()).isEqualTo(GeneratorConfig.DEFAULT_START_EPOCH_NANOS);
  }

  @Test
  void backgroundTransactionsAreExactWithoutActors() throws IOException {
    GeneratorConfig config = new GeneratorConfig(5, 2_000, CaptureFormat.PCAP, false, 50, 2,
        GeneratorConfig.DEFAULT_START_EPOCH_NANOS, 300, Actors.none(), false, 0.1, 0.05, 0.0);
    GenerationTruth truth = new CaptureGenerator(config).write(new ByteArrayOutputStream());

    assertThat(truth.transactions()).isEqualTo(2_000);
    assertThat(truth.upstreamTransactions()).isZero();
    assertThat(truth.actors()).isEmpty();
  }

  @Test
  void actorTruthDescribesEachActor() throws IOException {
    GenerationTruth truth = new CaptureGenerator(small(3)).write(new ByteArrayOutputStream());

    assertThat(truth.actors()).extracting(ActorTruth::kind).containsExactlyElementsOf(Actors.NAMES);
    ActorTruth tunnel = truth.actors().get(0);
    assertThat(tunnel.transactions()).isEqualTo(TunnelActor.QUERIES);
    assertThat(tunnel.domain()).startsWith("t.").endsWith("-sync.net");
    ActorTruth beacon = truth.actors().get(1);
    assertThat(beacon.transactions()).isEqualTo(BeaconActor.QUERIES);
    long span = beacon.lastEpochNanos() - beacon.firstEpochNanos();
    long nominal = (BeaconActor.QUERIES - 1) * 60_000_000_000L;
    assertThat(span).isBetween(nominal - 120_000_000_000L, nominal + 120_000_000_000L);
    ActorTruth dga = truth.actors().get(2);
    assertThat(dga.transactions()).isEqualTo(DgaActor.BURSTS * DgaActor.BURST_SIZE);
    assertThat(dga.nxdomain()).isEqualTo(DgaActor.BURSTS * (DgaActor.BURST_SIZE - 1));
    assertThat(dga.domain().split(" ")).hasSize(DgaActor.BURSTS);
    assertThat(truth.actors().get(3).serverAddress()).isEqualTo("8.8.8.8");
    assertThat(truth.actors().get(4).transactions()).isEqualTo(DotActor.CONNECTIONS);
    assertThat(truth.actors().get(5).transactions()).isEqualTo(AnyQueryActor.QUERIES);
    assertThat(truth.byQtype().get("ANY")).isEqualTo(AnyQueryActor.QUERIES);
  }

  @Test
  void switchingAnActorOffLeavesTheOthersUnchanged() throws IOException {
    GenerationTruth all = new CaptureGenerator(small(3)).write(new ByteArrayOutputStream());
    GenerationTruth noTunnel = new CaptureGenerator(small(3).withActors(
        new Actors(false, true, true, true, true, true))).write(new ByteArrayOutputStream());

    assertThat(noTunnel.actors()).isEqualTo(all.actors().subList(1, all.actors().size()));
  }

  @Test
  void pcapIsStructurallyValidWithCorrectChecksumsAndOrderedTime() throws IOException {
    GeneratorConfig config = small(11);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    GenerationTruth truth = new CaptureGenerator(config).write(out);

    List<CaptureWalk.Frame> frames = CaptureWalk.pcap(out.toByteArray());

    assertThat((long) frames.size()).isEqualTo(truth.packets());
    assertOrderedAndCounted(frames, truth);
    // µs resolution: the walk sees the truth's nanoseconds truncated to microseconds.
    assertThat(frames.get(frames.size() - 1).epochNanos()).isEqualTo(truth.lastEpochNanos() / 1_000 * 1_000);
  }

  @Test
  void pcapngIsStructurallyValid() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    GenerationTruth truth = new CaptureGenerator(small(11).withFormat(CaptureFormat.PCAPNG)).write(out);

    List<CaptureWalk.Frame> frames = CaptureWalk.pcapng(out.toByteArray());

    assertThat((long) frames.size()).isEqualTo(truth.packets());
    assertOrderedAndCounted(frames, truth);
    assertThat(frames.get(0).epochNanos()).isEqualTo(truth.firstEpochNanos());
    assertThat(frames.get(frames.size() - 1).epochNanos()).isEqualTo(truth.lastEpochNanos());
  }

  @Test
  void nanosecondPcapKeepsNanoseconds() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    GenerationTruth truth = new CaptureGenerator(small(11).withNanosecondPcap(true)).write(out);

    List<CaptureWalk.Frame> frames = CaptureWalk.pcap(out.toByteArray());

    assertThat(frames.get(frames.size() - 1).epochNanos()).isEqualTo(truth.lastEpochNanos());
    assertOrderedAndCounted(frames, truth);
  }

  @Test
  void samePacketsInPcapAndPcapng() throws IOException {
    ByteArrayOutputStream pcap = new ByteArrayOutputStream();
    ByteArrayOutputStream pcapng = new ByteArrayOutputStream();
    GenerationTruth a = new CaptureGenerator(small(4).withNanosecondPcap(true)).write(pcap);
    GenerationTruth b = new CaptureGenerator(small(4).withFormat(CaptureFormat.PCAPNG)).write(pcapng);

    assertThat(a).isEqualTo(b);
    List<CaptureWalk.Frame> fromPcap = CaptureWalk.pcap(pcap.toByteArray());
    List<CaptureWalk.Frame> fromPcapng = CaptureWalk.pcapng(pcapng.toByteArray());
    assertThat(fromPcapng).hasSameSizeAs(fromPcap);
    for (int i = 0; i < fromPcap.size(); i++) {
      assertThat(fromPcapng.get(i).epochNanos()).isEqualTo(fromPcap.get(i).epochNanos());
      assertThat(fromPcapng.get(i).bytes()).isEqualTo(fromPcap.get(i).bytes());
    }
  }

  @Test
  void gzipFileHoldsTheSameCapture() throws IOException {
    Path plain = dir.resolve("x.pcap");
    Path gz = dir.resolve("x.pcap.gz");
    GenerationTruth a = new CaptureGenerator(small(2)).write(plain);
    GenerationTruth b = new CaptureGenerator(small(2).withGzip(true)).write(gz);

    assertThat(b).isEqualTo(a);
    try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
      assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(plain));
    }
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    new CaptureGenerator(small(2).withGzip(true)).write(stream);
    assertThat(stream.toByteArray()).isEqualTo(Files.readAllBytes(gz));
  }

  @Test
  void emptyCaptureHasOnlyAHeader() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    GenerationTruth truth = new CaptureGenerator(GeneratorConfig.defaults(1, 0)).write(out);

    assertThat(out.size()).isEqualTo(24);
    assertThat(truth.packets()).isZero();
    assertThat(truth.transactions()).isZero();
    assertThat(truth.firstEpochNanos()).isZero();
  }

  @Test
  void truthJsonListsEveryCount() throws IOException {
    GenerationTruth truth = new CaptureGenerator(small(3)).write(new ByteArrayOutputStream());
    Path json = dir.resolve("truth.json");

    truth.writeJson(json);

    String text = Files.readString(json, StandardCharsets.UTF_8);
    assertThat(text).startsWith("{").endsWith("}\n")
        .contains("\"dnsMessages\": " + truth.dnsMessages() + ",")
        .contains("\"transactions\": " + truth.transactions() + ",")
        .contains("\"NXDOMAIN\": " + truth.nxdomain())
        .contains("\"kind\": \"beacon\"");
    assertThat(GenerationTruth.quote("a\"b\\c\n")).isEqualTo("\"a\\\"b\\\\c\\n\"");
  }

  @Test
  void commandLineWritesCaptureAndTruth() throws IOException {
    Path capture = dir.resolve("cli.pcapng");
    Path truth = dir.resolve("cli.json");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int code = GenerateCaptureMain.run(new String[] {"--seed", "9", "--transactions", "300", "--format", "pcapng",
        "--actors", "beacon,dga", "--out", capture.toString(), "--truth", truth.toString()},
        new java.io.PrintStream(out, true, StandardCharsets.UTF_8),
        new java.io.PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(code).isZero();
    assertThat(Files.readString(truth, StandardCharsets.UTF_8)).contains("\"kind\": \"dga\"")
        .doesNotContain("\"kind\": \"tunnel\"");
    assertThat(CaptureWalk.pcapng(Files.readAllBytes(capture))).isNotEmpty();
  }

  @Test
  void commandLineRejectsUnknownOptionsWithUsage() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int code = GenerateCaptureMain.run(new String[] {"--bogus", "1", "--out", "x"},
        new java.io.PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new java.io.PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option --bogus").contains("usage:");
  }

  @Test
  void actorsParseNamesAndRejectUnknownOnes() {
    assertThat(Actors.parse("tunnel, beacon,dga")).isEqualTo(new Actors(true, true, true, false, false, false));
    assertThat(Actors.parse("all")).isEqualTo(Actors.all());
    assertThat(Actors.parse("")).isEqualTo(Actors.none());
    assertThat(Actors.parse("any,dot").enabled()).containsExactly("dot", "any");
    assertThatThrownBy(() -> Actors.parse("tunnel,worm")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("worm");
  }

  @Test
  void beaconPeriodAndJitterAreSettingsAndTheDefaultsKeepTheBytes() throws IOException {
    GeneratorConfig slow = GeneratorConfig.defaults(3, 200).withActors(Actors.parse("beacon")).withBeacon(300, 60);
    ActorTruth beacon = new CaptureGenerator(slow).write(new ByteArrayOutputStream()).actors().get(0);
    assertThat(beacon.transactions()).isEqualTo(72); // six hours at 300 s
    long span = beacon.lastEpochNanos() - beacon.firstEpochNanos();
    long nominal = 71 * 300_000_000_000L;
    assertThat(span).isBetween(nominal - 71 * 60_000_000_000L, nominal + 71 * 60_000_000_000L)
        .isNotEqualTo(nominal);
    assertThat(generate(small(7).withBeacon(GeneratorConfig.DEFAULT_BEACON_INTERVAL_SECONDS,
        GeneratorConfig.DEFAULT_BEACON_JITTER_SECONDS))).isEqualTo(generate(small(7)));
    assertThatThrownBy(() -> small(1).withBeacon(0.5, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> small(1).withBeacon(60, 60)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void configRejectsOutOfRangeValues() {
    assertThatThrownBy(() -> GeneratorConfig.defaults(1, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new GeneratorConfig(1, 1, CaptureFormat.PCAP, false, 0, 2, 0, 500, Actors.none(),
        false, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new GeneratorConfig(1, 1, CaptureFormat.PCAP, false, 1, 2, 0, 0, Actors.none(),
        false, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new GeneratorConfig(1, 1, CaptureFormat.PCAP, false, 1, 2, 0, 500, Actors.none(),
        false, 1.5, 0, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  /** Non-decreasing time, valid checksums, and an independent count of DNS messages equal to the truth. */
  private static void assertOrderedAndCounted(List<CaptureWalk.Frame> frames, GenerationTruth truth)
      throws IOException {
    for (int i = 1; i < frames.size(); i++) {
      assertThat(frames.get(i).epochNanos()).as("frame %d time", i + 1)
          .isGreaterThanOrEqualTo(frames.get(i - 1).epochNanos());
    }
    WireCount count = WireCount.of(frames);
    assertThat(count.queries).isEqualTo(truth.queries());
    assertThat(count.replies).isEqualTo(truth.replies());
    assertThat(count.fragmentedMessages).isEqualTo(truth.fragmentedMessages());
  }
}
