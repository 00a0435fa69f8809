package org.dnslens.engine.capture;

import java.io.EOFException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.Pcaps;

/**
 * The pcap4j side of the "pure Java or libpcap" decision (docs/PERFORMANCE.md): reads a capture offline
 * through pcap4j/libpcap with {@code getNextRawPacket} (bytes only) or {@code getNextPacket} (pcap4j's
 * packet object tree), and prints packets/s and CPU time. A plain loop, not JMH, so it runs on a large
 * real file straight from the CLI jar:
 *
 * <pre>java -cp app-cli/target/dnslens-cli.jar engine/src/jmh/java/org/dnslens/engine/capture/Pcap4jOfflineLoop.java FILE raw|packet [MAX]</pre>
 */
public final class Pcap4jOfflineLoop {
  private Pcap4jOfflineLoop() {}

  public static void main(String[] args)
      throws PcapNativeException, NotOpenException, TimeoutException, EOFException {
    String file = args[0];
    boolean raw = args.length < 2 || args[1].equals("raw");
    long max = args.length > 2 ? Long.parseLong(args[2]) : Long.MAX_VALUE;
    for (int run = 0; run < 2; run++) { // the first run warms up the JIT
      java.lang.management.ThreadMXBean tb = java.lang.management.ManagementFactory.getThreadMXBean();
      long cpu0 = tb.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      long packets = 0;
      long bytes = 0;
      try (PcapHandle h = Pcaps.openOffline(file)) {
        while (packets < max) {
          if (raw) {
            byte[] b = h.getNextRawPacket();
            if (b == null) {
              break; // libpcap's end of file (getNextRawPacket returns null at EOF)
            }
            bytes += b.length;
          } else {
            try {
              org.pcap4j.packet.Packet p = h.getNextPacketEx();
              bytes += p.length();
            } catch (EOFException e) {
              break;
            }
          }
          packets++;
        }
      }
      double wall = (System.nanoTime() - t0) / 1e9;
      double cpu = (tb.getCurrentThreadCpuTime() - cpu0) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "pcap4j %s run %d: %d packets, %.1f MB in %.2f s wall, %.2f s thread CPU: %.0f packets/s wall, %.0f packets/cpu-s%n",
          raw ? "getNextRawPacket" : "getNextPacket",
          run,
          packets,
          bytes / 1e6,
          wall,
          cpu,
          packets / wall,
          packets / cpu);
    }
  }
}
