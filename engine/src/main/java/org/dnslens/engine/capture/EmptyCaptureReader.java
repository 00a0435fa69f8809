package org.dnslens.engine.capture;

import java.io.Closeable;
import java.io.IOException;
import java.util.Set;

/**
 * A capture whose format was not recognised (no frames; the reason was counted when it was opened), or a
 * dnstap file, whose messages the ingest pipeline reads with {@code engine.dnstap.DnstapReader}.
 */
final class EmptyCaptureReader implements CaptureReader {
  private final Closeable resource;
  private final long bytesRead;
  private final long totalBytes;
  private final String format;

  EmptyCaptureReader(Closeable resource, long bytesRead, long totalBytes) {
    this(resource, bytesRead, totalBytes, "unknown");
  }

  /** A reader with no frames for a file of another kind that is read elsewhere (e.g. {@code dnstap}). */
  EmptyCaptureReader(Closeable resource, long bytesRead, long totalBytes, String format) {
    this.resource = resource;
    this.bytesRead = bytesRead;
    this.totalBytes = totalBytes;
    this.format = format;
  }

  @Override
  public Frame next() {
    return null;
  }

  @Override
  public String format() {
    return format;
  }

  @Override
  public Set<Integer> linkTypes() {
    return Set.of();
  }

  @Override
  public long bytesRead() {
    return bytesRead;
  }

  @Override
  public long totalBytes() {
    return totalBytes;
  }

  @Override
  public void close() throws IOException {
    resource.close();
  }
}
