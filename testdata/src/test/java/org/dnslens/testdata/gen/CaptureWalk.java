package org.dnslens.testdata.gen;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal, independent structural walk of pcap and pcapng files for the tests: it fails loudly on
 * any inconsistency instead of tolerating it.
 */
final class CaptureWalk {

  record Frame(long epochNanos, byte[] bytes) {}

  private CaptureWalk() {}

  static List<Frame> pcap(byte[] file) {
    ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    int magic = in.getInt();
    boolean nanos;
    if (magic == 0xa1b2c3d4) {
      nanos = false;
    } else if (magic == 0xa1b23c4d) {
      nanos = true;
    } else {
      throw new AssertionError("bad pcap magic " + Integer.toHexString(magic));
    }
    check(in.getShort() == 2 && in.getShort() == 4, "version 2.4");
    in.getInt();
    in.getInt();
    check(in.getInt() == 65_535, "snaplen");
    check(in.getInt() == 1, "linktype ethernet");
    List<Frame> frames = new ArrayList<>();
    while (in.hasRemaining()) {
      check(in.remaining() >= 16, "record header complete at " + in.position());
      long seconds = in.getInt() & 0xffffffffL;
      long fraction = in.getInt() & 0xffffffffL;
      check(fraction < (nanos ? 1_000_000_000L : 1_000_000L), "fraction in range");
      int captured = in.getInt();
      int original = in.getInt();
      check(captured == original, "caplen == len");
      check(captured >= 14 && captured <= 1514, "frame length " + captured);
      check(in.remaining() >= captured, "frame complete");
      byte[] bytes = new byte[captured];
      in.get(bytes);
      frames.add(new Frame(seconds * 1_000_000_000L + (nanos ? fraction : fraction * 1_000), bytes));
    }
    return frames;
  }

  static List<Frame> pcapng(byte[] file) {
    ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    List<Frame> frames = new ArrayList<>();
    boolean sawSection = false;
    boolean sawInterface = false;
    while (in.hasRemaining()) {
      int start = in.position();
      check(in.remaining() >= 12, "block header at " + start);
      int type = in.getInt();
      int length = in.getInt();
      check(length >= 12 && length % 4 == 0 && length <= in.remaining() + 8, "block length " + length);
      check(in.getInt(start + length - 4) == length, "trailing block length at " + start);
      switch (type) {
        case 0x0a0d0d0a -> {
          check(start == 0, "SHB first");
          check(in.getInt() == 0x1a2b3c4d, "byte-order magic");
          sawSection = true;
        }
        case 1 -> {
          check(sawSection, "IDB after SHB");
          check((in.getShort() & 0xffff) == 1, "IDB linktype ethernet");
          in.getShort();
          in.getInt();
          check(in.getShort() == 9 && in.getShort() == 1 && in.get() == 9, "if_tsresol = 9");
          sawInterface = true;
        }
        case 6 -> {
          check(sawInterface, "EPB after IDB");
          check(in.getInt() == 0, "interface 0");
          long high = in.getInt() & 0xffffffffL;
          long low = in.getInt() & 0xffffffffL;
          int captured = in.getInt();
          int original = in.getInt();
          check(captured == original, "caplen == len");
          check(32 + ((captured + 3) & ~3) == length, "EPB length matches padded data");
          byte[] bytes = new byte[captured];
          in.get(bytes);
          frames.add(new Frame((high << 32) | low, bytes));
        }
        default -> throw new AssertionError("unexpected block type " + type);
      }
      in.position(start + length);
    }
    return frames;
  }

  private static void check(boolean condition, String what) {
    if (!condition) {
      throw new AssertionError("capture structure: " + what);
    }
  }
}
