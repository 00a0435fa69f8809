package org.dnslens.engine.ioc;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines (ended by LF, CRLF or CR) keeping at most {@code maxChars} characters of each, so a 10 MB
 * line costs a scan, not 10 MB of memory. {@link #truncated()} says whether the last line was cut.
 */
final class BoundedLineReader {
  private final int maxChars;
  /** The stream's characters, or null when the whole text is in {@link #text}. */
  private final CharSource in;
  private final StringBuilder sb;
  private final String text;
  /** Where the next line of {@link #text} starts. */
  private int pos;
  /** The next CR and LF at or after {@link #pos} (or -1: none left), kept so each is searched once. */
  private int nextCr;
  private int nextLf;
  private long lineNumber;
  private boolean truncated;

  BoundedLineReader(Reader in, int maxChars) {
    this.in = new CharSource(in);
    this.maxChars = maxChars;
    this.sb = new StringBuilder(256);
    this.text = null;
  }

  /**
   * Lines of a text already in memory. Line ends are found with {@link String#indexOf(int, int)} rather
   * than a loop over characters: under the fuzzer every comparison in our code is a callback, and the
   * per-character loop was a large part of each execution.
   */
  BoundedLineReader(String text, int maxChars) {
    this.in = null;
    this.maxChars = maxChars;
    this.sb = null;
    this.text = text;
    this.nextCr = text.indexOf('\r');
    this.nextLf = text.indexOf('\n');
  }

  /** The next line without its terminator, or null at the end. */
  String readLine() throws IOException {
    return text != null ? readTextLine() : readStreamLine();
  }

  private String readTextLine() {
    int n = text.length();
    if (pos >= n) {
      return null;
    }
    if (nextCr >= 0 && nextCr < pos) {
      nextCr = text.indexOf('\r', pos);
    }
    if (nextLf >= 0 && nextLf < pos) {
      nextLf = text.indexOf('\n', pos);
    }
    int end = nextCr < 0 ? nextLf : nextLf < 0 ? nextCr : Math.min(nextCr, nextLf);
    if (end < 0) {
      end = n;
    }
    truncated = end - pos > maxChars;
    String line = text.substring(pos, truncated ? pos + maxChars : end);
    pos = end + (end + 1 < n && text.charAt(end) == '\r' && text.charAt(end + 1) == '\n' ? 2 : 1);
    lineNumber++;
    return line;
  }

  private String readStreamLine() throws IOException {
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
