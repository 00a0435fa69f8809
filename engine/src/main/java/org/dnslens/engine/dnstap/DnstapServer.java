package org.dnslens.engine.dnstap;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.dnslens.engine.ingest.LiveFeed;
import org.dnslens.engine.issue.IssueCounter;
import org.dnslens.engine.model.DecodeIssue;
import org.dnslens.engine.model.FrameRef;
import org.dnslens.engine.model.IssueReason;
import org.dnslens.engine.model.RawDnsMessage;

/**
 * A Frame Streams receiver for dnstap senders (unbound, BIND, Knot, dnsdist, CoreDNS) on a unix socket
 * or TCP. Each connection runs on its own thread: the bidirectional handshake (READY → ACCEPT, START,
 * data frames, STOP → FINISH) or a plain unidirectional stream (START first), every data frame decoded
 * into a {@link RawDnsMessage} and put on the {@link LiveFeed} (blocking, so a slow parser backs up the
 * sender's socket rather than losing frames silently). Frame numbers are global across connections, in
 * arrival order. At most {@link #MAX_CONNECTIONS} concurrent senders; more are refused and counted.
 */
public final class DnstapServer implements Closeable {
  /** Concurrent sender connections; each costs a thread. */
  public static final int MAX_CONNECTIONS = 64;

  private static final int BUFFER_BYTES = 64 * 1024;

  private final ServerSocketChannel server;
  private final Path unixPath;
  private final LiveFeed feed;
  private final int sourceId;
  private final AtomicLong frameNumbers = new AtomicLong();
  private final AtomicLong connectionsAccepted = new AtomicLong();
  private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
  private final List<Thread> threads = new ArrayList<>();
  private final Thread acceptor;
  private volatile boolean closing;

  private DnstapServer(ServerSocketChannel server, Path unixPath, LiveFeed feed, int sourceId, String name) {
    this.server = server;
    this.unixPath = unixPath;
    this.feed = feed;
    this.sourceId = sourceId;
    this.acceptor = new Thread(this::acceptLoop, "dnstap-accept " + name);
    this.acceptor.setDaemon(true);
  }

