package org.dnslens.storage.layout;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads what {@link ByteWriter} wrote. A malformed blob throws {@link IllegalStateException}. */
public final class ByteReader {
  private final byte[] buf;
  private int pos;
  private final int end;

  public ByteReader(byte[] buf) {
    this(buf, 0, buf.length);
  }

  public ByteReader(byte[] buf, int off, int len) {
    this.buf = buf;
    this.pos = off;
    this.end = off + len;
  }

  public boolean hasMore() {
    return pos < end;
  }

  public int position() {
    return pos;
  }

  public byte[] array() {
    return buf;
  }

  public void skip(int n) {
    check(n);
    pos += n;
  }

  private void check(int n) {
    if (n < 0 || pos + n > end) {
      throw new IllegalStateException("case blob ends early (damaged case file?)");
    }
  }

  public int readByte() {
    check(1);
    return buf[pos++] & 0xFF;
  }

  public long readVarint() {
    long v = 0;
    int shift = 0;
    while (true) {
      check(1);
      byte b = buf[pos++];
      v |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return v;
      }
      shift += 7;
      if (shift > 63) {
        throw new IllegalStateException("bad varint in case blob (damaged case file?)");
      }
    }
  }

  public int readInt() {
    return (int) readVarint();
  }

  public long readZigzag() {
    long v = readVarint();
    return (v >>> 1) ^ -(v & 1);
  }

  public Long readNullableLong() {
    long v = readVarint();
    if (v == 0) {
      return null;
    }
    v -= 1;
    return (v >>> 1) ^ -(v & 1);
  }

  public Integer readNullableInt() {
    Long v = readNullableLong();
    return v == null ? null : v.intValue();
  }

  public byte[] readBytes(int len) {
    check(len);
    byte[] b = Arrays.copyOfRange(buf, pos, pos + len);
    pos += len;
    return b;
  }

  public byte[] readBlob() {
    return readBytes(readInt());
  }

  public String readString() {
    int len = readInt();
    check(len);
    String s = new String(buf, pos, len, StandardCharsets.UTF_8);
    pos += len;
    return s;
  }
}
