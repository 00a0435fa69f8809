package org.dnslens.casework;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import org.dnslens.engine.export.CaseRowWriter;
import org.dnslens.engine.export.CofWriter;
import org.dnslens.engine.export.ExportFormat;
import org.dnslens.engine.export.TransactionWriter;
import org.dnslens.engine.model.Finding;
import org.dnslens.engine.model.IocHitSummary;
import org.dnslens.engine.model.PassiveDnsEntry;
import org.dnslens.engine.model.Transaction;
import org.dnslens.storage.casefile.CaseDatabase;
import org.dnslens.storage.findings.FindingStore;
import org.dnslens.storage.findings.IocHitStore;
import org.dnslens.storage.search.CaseInfo;
import org.dnslens.storage.search.PassiveDnsScan;
import org.dnslens.storage.search.SearchQuery;

/**
 * The case export loop, shared by {@code dnslens export --case} and the GUI's export dialog: what to
 * export ({@link What}), in which {@link ExportFormat}, through a search filter, streamed page by page
 * (transactions and records) so memory stays bounded by one page on a case of any size. docs/EXPORT.md.
 */
public final class CaseExport {
  /** What part of a case is exported. */
  public enum What {
    transactions("transactions"),
    records("records"),
    pdns("pdns"),
    findings("findings"),
    ioc_hits("ioc-hits");

    private final String label;

    What(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    /** {@code label} as typed by a user, or null. */
    public static What parse(String label) {
      for (What w : values()) {
        if (w.label.equalsIgnoreCase(label.strip()) || w.name().equalsIgnoreCase(label.strip())) {
          return w;
        }
      }
      return null;
    }

    /** The formats this part can be written in, in the order a chooser lists them. */
    public List<ExportFormat> formats() {
      return switch (this) {
        // COF aggregates: over transactions it would hold the whole case in memory; --what pdns is the stored aggregate.
        case transactions -> List.of(
            ExportFormat.json, ExportFormat.text, ExportFormat.msgpack, ExportFormat.fluentd, ExportFormat.ecs,
            ExportFormat.csv, ExportFormat.packetlog, ExportFormat.passivedns, ExportFormat.gopassivedns);
        case records -> List.of(ExportFormat.json, ExportFormat.msgpack, ExportFormat.fluentd);
        case pdns -> List.of(ExportFormat.cof, ExportFormat.json, ExportFormat.csv, ExportFormat.msgpack);
        case findings, ioc_hits -> List.of(ExportFormat.json, ExportFormat.csv, ExportFormat.msgpack);
      };
    }

    /** What {@link Result#written()} counts, for a summary line. */
    public String unit() {
      return switch (this) {
        case transactions, records -> "transactions";
        case pdns -> "passive DNS rows";
        case findings -> "findings";
        case ioc_hits -> "IOC hits";
      };
    }

    /** Whether the transaction search filters apply (passive DNS takes name and address filters only). */
    boolean streamsTransactions() {
      return this == transactions || this == records;
    }
  }

  /**
   * One export.
   *
   * @param filter the search filter (limit, offset and cursor ignored); {@link SearchQuery#all()} for all
   * @param limit at most this many transactions or rows ({@link Long#MAX_VALUE}: all)
   */
  public record Request(What what, ExportFormat format, SearchQuery filter, long limit, ExportFormat.Options options) {
    public Request {
      filter = filter != null ? filter : SearchQuery.all();
      options = options != null ? options : ExportFormat.Options.DEFAULTS;
      if (limit < 1) {
        throw new IllegalArgumentException("limit must be at least 1");
      }
    }
  }

  /**
   * How an export ended.
   *
   * @param written transactions (for transactions and records) or rows written
   * @param cancelled stopped by the caller before the end
   */
  public record Result(long written, boolean cancelled) {}

  /** Progress and cancellation, polled once per page. */
  public interface Progress {
    Progress NONE = (done, total) -> {};

    /** @param total expected count, or -1 when unknown */
    void progress(long done, long total);

    default boolean cancelled() {
      return false;
    }
  }

  private final CaseDatabase db;
  /** Source labels, learnt from the rows as they stream (every row carries its source's label). */
  private final Map<Integer, String> names = new HashMap<>();

  public CaseExport(CaseDatabase db) {
    this.db = db;
  }

