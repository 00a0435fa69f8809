package org.dnslens.storage.bench;

import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Size and speed of DEFLATE-1 and zstd levels on a case's raw blobs, each blob compressed on its own as the
 * case stores it; speeds are MB of raw bytes per CPU-second of this thread (wall means little on the shared
 * machine). Not a unit test. The blobs are files, one per blob, in a folder per kind:
 *
 * <pre>
 * java -cp "$(cat storage/target/bench.cp):storage/target/classes:storage/target/test-classes" \
 *   org.dnslens.storage.bench.BlobCodecBench DUMP_DIR wire,summary,k5 0,1,2,3,4,5,6 2
 * </pre>
 *
 * Level 0 means DEFLATE at BEST_SPEED (the codec before schema V6). The last of the repetitions is printed.
 */
public final class BlobCodecBench {
  private BlobCodecBench() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    Path dir = Path.of(args[0]);
    int[] levels = Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray();
    int reps = Integer.parseInt(args[3]);
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    try (ZstdCompressCtx cc = new ZstdCompressCtx();
        ZstdDecompressCtx dc = new ZstdDecompressCtx()) {
      Deflater def = new Deflater(Deflater.BEST_SPEED, true);
      Inflater inf = new Inflater(true);
      byte[] buf = new byte[1 << 22];
      for (String kind : args[1].split(",")) {
        List<byte[]> blobs = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir.resolve(kind))) {
          for (Path p : (Iterable<Path>) files.sorted()::iterator) {
            blobs.add(Files.readAllBytes(p));
          }
        }
        long raw = blobs.stream().mapToLong(b -> b.length).sum();
        for (int level : levels) {
          for (int rep = 0; rep < reps; rep++) {
            long stored = 0;
            List<byte[]> packed = new ArrayList<>();
            long t0 = cpu.getCurrentThreadCpuTime();
            for (byte[] b : blobs) {
              int n;
              if (level == 0) {
                def.reset();
                def.setInput(b);
                def.finish();
                n = 0;
                while (!def.finished()) {
                  n += def.deflate(buf, n, buf.length - n);
                }
              } else {
                cc.setLevel(level);
                n = cc.compressByteArray(buf, 0, buf.length, b, 0, b.length);
              }
              stored += n;
              packed.add(Arrays.copyOf(buf, n));
            }
            long t1 = cpu.getCurrentThreadCpuTime();
            for (int i = 0; i < blobs.size(); i++) {
              byte[] c = packed.get(i);
              byte[] r = new byte[blobs.get(i).length];
              if (level == 0) {
                inflate(inf, c, r);
              } else {
                dc.decompressByteArray(r, 0, r.length, c, 0, c.length);
              }
            }
            long t2 = cpu.getCurrentThreadCpuTime();
            if (rep == reps - 1) {
              out.printf(Locale.ROOT, "%-8s %-8s raw %7.1f MB stored %6.2f MB  compress %4.0f MB/cpu-s"
                      + "  decompress %4.0f MB/cpu-s%n", kind, level == 0 ? "deflate1" : "zstd" + level, raw / 1e6,
                  stored / 1e6, raw / 1e3 / ((t1 - t0) / 1e6), raw / 1e3 / ((t2 - t1) / 1e6));
            }
          }
        }
      }
      def.end();
      inf.end();
    }
  }

  private static void inflate(Inflater inf, byte[] c, byte[] r) throws DataFormatException {
    inf.reset();
    inf.setInput(c);
    int n = 0;
    while (n < r.length) {
      n += inf.inflate(r, n, r.length - n);
    }
  }
}
