package org.dnslens.storage.layout;

/**
 * A pull cursor over the entries of one {@link SegmentPage} (the page format is SegmentPage's: an entry
 * count, then per entry the shared key prefix length, the rest of the key, the value length and the
 * value; a page with a header has it first). {@link SegmentPage#scan} pushes entries to a visitor; a k-way merge of many pages needs to pull
 * them one at a time instead, which a visitor cannot do without copying the whole page out.
 *
 * <p>{@link #key()} is a buffer reused from entry to entry: copy it to keep it.
 */
public final class SegmentCursor {
  private final byte[] key = new byte[SegmentPage.MAX_KEY_BYTES];
  private int keyLen;
  private ByteReader reader;
  private byte[] data;
  private int remaining;
  private int valueOff;
  private int valueLen;

  /** Positions the cursor before the first entry of an inflated page. */
  public void reset(byte[] pageData) {
    data = pageData;
    reader = SegmentPage.entries(pageData);
    remaining = reader.readInt();
    keyLen = 0;
  }

  /** Moves to the next entry of the page; false when the page has no more. */
  public boolean next() {
    if (reader == null || remaining <= 0) {
      return false;
    }
    remaining--;
    int shared = reader.readInt();
    int rest = reader.readInt();
    if (shared < 0 || rest < 0 || shared > keyLen || shared + rest > key.length) {
      throw new IllegalStateException("bad segment key in case page (damaged case file?)");
    }
    int at = reader.position();
    reader.skip(rest);
    System.arraycopy(data, at, key, shared, rest);
    keyLen = shared + rest;
    valueLen = reader.readInt();
    valueOff = reader.position();
    reader.skip(valueLen);
    return true;
  }

  public byte[] key() {
    return key;
  }

  public int keyLength() {
    return keyLen;
  }

  /** The page's bytes; the current value is {@code [valueOffset, valueOffset + valueLength)}. */
  public byte[] data() {
    return data;
  }

  public int valueOffset() {
    return valueOff;
  }

  public int valueLength() {
    return valueLen;
  }
}
