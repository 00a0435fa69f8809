package org.dnslens.engine.capture;

import java.io.Closeable;
import java.io.IOException;
import java.util.Set;

/**
 * Reads frames from one capture (or several merged). Malformed containers never throw: the reader counts
 * the reason on its {@code IssueCounter}, keeps every good frame before the fault, and ends (or skips to
 * the next good block where the format allows).
 */
public interface CaptureReader extends Closeable {
  /**
   * The next frame, or null at the end. The frame's data is valid until the next call.
   *
   * @throws IOException only when the underlying file cannot be read (not for bad contents)
   */
  Frame next() throws IOException;

  /**
   * The container format: {@code "pcap"}, {@code "pcapng"}, {@code "pcap+gzip"}, {@code "pcapng+gzip"},
   * {@code "unknown"}; a merged reader gives its files' common format, or {@code "mixed"}.
   */
  String format();

  /** LINKTYPE_* values seen so far (pcap header, pcapng interface descriptions), read-only. */
  Set<Integer> linkTypes();

  /** Bytes of the underlying file(s) consumed so far (compressed bytes for gzip), for progress. */
  long bytesRead();

  /** Total size of the underlying file(s) in bytes, or -1 if unknown. */
  long totalBytes();

  @Override
  void close() throws IOException;

  /** The format of one source of this reader (the same as {@link #format()} unless it merges several). */
  default String formatOf(int sourceId) {
    return format();
  }
}
