package org.dnslens.cli.command;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dnslens.cli.option.CaptureArguments;
import org.dnslens.engine.capture.CaptureReader;
import org.dnslens.engine.capture.CaptureReaders;
import org.dnslens.engine.capture.Frame;
import org.dnslens.engine.decode.PacketDecoder;
import org.dnslens.engine.dns.DnsMessageDecoder;
import org.dnslens.engine.export.RecordJsonWriter;
import org.dnslens.engine.export.TransactionJsonWriter;
import org.dnslens.engine.export.TransactionWriter;
import org.dnslens.engine.export.WriterSink;
import org.dnslens.engine.ingest.IngestPipeline;
import org.dnslens.engine.ingest.IngestStats;
import org.dnslens.engine.ingest.SourceInfo;
import org.dnslens.engine.issue.IssueCounter;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.pairing.TransactionPairer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code dnslens bench}: how fast each stage of the pipeline runs on a capture, so optimisations are
 * measured rather than guessed. Each stage adds one step to the previous one (read → +decode → +dns →
 * +pairing → +json to a null stream) and runs on this thread alone; {@code pipeline} is the real
 * {@link IngestPipeline} (with its worker thread) writing NDJSON to a null stream. Wall time and CPU time
 * (this thread, and the whole process) are both shown: on a shared machine CPU time is the steadier figure.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measures the pipeline stage by stage on captures: frames/s, MB/s, DNS messages/s, transactions/s,"
          + " wall and CPU time. Output goes to a null stream; nothing is written."
    })
public final class BenchCommand implements Callable<Integer> {
  /** The stages, each including the ones before it. */
  public enum Stage {
    read,
    decode,
    dns,
    pairing,
    json,
    records,
    pipeline
  }

  @Spec CommandSpec spec;

  @Mixin CaptureArguments captures;

  @Option(
      names = "--stages",
      split = ",",
      paramLabel = "STAGE",
      description = "Stages to run, in this order (default: all): ${COMPLETION-CANDIDATES}.")
  List<Stage> stages = new ArrayList<>(List.of(Stage.values()));

  @Option(names = "--repeat", defaultValue = "3", description = "Runs per stage; the best is reported (the first ones warm the JIT). Default: ${DEFAULT-VALUE}.")
  int repeat;

  @Option(names = "--threads", defaultValue = "2", description = "Threads of the pipeline stage (1 = all on one thread). Default: ${DEFAULT-VALUE}.")
  int threads;

  private final ThreadMXBean threadBean = ManagementFactory.getThreadMXBean();

  @Override
  public Integer call() throws IOException {
    IngestPipeline.Config config = captures.pipelineConfig(false).withThreads(threads);
    IngestPipeline pipeline = new IngestPipeline(config);
    List<SourceInfo> sources = captures.describe(pipeline);
    PrintWriter out = spec.commandLine().getOut();
    long bytes = sources.stream().mapToLong(SourceInfo::sizeBytes).sum();
    out.printf(
        Locale.ROOT,
        "%d file(s), %.1f MB; %d available processors; java %s; max heap %d MB%n",
        sources.size(),
        bytes / 1e6,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() >> 20);
    out.printf(
        Locale.ROOT,
        "%-9s %9s %9s %9s %10s %10s %9s %9s %10s%n",
        "stage",
        "wall_s",
        "thread_s",
        "proc_s",
        "frames/s",
        "MB/s",
        "msgs/s",
        "tx/s",
        "frames/cpu_s");
    for (Stage stage : stages) {
      Result best = null;
      for (int i = 0; i < Math.max(1, repeat); i++) {
        Result r = run(stage, sources, config, pipeline);
        if (best == null || r.wallNanos < best.wallNanos) {
          best = r;
        }
      }
      best.print(out, stage);
      out.flush();
    }
    out.printf(Locale.ROOT, "peak heap used (all pools, since start): %d MB%n", peakHeapBytes() >> 20);
    return 0;
  }

