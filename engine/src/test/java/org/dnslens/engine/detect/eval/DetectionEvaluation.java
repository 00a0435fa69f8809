package org.dnslens.engine.detect.eval;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.dnslens.engine.detect.DetectionConfig;
import org.dnslens.engine.detect.DetectorSuite;
import org.dnslens.engine.ingest.IngestPipeline;
import org.dnslens.engine.ingest.IngestSink;
import org.dnslens.engine.ingest.IngestStats;
import org.dnslens.engine.ingest.SourceInfo;
import org.dnslens.engine.model.DecodeIssue;
import org.dnslens.engine.model.Finding;
import org.dnslens.engine.model.FindingKind;
import org.dnslens.engine.model.Transaction;
import org.dnslens.testdata.gen.ActorTruth;
import org.dnslens.testdata.gen.Actors;
import org.dnslens.testdata.gen.CaptureGenerator;
import org.dnslens.testdata.gen.GenerationTruth;
import org.dnslens.testdata.gen.GeneratorConfig;

/**
 * Issue 6's evaluation: recall per injected actor kind and false findings per million benign transactions
 * of the default {@link DetectorSuite}, on captures written by the seeded generator (testdata) and read by
 * the whole {@link IngestPipeline}, so that decoding, pairing and detection are measured together.
 *
 * <p>Scoring. An actor is <em>found</em> when a finding of its kind names its client address (and, for the
 * tunnel and the beacon, its domain: the finding's domain equals the truth's name or is a parent of it).
 * For the DGA the finding must also name one of the resolved names as the likely C2 to count as found
 * ({@code c2} in the tables); a finding on the DGA client without it still counts as about the actor. A
 * finding is <em>false</em> when it is about no injected actor: its client is no actor's client and (for
 * fast flux, which has no client) its name is under no actor's domain. Findings on an actor's client of
 * another kind (the tunnel's NULL queries give an odd-query-type finding) are listed apart: they are
 * true, just not the one scored.
 *
 * <p>The test {@code DetectionEvaluationTest} runs a small matrix in the suite; {@link #main} runs the
 * full one (see docs/DETECTION.md for the command). Captures go to a temporary directory and are deleted
 * after each run.
 */
public final class DetectionEvaluation {

  /** Actor kinds in generator order, with the finding kind that should report each. */
  public static final Map<String, FindingKind> EXPECTED_KIND = expectedKinds();

  /** Kinds whose actors leave no DNS message in a capture: scored and shown, not held to the target. */
  public static final Set<String> UNDETECTABLE_BY_CONSTRUCTION = Set.of("dot");

  private static Map<String, FindingKind> expectedKinds() {
    Map<String, FindingKind> m = new LinkedHashMap<>();
    m.put("tunnel", FindingKind.TUNNELING);
    m.put("beacon", FindingKind.BEACONING);
    m.put("dga", FindingKind.NXDOMAIN_BURST);
    m.put("bypass", FindingKind.RESOLVER_BYPASS);
    m.put("dot", FindingKind.ENCRYPTED_DNS);
    m.put("any", FindingKind.ODD_QUERY_TYPE);
    return java.util.Collections.unmodifiableMap(m);
  }

  /**
   * One generated capture to score.
   *
   * @param variation what was varied ("base", "jitter30", ...)
   * @param config the generator's settings (seed, sizes, actors)
   */
  public record Scenario(String variation, GeneratorConfig config) {
    public boolean withActors() {
      return !config.actors().enabled().isEmpty();
    }
  }

  /**
   * What happened to one injected actor.
   *
   * @param truth the generator's account of it
   * @param found a finding of the expected kind names its client (and domain where it has one)
   * @param c2Named DGA only: the finding names one of the resolved names
   * @param score the best score of a matching finding, -1 when none
   */
  public record ActorOutcome(ActorTruth truth, boolean found, boolean c2Named, int score) {}

  /**
   * One scored run.
   *
   * @param benignTransactions transactions of the capture that belong to no actor (background and
   *     resolver upstream legs)
   * @param falseFindings findings about no injected actor
   * @param actorSideFindings findings on an actor's client of another kind than the one scored
   */
  public record RunResult(
      Scenario scenario,
      long transactions,
      long benignTransactions,
      List<ActorOutcome> actors,
      List<Finding> falseFindings,
      List<Finding> actorSideFindings,
      long suppressedResolverFindings,
      long overflow) {}

