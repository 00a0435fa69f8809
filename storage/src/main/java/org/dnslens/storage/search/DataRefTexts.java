package org.dnslens.storage.search;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dnslens.storage.layout.BlobCodec;
import org.dnslens.storage.layout.DataRef;
import org.dnslens.storage.layout.TxBlock;

/**
 * The texts of {@code PDNS_NAME} data stored as references into blocks (schema V10, {@link DataRef}), read
 * from the blocks' replies: each block of a call once, its summary and stored wire in batches of {@link
 * CaseDirectory#IN_BATCH}, and only the rows asked for rebuilt ({@link TxBlock#wire(byte[], int[])}).
 * Callers gather the references of a query (or of a batch of exported rows) and resolve them together, so
 * a block that holds many of them is read once, not once per row.
 */
public final class DataRefTexts {
  private static final String SUMMARY = "tx_block_summary";
  private static final String WIRE = "tx_block_wire";

  private final Connection c;
  private final BlobCodec codec = new BlobCodec();

  /** Reads through {@code c} (an open connection of the case; not closed here). */
  public DataRefTexts(Connection c) {
    this.c = c;
  }

  /**
   * The text of every reference in {@code refs}.
   *
   * @throws IllegalStateException when a referenced block, row or record is not there or does not give a
   *     text of the stored fingerprint (a damaged case file)
   */
  public Map<DataRef, String> texts(Collection<DataRef> refs) {
    Map<DataRef, String> out = new HashMap<>();
    TreeMap<Integer, List<DataRef>> byBlock = new TreeMap<>();
    for (DataRef r : refs) {
      byBlock.computeIfAbsent(r.block(), b -> new ArrayList<>()).add(r);
    }
    int[] ids = byBlock.keySet().stream().mapToInt(Integer::intValue).toArray();
    for (int from = 0; from < ids.length; from += CaseDirectory.IN_BATCH) {
      int m = Math.min(CaseDirectory.IN_BATCH, ids.length - from);
      int[] part = java.util.Arrays.copyOfRange(ids, from, from + m);
      Map<Integer, byte[]> sums = CaseDirectory.blobs(c, SUMMARY, part, m, codec);
      Map<Integer, byte[]> wires = CaseDirectory.blobs(c, WIRE, part, m, codec);
      for (int id : part) {
        byte[] summary = sums.get(id);
        byte[] stored = wires.get(id);
        if (summary == null || stored == null) {
          throw damaged("block " + id + " is missing");
        }
        TxBlock b = TxBlock.decode(summary, 0);
        List<DataRef> wanted = byBlock.get(id);
        int[] rows = wanted.stream().mapToInt(DataRef::row).sorted().distinct().toArray();
        if (rows[0] < 0 || rows[rows.length - 1] >= b.count) {
          throw damaged("block " + id + " has no row " + rows[rows.length - 1]);
        }
        byte[] wire = b.wire(stored, rows);
        for (DataRef r : wanted) {
          String text = DataRef.text(b.replyWire(wire, r.row()), r.record());
          if (text == null || DataRef.fingerprint(text) != r.fingerprint()) {
            throw damaged("block " + id + " row " + r.row() + " has no answer " + r.record() + " of that text");
          }
          out.put(r, text);
        }
      }
    }
    return out;
  }

  private static IllegalStateException damaged(String what) {
    return new IllegalStateException("passive-DNS data reference: " + what + " (damaged case file?)");
  }
}
