package org.dnslens.storage.search;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.dnslens.storage.layout.BlobCodec;
import org.dnslens.storage.layout.DataRef;
import org.dnslens.storage.layout.TxBlock;

/**
 * The texts of {@code PDNS_NAME} data stored as references into blocks (schema V10, {@link DataRef}), read
 * from the blocks' replies: each block of a call once, its summary and stored wire fetched in batches of {@link
 * CaseDirectory#IN_BATCH}, inflated and decoded by the calling thread and one common-pool helper ({@link
 * SharedBlockWork}: zstd and the summary's decode are most of the cost), and only the rows asked for rebuilt
 * ({@link TxBlock#wire(byte[], int[])}).
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
    for (int from = 0; from < ids.length; from += BLOCKS_AT_ONCE) {
      int m = Math.min(BLOCKS_AT_ONCE, ids.length - from);
      int[] part = java.util.Arrays.copyOfRange(ids, from, from + m);
      // fetched as stored (H2 is a small part of the cost), inflated and rebuilt on two threads
      Map<Integer, byte[]> sums = CaseDirectory.compressedBlobs(c, SUMMARY, part, m);
      Map<Integer, byte[]> wires = CaseDirectory.compressedBlobs(c, WIRE, part, m);
      AtomicReferenceArray<Map<DataRef, String>> found = new AtomicReferenceArray<>(m);
      SharedBlockWork.run(m, codec, (i, worker) -> found.set(i, block(part[i], sums.get(part[i]),
          wires.get(part[i]), byBlock.get(part[i]), worker)), i -> {
            out.putAll(found.get(i));
            return true;
          });
    }
    return out;
  }

  /**
   * Blocks fetched and shared out at once: 4 fetches of {@link CaseDirectory#IN_BATCH}, enough items for two
   * threads to stay busy, little memory (~50 KB a block as stored).
   */
  private static final int BLOCKS_AT_ONCE = 4 * CaseDirectory.IN_BATCH;

  /** The texts of {@code wanted}, references into block {@code id} (its summary and wire as stored). */
  private static Map<DataRef, String> block(int id, byte[] storedSummary, byte[] storedWire, List<DataRef> wanted,
      BlobCodec codec) {
    if (storedSummary == null || storedWire == null) {
      throw damaged("block " + id + " is missing");
    }
    TxBlock b = TxBlock.decode(codec.decompress(storedSummary), 0);
    int[] rows = wanted.stream().mapToInt(DataRef::row).sorted().distinct().toArray();
    if (rows[0] < 0 || rows[rows.length - 1] >= b.count) {
      throw damaged("block " + id + " has no row " + rows[rows.length - 1]);
    }
    byte[] wire = b.wire(codec.decompress(storedWire), rows);
    Map<DataRef, String> out = new HashMap<>();
    for (DataRef r : wanted) {
      String text = DataRef.text(b.replyWire(wire, r.row()), r.record());
      if (text == null || DataRef.fingerprint(text) != r.fingerprint()) {
        throw damaged("block " + id + " row " + r.row() + " has no answer " + r.record() + " of that text");
      }
      out.put(r, text);
    }
    return out;
  }

  private static IllegalStateException damaged(String what) {
    return new IllegalStateException("passive-DNS data reference: " + what + " (damaged case file?)");
  }
}