  private final DetectionConfig detection;
  private final Path workDir;

  /** Scores with the given detector settings, writing captures under {@code workDir}. */
  public DetectionEvaluation(DetectionConfig detection, Path workDir) {
    this.detection = detection;
    this.workDir = workDir;
  }

  /** Generates the scenario's capture, runs the pipeline and the suite over it, scores, deletes the file. */
  public RunResult run(Scenario scenario) throws IOException {
    Path capture = Files.createTempFile(workDir, "eval-", ".pcap");
    try {
      GenerationTruth truth = new CaptureGenerator(scenario.config()).write(capture);
      DetectorSuite suite = new DetectorSuite(detection);
      IngestPipeline pipeline = new IngestPipeline(IngestPipeline.Config.defaults());
      List<SourceInfo> sources = pipeline.describe(List.of(capture));
      SuiteSink sink = new SuiteSink(suite);
      try (sink) {
        pipeline.run(sources, sink, IngestPipeline.MessageListener.NONE, IngestPipeline.Progress.NONE, () -> false);
      }
      List<Finding> findings = suite.finish();
      return score(scenario, truth, sink.transactions, findings, suite.suppressedResolverFindings(),
          suite.overflowCount());
    } finally {
      Files.deleteIfExists(capture);
    }
  }

  static RunResult score(Scenario scenario, GenerationTruth truth, long transactions, List<Finding> findings,
      long suppressed, long overflow) {
    Set<String> actorClients = new TreeSet<>();
    List<String> actorNames = new ArrayList<>();
    long actorTransactions = 0;
    for (ActorTruth a : truth.actors()) {
      actorClients.add(a.clientAddress());
      for (String n : a.domain().split(" ")) {
        if (!n.isBlank()) {
          actorNames.add(n);
        }
      }
      if (!a.kind().equals("dot")) {
        actorTransactions += a.transactions();
      }
    }
    List<ActorOutcome> outcomes = new ArrayList<>();
    List<Finding> scored = new ArrayList<>();
    for (ActorTruth a : truth.actors()) {
      FindingKind kind = EXPECTED_KIND.get(a.kind());
      Finding best = null;
      boolean c2 = false;
      for (Finding f : findings) {
        if (f.kind() != kind || f.client() == null || !f.client().toString().equals(a.clientAddress())) {
          continue;
        }
        if (needsDomain(a) && !sameOrParent(f.domain(), a.domain())) {
          continue;
        }
        boolean named = a.kind().equals("dga") && f.domain() != null
            && List.of(a.domain().split(" ")).contains(f.domain());
        if (best == null || f.score() > best.score()) {
          best = f;
        }
        c2 |= named;
        scored.add(f);
      }
      boolean found = best != null && (!a.kind().equals("dga") || c2);
      outcomes.add(new ActorOutcome(a, found, c2, best == null ? -1 : best.score()));
    }
    List<Finding> falseFindings = new ArrayList<>();
    List<Finding> side = new ArrayList<>();
    for (Finding f : findings) {
      if (scored.contains(f)) {
        continue;
      }
      boolean aboutActor = f.client() != null
          ? actorClients.contains(f.client().toString())
          : f.domain() != null && actorNames.stream().anyMatch(n -> sameOrParent(f.domain(), n));
      (aboutActor ? side : falseFindings).add(f);
    }
    return new RunResult(scenario, transactions, truth.transactions() - actorTransactions, outcomes,
        falseFindings, side, suppressed, overflow);
  }

  private static boolean needsDomain(ActorTruth a) {
    return a.kind().equals("tunnel") || a.kind().equals("beacon");
  }

  /** {@code domain} is {@code name} or one of its parents (case-insensitive, no trailing dots). */
  static boolean sameOrParent(String domain, String name) {
    if (domain == null || name == null) {
      return false;
    }
    String d = strip(domain);
    String n = strip(name);
    return n.equals(d) || n.endsWith("." + d);
  }

  private static String strip(String s) {
    String lower = s.toLowerCase(Locale.ROOT);
    return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
  }

  /** Feeds every transaction to the suite as the pipeline emits it: nothing is kept in memory. */
  private static final class SuiteSink implements IngestSink {
    private final DetectorSuite suite;
    long transactions;

    SuiteSink(DetectorSuite suite) {
      this.suite = suite;
    }

    @Override
    public void begin(List<SourceInfo> sources) {}

