package org.dnslens.engine.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.msgpack.jackson.dataformat.MessagePackExtensionType;
import org.msgpack.jackson.dataformat.MessagePackFactory;

/**
 * Lets the NDJSON writers write msgpack unchanged: they call the same {@link JsonGenerator} methods, so
 * the JSON and msgpack schemas cannot drift. Three adaptations:
 *
 * <ul>
 *   <li>the newline the writers put between objects is dropped (msgpack values are self-delimiting);
 *   <li>decimal-text numbers ({@code ts}, {@code rtt_ms}, written as exact strings in JSON) become
 *       float64, and a null number becomes nil;
 *   <li>in fluentd layout, every root object is wrapped as {@code [tag, time, record]} (fluentd
 *       forward "Message" mode), the time being the capture time set before each transaction.
 * </ul>
 */
final class MsgpackGenerator extends JsonGeneratorDelegate {
  /** Fluentd's EventTime extension type (forward protocol v1). */
  static final byte EVENT_TIME_EXT_TYPE = 0;

  private final MessagePackFactory factory;
  private final OutputStream out;
  private final String tag;
  private final EventTimeMode timeMode;
  private long timeNanos;
  private int depth;

  private MsgpackGenerator(MessagePackFactory factory, OutputStream out, String tag, EventTimeMode timeMode)
      throws IOException {
    super(create(factory, out), false);
    this.factory = factory;
    this.out = out;
    this.tag = tag;
    this.timeMode = timeMode;
  }

  /** A plain stream of msgpack maps. */
  static MsgpackGenerator plain(OutputStream out) throws IOException {
    return new MsgpackGenerator(new MessagePackFactory().setReuseResourceInGenerator(false), out, null, EventTimeMode.EVENT_TIME);
  }

  /** Each root map wrapped as {@code [tag, time, map]}. */
  static MsgpackGenerator fluentd(OutputStream out, String tag, EventTimeMode timeMode) throws IOException {
    return new MsgpackGenerator(new MessagePackFactory().setReuseResourceInGenerator(false), out, tag, timeMode);
  }

  /**
   * jackson-dataformat-msgpack 0.9.10 buffers nested containers and loses them when one generator writes
   * several root values (seen in FormatRoundTripTest), so each root value gets a fresh generator, closed
   * (flushed into {@code out}, which stays open) when the value ends.
   */
  private static JsonGenerator create(MessagePackFactory factory, OutputStream out) throws IOException {
    JsonGenerator g = factory.createGenerator(out, JsonEncoding.UTF8);
    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    return g;
  }

  /** Capture time of the next root object, for the fluentd envelope. */
  void eventTime(long epochNanos) {
    this.timeNanos = epochNanos;
  }

  /** Writes a fluentd time: EventTime ext 0 (big-endian uint32 seconds, uint32 nanoseconds) or integer seconds. */
  static void writeTime(JsonGenerator g, long epochNanos, EventTimeMode mode) throws IOException {
    long secs = Math.floorDiv(epochNanos, 1_000_000_000L);
    if (mode == EventTimeMode.INTEGER_SECONDS) {
      g.writeNumber(secs);
      return;
    }
    int nanos = (int) Math.floorMod(epochNanos, 1_000_000_000L);
    byte[] b = ByteBuffer.allocate(8).putInt((int) secs).putInt(nanos).array();
    JsonGenerator inner = g;
    while (inner instanceof JsonGeneratorDelegate d) {
      inner = d.delegate();
    }
    ((org.msgpack.jackson.dataformat.MessagePackGenerator) inner)
        .writeExtensionType(new MessagePackExtensionType(EVENT_TIME_EXT_TYPE, b));
  }

  private void openEnvelope() throws IOException {
    if (depth == 0) {
      delegate = create(factory, out);
    }
    if (depth == 0 && tag != null) {
      delegate.writeStartArray();
      delegate.writeString(tag);
      writeTime(delegate, timeNanos, timeMode);
    }
    depth++;
  }

  private void closeEnvelope() throws IOException {
    depth--;
    if (depth == 0 && tag != null) {
      delegate.writeEndArray();
    }
    if (depth == 0) {
      delegate.close();
    }
  }

  @Override
  public void writeStartObject() throws IOException {
    openEnvelope();
    delegate.writeStartObject();
  }

  @Override
  public void writeStartObject(Object forValue) throws IOException {
    openEnvelope();
    delegate.writeStartObject(forValue);
  }

  @Override
  public void writeStartObject(Object forValue, int size) throws IOException {
    openEnvelope();
    delegate.writeStartObject(forValue, size);
  }

  @Override
  public void writeEndObject() throws IOException {
    delegate.writeEndObject();
    closeEnvelope();
  }

  @Override
  public void writeStartArray() throws IOException {
    openEnvelope();
    delegate.writeStartArray();
  }

  @Override
  public void writeStartArray(Object forValue) throws IOException {
    openEnvelope();
    delegate.writeStartArray(forValue);
  }

  @Override
  public void writeStartArray(Object forValue, int size) throws IOException {
    openEnvelope();
    delegate.writeStartArray(forValue, size);
  }

  @Override
  public void writeEndArray() throws IOException {
    delegate.writeEndArray();
    closeEnvelope();
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    if (depth != 0) {
      delegate.close();
    }
    out.flush();
  }

  @Override
  public void writeRaw(char c) throws IOException {
    if (c != '\n') {
      throw new UnsupportedOperationException("raw text has no msgpack form");
    }
  }

  @Override
  public void writeNumber(String encodedValue) throws IOException {
    if (encodedValue == null) {
      delegate.writeNull();
    } else if (encodedValue.indexOf('.') >= 0 || encodedValue.indexOf('e') >= 0) {
      delegate.writeNumber(Double.parseDouble(encodedValue));
    } else {
      delegate.writeNumber(Long.parseLong(encodedValue));
    }
  }

  /**
   * The NDJSON writers pass names as UTF-8 byte ranges and numbers as char ranges of reused buffers (no
   * String per field); jackson-dataformat-msgpack ignores the range and writes the whole buffer, so both
   * are narrowed here.
   */
  @Override
  public void writeUTF8String(byte[] text, int offset, int length) throws IOException {
    delegate.writeString(new String(text, offset, length, StandardCharsets.UTF_8));
  }

  @Override
  public void writeRawUTF8String(byte[] text, int offset, int length) throws IOException {
    writeUTF8String(text, offset, length);
  }

  @Override
  public void writeNumber(char[] encodedValueBuffer, int offset, int length) throws IOException {
    writeNumber(new String(encodedValueBuffer, offset, length));
  }
}
