package org.dnslens.storage.layout;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import com.github.luben.zstd.util.Native;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Compression of every case blob (block summary, block wire, segment page). New blobs are zstd frames
 * (zstd-jni); blobs of cases written before schema V6 are raw DEFLATE and still read. Two layouts, told
 * apart by the first byte:
 *
 * <ul>
 *   <li>DEFLATE (before V6): the raw length as a varint, then a raw DEFLATE stream (BEST_SPEED). The
 *       writer never compressed an empty blob (a block holds ≥ 1 transaction, a page ≥ 1 entry; no blob of
 *       a 1 M case starts with 0x00), so its first byte is never 0x00 — and an empty one would be
 *       {@code 00 03 00}, which {@link #decompress} still reads.
 *   <li>Tagged: {@code 0x00}, a codec id ({@link #CODEC_ZSTD}), the raw length as a varint, then one zstd
 *       frame.
 * </ul>
 *
 * zstd at {@link #DEFAULT_ZSTD_LEVEL} is smaller than DEFLATE-1 on every blob kind and 1.6-4x cheaper to
 * compress and decompress (docs/PERFORMANCE.md). The raw length prefix lets decompression allocate once.
 * One instance per thread: it holds native zstd contexts, freed by {@link #close} or, for the many short-lived
 * instances a search makes, when the instance becomes unreachable (zstd-jni's contexts have no finalizer of
 * their own, so without the {@link Cleaner} every search would leak a few hundred KiB of native memory).
 */
public final class BlobCodec implements AutoCloseable {
  /** The first byte of a tagged blob: an old blob's varint raw length is ≥ 1, so it never starts so. */
  static final int TAG = 0x00;

  static final int CODEC_ZSTD = 1;

  /** The second byte of an old, empty DEFLATE blob ({@code 00 03 00}: length 0, an empty final block). */
  private static final int EMPTY_DEFLATE_BLOCK = 0x03;

  /**
   * The zstd level of every blob: measured per level and blob kind on a 1 M case (docs/PERFORMANCE.md, "Blob
   * codec"), 4 is the lowest level smaller than DEFLATE-1 on every kind (3 is larger on summaries and
   * passive-DNS-by-address pages), and it still compresses 1.6-3.7x faster per CPU-second; 5 costs about as
   * much CPU as DEFLATE-1 did for 1.4 % less.
   */
  public static final int DEFAULT_ZSTD_LEVEL = 4;

  /** One daemon thread for every instance's native contexts: a thread per instance would cost more than them. */
  private static final Cleaner NATIVE_CONTEXTS = Cleaner.create();

  private final ZstdContexts zstd = new ZstdContexts();
  private final Cleaner.Cleanable cleanable = NATIVE_CONTEXTS.register(this, zstd);
  private Deflater deflater;
  private Inflater inflater;
  private byte[] out = new byte[64 * 1024];

  /**
   * Loads zstd-jni's native library or says in one sentence why it cannot, so a case open fails with that
   * sentence instead of a {@link LinkageError} at the first blob. Idempotent: zstd-jni loads once per JVM.
   *
   * <p>zstd-jni unpacks its library (0.9 MB) into the temp folder on every JVM start, so on a full disk, or
   * under a file-size limit, no case could even be read. It is therefore unpacked once into the user's cache
   * folder ({@link CachedZstdLibrary}) and loaded from there by every later run, which then writes nothing;
   * only when that fails does zstd-jni unpack it itself (into {@code ZstdTempFolder}, else
   * {@code java.io.tmpdir}). {@code -DZstdNativePath=FILE} or {@code -DZstdTempFolder=DIR} skip the cache.
   */
  public static void requireZstd() {
    if (Native.isLoaded()) {
      return;
    }
    if (System.getProperty("ZstdNativePath") == null && System.getProperty("ZstdTempFolder") == null
        && CachedZstdLibrary.load()) {
      return;
    }
    try {
      Native.load();
    } catch (LinkageError | SecurityException e) {
      // zstd-jni reports a failed unpack as ExceptionInInitializerError, a failed load as UnsatisfiedLinkError.
      throw new IllegalStateException(
          "cannot load the zstd native library that case blobs need (" + e.getMessage()
              + "); give it a writable, executable folder to unpack to with -DZstdTempFolder=..."
              + " or -Djava.io.tmpdir=...",
          e);
    }
  }

  /** A zstd blob of the first {@code len} bytes of {@code raw} at {@link #DEFAULT_ZSTD_LEVEL}. */
  public byte[] compress(byte[] raw, int len) {
    return compress(raw, len, DEFAULT_ZSTD_LEVEL);
  }

  /** A zstd blob of the first {@code len} bytes of {@code raw} at zstd level {@code level}. */
  public byte[] compress(byte[] raw, int len, int level) {
    ZstdCompressCtx compressor = zstd.compressor();
    compressor.setLevel(level);
    // The frame is compressed behind room for its header, which is then written in front of it, so the blob
    // is one copy of the scratch buffer: a ByteWriter and its copy-out made two arrays per blob (5.7 % of a
    // 1 M ingest's allocated bytes, async-profiler, session 27).
    int header = 2 + ByteWriter.varintLength(len);
    int need = header + len + len / 128 + 1024; // ZSTD_compressBound is len + len/256 + a small constant
    if (out.length < need) {
      out = new byte[need];
    }
    int n = compressor.compressByteArray(out, header, out.length - header, raw, 0, len);
    out[0] = TAG;
    out[1] = CODEC_ZSTD;
    ByteWriter.putVarint(out, 2, len);
    return Arrays.copyOf(out, header + n);
  }

  /**
   * An old-format blob: raw DEFLATE at BEST_SPEED behind the varint raw length, as every case before V6
   * holds. Only tests write it now (old cases are made by writing them).
   */
  byte[] compressDeflate(byte[] raw, int len) {
    if (deflater == null) {
      deflater = new Deflater(Deflater.BEST_SPEED, true);
    }
    deflater.reset();
    deflater.setInput(raw, 0, len);
    deflater.finish();
    ByteWriter w = new ByteWriter(len / 3 + 64);
    w.writeVarint(len);
    int need = len + len / 100 + 64;
    if (out.length < need) {
      out = new byte[need];
    }
    int n = 0;
    while (!deflater.finished()) {
      n += deflater.deflate(out, n, out.length - n);
      if (n == out.length) {
        out = Arrays.copyOf(out, out.length * 2);
      }
    }
    w.writeBytes(out, 0, n);
    return w.toByteArray();
  }

  public byte[] decompress(byte[] blob) {
    return decompress(blob, Integer.MAX_VALUE);
  }

  /**
   * The first {@code atMost} raw bytes of a blob (all of them if it holds fewer). Neither codec can start
   * in the middle, but both can stop: a search that needs one transaction's wire bytes from a block
   * decompresses up to them (zstd stops at the end of the 128 KiB block holding them, DEFLATE at the byte).
   */
  public byte[] decompress(byte[] blob, int atMost) {
    if (blob.length == 0) {
      throw new IllegalStateException("case blob is empty (damaged case file?)");
    }
    if ((blob[0] & 0xFF) != TAG) {
      return inflate(blob, atMost);
    }
    int codec = blob.length > 1 ? blob[1] & 0xFF : -1;
    if (codec == CODEC_ZSTD) {
      return unzstd(blob, atMost);
    }
    if (codec == EMPTY_DEFLATE_BLOCK && blob.length == 3 && blob[2] == 0) {
      return new byte[0];
    }
    throw new IllegalStateException("case blob has unknown codec " + codec + " (damaged case file?)");
  }

  private byte[] inflate(byte[] blob, int atMost) {
    ByteReader r = new ByteReader(blob);
    int len = rawLength(r, atMost);
    int off = r.position();
    byte[] raw = new byte[len];
    if (inflater == null) {
      inflater = new Inflater(true);
    }
    inflater.reset();
    inflater.setInput(blob, off, blob.length - off);
    try {
      int n = 0;
      while (n < len) {
        int k = inflater.inflate(raw, n, len - n);
        if (k == 0 && (inflater.finished() || inflater.needsInput())) {
          throw new IllegalStateException("case blob ends early (damaged case file?)");
        }
        n += k;
      }
    } catch (DataFormatException e) {
      throw new IllegalStateException("case blob does not inflate (damaged case file?)", e);
    }
    return raw;
  }

  private byte[] unzstd(byte[] blob, int atMost) {
    ByteReader r = new ByteReader(blob);
    r.skip(2);
    int whole = rawLength(r, Integer.MAX_VALUE);
    int len = Math.min(whole, Math.max(0, atMost));
    int off = r.position();
    ZstdDecompressCtx decompressor = zstd.decompressor(); // loads the native library first
    // The frame header repeats the raw length: a damaged prefix must not size an allocation alone.
    if (off >= blob.length || Zstd.getFrameContentSize(blob, off, blob.length - off) != whole) {
      throw new IllegalStateException("case blob has a bad zstd frame header (damaged case file?)");
    }
    byte[] raw = new byte[len];
    try {
      if (len == whole) {
        // One call for the whole frame: zstd checks the frame's own content size against the buffer.
        int n = decompressor.decompressByteArray(raw, 0, len, blob, off, blob.length - off);
        if (n != len) {
          throw new IllegalStateException("case blob ends early (damaged case file?)");
        }
        return raw;
      }
      // A prefix: stream into a buffer of exactly len bytes; zstd stops when it is full.
      decompressor.reset();
      ByteBuffer dst = ByteBuffer.wrap(raw);
      ByteBuffer src = ByteBuffer.wrap(blob, off, blob.length - off);
      while (dst.hasRemaining()) {
        int before = dst.position() + src.position();
        boolean frameDone = decompressor.decompressByteBufferStream(dst, src);
        if (dst.hasRemaining() && (frameDone || dst.position() + src.position() == before)) {
          throw new IllegalStateException("case blob ends early (damaged case file?)");
        }
      }
      return raw;
    } catch (ZstdException e) {
      throw new IllegalStateException("case blob does not decompress: " + e.getMessage() + " (damaged case file?)", e);
    } finally {
      if (len != whole) {
        decompressor.reset(); // a stopped stream must not leak its state into the next blob
      }
    }
  }

  /** The raw length prefix, bounded to {@code atMost} (never negative). */
  private static int rawLength(ByteReader r, int atMost) {
    long v = r.readVarint();
    if (v < 0 || v > Integer.MAX_VALUE) {
      throw new IllegalStateException("case blob has a bad length (damaged case file?)");
    }
    return (int) Math.min(v, Math.max(0, atMost));
  }

  @Override
  public void close() {
    cleanable.clean();
    if (deflater != null) {
      deflater.end();
    }
    if (inflater != null) {
      inflater.end();
    }
  }

  /** The native contexts, made on first use; the cleaning action must not reach the {@link BlobCodec}. */
  private static final class ZstdContexts implements Runnable {
    private ZstdCompressCtx compressor;
    private ZstdDecompressCtx decompressor;

    ZstdCompressCtx compressor() {
      if (compressor == null) {
        requireZstd();
        compressor = new ZstdCompressCtx();
      }
      return compressor;
    }

    ZstdDecompressCtx decompressor() {
      if (decompressor == null) {
        requireZstd();
        decompressor = new ZstdDecompressCtx();
      }
      return decompressor;
    }

    @Override
    public void run() {
      if (compressor != null) {
        compressor.close();
      }
      if (decompressor != null) {
        decompressor.close();
      }
    }
  }
}
