package org.dnslens.engine.capture;

import java.io.Closeable;
import java.io.IOException;
import java.util.Set;

/** A capture whose format was not recognised: no frames; the reason was counted when it was opened. */
final class EmptyCaptureReader implements CaptureReader {
  private final Closeable resource;
  private final long bytesRead;
  private final long totalBytes;

  EmptyCaptureReader(Closeable resource, long bytesRead, long totalBytes) {
    this.resource = resource;
    this.bytesRead = bytesRead;
    this.totalBytes = totalBytes;
  }

  @Override
  public Frame next() {
    return null;
  }

  @Override
  public String format() {
    return "unknown";
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