  /**
   * File names of the sources by id, as seen so far by a running export: for writers made by the caller
   * (deliveries, rotating files) that put the file name in each transaction.
   */
  public IntFunction<String> sourceNames() {
    return id -> names.getOrDefault(id, "");
  }

  /**
   * Why {@code r} cannot be done, as one sentence for the user, or null when it can. Checked before any
   * output is opened.
   *
   * @param withSinks whether deliveries or rotating files are to receive it too
   */
  public static String refusal(Request r, boolean withSinks) {
    if (!r.what().formats().contains(r.format())) {
      return "--what " + r.what().label() + " cannot be written as " + r.format().name() + ": use "
          + String.join(", ", r.what().formats().stream().map(Enum::name).toList()) + ".";
    }
    SearchQuery f = r.filter();
    boolean transactionFilter =
        f.client() != null || f.server() != null || f.sinceNanos() != null || f.untilNanos() != null || f.qtype() != null
            || f.rcode() != null || f.status() != null;
    boolean nameFilter = f.name() != null || f.domain() != null || f.pattern() != null || f.ip() != null;
    if (r.what() == What.pdns) {
      if (transactionFilter) {
        return "passive DNS is stored per name, type and data, so --what pdns takes only --name, --domain, --pattern or --ip.";
      }
      int n = (f.name() != null ? 1 : 0) + (f.domain() != null ? 1 : 0) + (f.pattern() != null ? 1 : 0) + (f.ip() != null ? 1 : 0);
      if (n > 1) {
        return "--what pdns takes one of --name, --domain, --pattern or --ip.";
      }
    }
    if ((r.what() == What.findings || r.what() == What.ioc_hits) && (transactionFilter || nameFilter)) {
      return "--what " + r.what().label() + " exports the stored results whole and takes no search filters.";
    }
    if (withSinks && !r.what().streamsTransactions()) {
      return "deliveries and rotating files carry transactions or records, not " + r.what().label() + ".";
    }
    return null;
  }

  /** The count a progress bar runs to, or -1 when it is not known without doing the export. */
  public long expected(Request r) {
    if (!r.what().streamsTransactions()) {
      return -1;
    }
    return Math.min(r.limit(), new CaseScanner(db).count(r.filter()));
  }

  /**
   * Writes {@code r} to {@code out} (flushed, not closed) and to every writer of {@code alsoTo} (closed).
   *
   * @throws IllegalArgumentException when {@link #refusal} refuses it, or a filter is malformed
   */
  public Result run(Request r, OutputStream out, List<TransactionWriter> alsoTo, Progress progress) throws IOException {
    String no = refusal(r, !alsoTo.isEmpty());
    if (no != null) {
      throw new IllegalArgumentException(no);
    }
    return switch (r.what()) {
      case transactions, records -> transactions(r, out, alsoTo, progress);
      case pdns -> passiveDns(r, out, progress);
      case findings -> rows(r, out, progress, true);
      case ioc_hits -> rows(r, out, progress, false);
    };
  }

