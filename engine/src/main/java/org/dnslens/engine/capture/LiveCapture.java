package org.dnslens.engine.capture;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dnslens.engine.ingest.LiveFeed;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapAddress;
import org.pcap4j.core.PcapDumper;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.PcapStat;
import org.pcap4j.core.Pcaps;

/**
 * Live capture with libpcap through pcap4j (the only pcap4j user). The capture loop runs on its own
 * thread and hands each packet (a fresh copy made by pcap4j) to a {@link LiveFeed} without ever
 * blocking: when the parser falls behind the queue fills and packets are dropped and counted ({@code
 * LIVE_QUEUE_FULL}), besides what the kernel and the interface drop (see {@link #stats()}). Timestamps
 * are libpcap's (capture time, nanosecond precision where the platform offers it). Optionally the raw
 * packets are also written to rotating pcap files.
 */
public final class LiveCapture implements Closeable {
  /**
   * DNS on 53, 5353 and 5355 over UDP and TCP, and every IP fragment (a fragmented DNS reply's later
   * fragments carry no ports).
   */
  public static final String DEFAULT_FILTER =
      "(udp or tcp) and (port 53 or port 5353 or port 5355) or (ip[6:2] & 0x3fff != 0) or (ip6 and ip6[6] == 44)";

  public static final int DEFAULT_SNAPLEN = 65_535;
  public static final int MAX_SNAPLEN = 262_144;
  public static final int DEFAULT_BUFFER_BYTES = 16 * 1024 * 1024;
  /** A --write-pcap file is closed and a new one started past this size. */
  public static final long MAX_PCAP_FILE_BYTES = 100L * 1024 * 1024;

  private static final int READ_TIMEOUT_MILLIS = 100;
  private static final long IDLE_SLEEP_MILLIS = 1;
  /**
   * At stop, how long the loop goes on reading what the kernel ring still holds (up to the buffer size
   * of packets the parser had not caught up with), so a stop does not throw them away.
   */
  static final long MAX_DRAIN_MILLIS = 10_000;

  /** What to capture. */
  public record Options(
      String interfaceName, String filter, int snaplen, int bufferBytes, boolean promiscuous, Path writePcapDir) {
    public Options {
      if (snaplen < 64 || snaplen > MAX_SNAPLEN) {
        throw new IllegalArgumentException("snaplen must be between 64 and " + MAX_SNAPLEN + ": " + snaplen);
      }
      if (bufferBytes < 65_536) {
        throw new IllegalArgumentException("buffer must be at least 64 KiB: " + bufferBytes);
      }
    }

    public static Options of(String interfaceName) {
      return new Options(interfaceName, DEFAULT_FILTER, DEFAULT_SNAPLEN, DEFAULT_BUFFER_BYTES, false, null);
    }
  }

