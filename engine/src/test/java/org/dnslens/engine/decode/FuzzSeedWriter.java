package org.dnslens.engine.decode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.dnslens.engine.capture.CaptureReader;
import org.dnslens.engine.capture.CaptureReaders;
import org.dnslens.engine.capture.Frame;
import org.dnslens.engine.dns.DnsMessageDecoder;
import org.dnslens.engine.issue.IssueCounter;

/**
 * Builds the seed corpora of a fuzzing campaign from the public captures (not run by the suite; called by
 * build/fuzz/run-campaign.sh): each capture file up to {@value #MAX_SEED_BYTES} bytes as itself (pcap
 * and pcapng targets) and gzip compressed (gzip target); its first frames in {@link PacketDecoderFuzzTest}'s
 * input format; the DNS payloads it holds (DNS target); and those payloads cut into TCP segments in
 * {@link TcpDnsReassemblerFuzzTest}'s format. Seed files are named by their sha256, so reruns add nothing.
 */
public final class FuzzSeedWriter {
  static final int MAX_SEED_BYTES = 64 * 1024;
  private static final int MAX_FRAMES_PER_SEED = 64;
  private static final int MAX_DNS_SEEDS_PER_CAPTURE = 16;

  private FuzzSeedWriter() {}

  /** Arguments: the captures directory, then the output directory (one sub-directory per target). */
  public static void main(String[] args) throws IOException {
    Path in = Path.of(args[0]);
    Path out = Path.of(args[1]);
    List<Path> files;
    try (Stream<Path> s = Files.walk(in)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path f : files) {
      byte[] bytes = Files.readAllBytes(f);
      if (bytes.length > MAX_SEED_BYTES) {
        continue;
      }
      String name = f.getFileName().toString();
      if (isPcap(bytes)) {
        write(out.resolve("pcap"), bytes);
      } else if (bytes.length >= 4 && bytes[0] == 0x0a && bytes[1] == 0x0d) {
        write(out.resolve("pcapng"), bytes);
      } else if (!name.endsWith(".out")) {
        write(out.resolve("pcap"), bytes); // non-captures too: the detection must reject them cleanly
        continue;
      } else {
        continue;
      }
      write(out.resolve("gzip"), gzip(bytes));
      frameSeeds(f, out);
    }
  }

  /** Every classic pcap magic starts a1 b2 (big-endian) or ends b2 a1 (little-endian). */
  private static boolean isPcap(byte[] b) {
    return b.length >= 4
        && ((b[0] == (byte) 0xa1 && b[1] == (byte) 0xb2) || (b[2] == (byte) 0xb2 && b[3] == (byte) 0xa1));
  }

  private static void frameSeeds(Path capture, Path out) throws IOException {
    IssueCounter issues = new IssueCounter();
    List<byte[]> dns = new ArrayList<>();
    PacketDecoder decoder =
        new PacketDecoder(DecoderConfig.defaults(), issues, m -> {
          if (dns.size() < MAX_DNS_SEEDS_PER_CAPTURE) {
            dns.add(m.wire());
          }
        });
    ByteArrayOutputStream frames = new ByteArrayOutputStream();
    int linkType = -1;
    int n = 0;
    try (CaptureReader r = CaptureReaders.open(capture, 0, issues)) {
      for (Frame f = r.next(); f != null; f = r.next()) {
        decoder.decode(f);
        if (n < MAX_FRAMES_PER_SEED && (linkType < 0 || linkType == f.linkType())) {
          linkType = f.linkType();
          int len = Math.min(f.capturedLength(), 0xffff);
          frames.write(len >> 8);
          frames.write(len);
          byte[] b = new byte[len];
          f.data().get(0, b, 0, len);
          frames.write(b);
          n++;
        }
      }
    }
    decoder.finish();
    int index = -1;
    for (int i = 0; i < SampleFrames.LINK_TYPES.length; i++) {
      if (SampleFrames.LINK_TYPES[i] == linkType) {
        index = i;
      }
    }
    if (index >= 0 && n > 0) {
      ByteArrayOutputStream seed = new ByteArrayOutputStream();
      seed.write(index);
      frames.writeTo(seed);
      write(out.resolve("decode"), seed.toByteArray());
    }
    for (byte[] wire : dns) {
      if (wire.length <= DnsMessageDecoder.MAX_MESSAGE_BYTES) {
        write(out.resolve("dns"), wire);
        write(out.resolve("tcp"), tcpSeed(wire));
      }
    }
  }

  /** SYN, the message with its length prefix in two segments, then the same back as a reply and FIN. */
  static byte[] tcpSeed(byte[] wire) {
    ByteBuffer b = ByteBuffer.allocate(4 * 5 + 2 * (wire.length + 2));
    b.put(new byte[] {TcpDnsReassembler.SYN, 0, 0, 0});
    int cut = Math.min(wire.length, 7);
    b.put(new byte[] {0, 0, 0, (byte) (cut + 2)}).putShort((short) wire.length).put(wire, 0, cut);
    int rest = Math.min(wire.length - cut, 255);
    b.put(new byte[] {0, 0, 0, (byte) rest}).put(wire, cut, rest);
    int back = Math.min(wire.length + 2, 255);
    b.put(new byte[] {(byte) (0x08 | TcpDnsReassembler.SYN), 0, 0, (byte) back}).putShort((short) wire.length)
        .put(wire, 0, back - 2);
    b.put(new byte[] {(byte) (0x08 | TcpDnsReassembler.FIN), 0, 0, 0});
    return java.util.Arrays.copyOf(b.array(), b.position());
  }

  private static byte[] gzip(byte[] in) throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
      gz.write(in);
    }
    return bos.toByteArray();
  }

  private static void write(Path dir, byte[] bytes) throws IOException {
    Files.createDirectories(dir);
    try {
      String name = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
      Files.write(dir.resolve(name), bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
