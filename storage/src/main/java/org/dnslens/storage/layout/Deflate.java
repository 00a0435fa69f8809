package org.dnslens.storage.layout;

import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Block compression: java.util.zip at {@link Deflater#BEST_SPEED}. DNS messages of one block repeat
 * names, types and addresses, which even the fastest DEFLATE level folds well (docs/STORAGE.md has the
 * measured ratio and speed). A compressed blob is prefixed with its raw length (varint) so inflating
 * allocates once. One instance per thread.
 */
public final class Deflate {
  private final Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
  private final Inflater inflater = new Inflater(true);
  private byte[] out = new byte[64 * 1024];

  public byte[] compress(byte[] raw, int len) {
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

  public byte[] inflate(byte[] blob) {
    return inflate(blob, Integer.MAX_VALUE);
  }

  /**
   * The first {@code atMost} raw bytes of a blob (all of them if it holds fewer). DEFLATE cannot start in
   * the middle, but it can stop: a search that needs one transaction's wire bytes from a block inflates up
   * to them, on average half the block's wire.
   */
  public byte[] inflate(byte[] blob, int atMost) {
    ByteReader r = new ByteReader(blob);
    int len = Math.min(r.readInt(), Math.max(0, atMost));
    int off = r.position();
    byte[] raw = new byte[len];
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
}
