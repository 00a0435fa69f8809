package org.dnslens.engine.capture;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.dnslens.engine.issue.IssueCounter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Frames per second read from a synthetic capture of DNS-sized packets (the goal is at least 2 M/s on
 * one core for plain files). The score is frames per second: one operation is one frame.
 *
 * <pre>
 * ./mvnw -Pjmh -pl engine -am package -DskipTests
 * java -jar engine/target/benchmarks.jar PcapReadBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class PcapReadBenchmark {
  static final int FRAMES = 500_000;
  /** A typical DNS query over UDP on Ethernet, with a little variation in size. */
  static final int BASE_FRAME_BYTES = 90;

  @Param({"pcap", "pcapng", "pcap+gzip"})
  public String format;

  private Path file;

  @Setup(Level.Trial)
  public void write() throws IOException {
    file = Files.createTempFile("dnslens-bench", ".cap");
    boolean ng = format.startsWith("pcapng");
    boolean gz = format.endsWith("+gzip");
    try (OutputStream raw = Files.newOutputStream(file);
        OutputStream out = gz ? new GZIPOutputStream(raw, 1 << 16) : raw) {
      ByteBuffer b = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
      if (ng) {
        b.putInt(PcapngReader.SHB).putInt(28).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0)
            .putLong(-1L).putInt(28);
        b.putInt(PcapngReader.IDB).putInt(20).putShort((short) 1).putShort((short) 0).putInt(0).putInt(20);
      } else {
        b.putInt(PcapReader.MAGIC_MICROS).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
            .putInt(262_144).putInt(1);
      }
      byte[] payload = new byte[BASE_FRAME_BYTES + 64];
      for (int i = 0; i < payload.length; i++) {
        payload[i] = (byte) (i * 31);
      }
      for (int i = 0; i < FRAMES; i++) {
        int len = BASE_FRAME_BYTES + (i % 13) * 4;
        if (b.remaining() < len + 64) {
          out.write(b.array(), 0, b.position());
          b.clear();
        }
        long micros = 1_700_000_000_000_000L + i * 250L;
        if (ng) {
          int padded = (len + 3) & ~3;
          int blockLen = 32 + padded;
          b.putInt(PcapngReader.EPB).putInt(blockLen).putInt(0).putInt((int) (micros >>> 32))
              .putInt((int) micros).putInt(len).putInt(len).put(payload, 0, padded).putInt(blockLen);
        } else {
          b.putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000)).putInt(len).putInt(len)
              .put(payload, 0, len);
        }
      }
      out.write(b.array(), 0, b.position());
    }
  }

  @TearDown(Level.Trial)
  public void delete() throws IOException {
    Files.deleteIfExists(file);
  }

  @Benchmark
  @OperationsPerInvocation(FRAMES)
  public void readAllFrames(Blackhole bh) throws IOException {
    IssueCounter issues = new IssueCounter();
    try (CaptureReader r = CaptureReaders.open(file, 0, issues)) {
      for (Frame f = r.next(); f != null; f = r.next()) {
        bh.consume(f.timestampNanos());
        bh.consume(f.data().get(f.capturedLength() - 1));
      }
    }
    if (issues.total() != 0) {
      throw new IllegalStateException("synthetic capture raised issues: " + issues.snapshot());
    }
  }
}
