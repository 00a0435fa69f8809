package org.dnslens.engine.export;

import java.io.IOException;
import java.util.List;
import org.dnslens.engine.ingest.IngestSink;
import org.dnslens.engine.ingest.IngestStats;
import org.dnslens.engine.ingest.SourceInfo;
import org.dnslens.engine.model.DecodeIssue;
import org.dnslens.engine.model.Transaction;

/**
 * An {@link IngestSink} that streams transactions to a {@link TransactionWriter} ({@code dnslens read}).
 * Flushes every {@link #FLUSH_EVERY_TRANSACTIONS} so lines reach a pipe while the capture is still being
 * read, without a system call per line.
 */
public final class WriterSink implements IngestSink {
  public static final int FLUSH_EVERY_TRANSACTIONS = 1024;

  private final TransactionWriter writer;
  /** The NDJSON writer when it takes lines rendered ahead, else null. */
  private final TransactionJsonWriter linesWriter;
  /** Reader thread only: its renderer (null: this writer renders every line itself). */
  private final LinesRenderedAhead ahead;
  /** Writing thread only: where the next line rendered ahead sits. */
  private final LinesRenderedAhead.Cursor aheadCursor;
  private long written;

  public WriterSink(TransactionWriter writer) {
    this.writer = writer;
    LinesRenderedAhead a = writer instanceof TransactionJsonWriter json ? json.linesAhead() : null;
    this.linesWriter = a != null ? (TransactionJsonWriter) writer : null;
    this.ahead = a;
    this.aheadCursor = a != null ? a.new Cursor() : null;
  }

  /**
   * While the writing thread is behind, the reader thread renders the line (a cold {@code read} is
   * bounded by the writing thread; docs/PERFORMANCE.md, session 22). The bytes are the same whichever
   * thread renders them.
   */
  @Override
  public Object prepare(Transaction transaction, boolean sinkBehind) {
    return sinkBehind && ahead != null ? ahead.render(transaction) : null;
  }

  @Override
  public void transaction(Transaction transaction, Object prepared) throws IOException {
    if (prepared instanceof LinesRenderedAhead.Line line) {
      aheadCursor.write(line, linesWriter);
      if (++written % FLUSH_EVERY_TRANSACTIONS == 0) {
        writer.flush();
      }
      return;
    }
    transaction(transaction);
  }

  @Override
  public void begin(List<SourceInfo> sources) {}

  @Override
  public void transaction(Transaction transaction) throws IOException {
    writer.write(transaction);
    if (++written % FLUSH_EVERY_TRANSACTIONS == 0) {
      writer.flush();
    }
  }

  @Override
  public void issue(DecodeIssue issue) {}

  @Override
  public void complete(IngestStats stats) throws IOException {
    writer.flush();
  }

  @Override
  public void close() throws IOException {
    writer.close();
  }
}
