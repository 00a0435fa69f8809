package org.dnslens.storage.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.dnslens.storage.casefile.CaseDatabase;

import org.dnslens.storage.search.CaseInfo;
import org.dnslens.storage.search.PassiveDnsQuery;
import org.dnslens.storage.search.SearchQuery;
import org.dnslens.storage.search.TransactionSearch;

/**
 * Search latencies on an existing case (e.g. one the CLI ingested from a real capture); not a unit test.
 * The search values are taken from the case itself (a frequent name, its parent domain, a frequent answer
 * address and client), so it works on any capture. Run:
 *
 * <pre>
 * java -cp storage/target/test-classes:app-cli/target/dnslens-cli.jar \
 *   org.dnslens.storage.bench.SearchBench /tmp/x/case [--only REGEX] [--repeat N]
 * </pre>
 *
 * <p>Each search runs once cold, then {@code N} (11) times; the line gives the median wall time, the median
 * CPU time of this thread (the search runs on it) and the mean CPU time of the whole process (a search shares
 * its block work with a helper thread since session 20, and GC and the JIT count there too): on a shared
 * machine the CPU times are the steadier figures. {@code --only} runs the searches whose label matches (e.g.
 * {@code 'exact|client'}, for a profile); {@code --name N} searches for {@code N} instead of the case's 50th most
 * asked name (its domain, address and CIDR follow from it).
 * It uses the public search API only, so this class also runs against another build's jar (an A/B on one
 * harness).
 */
public final class SearchBench {
  private final PrintStream out;
  private final Pattern only;
  private final int repeat;

  private SearchBench(PrintStream out, Pattern only, int repeat) {
    this.out = out;
    this.only = only;
    this.repeat = repeat;
  }

  public static void main(String[] args) throws Exception {
    Path file = CaseDatabase.caseFile(Path.of(args[0]));
    Pattern only = Pattern.compile("");
    int repeat = 11;
    String asked = null;
    for (int i = 1; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--only" -> only = Pattern.compile(args[i + 1]);
        case "--repeat" -> repeat = Integer.parseInt(args[i + 1]);
        case "--name" -> asked = args[i + 1];
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    PrintStream out =
        new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
    out.printf(Locale.ROOT, "case file: %.1f MB%n", Files.size(file) / 1e6);
    long o0 = System.nanoTime();
    try (CaseDatabase db = CaseDatabase.openExisting(file)) {
      out.printf(Locale.ROOT, "open: %.0f ms%n", (System.nanoTime() - o0) / 1e6);
      // Values from the case: a name of middling frequency (the 50th most asked), one of its answer
      // addresses (else a frequent server), a frequent client, the middle of the time span.
      String name = asked != null ? asked :
          db.jdbi().withHandle(h -> h.createQuery(
                  "SELECT item FROM run_count WHERE kind = 'name' GROUP BY item ORDER BY SUM(cnt) DESC, item"
                      + " LIMIT 1 OFFSET 49")
              .mapTo(String.class).findOne().orElse("example.com"));
      String domain = name.contains(".") ? name.substring(name.indexOf('.') + 1) : name;
      PassiveDnsQuery pd = new PassiveDnsQuery(db);
      String ip =
          pd.byName(name, 100).stream().filter(e -> e.type() == 1 || e.type() == 28).map(e -> e.data())
              .findFirst()
              .orElseGet(() -> CaseInfo.load(db).topServers().get(0).key());
      String client =
          db.jdbi().withHandle(h -> h.createQuery(
                  "SELECT item FROM run_count WHERE kind = 'client' GROUP BY item ORDER BY SUM(cnt) DESC, item"
                      + " LIMIT 1 OFFSET 9")
              .mapTo(String.class).findOne().orElse(ip));
      CaseInfo info = CaseInfo.load(db);
      long[] span = {info.firstNanos(), info.lastNanos()};
      out.printf(Locale.ROOT, "transactions: %d%n", info.transactions());
      long mid = span[0] + (span[1] - span[0]) / 2;
      String cidr = ip.contains(":") ? ip + "/64" : ip.substring(0, ip.lastIndexOf('.')) + ".0/24";
      out.printf(Locale.ROOT, "values: name=%s domain=%s ip=%s cidr=%s client=%s%n", name, domain, ip, cidr,
          client);
      SearchBench bench = new SearchBench(out, only, repeat);
      TransactionSearch s = new TransactionSearch(db);
      PassiveDnsQuery p = new PassiveDnsQuery(db);
      bench.run("exact name", () -> s.search(SearchQuery.all().withName(name)).size());
      bench.run("subdomain " + domain, () -> s.search(SearchQuery.all().withDomain(domain)).size());
      bench.run("answer/endpoint IP", () -> s.search(SearchQuery.all().withIp(ip)).size());
      bench.run("CIDR", () -> s.search(SearchQuery.all().withIp(cidr)).size());
      bench.run("client IP", () -> s.search(SearchQuery.all().withClient(client)).size());
      bench.run("time window 10 s", () ->
          s.search(SearchQuery.all().withSince(mid).withUntil(mid + 10_000_000_000L)).size());
      bench.run("time window + next page (keyset)", () -> {
        var page = s.search(SearchQuery.all().withSince(mid));
        return s.search(SearchQuery.all().withSince(mid).withAfter(page.get(page.size() - 1).cursor())).size();
      });
      bench.run("passive DNS by name", () -> p.byName(name, 1000).size());
      bench.run("passive DNS *.domain", () -> p.byName("*." + domain, 1000).size());
      bench.run("passive DNS by IP", () -> p.byIp(ip, 1000).size());
      bench.run("passive DNS by CIDR", () -> p.byIp(cidr, 1000).size());
      bench.run("passive DNS names of a client", () -> p.namesForClient(client, 1000).size());
    }
  }

  private void run(String label, Supplier<Integer> q) {
    if (!only.matcher(label).find()) {
      return;
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long c0 = System.nanoTime();
    int rows = q.get();
    double coldMs = (System.nanoTime() - c0) / 1e6;
    double[] ms = new double[repeat];
    double[] cpu = new double[repeat];
    long process0 = os.getProcessCpuTime();
    for (int i = 0; i < ms.length; i++) {
      long u = threads.getCurrentThreadCpuTime();
      long t = System.nanoTime();
      q.get();
      ms[i] = (System.nanoTime() - t) / 1e6;
      cpu[i] = (threads.getCurrentThreadCpuTime() - u) / 1e6;
    }
    Arrays.sort(ms);
    Arrays.sort(cpu);
    // The process's CPU clock ticks in 10 ms steps here: a mean over the runs, not a median of single runs.
    double processMean = (os.getProcessCpuTime() - process0) / 1e6 / repeat;
    out.printf(Locale.ROOT, "search %-40s rows=%-5d first %.1f ms, median %.1f ms, max %.1f ms,"
        + " thread CPU median %.1f ms, process CPU mean %.1f ms%n",
        label, rows, coldMs, ms[ms.length / 2], ms[ms.length - 1], cpu[cpu.length / 2], processMean);
  }
}