  /**
   * Listens on a unix socket at {@code path} (a stale socket file there is replaced; any other file is
   * an error) and starts accepting.
   */
  public static DnstapServer unix(Path path, LiveFeed feed, int sourceId) throws IOException {
    if (Files.exists(path)) {
      java.nio.file.attribute.BasicFileAttributes a =
          Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class);
      if (!a.isOther()) { // a socket is "other"; never delete a regular file or directory by mistake
        throw new IOException(path + " exists and is not a socket");
      }
      Files.delete(path);
    }
    ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      ch.bind(UnixDomainSocketAddress.of(path));
    } catch (IOException e) {
      ch.close();
      throw e;
    }
    DnstapServer s = new DnstapServer(ch, path, feed, sourceId, path.toString());
    s.acceptor.start();
    return s;
  }

  /** Listens on TCP {@code address} (port 0: any free port, see {@link #localAddress()}). */
  public static DnstapServer tcp(InetSocketAddress address, LiveFeed feed, int sourceId) throws IOException {
    ServerSocketChannel ch = ServerSocketChannel.open();
    try {
      ch.bind(address);
    } catch (IOException e) {
      ch.close();
      throw e;
    }
    DnstapServer s = new DnstapServer(ch, null, feed, sourceId, address.toString());
    s.acceptor.start();
    return s;
  }

  public SocketAddress localAddress() throws IOException {
    return server.getLocalAddress();
  }

  /** Connections accepted so far. */
  public long connections() {
    return connectionsAccepted.get();
  }

  /** Data frames received so far, over all connections. */
  public long frames() {
    return frameNumbers.get();
  }

  private void acceptLoop() {
    while (!closing) {
      SocketChannel c;
      try {
        c = server.accept();
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        if (closing) {
          return;
        }
        continue;
      }
      if (open.size() >= MAX_CONNECTIONS) {
        closeQuietly(c);
        report(IssueReason.DNSTAP_BAD_FRAME, 0, "connection refused: more than " + MAX_CONNECTIONS + " senders");
        continue;
      }
      open.add(c);
      connectionsAccepted.incrementAndGet();
      Thread t = new Thread(() -> serve(c), "dnstap-conn " + connectionsAccepted.get());
      t.setDaemon(true);
      synchronized (threads) {
        threads.removeIf(x -> !x.isAlive());
        threads.add(t);
      }
      t.start();
    }
  }

  private void serve(SocketChannel c) {
    try (c) {
      InputStream in = new BufferedInputStream(Channels.newInputStream(c), BUFFER_BYTES);
      OutputStream out = Channels.newOutputStream(c);
      IssueCounter issues =
          new IssueCounter(
              issue -> {
                try {
                  feed.putIssue(issue);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      FrameStreamsReader frames = new FrameStreamsReader(in, issues, sourceId);
      DnstapDecoder decoder = new DnstapDecoder(issues);
      boolean bidirectional = false;
      boolean started = false;
      while (!closing && !Thread.currentThread().isInterrupted()) {
        FrameStreamsReader.Kind kind = frames.next();
        if (kind == FrameStreamsReader.Kind.END) {
          return;
        }
        if (kind == FrameStreamsReader.Kind.CONTROL) {
          switch (frames.controlType()) {
            case FrameStreams.CONTROL_READY:
              bidirectional = true;
              if (!frames.contentTypes().isEmpty()
                  && !frames.contentTypes().contains(FrameStreams.DNSTAP_CONTENT_TYPE)) {
                report(IssueReason.DNSTAP_BAD_CONTENT_TYPE, 0, "offered " + frames.contentTypes());
                return; // nothing we can accept: closing is the protocol's refusal
              }
              out.write(FrameStreams.controlFrame(FrameStreams.CONTROL_ACCEPT, FrameStreams.DNSTAP_CONTENT_TYPE));
              out.flush();
              break;
            case FrameStreams.CONTROL_START:
              if (!frames.contentTypes().isEmpty()
                  && !frames.contentTypes().contains(FrameStreams.DNSTAP_CONTENT_TYPE)) {
                report(IssueReason.DNSTAP_BAD_CONTENT_TYPE, 0, "started " + frames.contentTypes());
                return;
              }
              started = true;
              break;
            case FrameStreams.CONTROL_STOP:
              if (bidirectional) {
                out.write(FrameStreams.controlFrame(FrameStreams.CONTROL_FINISH, null));
                out.flush();
              }
              return;
            default:
              // ACCEPT or FINISH sent to a receiver: a confused sender; ignore the frame.
              break;
          }
          continue;
        }
        if (!started) {
          report(IssueReason.DNSTAP_BAD_FRAME, 0, "data frame before START");
          return;
        }
        RawDnsMessage m =
            decoder.decode(
                frames.payload(),
                frames.payloadLength(),
                new FrameRef(sourceId, frameNumbers.incrementAndGet()));
        if (m != null) {
          feed.putMessage(m);
        }
      }
    } catch (IOException e) {
      // The sender went away mid-stream (reset, closed): the connection ends; nothing more to read.
      if (!closing) {
        report(IssueReason.DNSTAP_BAD_FRAME, 0, "connection lost: " + e.getClass().getSimpleName());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      open.remove(c);
    }
  }

  private void report(IssueReason reason, long ts, String detail) {
    try {
      feed.putIssue(new DecodeIssue(new FrameRef(sourceId, frameNumbers.get()), ts, reason, detail));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Stops accepting, closes every connection and waits for their threads; the feed is not closed (the
   * caller owns it). A sender in the middle of a stream sees its connection closed.
   */
  @Override
  public void close() throws IOException {
    closing = true;
    server.close();
    for (SocketChannel c : open) {
      closeQuietly(c);
    }
    List<Thread> all;
    synchronized (threads) {
      all = new ArrayList<>(threads);
    }
    try {
      acceptor.join(5_000);
      for (Thread t : all) {
        t.interrupt();
        t.join(5_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (unixPath != null) {
      Files.deleteIfExists(unixPath);
    }
  }

  private static void closeQuietly(SocketChannel c) {
    try {
      c.close();
    } catch (IOException e) {
      // already gone: nothing to release
    }
  }
}
