package org.dnslens.cli.command;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dnslens.casework.CaseExport;
import org.dnslens.cli.DnslensCli;
import org.dnslens.cli.error.ExitCodes;
import org.dnslens.cli.error.UserFacingException;
import org.dnslens.cli.option.ExportOptions;
import org.dnslens.cli.option.ExportProgress;
import org.dnslens.engine.export.ExportFormat;
import org.dnslens.engine.export.TransactionWriter;
import org.dnslens.engine.export.delivery.DeliveryQueue;
import org.dnslens.engine.export.delivery.SpillFile;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.search.SearchQuery;
import org.dnslens.storage.search.TransactionSearch;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dnslens export --case CASE --what W --format F [search filters] -o FILE|-}: a case's transactions,
 * records, passive DNS, findings or IOC hits in any export format, streamed (the loop is
 * {@link CaseExport}, shared with the GUI); and {@code dnslens export --resend SPILLFILE <delivery flags>}.
 * docs/EXPORT.md.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Export a case (--case) in any export format, through the search filters; or re-send a spill file"
          + " (--resend) through a delivery.",
      "Transactions and records stream page by page; deliveries (--kafka, --fluentd, --syslog) and --rotate-dir"
          + " take them too."
    })
public final class ExportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ExportOptions export;

  @Mixin SearchFilterOptions filters;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  static final class Source {
    @Option(names = "--case", paramLabel = "CASE", description = "The case file (case or case.mv.db) to export.")
    Path casePath;

    @Option(names = "--resend", paramLabel = "SPILLFILE", description = "Spill file written by an earlier delivery.")
    Path resend;
  }

  @Option(names = "--what", defaultValue = "transactions", paramLabel = "WHAT",
      description = "transactions (default), records, pdns, findings or ioc-hits.")
  String what;

  @Option(names = "--format", defaultValue = "json", paramLabel = "FORMAT",
      description = "json (default), text, msgpack, fluentd, ecs, csv, packetlog, passivedns, gopassivedns, cof"
          + " (which ones fit each --what: docs/EXPORT.md).")
  String format;

  @Option(names = "--limit", paramLabel = "N", description = "At most N transactions or rows (default: all).")
  Long limit;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE (- or absent: standard output).")
  Path output;

  @Override
  public Integer call() throws IOException {
    return source.resend != null ? resend() : exportCase();
  }

  private int exportCase() throws IOException {
    CaseExport.What w = CaseExport.What.parse(what);
    if (w == null) {
      throw new UserFacingException(
          "--what \"" + CaseAccess.shorten(what) + "\" is not one of transactions, records, pdns, findings, ioc-hits",
          ExitCodes.USAGE);
    }
    ExportFormat f = ExportFormat.parse(format);
    if (f == null) {
      throw new UserFacingException("--format \"" + CaseAccess.shorten(format) + "\" is not an export format", ExitCodes.USAGE);
    }
    if (limit != null && limit < 1) {
      throw new UserFacingException("--limit must be at least 1", ExitCodes.USAGE);
    }
    boolean toStdout = output == null || output.toString().equals("-");
    if (!toStdout) {
      Path parent = output.toAbsolutePath().getParent();
      if (parent != null && !Files.isDirectory(parent)) {
        throw new UserFacingException("cannot write " + output + ": no such directory", ExitCodes.BAD_INPUT);
      }
    }
    PrintWriter err = spec.commandLine().getErr();
    try (CaseDatabase db = CaseAccess.openForReading(source.casePath)) {
      SearchQuery filter = filters.query(new TransactionSearch(db));
      CaseExport.Request r =
          new CaseExport.Request(w, f, filter, limit != null ? limit : Long.MAX_VALUE, export.formatOptions());
      boolean sinks = export.hasSinks();
      String no = CaseExport.refusal(r, sinks);
      if (no != null) {
        throw new UserFacingException(no, ExitCodes.USAGE);
      }
      if (sinks && output == null) {
        // Deliveries only, as with read: standard output stays quiet unless -o asks for it.
        toStdout = false;
      }
      CaseExport exporter = new CaseExport(db);
      List<TransactionWriter> also =
          sinks
              ? export.sinks(ExportOptions.Format.valueOf(f.name()), w == CaseExport.What.records, exporter.sourceNames())
              : List.of();
      ExportProgress progress = new ExportProgress(err, System.console() != null && !toStdout);
      CaseExport.Result result;
      try {
        if (output == null && sinks) {
          result = exporter.run(r, OutputStream.nullOutputStream(), also, progress);
        } else if (toStdout) {
          OutputStream out = new BufferedOutputStream(DnslensCli.stdout(spec), 1 << 16);
          result = exporter.run(r, out, also, progress);
          out.flush();
        } else {
          result = exporter.toFile(r, output, also, progress);
        }
      } catch (IllegalArgumentException e) {
        // A filter the database layer rejects (a malformed address or pattern): one sentence, usage.
        throw new UserFacingException(e.getMessage(), ExitCodes.USAGE, e);
      } finally {
        progress.finish();
        export.finish(err);
      }
      err.printf(Locale.ROOT, "dnslens: %,d %s exported%s%n", result.written(),
          w.unit(), toStdout ? "" : output == null ? "" : " to " + output);
      err.flush();
    }
    return ExitCodes.OK;
  }

  private int resend() throws IOException {
    Path resend = source.resend;
    if (!Files.isRegularFile(resend)) {
      throw new UserFacingException("no such spill file: " + resend, ExitCodes.BAD_INPUT);
    }
    export.sinks(ExportOptions.Format.json, false, i -> "");
    List<DeliveryQueue> queues = export.queues();
    if (queues.isEmpty()) {
      throw new UserFacingException("--resend needs a delivery: --kafka, --fluentd or --syslog", ExitCodes.USAGE);
    }
    try {
      SpillFile.forEach(resend, e -> {
        for (DeliveryQueue q : queues) {
          q.submit(e);
        }
      });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserFacingException("interrupted", ExitCodes.INTERRUPTED);
    } finally {
      export.finish(spec.commandLine().getErr());
    }
    return ExitCodes.OK;
  }
}
