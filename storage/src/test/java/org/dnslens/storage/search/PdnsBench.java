package org.dnslens.storage.search;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.dnslens.storage.casefile.CaseDatabase;

/**
 * Passive-DNS query latencies on an existing case (not a unit test): a left wildcard over a large
 * domain, a right wildcard, an exact name, an address and a CIDR block, each 11 times (median, and the
 * thread CPU median beside the wall median: wall means little on a shared machine). Run:
 *
 * <pre>
 * java -cp "storage/target/test-classes:app-cli/target/dnslens-cli.jar" org.dnslens.storage.search.PdnsBench CASE \
 *   '*.jp' 'www.example.*' 10.0.0.0/8 ...
 * </pre>
 * Arguments after the case are queries: containing '/' or ':' or all digits and dots = {@code byIp}, else
 * {@code byName}; each at limit 1000. {@code -Druns=N}: timed runs per query (default 11).
 */
public final class PdnsBench {
  private PdnsBench() {}

  public static void main(String[] args) throws Exception {
    PrintStream out =
        new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
    try (CaseDatabase db = CaseDatabase.openExisting(Path.of(args[0]))) {
      PassiveDnsQuery p = new PassiveDnsQuery(db);
      for (String q : Arrays.asList(args).subList(1, args.length)) {
        boolean ip = q.contains("/") || q.contains(":") || q.matches("[0-9.]+");
        Supplier<List<PassiveDnsQuery.Entry>> run = ip ? () -> p.byIp(q, 1000) : () -> p.byName(q, 1000);
        bench(out, (ip ? "pdns ip " : "pdns name ") + q, run);
        if (!ip) {
          // For comparison: the export's streaming merge in key order (labels reversed), stopped at 1000
          // rows; not the query's order (lower-case name), so not the same rows.
          PassiveDnsScan scan = new PassiveDnsScan(db);
          bench(out, "  key-order scan, first 1000", () -> {
            List<PassiveDnsQuery.Entry> got = new java.util.ArrayList<>();
            try {
              scan.byName(q, e -> got.add(e) && got.size() < 1000);
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
            return got;
          });
          bench(out, "  --by-client " + q, () -> p.clientsForName(q, 1000).stream()
              .map(c -> new PassiveDnsQuery.Entry(c.name(), 0, c.client().toString(), c.firstNanos(),
                  c.lastNanos(), c.count())).toList());
        }
      }
    }
  }

  private static void bench(PrintStream out, String label, Supplier<List<PassiveDnsQuery.Entry>> q) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long c0 = System.nanoTime();
    List<PassiveDnsQuery.Entry> first = q.get();
    double coldMs = (System.nanoTime() - c0) / 1e6;
    int runs = Integer.getInteger("runs", 11); // -Druns=3 for the slow full scans (right wildcards)
    double[] ms = new double[runs];
    double[] cpu = new double[runs];
    for (int i = 0; i < ms.length; i++) {
      long t = System.nanoTime();
      long c = mx.getCurrentThreadCpuTime();
      q.get();
      cpu[i] = (mx.getCurrentThreadCpuTime() - c) / 1e6;
      ms[i] = (System.nanoTime() - t) / 1e6;
    }
    Arrays.sort(ms);
    Arrays.sort(cpu);
    out.printf(Locale.ROOT, "%-32s rows=%-5d hash=%08x first %.1f ms, median %.1f ms (thread CPU %.1f ms), max %.1f ms%n",
        label, first.size(), first.hashCode(), coldMs, ms[ms.length / 2], cpu[cpu.length / 2], ms[ms.length - 1]);
  }
}
