package org.dnslens.engine.ioc;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines (ended by LF, CRLF or CR) keeping at most {@code maxChars} characters of each, so a 10 MB
 * line costs a scan, not 10 MB of memory. {@link #truncated()} says whether the last line was cut.
 */
final class BoundedLineReader {
  private final CharSource in;
  private final int maxChars;
  private final StringBuilder sb = new StringBuilder(256);
  private long lineNumber;
  private boolean truncated;

  BoundedLineReader(Reader in, int maxChars) {
    this.in = new CharSource(in);
    this.maxChars = maxChars;
  }

  /** The next line without its terminator, or null at the end. */
  String readLine() throws IOException {
    sb.setLength(0);
    truncated = false;
    boolean any = false;
    while (true) {
      int c = in.read();
      if (c == CharSource.EOF) {
        if (!any) {
          return null;
        }
        break;
      }
      any = true;
      if (c == '\n') {
        break;
      }
      if (c == '\r') {
        if (in.peek() == '\n') {
          in.read();
        }
        break;
      }
      if (sb.length() < maxChars) {
        sb.append((char) c);
      } else {
        truncated = true;
      }
    }
    lineNumber++;
    return sb.toString();
  }

  /** 1-based number of the line last returned. */
  long lineNumber() {
    return lineNumber;
  }

  boolean truncated() {
    return truncated;
  }
}
