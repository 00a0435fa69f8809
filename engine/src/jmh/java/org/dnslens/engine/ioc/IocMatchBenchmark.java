package org.dnslens.engine.ioc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.dnslens.engine.model.DnsName;
import org.dnslens.engine.model.Ioc;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Issue 5 targets: load 1 M domain indicators in under 2 s; match at least 5 M names/s.
 *
 * <p>{@code ./mvnw -Pjmh -pl engine -am package -DskipTests && java -jar engine/target/benchmarks.jar
 * IocMatch}. The list is generated (deterministic seed): 1 M random registrable domains over common TLDs,
 * 30 % with a subdomain, written as a text list; names to match are 95 % unlisted random names and 5 %
 * subdomains of listed ones.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
public class IocMatchBenchmark {
  static final int IOCS = 1_000_000;
  static final int NAMES = 1 << 16;
  private static final String[] TLDS = {"com", "net", "org", "ru", "cn", "info", "xyz", "top", "io", "de"};

  private byte[] listBytes;
  private IocMatcher matcher;
  private String[] lowerNames;
  private DnsName[] dnsNames;
  /** One query message per name, back to back (as a stored block's wire bytes), and where each starts. */
  private byte[] queries;
  private int[] queryStart;
  private IocWireScreen screen;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    SplittableRandom r = new SplittableRandom(5);
    StringBuilder list = new StringBuilder(IOCS * 24);
    List<String> listed = new ArrayList<>(IOCS);
    for (int i = 0; i < IOCS; i++) {
      String d = label(r) + "." + TLDS[r.nextInt(TLDS.length)];
      if (r.nextInt(10) < 3) {
        d = label(r) + "." + d;
      }
      listed.add(d);
      list.append(d).append('\n');
    }
    listBytes = list.toString().getBytes(StandardCharsets.UTF_8);
    matcher = IocMatcher.of(read().iocs());
    lowerNames = new String[NAMES];
    dnsNames = new DnsName[NAMES];
    for (int i = 0; i < NAMES; i++) {
      String n =
          r.nextInt(100) < 5
              ? "www." + listed.get(r.nextInt(IOCS))
              : "www." + label(r) + "." + TLDS[r.nextInt(TLDS.length)];
      lowerNames[i] = n;
      dnsNames[i] = DnsName.parse(r.nextBoolean() ? n : n.toUpperCase(java.util.Locale.ROOT));
    }
    java.io.ByteArrayOutputStream wire = new java.io.ByteArrayOutputStream();
    queryStart = new int[NAMES + 1];
    for (int i = 0; i < NAMES; i++) {
      queryStart[i] = wire.size();
      wire.writeBytes(new byte[] {0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0}); // header: RD, one question
      wire.writeBytes(dnsNames[i].toWire());
      wire.writeBytes(new byte[] {0, 1, 0, 1}); // A IN
    }
    queryStart[NAMES] = wire.size();
    queries = wire.toByteArray();
    screen = matcher.wireScreen();
  }

  private static String label(SplittableRandom r) {
    int len = 6 + r.nextInt(7);
    char[] c = new char[len];
    for (int i = 0; i < len; i++) {
      c[i] = (char) ('a' + r.nextInt(26));
    }
    return new String(c);
  }

  private IocList read() throws IOException {
    return new IocListReader().read("bench.txt", new ByteArrayInputStream(listBytes));
  }

  /** Reading a 1 M-line text list and building the matcher: the "load" time. */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 2)
  @Measurement(iterations = 3)
  public IocMatcher load1MDomains() throws IOException {
    return IocMatcher.of(read().iocs());
  }

  /** Building the matcher alone from 1 M parsed indicators. */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 2)
  @Measurement(iterations = 3)
  public IocMatcher build1MDomains(BuildState s) {
    return IocMatcher.of(s.iocs);
  }

  /** Names/s on the hot path: lower-case strings already at hand. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(NAMES)
  @Warmup(iterations = 2, time = 2)
  @Measurement(iterations = 3, time = 2)
  public void matchLowerCaseNames(Blackhole bh) {
    IocMatcher.IocSink sink = bh::consume;
    for (String n : lowerNames) {
      matcher.matchLowerCaseName(n, sink);
    }
  }

  /** Names/s from model names, including building their lower-case text (what a transaction costs). */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(NAMES)
  @Warmup(iterations = 2, time = 2)
  @Measurement(iterations = 3, time = 2)
  public void matchDnsNames(Blackhole bh) {
    IocMatcher.IocSink sink = bh::consume;
    for (DnsName n : dnsNames) {
      matcher.matchLowerCaseName(n.toLowerCaseString(), sink);
    }
  }

  /**
   * Names/s of the retroactive case match's screen: one query message per name, read from its wire bytes
   * (no {@code DnsName}, no string), as {@code ioc match --case} reads every stored message.
   */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(NAMES)
  @Warmup(iterations = 2, time = 2)
  @Measurement(iterations = 3, time = 2)
  public void screenWireMessages(Blackhole bh) {
    for (int i = 0; i < NAMES; i++) {
      bh.consume(screen.mayMatch(queries, queryStart[i], queryStart[i + 1] - queryStart[i]));
    }
  }

  /** Parsed indicators for {@link #build1MDomains}. */
  @State(Scope.Benchmark)
  public static class BuildState {
    List<Ioc> iocs;

    @Setup(Level.Trial)
    public void setUp(IocMatchBenchmark b) throws IOException {
      iocs = b.read().iocs();
    }
  }
}
