package org.dnslens.engine.export;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.function.IntFunction;
import org.dnslens.engine.issue.IssueCounter;
import org.dnslens.engine.model.PassiveDnsEntry;
import org.dnslens.engine.model.Transaction;
import org.dnslens.engine.passive.PassiveDnsAggregator;

/**
 * The output formats of docs/EXPORT.md and the one place that turns a format name into its writer, so
 * {@code read}, {@code export --case} and the GUI export dialog cannot disagree about what a format means.
 */
public enum ExportFormat {
  json("json"),
  text("log"),
  msgpack("msgpack"),
  fluentd("msgpack"),
  ecs("json"),
  csv("csv"),
  packetlog("log"),
  passivedns("log"),
  gopassivedns("json"),
  cof("json");

  private final String extension;

  ExportFormat(String extension) {
    this.extension = extension;
  }

  /** File name extension for rotating files and the GUI's suggested file name. */
  public String extension() {
    return extension;
  }

  /** The formats a record log can be written in (the others are per transaction or per answer). */
  public boolean carriesRecords() {
    return this == json || this == msgpack || this == fluentd;
  }

  /** {@code name} as typed by a user (case-insensitive), or null. */
  public static ExportFormat parse(String name) {
    try {
      return name == null ? null : valueOf(name.strip().toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * Settings some formats take.
   *
   * @param ecsBulk index of the bulk "create" action written before each ECS document, or null
   * @param fluentdTag tag of the fluentd envelope, or null for the default of the log
   * @param fluentdTime how the fluentd envelope carries time
   * @param sensorId COF {@code sensor_id}, or null
   */
  public record Options(String ecsBulk, String fluentdTag, EventTimeMode fluentdTime, String sensorId) {
    public static final Options DEFAULTS = new Options(null, null, EventTimeMode.EVENT_TIME, null);

    public Options {
      fluentdTime = fluentdTime == null ? EventTimeMode.EVENT_TIME : fluentdTime;
    }
  }

  /**
   * The writer of this format over {@code out} (which the writer flushes but does not close).
   *
   * @param records the record log instead of the transaction log (json, msgpack and fluentd only)
   * @throws IllegalArgumentException when {@code records} is asked of a format without a record log
   */
  public TransactionWriter writer(OutputStream out, boolean records, IntFunction<String> sourceNames, Options o)
      throws IOException {
    if (records && !carriesRecords()) {
      throw new IllegalArgumentException("the record log is written in json, msgpack or fluentd, not " + name());
    }
    return switch (this) {
      case json -> records ? new RecordJsonWriter(out, sourceNames) : new TransactionJsonWriter(out, sourceNames);
      case text -> new TransactionTextWriter(out);
      case msgpack -> records
          ? MsgpackWriters.records(out, sourceNames)
          : MsgpackWriters.transactions(out, sourceNames, TransactionAnnotator.NONE);
      case fluentd -> records
          ? MsgpackWriters.fluentdRecords(
              out, sourceNames, o.fluentdTag() != null ? o.fluentdTag() : MsgpackWriters.TAG_RECORDS, o.fluentdTime())
          : MsgpackWriters.fluentdTransactions(
              out, sourceNames, o.fluentdTag() != null ? o.fluentdTag() : MsgpackWriters.TAG_TRANSACTIONS, o.fluentdTime());
      case ecs -> new EcsJsonWriter(out, sourceNames, o.ecsBulk());
      case csv -> new CsvTransactionWriter(out, sourceNames);
      case packetlog -> new PacketlogWriter(out, PacketlogWriter.Legs.BOTH);
      case passivedns -> new PassiveDnsLineWriter(out);
      case gopassivedns -> new GoPassiveDnsWriter(out);
      case cof -> new CofAtEnd(new CofWriter(out, o.sensorId()));
    };
  }

  /**
   * COF needs every transaction before its first line: transactions aggregate in memory (one entry per
   * distinct name, type and data) and the entries are written at close.
   */
  private static final class CofAtEnd implements TransactionWriter {
    private final CofWriter cof;
    private final PassiveDnsAggregator agg = new PassiveDnsAggregator(new IssueCounter());

    CofAtEnd(CofWriter cof) {
      this.cof = cof;
    }

    @Override
    public void write(Transaction tx) {
      agg.add(tx);
    }

    @Override
    public void flush() {}

    @Override
    public void close() throws IOException {
      for (PassiveDnsEntry e : agg.entries()) {
        cof.write(e);
      }
      cof.close();
    }
  }
}
