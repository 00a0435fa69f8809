package org.dnslens.engine.export.delivery;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.jackson.dataformat.MessagePackExtensionType;
import org.msgpack.jackson.dataformat.MessagePackFactory;
import org.msgpack.jackson.dataformat.MessagePackGenerator;
import org.msgpack.value.Value;

/**
 * Fluentd forward protocol v1 over TCP (what fluentd's {@code in_forward} and fluent-bit's {@code forward}
 * input speak). Modes:
 *
 * <ul>
 *   <li>{@link Mode#MESSAGE}: {@code [tag, time, record, option?]} per record;
 *   <li>{@link Mode#FORWARD}: {@code [tag, [[time, record], ...], option]} per batch;
 *   <li>{@link Mode#PACKED_FORWARD}: {@code [tag, bin(concatenated [time, record]), option]} per batch.
 * </ul>
 *
 * With {@code ack}, each message carries {@code option.chunk} (a fresh base64 id) and the server's
 * {@code {"ack": chunk}} reply is awaited before the batch counts as sent; a missing or wrong ack fails the
 * batch (it is retried, then spilled). Without ack, records written into a connection the peer has just
 * dropped can be lost unnoticed — use ack when nothing may be lost. {@code option.size} gives the number of
 * events. Time is EventTime (ext 0) or integer seconds ({@link org.dnslens.engine.export.EventTimeMode}).
 * The shared-key handshake (HELO/PING/PONG) is not implemented: use it on loopback or behind TLS tunnels.
 */
public final class FluentForwardTransport implements Transport {
  /** Forward protocol carrier modes. */
  public enum Mode {
    MESSAGE,
    FORWARD,
    PACKED_FORWARD
  }

  /** Longest ack reply read from the server. */
  public static final int MAX_ACK_BYTES = 4096;

  private final String host;
  private final int port;
  private final String tag;
  private final Mode mode;
  private final boolean ack;
  private final org.dnslens.engine.export.EventTimeMode timeMode;
  private final int timeoutMillis;
  // Not reusing the packer: by default the factory shares one per thread, and a packed-forward message
  // holds a nested generator open inside the outer one.
  private final MessagePackFactory msgpack = new MessagePackFactory().setReuseResourceInGenerator(false);
  private final JsonFactory json = new JsonFactory();
  private Socket socket;
  private OutputStream out;
  private InputStream in;

  public FluentForwardTransport(
      String host,
      int port,
      String tag,
      Mode mode,
      boolean ack,
      org.dnslens.engine.export.EventTimeMode timeMode,
      int timeoutMillis) {
    this.host = host;
    this.port = port;
    this.tag = tag;
    this.mode = mode;
    this.ack = ack;
    this.timeMode = timeMode;
    this.timeoutMillis = timeoutMillis;
  }

  @Override
  public String describe() {
    return "fluentd tcp://" + host + ":" + port;
  }

  private void connect() throws IOException {
    if (socket != null) {
      return;
    }
    Socket s = new Socket();
    try {
      s.connect(new InetSocketAddress(host, port), timeoutMillis);
      s.setSoTimeout(timeoutMillis);
      s.setTcpNoDelay(true);
    } catch (IOException e) {
      s.close();
      throw e;
    }
    socket = s;
    out = new java.io.BufferedOutputStream(s.getOutputStream(), 1 << 16);
    in = s.getInputStream();
  }

