package org.dnslens.engine.detect;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Lines of a small ASCII resource shipped beside the detectors. */
final class ResourceLines {
  /** Shipped resources are a few tens of kB; anything larger is a packaging mistake. */
  static final int MAX_RESOURCE_BYTES = 1 << 20;

  private ResourceLines() {}

  /**
   * The lines of a resource next to this class, '#' comments and blank lines removed, trimmed.
   *
   * @throws IllegalStateException if the resource is missing or too large (a broken build)
   */
  static List<String> read(String resourceName) {
    byte[] bytes;
    try (InputStream in = ResourceLines.class.getResourceAsStream(resourceName)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resourceName);
      }
      bytes = in.readNBytes(MAX_RESOURCE_BYTES + 1);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + resourceName, e);
    }
    if (bytes.length > MAX_RESOURCE_BYTES) {
      throw new IllegalStateException("resource " + resourceName + " is larger than " + MAX_RESOURCE_BYTES);
    }
    return lines(bytes);
  }

  /** Splits ISO-8859-1 text (one char per byte) into lines without comments or blanks. */
  static List<String> lines(byte[] bytes) {
    List<String> out = new ArrayList<>();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i <= bytes.length; i++) {
      int b = i < bytes.length ? bytes[i] & 0xff : '\n';
      if (b == '\n') {
        String line = sb.toString();
        int hash = line.indexOf('#');
        if (hash >= 0) {
          line = line.substring(0, hash);
        }
        line = line.strip();
        if (!line.isEmpty()) {
          out.add(line);
        }
        sb.setLength(0);
      } else if (b != '\r') {
        sb.append((char) b);
      }
    }
    return out;
  }
}
