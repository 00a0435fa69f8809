package org.dnslens.engine.capture;

import java.io.Closeable;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.util.zip.ZipException;

/**
 * A refillable window over a capture's bytes, read from a file channel or from an input stream (gzip).
 *
 * <p>Written by hand rather than taken from pcap4j: pcap4j's offline reader needs libpcap through JNA and
 * builds a packet object tree per frame, about ten times slower than reading records out of one reused
 * array, and it cannot read from a {@code GZIPInputStream}. Readers ask for {@link #ensure(int)} bytes,
 * read them with absolute getters relative to {@link #position()} and then {@link #skip(int)} them.
 *
 * <p>The window starts at {@code windowBytes} and only grows (doubling) while real data fills it, up to
 * the largest amount a reader ensures, and readers cap that with their own {@code MAX_} limits: a record
 * claiming 4 GB never allocates, and one claiming 16 MiB in a 100-byte file allocates no more than the
 * initial window. Not thread-safe.
 */
public final class ByteSource implements Closeable {
  /** Default window: large enough that refills (one read call each) are rare. */
  public static final int DEFAULT_WINDOW_BYTES = 1 << 20;

  /** Smallest window accepted, so merged readers over many files stay small. */
  public static final int MIN_WINDOW_BYTES = 4096;

  private final ReadableByteChannel channel;
  private final InputStream stream;
  private final CountingInputStream counter;
  private final Closeable closeable;

  private byte[] array;
  private ByteBuffer buf;
  private ByteBuffer readOnly;
  private ByteOrder order = ByteOrder.BIG_ENDIAN;
  private int pos;
  private int limit;
  private long base;
  private boolean eof;
  private boolean corrupt;

  private ByteSource(
      ReadableByteChannel channel,
      InputStream stream,
      CountingInputStream counter,
      Closeable closeable,
      int windowBytes) {
    this.channel = channel;
    this.stream = stream;
    this.counter = counter;
    this.closeable = closeable;
    allocate(Math.max(MIN_WINDOW_BYTES, windowBytes));
  }

  /** Reads a channel (a file); closing the source closes the channel. */
  public static ByteSource ofChannel(ReadableByteChannel channel, int windowBytes) {
    return new ByteSource(channel, null, null, channel, windowBytes);
  }

  /**
   * Reads a stream. If {@code compressed} is the counting stream under a decompressor, {@link
   * #rawBytesRead()} reports its count; closing the source closes {@code in}.
   */
  static ByteSource ofStream(InputStream in, CountingInputStream compressed, int windowBytes) {
    return new ByteSource(null, in, compressed, in, windowBytes);
  }

  /** Reads a stream (for example stdin or a test's bytes); closing the source closes it. */
  public static ByteSource ofStream(InputStream in, int windowBytes) {
    return new ByteSource(null, in, null, in, windowBytes);
  }

  /** Reads bytes held in memory (fuzz targets, tests). */
  public static ByteSource ofBytes(byte[] bytes) {
    ByteSource s = new ByteSource(null, null, null, () -> {}, MIN_WINDOW_BYTES);
    s.array = bytes.clone();
    s.wrap();
    s.limit = bytes.length;
    s.eof = true;
    return s;
  }

  private void allocate(int capacity) {
    array = new byte[capacity];
    wrap();
  }

  private void wrap() {
    buf = ByteBuffer.wrap(array).order(order);
    readOnly = buf.asReadOnlyBuffer();
  }

  /** Byte order for the getters (the capture's own order). */
  public void order(ByteOrder newOrder) {
    this.order = newOrder;
    buf.order(newOrder);
  }

  public ByteOrder order() {
    return order;
  }

  /** Bytes available from the current position without reading more. */
  public int available() {
    return limit - pos;
  }

  /**
   * Makes at least {@code n} bytes available from the current position, reading more if needed.
   *
   * @return false if the data ends (or the compressed stream is corrupt) before {@code n} bytes
   * @throws IOException when the underlying file cannot be read
   */
  public boolean ensure(int n) throws IOException {
    if (limit - pos >= n) {
      return true;
    }
    if (eof || n < 0) {
      return false;
    }
    if (pos + (long) n > array.length && pos > 0) {
      compact();
    }
    while (limit - pos < n) {
      if (limit == array.length) {
        if (pos > 0) {
          compact();
        } else {
          grow(n);
        }
      }
      int r = fill();
      if (r < 0) {
        eof = true;
        return false;
      }
    }
    return true;
  }

  private void compact() {
    int len = limit - pos;
    System.arraycopy(array, pos, array, 0, len);
    base += pos;
    limit = len;
    pos = 0;
  }

  private void grow(int n) {
    int capacity = (int) Math.min((long) array.length * 2, Math.max(n, array.length));
    byte[] bigger = new byte[capacity];
    System.arraycopy(array, pos, bigger, 0, limit - pos);
    base += pos;
    limit -= pos;
    pos = 0;
    array = bigger;
    wrap();
  }

  /** Reads once into the free tail of the window; -1 at the end of data. */
  private int fill() throws IOException {
    int room = array.length - limit;
    int r;
    if (channel != null) {
      r = channel.read(ByteBuffer.wrap(array, limit, room));
    } else if (stream != null) {
      try {
        r = stream.read(array, limit, room);
      } catch (ZipException | EOFException e) {
        // A gzip stream that is corrupt or cut short: the data simply ends here, and the reader
        // counts GZIP_CORRUPT. Any other IOException is a real read failure and propagates.
        corrupt = true;
        r = -1;
      }
    } else {
      r = -1;
    }
    if (r > 0) {
      limit += r;
    }
    return r;
  }

  /** Consumes {@code n} available bytes. */
  public void skip(int n) {
    pos += n;
  }

  /** Window index of the current position, for the absolute getters of {@link #buffer()}. */
  public int position() {
    return pos;
  }

  /** Offset of the current position in the (decompressed) capture data. */
  public long offset() {
    return base + pos;
  }

  /** The window, in the capture's byte order; valid until the next {@link #ensure(int)}. */
  public ByteBuffer buffer() {
    return buf;
  }

  public int getInt(int rel) {
    return buf.getInt(pos + rel);
  }

  public long getUnsignedInt(int rel) {
    return buf.getInt(pos + rel) & 0xFFFF_FFFFL;
  }

  public int getUnsignedShort(int rel) {
    return buf.getShort(pos + rel) & 0xFFFF;
  }

  public int getUnsignedByte(int rel) {
    return buf.get(pos + rel) & 0xFF;
  }

  public long getLong(int rel) {
    return buf.getLong(pos + rel);
  }

  /** A read-only big-endian view of {@code len} available bytes at {@code rel}, position 0. */
  public ByteBuffer slice(int rel, int len) {
    return readOnly.slice(pos + rel, len);
  }

  /** True once the data ended because a compressed stream was corrupt or cut short. */
  public boolean corrupt() {
    return corrupt;
  }

  /** Bytes taken from the underlying file: compressed bytes for gzip, else the capture offset. */
  public long rawBytesRead() {
    return counter != null ? counter.count() : base + limit;
  }

  @Override
  public void close() throws IOException {
    closeable.close();
  }

  /** Counts bytes read from a file under a decompressor, for progress. */
  static final class CountingInputStream extends FilterInputStream {
    private long count;

    CountingInputStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int r = super.read(b, off, len);
      if (r > 0) {
        count += r;
      }
      return r;
    }

    @Override
    public long skip(long n) throws IOException {
      long r = super.skip(n);
      count += Math.max(0, r);
      return r;
    }

    long count() {
      return count;
    }
  }
}
