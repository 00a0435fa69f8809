package org.dnslens.engine.ioc;

import java.io.IOException;
import java.io.Reader;

/** A buffered character source with one character of look-ahead and line counting. */
final class CharSource {
  static final int EOF = -1;
  private final Reader in;
  private final char[] buf = new char[16 * 1024];
  private int pos;
  private int lim;

  CharSource(Reader in) {
    this.in = in;
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