    @Override
    public void transaction(Transaction transaction) {
      transactions++;
      suite.add(transaction);
    }

    @Override
    public void issue(DecodeIssue issue) {}

    @Override
    public void complete(IngestStats stats) {}

    @Override
    public void close() {}
  }

  // ---------------------------------------------------------------- the matrix

  /** Default background transactions of a run with actors. */
  public static final int DEFAULT_ACTOR_BENIGN = 100_000;
  /** Six hours, the beacon's length: background spread over it when a variation asks for it. */
  private static final double SIX_HOURS_MICROS = 6 * 3_600 * 1e6;

  /**
   * The runs with actors for one seed: {@code base} (generator defaults: 200 clients, 5 % upstream legs,
   * beacon 60 s ± 2 s) and one change at a time. Every run answers a name from a stable pool of addresses
   * ({@link GeneratorConfig#stableAddresses()}): the generator's default of fresh random addresses in every
   * reply is fast flux by definition and would measure the generator, not the detector.
   */
  public static List<Scenario> actorScenarios(long seed, int benign, List<String> variations) {
    GeneratorConfig base = GeneratorConfig.defaults(seed, benign).withActors(Actors.all()).withStableAddresses(true);
    List<Scenario> out = new ArrayList<>();
    for (String v : variations) {
      GeneratorConfig c = switch (v) {
        case "base" -> base;
        case "jitter10" -> base.withBeacon(60, 10);
        case "jitter30" -> base.withBeacon(60, 30);
        case "slow300" -> base.withBeacon(300, 60);
        case "slow300j50" -> base.withBeacon(300, 150);
        case "nocache" -> base.withUpstreamShare(0.0);
        case "upstream50" -> base.withUpstreamShare(0.5);
        case "clients2000" -> base.withClients(2_000);
        case "small" -> GeneratorConfig.defaults(seed, Math.max(1, benign / 10)).withActors(Actors.all())
            .withStableAddresses(true);
        case "long6h" -> base.withMeanGapMicros(SIX_HOURS_MICROS / benign);
        default -> throw new IllegalArgumentException("unknown variation " + v + "; known: " + VARIATIONS);
      };
      out.add(new Scenario(v, c));
    }
    return out;
  }

  /** Every variation {@link #actorScenarios} knows. */
  public static final List<String> VARIATIONS =
      List.of("base", "jitter10", "jitter30", "slow300", "slow300j50", "nocache", "upstream50", "clients2000", "small", "long6h");

  /**
   * The runs without actors for one seed: {@code benign-dense} (generator defaults, ~2 000 tx/s) and
   * {@code benign-6h} (the same transactions over six hours, ~46 tx/s, where timing detectors have room
   * to be fooled).
   */
  public static List<Scenario> benignScenarios(long seed, int benign) {
    GeneratorConfig dense = GeneratorConfig.defaults(seed, benign).withStableAddresses(true);
    return List.of(new Scenario("benign-dense", dense),
        new Scenario("benign-6h", dense.withMeanGapMicros(SIX_HOURS_MICROS / benign)));
  }

  // ---------------------------------------------------------------- tables

  /** Per actor kind: recall over the runs with actors, false findings over all runs. */
  public static String summaryTable(List<RunResult> results) {
    StringBuilder sb = new StringBuilder();
    long benignActorRuns = 0;
    long benignOnlyRuns = 0;
    for (RunResult r : results) {
      if (r.scenario().withActors()) {
        benignActorRuns += r.benignTransactions();
      } else {
        benignOnlyRuns += r.benignTransactions();
      }
    }
    sb.append("| detector (finding kind) | actor | runs | recall | false findings in runs with actors (")
        .append(count(benignActorRuns)).append(" benign tx) | false findings in runs without actors (")
        .append(count(benignOnlyRuns)).append(" benign tx) | false findings / 1 M benign tx |\n");
    sb.append("|---|---|---|---|---|---|---|\n");
    Set<FindingKind> listed = new java.util.LinkedHashSet<>();
    for (Map.Entry<String, FindingKind> e : EXPECTED_KIND.entrySet()) {
      listed.add(e.getValue());
      int runs = 0;
      int found = 0;
      for (RunResult r : results) {
        for (ActorOutcome o : r.actors()) {
          if (o.truth().kind().equals(e.getKey())) {
            runs++;
            found += o.found() ? 1 : 0;
          }
        }
      }
      sb.append(row(e.getValue(), e.getKey(), runs, found, results, benignActorRuns + benignOnlyRuns));
    }
    for (FindingKind k : FindingKind.values()) {
      if (!listed.contains(k)) {
        sb.append(row(k, "-", 0, 0, results, benignActorRuns + benignOnlyRuns));
      }
    }
    return sb.toString();
  }

