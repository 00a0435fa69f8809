package org.dnslens.engine.pairing;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.dnslens.engine.issue.IssueCounter;
import org.dnslens.engine.model.DnsClass;
import org.dnslens.engine.model.DnsHeader;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.model.DnsName;
import org.dnslens.engine.model.FrameRef;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.engine.model.PacketMeta;
import org.dnslens.engine.model.ParseStatus;
import org.dnslens.engine.model.PortClass;
import org.dnslens.engine.model.Question;
import org.dnslens.engine.model.RrType;
import org.dnslens.engine.model.Transport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * Pairing throughput over a pre-decoded stream: 10 000 clients, one resolver, 1 ms apart per query, 90%
 * answered 5 ms later, a few retransmissions. Reported per message.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TransactionPairerBenchmark {
  static final int QUERIES = 200_000;
  /** Queries, plus every 50th retransmitted, plus nine in ten answered. */
  static final int MESSAGES = QUERIES + QUERIES / 50 + QUERIES / 10 * 9;
  static final long T0 = 1_700_000_000_000_000_000L;

  private List<DnsMessage> stream;

  @Setup
  public void setUp() {
    SplittableRandom rnd = new SplittableRandom(42);
    IpAddress server = IpAddress.parse("198.51.100.53");
    List<IpAddress> clients = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      clients.add(IpAddress.ofIpv4(0x0a000000 | i));
    }
    List<DnsMessage> all = new ArrayList<>();
    long frame = 0;
    for (int i = 0; i < QUERIES; i++) {
      IpAddress c = clients.get(rnd.nextInt(clients.size()));
      int port = 1024 + rnd.nextInt(60_000);
      int id = rnd.nextInt(65_536);
      Question q = new Question(DnsName.parse("host" + rnd.nextInt(50_000) + ".example.com"), RrType.A, DnsClass.IN);
      long ts = T0 + i * 1_000_000L / 100; // 100 queries per ms
      all.add(message(++frame, ts, c, port, server, 53, id, 0x0100, q));
      if (i % 50 == 0) {
        all.add(message(++frame, ts + 1, c, port, server, 53, id, 0x0100, q));
      }
      if (i % 10 != 0) {
        all.add(message(++frame, ts + 5_000_000L, server, 53, c, port, id, 0x8180, q));
      }
    }
    all.sort((a, b) -> Long.compare(a.meta().timestampNanos(), b.meta().timestampNanos()));
    if (all.size() != MESSAGES) {
      throw new IllegalStateException(all.size() + " messages");
    }
    stream = all;
  }

  private static DnsMessage message(
      long frame, long ts, IpAddress src, int sport, IpAddress dst, int dport, int id, int flags, Question q) {
    PacketMeta meta =
        new PacketMeta(
            new FrameRef(0, frame), frame, ts, Transport.UDP, src, sport, dst, dport, null, null, List.of(),
            List.of(), PortClass.DNS, null);
    byte[] wire = new byte[] {(byte) (id >>> 8), (byte) id, (byte) (flags >>> 8), (byte) flags};
    return new DnsMessage(
        meta, new DnsHeader(id, flags, 0, 1, 0, 0, 0), List.of(q), List.of(), List.of(), List.of(), null,
        ParseStatus.COMPLETE, null, wire);
  }

  /** Messages per second (ops = messages). */
  @Benchmark
  @OperationsPerInvocation(MESSAGES)
  public void pairStream(Blackhole bh) {
    TransactionPairer p = new TransactionPairer(PairingConfig.defaults(), new IssueCounter(), bh::consume);
    for (DnsMessage m : stream) {
      p.accept(m);
    }
    p.finish();
  }
}