  private Result run(Stage stage, List<SourceInfo> sources, IngestPipeline.Config config, IngestPipeline pipeline)
      throws IOException {
    long cpu0 = threadBean.getCurrentThreadCpuTime();
    long proc0 = processCpuNanos();
    long t0 = System.nanoTime();
    Result r = new Result();
    if (stage == Stage.pipeline) {
      try (WriterSink sink = new WriterSink(new TransactionJsonWriter(OutputStream.nullOutputStream(), i -> "f"))) {
        IngestStats s =
            pipeline.run(sources, sink, IngestPipeline.MessageListener.NONE, IngestPipeline.Progress.NONE, () -> false);
        r.bytes = s.bytesRead();
        r.frames = s.frames();
        r.messages = s.dnsMessages();
        r.transactions = s.transactions();
      }
    } else {
      single(stage, sources, config, r);
    }
    r.wallNanos = System.nanoTime() - t0;
    r.threadCpuNanos = threadBean.getCurrentThreadCpuTime() - cpu0;
    r.processCpuNanos = processCpuNanos() - proc0;
    return r;
  }

  /** One thread, stages chained by hand so each can be cut off where the stage ends. */
  private static void single(Stage stage, List<SourceInfo> sources, IngestPipeline.Config config, Result r)
      throws IOException {
    IssueCounter issues = new IssueCounter();
    TransactionWriter writer =
        switch (stage) {
          case json -> new TransactionJsonWriter(OutputStream.nullOutputStream(), i -> "f");
          case records -> new RecordJsonWriter(OutputStream.nullOutputStream(), i -> "f");
          default -> null;
        };
    WriterSink sink = writer == null ? null : new WriterSink(writer);
    TransactionPairer pairer =
        stage.compareTo(Stage.pairing) >= 0
            ? new TransactionPairer(
                config.pairing(),
                issues,
                tx -> {
                  r.transactions++;
                  if (sink != null) {
                    try {
                      sink.transaction(tx);
                    } catch (IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  }
                })
            : null;
    DnsMessageDecoder dns = stage.compareTo(Stage.dns) >= 0 ? new DnsMessageDecoder(issues) : null;
    PacketDecoder decoder =
        new PacketDecoder(
            config.decoder(),
            issues,
            raw -> {
              r.messages++;
              if (dns != null) {
                DnsMessage m = dns.decode(raw);
                if (pairer != null) {
                  pairer.accept(m);
                }
              }
            });
    try (CaptureReader reader =
        CaptureReaders.openMerged(sources.stream().map(SourceInfo::path).toList(), issues)) {
      Frame f;
      long sum = 0;
      while ((f = reader.next()) != null) {
        r.frames++;
        if (stage == Stage.read) {
          sum += f.data().get(f.capturedLength() - 1); // touch the bytes, as a decoder would
        } else {
          decoder.decode(f);
        }
      }
      r.checksum = sum;
      r.bytes = reader.bytesRead();
    }
    if (stage != Stage.read) {
      decoder.finish();
    }
    if (pairer != null) {
      pairer.finish();
    }
    if (sink != null) {
      sink.close();
    }
  }

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  private static long peakHeapBytes() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  private static final class Result {
    long wallNanos;
    long threadCpuNanos;
    long processCpuNanos;
    long bytes;
    long frames;
    long messages;
    long transactions;
    long checksum;

    void print(PrintWriter out, Stage stage) {
      double wall = wallNanos / 1e9;
      double cpu = (stage == Stage.pipeline ? processCpuNanos : threadCpuNanos) / 1e9;
      out.printf(
          Locale.ROOT,
          "%-9s %9.2f %9.2f %9.2f %10.0f %10.1f %9.0f %9.0f %10.0f%n",
          stage,
          wall,
          threadCpuNanos / 1e9,
          processCpuNanos / 1e9,
          frames / wall,
          bytes / 1e6 / wall,
          messages / wall,
          transactions / wall,
          frames / cpu);
    }
  }
}