  /** libpcap's counters (pcap_stats) and ours. */
  public record Stats(long received, long droppedByKernel, long droppedByInterface, long queueDrops, long captured) {
    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "packets received %d, captured %d, dropped by kernel %d, dropped by interface %d, dropped (queue full) %d",
          received,
          captured,
          droppedByKernel,
          droppedByInterface,
          queueDrops);
    }
  }

  /** An interface as libpcap lists it. */
  public record Interface(String name, String description, List<String> addresses, boolean loopback, boolean up) {}

  /** A capture that cannot start, with a sentence for the user. */
  public static final class LiveCaptureException extends IOException {
    private static final long serialVersionUID = 1L;

    public LiveCaptureException(String message) {
      super(message);
    }
  }

  private final PcapHandle handle;
  private final LiveFeed feed;
  private final int sourceId;
  private final int linkType;
  private final Path writeDir;
  private final Thread thread;
  private volatile boolean stopping;
  /** The handle is closed: pcap_stats can no longer be read. */
  private volatile boolean handleClosed;
  private boolean closed;
  private volatile long captured;
  private volatile Stats lastStats = new Stats(0, 0, 0, 0, 0);
  private PcapDumper dumper;
  private long dumperBytes;
  private int dumperIndex;

  private LiveCapture(PcapHandle handle, LiveFeed feed, int sourceId, Path writeDir) {
    this.handle = handle;
    this.feed = feed;
    this.sourceId = sourceId;
    this.linkType = handle.getDlt().value();
    this.writeDir = writeDir;
    this.thread = new Thread(this::loop, "dnslens-capture");
    this.thread.setDaemon(true);
  }

  /** Lists capture interfaces. */
  public static List<Interface> interfaces() throws LiveCaptureException {
    List<PcapNetworkInterface> devs;
    try {
      devs = Pcaps.findAllDevs();
    } catch (PcapNativeException e) {
      throw permissionOr(e, "cannot list interfaces");
    } catch (LinkageError e) {
      throw noLibpcap(e);
    }
    List<Interface> out = new ArrayList<>();
    for (PcapNetworkInterface d : devs) {
      List<String> addrs = new ArrayList<>();
      for (PcapAddress a : d.getAddresses()) {
        InetAddress ia = a.getAddress();
        if (ia != null) {
          addrs.add(ia.getHostAddress());
        }
      }
      out.add(new Interface(d.getName(), d.getDescription(), addrs, d.isLoopBack(), d.isUp()));
    }
    return out;
  }

  /**
   * Opens the interface, compiles the filter and starts the capture thread.
   *
   * @throws LiveCaptureException with a sentence for the user: no libpcap, no permission, unknown
   *     interface, bad filter (libpcap's message)
   */
  public static LiveCapture start(Options options, LiveFeed feed, int sourceId) throws IOException {
    PcapHandle handle;
    try {
      PcapNetworkInterface dev = Pcaps.getDevByName(options.interfaceName());
      if (dev == null) {
        List<String> names = new ArrayList<>();
        for (Interface i : interfaces()) {
          names.add(i.name());
        }
        throw new LiveCaptureException(
            "no interface named " + options.interfaceName() + "; available: " + String.join(", ", names));
      }
      handle = open(options, PcapHandle.TimestampPrecision.NANO);
    } catch (LinkageError e) {
      throw noLibpcap(e);
    } catch (PcapNativeException e) {
      throw permissionOr(e, "cannot capture on " + options.interfaceName());
    }
    boolean ok = false;
    try {
      try {
        handle.setFilter(options.filter(), BpfProgram.BpfCompileMode.OPTIMIZE);
      } catch (PcapNativeException e) {
        throw new LiveCaptureException("bad capture filter \"" + options.filter() + "\": " + e.getMessage());
      } catch (NotOpenException e) {
        throw new LiveCaptureException("capture handle closed unexpectedly");
      }
      if (options.writePcapDir() != null) {
        Files.createDirectories(options.writePcapDir());
      }
      try {
        // Non-blocking reads: with TPACKET_V3 a blocking read on a quiet interface may never return,
        // and the loop must see "stop".
        handle.setBlockingMode(PcapHandle.BlockingMode.NONBLOCKING);
      } catch (PcapNativeException | NotOpenException e) {
        throw new LiveCaptureException("cannot make the capture non-blocking: " + e.getMessage());
      }
      LiveCapture c = new LiveCapture(handle, feed, sourceId, options.writePcapDir());
      c.thread.start();
      ok = true;
      return c;
    } finally {
      if (!ok) {
        handle.close();
      }
    }
  }

  private static PcapHandle open(Options o, PcapHandle.TimestampPrecision precision) throws PcapNativeException {
    PcapHandle.Builder b =
        new PcapHandle.Builder(o.interfaceName())
            .snaplen(o.snaplen())
            .bufferSize(o.bufferBytes())
            .timeoutMillis(READ_TIMEOUT_MILLIS)
            .promiscuousMode(
                o.promiscuous()
                    ? PcapNetworkInterface.PromiscuousMode.PROMISCUOUS
                    : PcapNetworkInterface.PromiscuousMode.NONPROMISCUOUS)
            .timestampPrecision(precision)
            // Not immediate mode: on Linux it makes libpcap fall back from TPACKET_V3 to TPACKET_V2, whose
            // ring has one snaplen-sized slot per packet (a 64 MiB buffer held ~1000 packets, and a
            // replay at 10 000 packets/s lost 80 % in the kernel on a busy machine). TPACKET_V3 packs
            // packets into blocks, so the same buffer holds hundreds of thousands of DNS packets; a
            // block is handed over when full or after the read timeout, so packets arrive at most
            // READ_TIMEOUT_MILLIS late.
            .immediateMode(false);
    try {
      return b.build();
    } catch (PcapNativeException e) {
      if (precision == PcapHandle.TimestampPrecision.NANO
          && e.getMessage() != null
          && e.getMessage().toLowerCase(Locale.ROOT).contains("precision")) {
        return open(o, PcapHandle.TimestampPrecision.MICRO); // the platform has no nanosecond stamps
      }
      throw e;
    }
  }

  private static LiveCaptureException noLibpcap(LinkageError e) {
    return new LiveCaptureException(
        "libpcap could not be loaded (" + e.getClass().getSimpleName() + "); install it:"
            + " apt-get install libpcap0.8 (Debian/Ubuntu), dnf install libpcap (Fedora)");
  }

  private static LiveCaptureException permissionOr(PcapNativeException e, String what) {
    String m = e.getMessage() == null ? "" : e.getMessage();
    String lower = m.toLowerCase(Locale.ROOT);
    if (lower.contains("permission") || lower.contains("not permitted")) {
      return new LiveCaptureException(
          what + ": permission denied; run as root or give java CAP_NET_RAW and CAP_NET_ADMIN"
              + " (setcap cap_net_raw,cap_net_admin=eip $(readlink -f $(which java)))");
    }
    if (lower.contains("no such device") || lower.contains("doesn't exist")) {
      return new LiveCaptureException(what + ": no such interface (" + m + ")");
    }
    return new LiveCaptureException(what + ": " + m);
  }

  private void loop() {
    long frameNumber = 0;
    long drainDeadline = 0;
    long quietSince = 0;
    try {
      while (true) {
        if (stopping && drainDeadline == 0) {
          drainDeadline = System.nanoTime() + MAX_DRAIN_MILLIS * 1_000_000L;
        }
        if (stopping && System.nanoTime() - drainDeadline > 0) {
          break; // traffic goes on: what is left in the ring shows as received but not captured
        }
        byte[] raw = handle.getNextRawPacket(); // a fresh copy, or null on the read timeout
        if (raw == null) {
          if (stopping) {
            // The kernel hands over a TPACKET_V3 block when full or after the read timeout, so only
            // a quiet spell longer than that means the ring is empty.
            long now = System.nanoTime();
            if (quietSince == 0) {
              quietSince = now;
            } else if (now - quietSince > 2 * READ_TIMEOUT_MILLIS * 1_000_000L) {
              break;
            }
          }
          Thread.sleep(IDLE_SLEEP_MILLIS); // nothing queued in the kernel: idle briefly
          continue;
        }
        quietSince = 0;
        java.util.Date when = handle.getTimestamp();
        long ts = when.getTime() / 1000 * 1_000_000_000L + nanosOf(when);
        Integer original = handle.getOriginalLength();
        captured++;
        feed.offerFrame(
            new Frame(
                sourceId,
                ++frameNumber,
                ts,
                linkType,
                0,
                ByteBuffer.wrap(raw).asReadOnlyBuffer(),
                original == null ? raw.length : Math.max(raw.length, original)));
        if (writeDir != null) {
          write(raw, when);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (NotOpenException e) {
      // closed under us: the capture is over
    } catch (IOException | org.pcap4j.core.PcapNativeException e) {
      stopping = true;
    }
  }

  /** Nanoseconds within the second; java.sql.Timestamp carries them, a plain Date only milliseconds. */
  private static long nanosOf(java.util.Date when) {
    if (when instanceof java.sql.Timestamp t) {
      return t.getNanos();
    }
    return Math.floorMod(when.getTime(), 1000L) * 1_000_000L;
  }

  private void write(byte[] raw, java.util.Date when) throws IOException, PcapNativeException, NotOpenException {
    if (dumper == null || dumperBytes > MAX_PCAP_FILE_BYTES) {
      if (dumper != null) {
        dumper.close();
      }
      Path f = writeDir.resolve(String.format(Locale.ROOT, "dnslens-live-%05d.pcap", ++dumperIndex));
      dumper = handle.dumpOpen(f.toString());
      dumperBytes = 24;
    }
    dumper.dumpRaw(raw, (java.sql.Timestamp) when);
    dumperBytes += 16 + raw.length;
  }

  /** libpcap's counters now (pcap_stats) plus queue drops; the last known ones once closed. */
  public Stats stats() {
    if (!handleClosed) {
      try {
        PcapStat s = handle.getStats();
        lastStats =
            new Stats(
                s.getNumPacketsReceived(),
                s.getNumPacketsDropped(),
                s.getNumPacketsDroppedByIf(),
                feed.dropped(),
                captured);
      } catch (PcapNativeException | NotOpenException | RuntimeException e) {
        // keep the last figures
      }
    }
    return lastStats;
  }

  /**
   * Stops the capture: the thread first reads what the kernel ring holds (at most {@link
   * #MAX_DRAIN_MILLIS}), then the final statistics are taken and the handle closed. Idempotent.
   */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    stopping = true;
    try {
      thread.join(2 * MAX_DRAIN_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    stats(); // the final figures, after the drain
    handleClosed = true;
    if (dumper != null) {
      dumper.close();
    }
    handle.close();
  }
}
