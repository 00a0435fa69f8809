package org.dnslens.engine.export.delivery;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Where records go when a peer would not take them: NDJSON, one {@code {"key":..,"time_ns":..,"record":{..}}}
 * per line, appended and flushed per batch, so {@code dnslens export --resend FILE} can replay it through
 * any delivery ({@link #read}).
 */
public final class SpillFile implements Closeable {
  /** Longest spill line read back; longer lines are a corrupt or foreign file. */
  public static final int MAX_LINE_BYTES = 16 << 20;

  private final Path path;
  private final JsonFactory json = new JsonFactory();
  private OutputStream out;

  public SpillFile(Path path) {
    this.path = path;
  }

  public Path path() {
    return path;
  }

  /** Appends and flushes the events. */
  public synchronized void append(List<DeliveryEvent> events) throws IOException {
    if (out == null) {
      out = new BufferedOutputStream(
          Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE),
          1 << 16);
    }
    for (DeliveryEvent e : events) {
      try (JsonGenerator g = json.createGenerator(new NoClose(out), JsonEncoding.UTF8)) {
        g.writeStartObject();
        if (e.key() != null) {
          g.writeStringField("key", e.key());
        }
        g.writeNumberField("time_ns", e.timeNanos());
        g.writeFieldName("record");
        g.writeRawValue(new String(e.json(), java.nio.charset.StandardCharsets.UTF_8));
        g.writeEndObject();
      }
      out.write('\n');
    }
    out.flush();
  }

  /** Receives spilled events one at a time. */
  @FunctionalInterface
  public interface EventConsumer {
    void accept(DeliveryEvent e) throws IOException, InterruptedException;
  }

  /** Reads a spill file back into a list (small files, tests). */
  public static List<DeliveryEvent> read(Path path) throws IOException {
    List<DeliveryEvent> out = new ArrayList<>();
    try {
      forEach(path, out::add);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    return out;
  }

  /** Streams a spill file's events (for {@code --resend}); the file may be larger than memory. */
  public static void forEach(Path path, EventConsumer consumer) throws IOException, InterruptedException {
    JsonFactory f = new JsonFactory();
    int lineNo = 0;
    try (java.io.BufferedReader reader = Files.newBufferedReader(path, java.nio.charset.StandardCharsets.UTF_8)) {
    String line;
    while ((line = reader.readLine()) != null) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      if (line.length() > MAX_LINE_BYTES) {
        throw new IOException(path + " line " + lineNo + ": longer than " + MAX_LINE_BYTES);
      }
      String key = null;
      long time = 0;
      byte[] record = null;
      try (JsonParser p = f.createParser(line)) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
          throw new IOException(path + " line " + lineNo + ": not a spill record");
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          p.nextToken();
          switch (name) {
            case "key" -> key = p.getValueAsString();
            case "time_ns" -> time = p.getLongValue();
            case "record" -> {
              ByteArrayOutputStream buf = new ByteArrayOutputStream(line.length());
              try (JsonGenerator g = f.createGenerator(buf, JsonEncoding.UTF8)) {
                g.copyCurrentStructure(p);
              }
              record = buf.toByteArray();
            }
            default -> p.skipChildren();
          }
        }
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IOException(path + " line " + lineNo + ": " + e.getOriginalMessage(), e);
      }
      if (record == null) {
        throw new IOException(path + " line " + lineNo + ": no record");
      }
      consumer.accept(new DeliveryEvent(key, time, record));
    }
    }
  }

  @Override
  public synchronized void close() throws IOException {
    if (out != null) {
      out.close();
      out = null;
    }
  }

  private static final class NoClose extends java.io.FilterOutputStream {
    NoClose(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
