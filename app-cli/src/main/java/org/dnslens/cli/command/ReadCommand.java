package org.dnslens.cli.command;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.dnslens.cli.DnslensCli;
import org.dnslens.cli.error.ExitCodes;
import org.dnslens.cli.error.UserFacingException;
import org.dnslens.cli.option.CaptureArguments;
import org.dnslens.cli.option.ExportOptions;
import org.dnslens.cli.option.RunReport;
import org.dnslens.engine.export.MessageJsonWriter;
import org.dnslens.engine.export.TransactionWriter;
import org.dnslens.engine.export.WriterSink;
import org.dnslens.engine.ingest.IngestPipeline;
import org.dnslens.engine.ingest.IngestStats;
import org.dnslens.engine.ingest.SourceInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dnslens read}: captures to a transaction log, record log or message log, streaming. */
@Command(
    name = "read",
    mixinStandardHelpOptions = true,
    description = {
      "Reads pcap/pcapng captures (gzip too) and dnstap Frame Streams files (directories expand to their files, merged by time) and writes"
          + " one line per DNS transaction (query paired with reply), per record (--records) or per message"
          + " (--messages). Nothing is stored; see 'ingest' for a case database."
    })
public final class ReadCommand implements Callable<Integer> {
  /** Output formats of {@code read}. */
  public enum Format {
    json,
    text,
    msgpack,
    fluentd,
    ecs,
    csv,
    packetlog,
    passivedns,
    gopassivedns,
    cof
  }

  @Spec CommandSpec spec;

  @Mixin CaptureArguments captures;

  @Mixin ExportOptions export;

  @Option(names = "--records", description = "One flat JSON object per question and record instead of per transaction.")
  boolean records;

  @Option(names = "--messages", description = "One JSON object per DNS message, before pairing.")
  boolean messages;

  @Option(names = "--format", defaultValue = "json", description = "json (NDJSON), text (one readable line per transaction), msgpack, fluentd ([tag,time,record] msgpack), ecs (Elastic Common Schema), csv, packetlog, passivedns (gamelinux ||), gopassivedns, cof (passive DNS COF). docs/EXPORT.md. Default: ${DEFAULT-VALUE}.")
  Format format;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
  Path output;

  @Option(names = "--ioc", paramLabel = "LIST", description = "Match IOC lists on the fly (repeatable; any format ioc match reads): hits are added to each JSON transaction as \"ioc_hits\" (JSON transaction log only).")
  List<Path> iocLists = new ArrayList<>();

  /** Set when --ioc lists are given: marks hits on each transaction line. */
  private org.dnslens.engine.ioc.IocAnnotator iocAnnotator;

  private org.dnslens.engine.ioc.IocHitAggregator iocHits;

  @Option(names = "--stats", description = "Print frames read, DNS messages found and the count per issue reason to stderr at the end.")
  boolean stats;

  @Override
  public Integer call() throws IOException {
    if (records && messages) {
      throw new UserFacingException("--records and --messages cannot be combined; pick one log", ExitCodes.USAGE);
    }
    if (format != Format.json && messages) {
      throw new UserFacingException("--messages is JSON only", ExitCodes.USAGE);
    }
    if (!iocLists.isEmpty()) {
      if (format != Format.json || records || messages) {
        throw new UserFacingException("--ioc marks hits on the JSON transaction log; drop --records/--messages/--format", ExitCodes.USAGE);
      }
      for (Path l : iocLists) {
        if (!java.nio.file.Files.isRegularFile(l)) {
          throw new UserFacingException("no such IOC list: " + l, ExitCodes.BAD_INPUT);
        }
      }
      org.dnslens.cli.casework.CaseAnalysis.Lists lists = org.dnslens.cli.casework.CaseAnalysis.readLists(iocLists, false);
      IocCommand.reportProblems(spec.commandLine().getErr(), lists.lists());
      iocHits = new org.dnslens.engine.ioc.IocHitAggregator();
      iocAnnotator = new org.dnslens.engine.ioc.IocAnnotator(org.dnslens.engine.ioc.IocMatcher.of(lists.iocs(), false), iocHits);
    }
    IngestPipeline pipeline = new IngestPipeline(captures.pipelineConfig(false));
    List<SourceInfo> sources = captures.describe(pipeline);
    List<String> names = new ArrayList<>();
    for (SourceInfo s : sources) {
      names.add(s.label());
    }
    // With a delivery or rotating files configured, standard output stays quiet unless -o asks for a file.
    OutputStream out = export.hasSinks() && output == null ? OutputStream.nullOutputStream() : openOutput();
    IngestStats result;
    try {
      if (messages) {
        try (MessageJsonWriter writer = new MessageJsonWriter(out, names::get);
            WriterSink sink = new WriterSink(NoTransactions.INSTANCE)) {
          result = pipeline.run(sources, sink, writer::write, IngestPipeline.Progress.NONE, () -> false);
        }
      } else {
        try (WriterSink sink = new WriterSink(transactionWriter(out, names))) {
          result = pipeline.run(sources, sink, IngestPipeline.MessageListener.NONE, IngestPipeline.Progress.NONE, () -> false);
        }
      }
    } finally {
      out.flush();
      if (output != null) {
        out.close();
      }
    }
    export.finish(spec.commandLine().getErr());
    RunReport report = new RunReport(spec.commandLine().getErr());
    report.warnUnreadable(sources, result);
    if (stats) {
      report.printStats(sources, result);
    } else {
      report.printIssueHint(result);
    }
    if (iocHits != null) {
      spec.commandLine().getErr().println("dnslens: " + iocHits.summaries().size() + " IOC hit(s) marked (\"ioc_hits\")");
      spec.commandLine().getErr().flush();
    }
    return ExitCodes.OK;
  }

  private TransactionWriter transactionWriter(OutputStream out, List<String> names) throws IOException {
    ExportOptions.Format f = ExportOptions.Format.valueOf(format.name());
    List<TransactionWriter> writers = new ArrayList<>(export.sinks(f, records, names::get));
    if (!export.hasSinks() || output != null) {
      writers.add(0, iocAnnotator != null
          ? new org.dnslens.engine.export.TransactionJsonWriter(out, names::get, iocAnnotator)
          : export.formatWriter(f, records, out, names::get));
    }
    return writers.size() == 1 ? writers.get(0) : new ExportOptions.Tee(writers);
  }

  private OutputStream openOutput() throws IOException {
    if (output == null) {
      // picocli's getOut() is a PrintWriter; NDJSON goes to the byte stream so UTF-8 is exact and fast.
      return new BufferedOutputStream(new NonClosingOutputStream(DnslensCli.stdout(spec)), 1 << 16);
    }
    Path parent = output.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      throw new UserFacingException("cannot write " + output + ": no such directory", ExitCodes.BAD_INPUT);
    }
    return new BufferedOutputStream(Files.newOutputStream(output), 1 << 16);
  }

  /** Discards transactions ({@code --messages} writes messages instead). */
  private enum NoTransactions implements TransactionWriter {
    INSTANCE;

    @Override
    public void write(org.dnslens.engine.model.Transaction transaction) {}

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  /** Keeps System.out open when the writer closes. */
  private static final class NonClosingOutputStream extends java.io.FilterOutputStream {
    NonClosingOutputStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }

  static Set<Integer> ports(List<Integer> extra) {
    Set<Integer> p = new HashSet<>(extra);
    p.add(53);
    return p;
  }
}
