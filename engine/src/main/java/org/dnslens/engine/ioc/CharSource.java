package org.dnslens.engine.ioc;

import java.io.IOException;
import java.io.Reader;

/** A buffered character source with one character of look-ahead and line counting. */
final class CharSource {
  static final int EOF = -1;
  private static final int BUFFER_CHARS = 16 * 1024;
  /** Null when the whole text is already in {@link #buf}. */
  private final Reader in;
  private final char[] buf;
  private int pos;
  private int lim;

  CharSource(Reader in) {
    this.in = in;
    this.buf = new char[BUFFER_CHARS];
  }

  /** A source over text already in memory: its characters are the buffer, nothing else is allocated. */
  CharSource(String text) {
    this.in = null;
    this.buf = text.toCharArray();
    this.lim = buf.length;
  }

  int read() throws IOException {
    if (pos >= lim && !fill()) {
      return EOF;
    }
    return buf[pos++];
  }

  int peek() throws IOException {
    if (pos >= lim && !fill()) {
      return EOF;
    }
    return buf[pos];
  }

  private boolean fill() throws IOException {
    if (in == null) {
      return false;
    }
    int n;
    do {
      n = in.read(buf, 0, buf.length);
    } while (n == 0);
    if (n < 0) {
      lim = 0;
      pos = 0;
      return false;
    }
    pos = 0;
    lim = n;
    return true;
  }
}
