package org.dnslens.engine.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dnslens.engine.decode.DecoderConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exhaustion cases at the decoder's default limits, read by a child JVM with a 64 MiB heap ({@code
 * -Xmx64m}, exit on the first OutOfMemoryError): a million IPv4 fragments that never complete, 100 000
 * concurrent TCP connections, a 4 GiB pcapng block, counts of 65 535, pointer chains and a 64 KiB TXT
 * reply. A child process rather than a Surefire execution because the heap limit must hold for the
 * pipeline alone, and one child reads all captures so the JVM starts once. The pending-query table's
 * default (a million held transactions) is sized for a normal heap, so the flood here runs with a limit
 * of 20 000; {@link HostileCaptureTest} has the exact counts at small limits.
 */
class BoundedMemoryTest {
  static final String HEAP = "-Xmx64m";
  static final int MAX_PENDING = 20_000;

  @TempDir Path dir;

  @Test
  void exhaustionCasesAtDefaultLimitsFitIn64Mib() throws IOException, InterruptedException {
    Path frags = dir.resolve("fragments.pcap");
    HostileCaptures.fragmentFlood(frags, 1_000_000, 3);
    Path flows = dir.resolve("flows.pcap");
    HostileCaptures.tcpFlowFlood(flows, 100_000);
    Path queries = dir.resolve("queries.pcap");
    HostileCaptures.pendingQueryFlood(queries, 200_000);
    Path ng = dir.resolve("block.pcapng");
    Path pcap = dir.resolve("record.pcap");
    HostileCaptures.hugeBlockLengths(ng, pcap);
    Path counts = dir.resolve("counts.pcap");
    HostileCaptures.countsWithoutData(counts);
    Path pointers = dir.resolve("pointers.pcap");
    HostileCaptures.compressionPointers(pointers, 5000);
    Path txt = dir.resolve("txt.pcap");
    HostileCaptures.bigTxtOverTcp(txt, 65_000);

    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        HEAP, "-XX:+ExitOnOutOfMemoryError", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"),
        HostileRun.class.getName(), Integer.toString(MAX_PENDING)));
    for (Path p : List.of(frags, flows, queries, ng, pcap, counts, pointers, txt)) {
      cmd.add(p.toString());
    }
    Path log = dir.resolve("child.log");
    Process child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    int exit = child.waitFor();
    String out = Files.readString(log, UTF_8);
    assertThat(exit).as("child JVM output:%n%s", out).isZero();
    Map<String, String> lines = new HashMap<>();
    for (String line : out.split("\n")) {
      int sp = line.indexOf(' ');
      if (sp > 0) {
        lines.put(line.substring(0, sp), line.substring(sp + 1));
      }
    }
    int sets = DecoderConfig.DEFAULT_MAX_FRAGMENT_SETS;
    int tcp = DecoderConfig.DEFAULT_MAX_TCP_FLOWS;
    assertThat(lines.get("fragments.pcap")).startsWith("frames=1000003 messages=0 transactions=0 "
        + "fragment_table_full=" + (1_000_000 - sets) + " fragment_timeout=" + (sets + 3) + " ");
    assertThat(lines.get("flows.pcap")).startsWith("frames=100000 messages=0 transactions=0 "
        + "tcp_flow_table_full=" + (100_000 - tcp) + " tcp_incomplete_message=" + tcp + " ");
    assertThat(lines.get("queries.pcap")).startsWith("frames=200000 messages=200000 transactions=200000 "
        + "pairing_evicted=" + (200_000 - MAX_PENDING) + " status:unanswered=200000 ");
    assertThat(lines.get("block.pcapng")).startsWith("frames=0 messages=0 transactions=0 pcapng_bad_block_length=1 ");
    assertThat(lines.get("record.pcap")).startsWith("frames=0 messages=0 transactions=0 pcap_caplen_too_large=1 ");
    assertThat(lines.get("counts.pcap")).startsWith("frames=3 messages=3 transactions=3 dns_count_mismatch=3 ");
    assertThat(lines.get("pointers.pcap")).contains("dns_compression_loop=2", "dns_bad_compression_pointer=1");
    assertThat(lines.get("txt.pcap")).startsWith("frames=48 messages=2 transactions=1 status:answered=1 ");
    assertThat(out).contains("maxHeapMb=").doesNotContain("OutOfMemoryError");
  }
}