  private static String row(FindingKind kind, String actor, int runs, int found, List<RunResult> results,
      long benign) {
    long inActorRuns = 0;
    long inBenignRuns = 0;
    for (RunResult r : results) {
      long n = r.falseFindings().stream().filter(f -> f.kind() == kind).count();
      if (r.scenario().withActors()) {
        inActorRuns += n;
      } else {
        inBenignRuns += n;
      }
    }
    String recall = runs == 0 ? "-" : String.format(Locale.ROOT, "%.2f (%d/%d)", (double) found / runs, found, runs);
    return "| " + kind.label() + " | " + actor + " | " + (runs == 0 ? "-" : runs) + " | " + recall + " | "
        + inActorRuns + " | " + inBenignRuns + " | "
        + String.format(Locale.ROOT, "%.2f", benign == 0 ? 0 : (inActorRuns + inBenignRuns) * 1e6 / benign)
        + " |\n";
  }

  /** One row per run: which actors were found, and the false findings. */
  public static String runTable(List<RunResult> results) {
    StringBuilder sb = new StringBuilder();
    sb.append("| variation | seed | clients | upstream | beacon | transactions | benign tx |");
    for (String k : EXPECTED_KIND.keySet()) {
      sb.append(' ').append(k).append(" |");
    }
    sb.append(" false findings | other findings on actors |\n|---|---|---|---|---|---|---|");
    sb.append("---|".repeat(EXPECTED_KIND.size())).append("---|---|\n");
    for (RunResult r : results) {
      GeneratorConfig c = r.scenario().config();
      sb.append("| ").append(r.scenario().variation()).append(" | ").append(c.seed()).append(" | ")
          .append(c.clients()).append(" | ").append(fmt(c.upstreamShare())).append(" | ")
          .append(r.scenario().withActors()
              ? fmt(c.beaconIntervalSeconds()) + " ± " + fmt(c.beaconJitterSeconds()) + " s" : "-")
          .append(" | ").append(count(r.transactions())).append(" | ").append(count(r.benignTransactions()))
          .append(" |");
      for (String k : EXPECTED_KIND.keySet()) {
        ActorOutcome o = r.actors().stream().filter(a -> a.truth().kind().equals(k)).findFirst().orElse(null);
        sb.append(' ').append(o == null ? "-" : o.found() ? "found " + o.score() : o.score() >= 0
            ? "partial " + o.score() : "missed").append(" |");
      }
      sb.append(' ').append(describe(r.falseFindings())).append(" | ").append(describe(r.actorSideFindings()))
          .append(" |\n");
    }
    return sb.toString();
  }

