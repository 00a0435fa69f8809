package org.dnslens.gui.transactions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.dnslens.casework.TransactionReplay;
import org.dnslens.engine.export.TransactionJsonWriter;
import org.dnslens.engine.model.Transaction;
import org.dnslens.storage.search.StoredTransaction;

/**
 * Turns a stored row back into the engine's {@link Transaction}: a thin delegate to the shared
 * {@link TransactionReplay} (module casework; the CLI's hunt, IOC matching and export use it too), so the
 * detail pane, "copy as JSON", the detectors and the IOC matcher all see what the CLI saw. Link-layer
 * metadata (MACs, VLANs, tunnels) is not stored and comes back empty.
 */
public final class TransactionRebuilder {
  private TransactionRebuilder() {}

  /**
   * @throws IllegalArgumentException when the row kept neither query nor reply bytes
   */
  public static Transaction rebuild(StoredTransaction s) {
    return new TransactionReplay().rebuild(s);
  }

  /** The transaction as one line of the {@code transactions} JSON log (docs/SCHEMAS.md). */
  public static String json(StoredTransaction s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TransactionJsonWriter w = new TransactionJsonWriter(out, id -> s.sourceLabel())) {
      w.write(rebuild(s));
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory cannot fail", e);
    }
    return out.toString(StandardCharsets.UTF_8).strip();
  }
}
