package org.dnslens.engine.export.delivery;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;

/**
 * A fluentd forward protocol v1 server for tests (no fluentd or fluent-bit package exists in Debian
 * bookworm): decodes Message, Forward and PackedForward modes, answers {@code {"ack": chunk}} when the
 * option asks for it, and can die after a given number of events — before acknowledging the chunk that
 * reached it — as a crashed fluentd would. Loopback only.
 */
final class ForwardTestServer implements AutoCloseable {
  /** One received event. */
  record Event(String tag, Value time, Value record) {}

  final List<Event> events = Collections.synchronizedList(new ArrayList<>());
  private final ServerSocket server;
  private final Thread acceptor;
  private final List<Socket> clients = Collections.synchronizedList(new ArrayList<>());
  private volatile int dieAfter = Integer.MAX_VALUE;
  private volatile boolean closed;

  ForwardTestServer(int port) throws IOException {
    server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    acceptor = new Thread(this::accept, "forward-test-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /** Close everything abruptly once this many events have been received in total. */
  void dieAfter(int n) {
    dieAfter = n;
  }

  private void accept() {
    while (!closed) {
      try {
        Socket s = server.accept();
        clients.add(s);
        Thread t = new Thread(() -> serve(s), "forward-test-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s;
        InputStream in = new BufferedInputStream(s.getInputStream());
        MessageUnpacker u = MessagePack.newDefaultUnpacker(in)) {
      OutputStream out = s.getOutputStream();
      while (u.hasNext()) {
        List<Value> msg = u.unpackValue().asArrayValue().list();
        String tag = msg.get(0).asStringValue().asString();
        Value option = null;
        if (msg.get(1).isArrayValue()) {
          for (Value entry : msg.get(1).asArrayValue()) {
            List<Value> e = entry.asArrayValue().list();
            events.add(new Event(tag, e.get(0), e.get(1)));
          }
          option = msg.size() > 2 ? msg.get(2) : null;
        } else if (msg.get(1).isRawValue()) {
          try (MessageUnpacker inner = MessagePack.newDefaultUnpacker(msg.get(1).asRawValue().asByteArray())) {
            while (inner.hasNext()) {
              List<Value> e = inner.unpackValue().asArrayValue().list();
              events.add(new Event(tag, e.get(0), e.get(1)));
            }
          }
          option = msg.size() > 2 ? msg.get(2) : null;
        } else {
          events.add(new Event(tag, msg.get(1), msg.get(2)));
          option = msg.size() > 3 ? msg.get(3) : null;
        }
        if (events.size() >= dieAfter) {
          kill();
          return;
        }
        String chunk = chunk(option);
        if (chunk != null) {
          MessagePacker p = MessagePack.newDefaultPacker(out);
          p.packMapHeader(1).packString("ack").packString(chunk);
          p.flush();
        }
      }
    } catch (IOException | RuntimeException e) {
      // connection gone: the client sees it too
      if (System.getenv("FWD_DEBUG") != null) { e.printStackTrace(); }
    }
  }

  private static String chunk(Value option) {
    if (option == null || !option.isMapValue()) {
      return null;
    }
    for (var e : option.asMapValue().entrySet()) {
      if (e.getKey().asStringValue().asString().equals("chunk")) {
        return e.getValue().asStringValue().asString();
      }
    }
    return null;
  }

  /** Abrupt death: listener and connections closed, nothing acknowledged. */
  void kill() {
    closed = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // test server
    }
    synchronized (clients) {
      for (Socket c : clients) {
        try {
          c.setSoLinger(true, 0);
          c.close();
        } catch (IOException ignored) {
          // test server
        }
      }
    }
  }

  @Override
  public void close() {
    kill();
  }
}
