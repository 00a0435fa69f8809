package org.dnslens.storage.bench;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.dnslens.engine.ingest.SourceInfo;
import org.dnslens.engine.model.DnsHeader;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.model.DnsName;
import org.dnslens.engine.model.FrameRef;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.engine.model.PacketMeta;
import org.dnslens.engine.model.ParseStatus;
import org.dnslens.engine.model.PortClass;
import org.dnslens.engine.model.Question;
import org.dnslens.engine.model.RData;
import org.dnslens.engine.model.ResourceRecord;
import org.dnslens.engine.model.Role;
import org.dnslens.engine.model.RrType;
import org.dnslens.engine.model.Section;
import org.dnslens.engine.model.Transaction;
import org.dnslens.engine.model.TransactionStatus;
import org.dnslens.engine.model.Transport;
import org.dnslens.storage.TxFixtures;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.ingest.DatabaseSink;
import org.dnslens.storage.search.SearchQuery;
import org.dnslens.storage.search.TransactionSearch;

/**
 * Ingest and search benchmark (not a unit test): writes N synthetic transactions through {@link
 * DatabaseSink} into a fresh case and times it, then times searches. Run:
 *
 * <pre>
 * ./mvnw -q -pl storage -am test-compile
 * java -cp "$(cat storage/target/bench.cp):storage/target/classes:storage/target/test-classes" \
 *   org.dnslens.storage.bench.StorageBench /tmp/bench 1000000
 * </pre>
 *
 * Traffic: 2 000 IPv4 clients, 8 resolvers, 50 000 popular names under 5 000 domains (skewed), 20 % unique
 * tunnelling-like names, 80 % answered with 1-2 A records, 10 % NXDOMAIN, 10 % unanswered. One
 * transaction every 2 ms. Wire bytes are real DNS encodings of the same content.
 */
public final class StorageBench {
  private static final long T0 = 1_700_000_000_000_000_000L;
  private static final long STEP_NANOS = 2_000_000L;

  private StorageBench() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/dnslens-bench");
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
    Files.createDirectories(dir);
    Path file = dir.resolve("bench-" + n);
    Files.deleteIfExists(CaseDatabase.caseFile(file));

    // Generation cost alone, so it can be told apart from storage cost.
    long g0 = System.nanoTime();
    Generator gen = new Generator(42);
    long recordsGen = 0;
    for (int i = 0; i < n; i++) {
      Transaction t = gen.next(i);
      recordsGen += t.reply() != null ? t.reply().answers().size() : 0;
    }
    double genSec = (System.nanoTime() - g0) / 1e9;

    long records = 0;
    var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    try (CaseDatabase db = CaseDatabase.open(file)) {
      gen = new Generator(42);
      try (DatabaseSink sink = DatabaseSink.open(db)) {
        List<SourceInfo> sources = List.of(new SourceInfo(0, Path.of("synthetic.pcap"), "synthetic.pcap", TxFixtures.sha(n), 0));
        sink.begin(sources);
        for (int i = 0; i < n; i++) {
          Transaction t = gen.next(i);
          records += t.reply() != null ? t.reply().answers().size() : 0;
          sink.transaction(t);
        }
        sink.complete(TxFixtures.stats(n, sources, Map.of()));
      }
    }
    double ingestSec = (System.nanoTime() - t0) / 1e9;
    double cpuSec = (os.getProcessCpuTime() - cpu0) / 1e9;
    long size = Files.size(CaseDatabase.caseFile(file));
    out.printf(Locale.ROOT, "transactions=%d records=%d%n", n, records);
    out.printf(Locale.ROOT, "generation alone: %.2f s (%d records)%n", genSec, recordsGen);
    out.printf(Locale.ROOT, "ingest incl. generation, open, indexes, pdns merge, close: %.2f s = %.0f tx/s, %.0f records/s%n",
        ingestSec, n / ingestSec, records / ingestSec);
    out.printf(Locale.ROOT, "process CPU time during ingest: %.2f s (all threads; the machine's load average was %.1f)%n",
        cpuSec, os.getSystemLoadAverage());
    out.printf(Locale.ROOT, "case file: %.1f MB (%.1f MB per 1 M transactions)%n", size / 1e6, size / 1e6 * 1_000_000 / n);

