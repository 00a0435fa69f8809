package org.dnslens.storage.layout;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Reads and inflates segment pages one at a time by id, for {@link SegmentMerge}: a merge asks for the
 * next page of a stream only when the previous one is used up, so one small query per page keeps memory
 * at one page per stream. Read failures are unchecked, like Jdbi's own.
 */
public final class SegmentPageReader implements SegmentMerge.PageSource, AutoCloseable {
  private final PreparedStatement select;
  private final BlobCodec codec = new BlobCodec();

  public SegmentPageReader(Connection c) {
    try {
      select = c.prepareStatement("SELECT data FROM seg_page_data WHERE page_id = ?");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the case: " + e.getMessage(), e);
    }
  }

  @Override
  public byte[] page(long pageId) {
    try {
      select.setLong(1, pageId);
      try (ResultSet rs = select.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("segment page " + pageId + " is missing (damaged case file?)");
        }
        return codec.decompress(rs.getBytes(1));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the case: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    codec.close();
    try {
      select.close();
    } catch (SQLException e) {
      // closing a read statement: nothing was written, nothing to lose
    }
  }
}
