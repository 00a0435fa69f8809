package org.dnslens.engine.export;

import java.io.IOException;
import java.io.OutputStream;
import java.util.function.IntFunction;
import org.dnslens.engine.model.Transaction;

/**
 * msgpack output: the transaction and record logs as a stream of maps with exactly the NDJSON fields
 * (the same writer code runs over a msgpack generator), or in fluentd's forward layout {@code [tag, time,
 * record]} — what {@code fluent-cat --format msgpack} and a forward input's "Message" mode accept.
 *
 * <p>Decimal time fields ({@code query_ts}, {@code reply_ts}, {@code ts}, {@code rtt_ms}) are float64 in
 * msgpack (exact to the microsecond for current epochs). The fluentd time is the transaction's capture time
 * ({@link Transaction#queryTimestampNanos()}) for the transaction and for each of its records; a record's own
 * time stays in its {@code ts} field.
 */
public final class MsgpackWriters {
  /** Fluentd tag of the transaction log (as dns-gazer's {@code dns.tx}). */
  public static final String TAG_TRANSACTIONS = "dnslens.dns.tx";
  /** Fluentd tag of the record log (as dns-gazer's {@code dns.record}). */
  public static final String TAG_RECORDS = "dnslens.dns.record";

  private MsgpackWriters() {}

  /** One msgpack map per transaction. */
  public static TransactionWriter transactions(
      OutputStream out, IntFunction<String> sourceNames, TransactionAnnotator annotator) throws IOException {
    MsgpackGenerator g = MsgpackGenerator.plain(out);
    return new Timed(g, new TransactionJsonWriter(g, sourceNames, annotator));
  }

  /** One msgpack map per question and record. */
  public static TransactionWriter records(OutputStream out, IntFunction<String> sourceNames) throws IOException {
    MsgpackGenerator g = MsgpackGenerator.plain(out);
    return new Timed(g, new RecordJsonWriter(g, sourceNames));
  }

  /** {@code [tag, time, transaction]} per transaction. */
  public static TransactionWriter fluentdTransactions(
      OutputStream out, IntFunction<String> sourceNames, String tag, EventTimeMode timeMode) throws IOException {
    MsgpackGenerator g = MsgpackGenerator.fluentd(out, tag, timeMode);
    return new Timed(g, new TransactionJsonWriter(g, sourceNames, TransactionAnnotator.NONE));
  }

  /** {@code [tag, time, record]} per question and record. */
  public static TransactionWriter fluentdRecords(
      OutputStream out, IntFunction<String> sourceNames, String tag, EventTimeMode timeMode) throws IOException {
    MsgpackGenerator g = MsgpackGenerator.fluentd(out, tag, timeMode);
    return new Timed(g, new RecordJsonWriter(g, sourceNames));
  }

  /** Sets the envelope time before the inner writer runs. */
  private static final class Timed implements TransactionWriter {
    private final MsgpackGenerator g;
    private final TransactionWriter inner;

    Timed(MsgpackGenerator g, TransactionWriter inner) {
      this.g = g;
      this.inner = inner;
    }

    @Override
    public void write(Transaction tx) throws IOException {
      g.eventTime(tx.queryTimestampNanos());
      inner.write(tx);
    }

    @Override
    public void flush() throws IOException {
      inner.flush();
    }

    @Override
    public void close() throws IOException {
      inner.close();
    }
  }
}