    try (CaseDatabase db = CaseDatabase.openExisting(file)) {
      TransactionSearch s = new TransactionSearch(db);
      long end = T0 + (long) n * STEP_NANOS;
      bench(out, "exact name", () -> s.search(SearchQuery.all().withName("host17.domain3.example")).size());
      bench(out, "subdomain (domain3.example)", () -> s.search(SearchQuery.all().withDomain("domain3.example")).size());
      bench(out, "answer/endpoint IP", () -> s.search(SearchQuery.all().withIp("198.18.3.17")).size());
      bench(out, "CIDR /24", () -> s.search(SearchQuery.all().withIp("198.18.3.0/24")).size());
      bench(out, "client IP", () -> s.search(SearchQuery.all().withClient("10.0.1.17")).size());
      bench(out, "time window 10 s", () -> s.search(SearchQuery.all().withSince(end / 2).withUntil(end / 2 + 10_000_000_000L)).size());
      bench(out, "time window + page 2 (keyset)", () -> {
        var page = s.search(SearchQuery.all().withSince(T0 + 1_000_000_000L));
        return s.search(SearchQuery.all().withSince(T0 + 1_000_000_000L).withAfter(page.get(page.size() - 1).cursor())).size();
      });
      bench(out, "pattern *tun*", () -> s.search(SearchQuery.all().withPattern("x1234*.tunnel.example")).size());
    }
  }

  private static void bench(PrintStream out, String label, Supplier<Integer> q) {
    int rows = q.get(); // warm-up
    q.get();
    double[] ms = new double[15];
    for (int i = 0; i < ms.length; i++) {
      long t = System.nanoTime();
      q.get();
      ms[i] = (System.nanoTime() - t) / 1e6;
    }
    Arrays.sort(ms);
    out.printf(Locale.ROOT, "search %-32s rows=%-5d median %.1f ms  max %.1f ms%n", label, rows, ms[ms.length / 2], ms[ms.length - 1]);
  }

  /** Deterministic synthetic traffic. */
  static final class Generator {
    private final SplittableRandom rnd;
    private final List<DnsName> popular = new ArrayList<>();
    private final IpAddress[] clients = new IpAddress[2000];
    private final IpAddress[] servers = new IpAddress[8];
    private final DnsName tunnelParent = DnsName.parse("tunnel.example");

    Generator(long seed) {
      rnd = new SplittableRandom(seed);
      for (int i = 0; i < 50_000; i++) {
        popular.add(DnsName.parse("host" + (i / 5000) + "" + (i % 100) + ".domain" + (i % 5000) + ".example"));
      }
      // A few names the searches look for.
      popular.set(0, DnsName.parse("host17.domain3.example"));
      for (int i = 0; i < clients.length; i++) {
        clients[i] = IpAddress.ofIpv4(0x0a000000 | (i / 250) << 8 | (i % 250 + 1));
      }
      for (int i = 0; i < servers.length; i++) {
        servers[i] = IpAddress.ofIpv4(0xc0000235 + i);
      }
    }

    Transaction next(int i) {
      long ts = T0 + i * STEP_NANOS;
      IpAddress client = clients[rnd.nextInt(clients.length)];
      IpAddress server = servers[rnd.nextInt(servers.length)];
      DnsName name;
      int r = rnd.nextInt(100);
      if (r < 20) {
        name = DnsName.parse("x" + Long.toHexString(rnd.nextLong()) + ".tunnel.example");
      } else {
        // Skewed popularity: squares favour low indexes.
        double u = rnd.nextDouble();
        name = popular.get((int) (u * u * popular.size()));
      }
      int id = rnd.nextInt(65536);
      int port = 1024 + rnd.nextInt(60000);
      int outcome = rnd.nextInt(100);
      Question q = new Question(name, RrType.A, 1);
      PacketMeta qm = meta(i * 2L + 1, ts, client, port, server, 53);
      byte[] qwire = Wire.query(id, name);
      DnsMessage query = new DnsMessage(qm, new DnsHeader(id, 0x0100, 0, 1, 0, 0, 0), List.of(q), List.of(),
          List.of(), List.of(), null, ParseStatus.COMPLETE, null, qwire);
      if (outcome >= 90) {
        return new Transaction(TransactionStatus.UNANSWERED, query, null, List.of(), 0, 0, Role.CLIENT, null);
      }
      int rcode = outcome >= 80 ? 3 : 0;
      List<ResourceRecord> answers = new ArrayList<>(2);
      if (rcode == 0) {
        int count = 1 + (name.hashCode() & 1);
        for (int k = 0; k < count; k++) {
          int h = name.hashCode() * 31 + k;
          IpAddress a = IpAddress.ofIpv4(0xc6120000 | (h & 0xffff)); // 198.18.0.0/16
          answers.add(new ResourceRecord(Section.ANSWER, name, RrType.A, 1, 300, a.toString(), new RData.Address(a)));
        }
      }
      PacketMeta rm = meta(i * 2L + 2, ts + 800_000 + rnd.nextInt(20_000_000), server, 53, client, port);
      DnsMessage reply = new DnsMessage(rm, new DnsHeader(id, 0x8180 | rcode, rcode, 1, answers.size(), 0, 0),
          List.of(q), answers, List.of(), List.of(), null, ParseStatus.COMPLETE, null,
          Wire.reply(qwire, rcode, answers));
      return new Transaction(TransactionStatus.ANSWERED, query, reply, List.of(), 0, 0, Role.CLIENT, null);
    }

    private static PacketMeta meta(long frame, long ts, IpAddress src, int sport, IpAddress dst, int dport) {
      return new PacketMeta(new FrameRef(0, frame), frame, ts, Transport.UDP, src, sport, dst, dport, null, null,
          List.of(), List.of(), PortClass.DNS, null);
    }
  }

  /** Minimal DNS encoder for the benchmark's wire bytes. */
  static final class Wire {
    static byte[] query(int id, DnsName name) {
      byte[] n = name.toWire();
      byte[] w = new byte[12 + n.length + 4];
      w[0] = (byte) (id >>> 8);
      w[1] = (byte) id;
      w[2] = 0x01;
      w[5] = 1;
      System.arraycopy(n, 0, w, 12, n.length);
      w[12 + n.length + 1] = 1;
      w[12 + n.length + 3] = 1;
      return w;
    }

    static byte[] reply(byte[] query, int rcode, List<ResourceRecord> answers) {
      byte[] w = Arrays.copyOf(query, query.length + answers.size() * 16);
      w[2] = (byte) 0x81;
      w[3] = (byte) (0x80 | rcode);
      w[7] = (byte) answers.size();
      int p = query.length;
      for (ResourceRecord rr : answers) {
        byte[] a = ((RData.Address) rr.rdata()).address().toBytes();
        w[p] = (byte) 0xc0;
        w[p + 1] = 12;
        w[p + 3] = 1;
        w[p + 5] = 1;
        w[p + 8] = 1;
        w[p + 9] = 0x2c;
        w[p + 11] = 4;
        System.arraycopy(a, 0, w, p + 12, 4);
        p += 16;
      }
      return w;
    }
  }
}
