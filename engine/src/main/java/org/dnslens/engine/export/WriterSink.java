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
  private long written;

  public WriterSink(TransactionWriter writer) {
    this.writer = writer;
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