  private static String describe(List<Finding> findings) {
    if (findings.isEmpty()) {
      return "0";
    }
    Map<String, Integer> byKind = new LinkedHashMap<>();
    for (Finding f : findings) {
      byKind.merge(f.kind().label(), 1, Integer::sum);
    }
    StringBuilder sb = new StringBuilder().append(findings.size()).append(" (");
    byKind.forEach((k, n) -> sb.append(k).append(' ').append(n).append(", "));
    sb.setLength(sb.length() - 2);
    return sb.append(')').toString();
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.2f", d);
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n).replace(',', ' ');
  }

  // ---------------------------------------------------------------- command line

  /**
   * {@code --seeds 1..5} (or {@code 1,2,7}), {@code --actor-benign 100000} (background transactions of a
   * run with actors), {@code --benign 1000000} (transactions of each run without actors; 0 to skip),
   * {@code --variations base,jitter30,...} (default all; {@code none} for runs without actors only), {@code --work-dir DIR} (default the system
   * temporary directory), {@code --details} (print every false finding's explanation); or {@code --public DIR} alone: the
   * default suite over every capture under DIR, with its findings.
   */
  public static void main(String[] args) throws IOException {
    List<Long> seeds = List.of(1L, 2L, 3L, 4L, 5L);
    int actorBenign = DEFAULT_ACTOR_BENIGN;
    int benign = 1_000_000;
    List<String> variations = VARIATIONS;
    Path work = Path.of(System.getProperty("java.io.tmpdir"));
    boolean details = false;
    Path publicCaptures = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--details")) {
        details = true;
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + a);
      }
      String v = args[++i];
      switch (a) {
        case "--seeds" -> seeds = parseSeeds(v);
        case "--actor-benign" -> actorBenign = Integer.parseInt(v);
        case "--benign" -> benign = Integer.parseInt(v);
        case "--variations" -> variations = v.equals("none") ? List.of() : List.of(v.split(","));
        case "--work-dir" -> work = Path.of(v);
        case "--public" -> publicCaptures = Path.of(v);
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    if (publicCaptures != null) {
      out.print(publicCaptureFindings(publicCaptures));
      return;
    }
    Path dir = Files.createTempDirectory(work, "dnslens-eval-");
    DetectionEvaluation eval = new DetectionEvaluation(DetectionConfig.defaults(), dir);
    List<RunResult> results = new ArrayList<>();
    try {
      for (long seed : seeds) {
        List<Scenario> scenarios = new ArrayList<>(actorScenarios(seed, actorBenign, variations));
        if (benign > 0) {
          scenarios.addAll(benignScenarios(seed, benign));
        }
        for (Scenario s : scenarios) {
          long begin = System.nanoTime();
          RunResult r = eval.run(s);
          results.add(r);
          System.err.printf(Locale.ROOT, "%s seed %d: %d tx, %d false, %s (%.1f s)%n", s.variation(),
              s.config().seed(), r.transactions(), r.falseFindings().size(),
              r.actors().stream().map(o -> o.truth().kind() + (o.found() ? "+" : "-")).toList(),
              (System.nanoTime() - begin) / 1e9);
          if (details) {
            for (Finding f : r.falseFindings()) {
              System.err.println("  false: " + f.kind().label() + " " + f.score() + " " + f.explanation());
            }
            for (Finding f : r.actorSideFindings()) {
              System.err.println("  side:  " + f.kind().label() + " " + f.score() + " " + f.explanation());
            }
            for (ActorOutcome o : r.actors()) {
              if (!o.found()) {
                System.err.println("  missed: " + o.truth());
              }
            }
          }
        }
      }
    } finally {
      Files.deleteIfExists(dir);
    }
    out.println(summaryTable(results));
    out.println(runTable(results));
  }

  /**
   * Runs the default suite over every capture under {@code root} (one file at a time) and lists the
   * findings: the public captures hold no injected actor, so every finding there needs a look.
   */
  static String publicCaptureFindings(Path root) throws IOException {
    StringBuilder sb = new StringBuilder("| capture | transactions | findings |\n|---|---|---|\n");
    List<Path> files;
    try (java.util.stream.Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(Files::isRegularFile)
          .filter(p -> p.toString().matches(".*\\.(pcap|pcapng|cap|dnstap|fstrm)(\\.gz)?$"))
          .sorted().toList();
    }
    for (Path f : files) {
      DetectorSuite suite = new DetectorSuite(DetectionConfig.defaults());
      IngestPipeline pipeline = new IngestPipeline(IngestPipeline.Config.defaults());
      SuiteSink sink = new SuiteSink(suite);
      try (sink) {
        pipeline.run(pipeline.describe(List.of(f)), sink, IngestPipeline.MessageListener.NONE,
            IngestPipeline.Progress.NONE, () -> false);
      } catch (IOException | RuntimeException e) {
        sb.append("| ").append(root.relativize(f)).append(" | unreadable: ").append(e.getMessage()).append(" | |\n");
        continue;
      }
      List<Finding> findings = suite.finish();
      sb.append("| ").append(root.relativize(f)).append(" | ").append(sink.transactions).append(" | ")
          .append(findings.isEmpty() ? "0" : describe(findings) + ": " + String.join("; ",
              findings.stream().map(Finding::explanation).toList())).append(" |\n");
    }
    return sb.toString();
  }

  static List<Long> parseSeeds(String spec) {
    List<Long> out = new ArrayList<>();
    for (String part : spec.split(",")) {
      int range = part.indexOf("..");
      if (range > 0) {
        long from = Long.parseLong(part.substring(0, range).trim());
        long to = Long.parseLong(part.substring(range + 2).trim());
        for (long s = from; s <= to; s++) {
          out.add(s);
        }
      } else {
        out.add(Long.parseLong(part.trim()));
      }
    }
    return out;
  }
}
