package org.dnslens.storage.layout;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.h2.value.ValueVarbinary;

/**
 * Writes a run's blocks, segment pages and counts with JDBC batches on one connection (the ingest's
 * writer thread, or the migration's connection). Compresses blocks and pages here, so on the ingest path
 * compression runs beside the parsing thread, unless given them compressed ({@link #compress}: the ingest's
 * caller thread helps when it would otherwise wait). Commits are the caller's.
 */
public final class CaseWriter implements AutoCloseable {
  private final BlobCodec codec = new BlobCodec();
  private final int runId;
  private final PreparedStatement insBlock;
  private final PreparedStatement insSummary;
  private final PreparedStatement insWire;
  private final PreparedStatement insPage;
  /** Whether {@code seg_page} has {@code min_name} (schema V12; not yet when the V4 migration writes). */
  private final boolean smallestNames;
  private final PreparedStatement insPageData;
  private final PreparedStatement insCount;
  private long nextPageId;
  private long rawBytes;
  private long storedBytes;

  public CaseWriter(Connection c, int runId) throws SQLException {
    this.runId = runId;
    insBlock =
        c.prepareStatement(
            "INSERT INTO tx_block (id, run_id, first_tx_id, tx_count, min_ts, max_ts) VALUES (?, ?, ?, ?, ?, ?)");
    insSummary = c.prepareStatement("INSERT INTO tx_block_summary (block_id, data) VALUES (?, ?)");
    insWire = c.prepareStatement("INSERT INTO tx_block_wire (block_id, data) VALUES (?, ?)");
    smallestNames = hasSmallestNames(c);
    insPage =
        c.prepareStatement(smallestNames
            ? "INSERT INTO seg_page (id, run_id, kind, part, page_no, first_key, last_key, min_name)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            : "INSERT INTO seg_page (id, run_id, kind, part, page_no, first_key, last_key) VALUES (?, ?, ?, ?, ?, ?, ?)");
    insPageData = c.prepareStatement("INSERT INTO seg_page_data (page_id, data) VALUES (?, ?)");
    insCount = c.prepareStatement("INSERT INTO run_count (run_id, kind, item, cnt) VALUES (?, ?, ?, ?)");
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(id), 0) + 1 FROM seg_page")) {
      rs.next();
      nextPageId = rs.getLong(1);
    }
  }

  private static boolean hasSmallestNames(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = 'PUBLIC'"
            + " AND TABLE_NAME = 'SEG_PAGE' AND COLUMN_NAME = 'MIN_NAME'")) {
      rs.next();
      return rs.getInt(1) > 0;
    }
  }

  /** The next free block id of the case. */
  public static int nextBlockId(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(id), 0) + 1 FROM tx_block")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /**
   * The blobs of a list of blocks and a list of pages, compressed ahead of {@link #blocks(List, Compressed)}
   * and {@link #pages(List, Compressed)}, possibly on another thread with its own codec: block i's summary
   * and wire, page i's data and smallest name (PDNS_NAME pages; else null).
   */
  public record Compressed(byte[][] summaries, byte[][] wires, byte[][] pages, byte[][] minNames) {}

  /** Compresses the blobs {@link #blocks} and {@link #pages} would, with {@code codec}, as they would. */
  public static Compressed compress(BlobCodec codec, List<EncodedBlock> blocks, List<SegmentPage> pages) {
    byte[][] summaries = new byte[blocks.size()][];
    byte[][] wires = new byte[blocks.size()][];
    for (int i = 0; i < blocks.size(); i++) {
      EncodedBlock b = blocks.get(i);
      summaries[i] = codec.compress(b.summary(), b.summary().length);
      wires[i] = codec.compress(b.wire(), b.wire().length);
    }
    byte[][] data = new byte[pages.size()][];
    byte[][] minNames = new byte[pages.size()][];
    for (int i = 0; i < pages.size(); i++) {
      SegmentPage p = pages.get(i);
      data[i] = codec.compress(p.data(), p.data().length);
      minNames[i] = minName(p);
    }
    return new Compressed(summaries, wires, data, minNames);
  }

  public void blocks(List<EncodedBlock> blocks) throws SQLException {
    blocks(blocks, null);
  }

  /** Inserts the blocks, with their blobs from {@code pre} when given ({@link #compress}), else compressed here. */
  public void blocks(List<EncodedBlock> blocks, Compressed pre) throws SQLException {
    if (blocks.isEmpty()) {
      return;
    }
    Compressed c = pre != null ? pre : compress(codec, blocks, List.of());
    for (int i = 0; i < blocks.size(); i++) {
      EncodedBlock b = blocks.get(i);
      insBlock.setInt(1, b.id());
      insBlock.setInt(2, runId);
      insBlock.setLong(3, b.firstTxId());
      insBlock.setInt(4, b.count());
      insBlock.setLong(5, b.minTs());
      insBlock.setLong(6, b.maxTs());
      insBlock.addBatch();
      byte[] s = c.summaries()[i];
      byte[] w = c.wires()[i];
      rawBytes += b.summary().length + b.wire().length;
      storedBytes += s.length + w.length;
      insSummary.setInt(1, b.id());
      insSummary.setObject(2, owned(s));
      insSummary.addBatch();
      insWire.setInt(1, b.id());
      insWire.setObject(2, owned(w));
      insWire.addBatch();
    }
    insBlock.executeBatch();
    insSummary.executeBatch();
    insWire.executeBatch();
  }

  public void pages(List<SegmentPage> pages) throws SQLException {
    pages(pages, null);
  }

  /** Inserts the pages, with their blobs from {@code pre} when given ({@link #compress}), else compressed here. */
  public void pages(List<SegmentPage> pages, Compressed pre) throws SQLException {
    if (pages.isEmpty()) {
      return;
    }
    Compressed c = pre != null ? pre : compress(codec, List.of(), pages);
    for (int i = 0; i < pages.size(); i++) {
      SegmentPage p = pages.get(i);
      long id = nextPageId++;
      insPage.setLong(1, id);
      insPage.setInt(2, runId);
      insPage.setInt(3, p.kind().code);
      insPage.setInt(4, p.part());
      insPage.setInt(5, p.pageNo());
      insPage.setBytes(6, p.firstKey());
      insPage.setBytes(7, p.lastKey());
      if (smallestNames) {
        insPage.setBytes(8, c.minNames()[i]);
      }
      insPage.addBatch();
      insPageData.setLong(1, id);
      insPageData.setObject(2, owned(c.pages()[i]));
      insPageData.addBatch();
    }
    insPage.executeBatch();
    insPageData.executeBatch();
  }

  /** The page's {@code min_name} (schema V12): its smallest passive-DNS name, for PDNS_NAME pages. */
  private static byte[] minName(SegmentPage p) {
    return p.kind() == SegmentKind.PDNS_NAME ? PdnsSmallestName.of(p.data()) : null;
  }

  /**
   * A compressed blob bound without H2's copy: {@code setBytes} clones every array it is given (the caller
   * might change it before the batch runs), which for these arrays, made here and never touched again, was
   * 2.8 % of a 1 M ingest's allocated bytes (session 27). H2 takes a {@code Value} given to
   * {@code setObject} as it is.
   */
  private static ValueVarbinary owned(byte[] blob) {
    return ValueVarbinary.getNoCopy(blob);
  }

  public void counts(List<RunOutput.RunCount> counts) throws SQLException {
    if (counts.isEmpty()) {
      return;
    }
    for (RunOutput.RunCount c : counts) {
      insCount.setInt(1, runId);
      insCount.setString(2, c.kind());
      insCount.setString(3, c.item().length() > 1100 ? c.item().substring(0, 1100) : c.item());
      insCount.setLong(4, c.count());
      insCount.addBatch();
    }
    insCount.executeBatch();
  }

  /** Block bytes before and after compression so far (for the bench's report). */
  public long rawBytes() {
    return rawBytes;
  }

  public long storedBytes() {
    return storedBytes;
  }

  @Override
  public void close() throws SQLException {
    codec.close();
    for (PreparedStatement p : List.of(insBlock, insSummary, insWire, insPage, insPageData, insCount)) {
      p.close();
    }
  }
}
