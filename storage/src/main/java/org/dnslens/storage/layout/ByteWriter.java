package org.dnslens.storage.layout;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer with the few encodings the case's blobs use: unsigned LEB128 varints (small
 * numbers in one byte), zigzag for signed deltas, length-prefixed bytes and UTF-8 strings. Not thread-safe.
 */
public final class ByteWriter {
  private byte[] buf;
  private int size;

  public ByteWriter(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  public int size() {
    return size;
  }

  public void reset() {
    size = 0;
  }

  /** The bytes written so far, as a new array. */
  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  /** The backing array (valid up to {@link #size}); for compressing without a copy. */
  public byte[] array() {
    return buf;
  }

  private void ensure(int more) {
    if (size + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
    }
  }

  public void writeByte(int b) {
    ensure(1);
    buf[size++] = (byte) b;
  }

  public void writeVarint(long v) {
    if ((v & ~0x7FL) == 0) { // most values written (indexes, codes, small deltas): one byte
      if (size == buf.length) {
        ensure(1);
      }
      buf[size++] = (byte) v;
      return;
    }
    ensure(10);
    size = putVarint(buf, size, v);
  }

  /** Writes {@code v} as {@link #writeVarint} does at {@code dst[at]}; returns the end. */
  static int putVarint(byte[] dst, int at, long v) {
    while ((v & ~0x7FL) != 0) {
      dst[at++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    dst[at++] = (byte) v;
    return at;
  }

  /** The bytes {@link #writeVarint} writes for {@code v}. */
  static int varintLength(long v) {
    int n = 1;
    while ((v & ~0x7FL) != 0) {
      v >>>= 7;
      n++;
    }
    return n;
  }

  /** Signed value, small magnitudes in few bytes. */
  public void writeZigzag(long v) {
    writeVarint((v << 1) ^ (v >> 63));
  }

  /** Nullable value: 0 for null, else {@code v + 1} as a zigzag (so -1 stays one byte). */
  public void writeNullable(Long v) {
    writeVarint(v == null ? 0 : ((v << 1) ^ (v >> 63)) + 1);
  }

  public void writeNullable(Integer v) {
    if (v == null) {
      writeVarint(0);
    } else {
      writeNullableValue(v);
    }
  }

  /** A present value of {@link #writeNullable(Long)}, without boxing it. */
  public void writeNullableValue(long v) {
    writeVarint(((v << 1) ^ (v >> 63)) + 1);
  }

  /** An absent value of {@link #writeNullable(Long)}. */
  public void writeNull() {
    writeVarint(0);
  }

  public void writeBytes(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, buf, size, len);
    size += len;
  }

  public void writeBytes(byte[] b) {
    writeBytes(b, 0, b.length);
  }

  /** Length-prefixed bytes. */
  public void writeBlob(byte[] b) {
    writeVarint(b.length);
    writeBytes(b);
  }

  /** Length-prefixed UTF-8. */
  public void writeString(String s) {
    writeBlob(s.getBytes(StandardCharsets.UTF_8));
  }
}
