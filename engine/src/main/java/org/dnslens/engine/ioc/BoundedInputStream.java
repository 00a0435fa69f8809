package org.dnslens.engine.ioc;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Ends the stream after {@code max} bytes, remembering whether the source had more. */
final class BoundedInputStream extends FilterInputStream {
  private final long max;
  private long count;
  private boolean exceeded;

  BoundedInputStream(InputStream in, long max) {
    super(in);
    this.max = max;
  }

  /** Whether the source held more than the bound (known once the bound was reached). */
  boolean exceeded() {
    return exceeded;
  }

  @Override
  public int read() throws IOException {
    if (atLimit()) {
      return -1;
    }
    int b = in.read();
    if (b >= 0) {
      count++;
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (atLimit()) {
      return -1;
    }
    int n = in.read(b, off, (int) Math.min(len, max - count));
    if (n > 0) {
      count += n;
    }
    return n;
  }

  private boolean atLimit() throws IOException {
    if (count < max) {
      return false;
    }
    if (!exceeded && in.read() >= 0) {
      exceeded = true;
    }
    return true;
  }

  @Override
  public long skip(long n) {
    return 0;
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}