  @Override
  public List<DeliveryEvent> send(List<DeliveryEvent> batch) throws IOException {
    try {
      connect();
      if (mode == Mode.MESSAGE) {
        for (DeliveryEvent e : batch) {
          String chunk = ack ? newChunk() : null;
          ByteArrayOutputStream buf = new ByteArrayOutputStream(e.json().length + 64);
          try (JsonGenerator g = generator(buf)) {
            g.writeStartArray();
            g.writeString(tag);
            writeTime(g, e.timeNanos());
            copyJson(g, e.json());
            if (chunk != null) {
              option(g, chunk, 1);
            }
            g.writeEndArray();
          }
          buf.writeTo(out);
          if (chunk != null) {
            out.flush();
            awaitAck(chunk);
          }
        }
        out.flush();
      } else {
        String chunk = ack ? newChunk() : null;
        ByteArrayOutputStream buf = new ByteArrayOutputStream(batch.size() * 512);
        try (JsonGenerator g = generator(buf)) {
          g.writeStartArray();
          g.writeString(tag);
          if (mode == Mode.FORWARD) {
            g.writeStartArray();
            for (DeliveryEvent e : batch) {
              g.writeStartArray();
              writeTime(g, e.timeNanos());
              copyJson(g, e.json());
              g.writeEndArray();
            }
            g.writeEndArray();
          } else {
            ByteArrayOutputStream entries = new ByteArrayOutputStream(batch.size() * 512);
            for (DeliveryEvent e : batch) {
              try (JsonGenerator eg = generator(entries)) {
                eg.writeStartArray();
                writeTime(eg, e.timeNanos());
                copyJson(eg, e.json());
                eg.writeEndArray();
              }
            }
            g.writeBinary(entries.toByteArray());
          }
          option(g, chunk, batch.size());
          g.writeEndArray();
        }
        buf.writeTo(out);
        out.flush();
        if (chunk != null) {
          awaitAck(chunk);
        }
      }
      return List.of();
    } catch (IOException | RuntimeException e) {
      close();
      throw e instanceof IOException io ? io : new IOException(e);
    }
  }

  private JsonGenerator generator(OutputStream target) throws IOException {
    JsonGenerator g = msgpack.createGenerator(target, JsonEncoding.UTF8);
    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    return g;
  }

  private void copyJson(JsonGenerator g, byte[] record) throws IOException {
    try (JsonParser p = json.createParser(record)) {
      p.nextToken();
      g.copyCurrentStructure(p);
    }
  }

  private void writeTime(JsonGenerator g, long epochNanos) throws IOException {
    long secs = Math.floorDiv(epochNanos, 1_000_000_000L);
    if (timeMode == org.dnslens.engine.export.EventTimeMode.INTEGER_SECONDS) {
      g.writeNumber(secs);
    } else {
      int nanos = (int) Math.floorMod(epochNanos, 1_000_000_000L);
      byte[] b = ByteBuffer.allocate(8).putInt((int) secs).putInt(nanos).array();
      ((MessagePackGenerator) g).writeExtensionType(new MessagePackExtensionType((byte) 0, b));
    }
  }

  private static void option(JsonGenerator g, String chunk, int size) throws IOException {
    g.writeStartObject();
    g.writeNumberField("size", size);
    if (chunk != null) {
      g.writeStringField("chunk", chunk);
    }
    g.writeEndObject();
  }

  private static String newChunk() {
    UUID u = UUID.randomUUID();
    byte[] b = ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits()).array();
    return Base64.getEncoder().encodeToString(b);
  }

  private void awaitAck(String chunk) throws IOException {
    try {
      MessageUnpacker u = MessagePack.newDefaultUnpacker(new BoundedInput(in, MAX_ACK_BYTES));
      Value v = u.unpackValue();
      if (!v.isMapValue()) {
        throw new IOException("fluentd answered with a non-map instead of an ack");
      }
      for (var e : v.asMapValue().entrySet()) {
        if (e.getKey().isStringValue() && e.getKey().asStringValue().asString().equals("ack")) {
          if (e.getValue().isStringValue() && e.getValue().asStringValue().asString().equals(chunk)) {
            return;
          }
          throw new IOException("fluentd acknowledged another chunk");
        }
      }
      throw new IOException("fluentd reply without ack");
    } catch (SocketTimeoutException e) {
      throw new IOException("no ack from fluentd within " + timeoutMillis + " ms", e);
    }
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing after a failure: the failure is what gets reported
      }
      socket = null;
      out = null;
      in = null;
    }
  }

  /** Reads at most {@code limit} bytes per ack (the unpacker buffers ahead otherwise). */
  private static final class BoundedInput extends InputStream {
    private final InputStream in;
    private int left;

    BoundedInput(InputStream in, int limit) {
      this.in = in;
      this.left = limit;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int b = in.read();
      if (b >= 0) {
        left--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      // One byte at a time: an ack is a few dozen bytes and nothing after it may be consumed.
      if (len == 0) {
        return 0;
      }
      int c = read();
      if (c < 0) {
        return -1;
      }
      b[off] = (byte) c;
      return 1;
    }
  }
}
