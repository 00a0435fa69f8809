package org.dnslens.engine.export;

import java.io.Closeable;
import java.io.IOException;
import org.dnslens.engine.model.Transaction;

/** Writes transactions to some output format, one at a time, streaming. */
public interface TransactionWriter extends Closeable {
  void write(Transaction transaction) throws IOException;

  /** Pushes buffered output to the underlying stream (so lines appear while a capture is read). */
  void flush() throws IOException;
}