  /**
   * Writes {@code r} into {@code file} through a temporary file in the same directory, moved into place
   * only when the export completed: a cancelled or failed export leaves no half file behind (and an
   * existing file untouched).
   */
  public Result toFile(Request r, Path file, List<TransactionWriter> alsoTo, Progress progress) throws IOException {
    Path abs = file.toAbsolutePath();
    Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".part");
    boolean done = false;
    try {
      Result result;
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
        result = run(r, out, alsoTo, progress);
      }
      if (!result.cancelled()) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        done = true;
      }
      return result;
    } finally {
      if (!done) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  private Result transactions(Request r, OutputStream out, List<TransactionWriter> alsoTo, Progress progress)
      throws IOException {
    IntFunction<String> sourceNames = sourceNames();
    long total = expected(r);
    TransactionReplay replay = new TransactionReplay();
    List<TransactionWriter> writers = new ArrayList<>();
    writers.add(r.format().writer(out, r.what() == What.records, sourceNames, r.options()));
    writers.addAll(alsoTo);
    IOException[] failed = {null};
    long n;
    try {
      n = new CaseScanner(db).forEach(
          r.filter(),
          r.limit(),
          s -> {
            if (failed[0] != null) {
              return;
            }
            names.putIfAbsent(s.sourceId(), s.sourceLabel());
            Transaction tx = replay.rebuild(s);
            try {
              for (TransactionWriter w : writers) {
                w.write(tx);
              }
            } catch (IOException e) {
              failed[0] = e;
            }
          },
          new CaseScanner.Progress() {
            @Override
            public void rows(long done) {
              progress.progress(done, total);
            }

            @Override
            public boolean cancelled() {
              return failed[0] != null || progress.cancelled();
            }
          });
    } finally {
      closeAll(writers, failed);
    }
    if (failed[0] != null) {
      throw failed[0];
    }
    out.flush();
    return new Result(n, progress.cancelled() && n < total);
  }

  private static void closeAll(List<TransactionWriter> writers, IOException[] failed) {
    for (TransactionWriter w : writers) {
      try {
        w.close();
      } catch (IOException e) {
        failed[0] = failed[0] != null ? failed[0] : e;
      }
    }
  }

  /** Rows between progress reports and cancellation checks of a passive DNS export. */
  static final int PASSIVE_ROWS_PER_PROGRESS = 10_000;

  /** Receives passive DNS rows; false to stop. */
  private interface PassiveRowSink {
    boolean write(PassiveDnsEntry e) throws IOException;
  }

  /**
   * Streams the passive DNS of {@code r}'s filter through {@link PassiveDnsScan}: the whole case when no
   * filter is given, with no row cap (memory is one page per stored run, not one entry per row).
   */
  private void passiveDnsRows(Request r, PassiveRowSink sink) throws IOException {
    PassiveDnsScan scan = new PassiveDnsScan(db);
    SearchQuery f = r.filter();
    PassiveDnsScan.Sink each = e -> sink.write(
        new PassiveDnsEntry(e.name(), e.type(), e.data(), e.firstNanos(), e.lastNanos(), e.count()));
    if (f.ip() != null) {
      scan.byIp(f.ip(), each);
    } else if (f.domain() != null) {
      scan.inDomain(f.domain(), each); // --domain is the name and its subdomains, as in search
    } else if (f.name() != null || f.pattern() != null) {
      scan.byName(f.name() != null ? f.name() : f.pattern(), each);
    } else {
      scan.all(each);
    }
  }

  private Result passiveDns(Request r, OutputStream out, Progress progress) throws IOException {
    String sensor = r.options().sensorId();
    long[] n = {0};
    boolean[] cancelled = {false};
    boolean cof = r.format() == ExportFormat.cof;
    CofWriter cofWriter = cof ? new CofWriter(out, sensor) : null;
    try (CaseRowWriter rowWriter = cof ? null : CaseRowWriter.passiveDns(rowFormat(r.format()), out)) {
      passiveDnsRows(r, e -> {
        if (cof) {
          cofWriter.write(e);
        } else {
          rowWriter.write(e, sensor);
        }
        n[0]++;
        if (n[0] % PASSIVE_ROWS_PER_PROGRESS == 0) {
          progress.progress(n[0], -1);
          if (progress.cancelled()) {
            cancelled[0] = true;
            return false;
          }
        }
        return n[0] < r.limit();
      });
      if (cof) {
        cofWriter.close();
      }
    }
    out.flush();
    progress.progress(n[0], n[0]);
    return new Result(n[0], cancelled[0]);
  }

  private Result rows(Request r, OutputStream out, Progress progress, boolean findings) throws IOException {
    for (CaseInfo.Source s : CaseInfo.load(db).sources()) {
      names.put(s.id(), s.label());
    }
    IntFunction<String> sourceNames = sourceNames();
    long n = 0;
    if (findings) {
      List<Finding> all = new FindingStore(db).list(0, null);
      try (CaseRowWriter w = CaseRowWriter.findings(rowFormat(r.format()), out, sourceNames)) {
        for (Finding f : all) {
          if (n == r.limit()) {
            break;
          }
          w.write(f);
          n++;
        }
      }
    } else {
      List<IocHitSummary> all = new IocHitStore(db).list();
      try (CaseRowWriter w = CaseRowWriter.iocHits(rowFormat(r.format()), out, sourceNames)) {
        for (IocHitSummary h : all) {
          if (n == r.limit()) {
            break;
          }
          w.write(h);
          n++;
        }
      }
    }
    out.flush();
    progress.progress(n, n);
    return new Result(n, false);
  }

  private static CaseRowWriter.Format rowFormat(ExportFormat f) {
    return CaseRowWriter.Format.valueOf(f == ExportFormat.cof ? "json" : f.name().toLowerCase(Locale.ROOT));
  }
}
