package org.dnslens.testdata.gen;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Writes pcap (µs or ns) or pcapng (SHB + IDB + EPB) records, little-endian, Ethernet link type. */
final class CaptureFileWriter {

  static final int LINKTYPE_ETHERNET = 1;
  static final int SNAPLEN_BYTES = 65_535;
  static final int PCAP_MAGIC_MICROS = 0xa1b2c3d4;
  static final int PCAP_MAGIC_NANOS = 0xa1b23c4d;
  static final int PCAPNG_SHB = 0x0a0d0d0a;
  static final int PCAPNG_IDB = 0x00000001;
  static final int PCAPNG_EPB = 0x00000006;
  static final int PCAPNG_BYTE_ORDER_MAGIC = 0x1a2b3c4d;

  private final OutputStream out;
  private final CaptureFormat format;
  private final boolean nanosecondPcap;
  private final ByteBuffer header = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
  private long bytesWritten;

  CaptureFileWriter(OutputStream out, CaptureFormat format, boolean nanosecondPcap) {
    this.out = out;
    this.format = format;
    this.nanosecondPcap = nanosecondPcap;
  }

  void writeFileHeader() throws IOException {
    header.clear();
    if (format == CaptureFormat.PCAP) {
      header.putInt(nanosecondPcap ? PCAP_MAGIC_NANOS : PCAP_MAGIC_MICROS);
      header.putShort((short) 2).putShort((short) 4);
      header.putInt(0).putInt(0);
      header.putInt(SNAPLEN_BYTES).putInt(LINKTYPE_ETHERNET);
    } else {
      header.putInt(PCAPNG_SHB).putInt(28).putInt(PCAPNG_BYTE_ORDER_MAGIC);
      header.putShort((short) 1).putShort((short) 0);
      header.putLong(-1L); // section length unknown: we stream
      header.putInt(28);
      // IDB with if_tsresol = 9 (10^-9 s), then opt_endofopt.
      header.putInt(PCAPNG_IDB).putInt(32);
      header.putShort((short) LINKTYPE_ETHERNET).putShort((short) 0).putInt(SNAPLEN_BYTES);
      header.putShort((short) 9).putShort((short) 1).put((byte) 9).put((byte) 0).putShort((short) 0);
      header.putInt(0);
      header.putInt(32);
    }
    flushHeader();
  }

  void writeFrame(long epochNanos, byte[] frame) throws IOException {
    header.clear();
    if (format == CaptureFormat.PCAP) {
      long seconds = epochNanos / 1_000_000_000L;
      long fraction = epochNanos % 1_000_000_000L;
      header.putInt((int) seconds).putInt((int) (nanosecondPcap ? fraction : fraction / 1_000));
      header.putInt(frame.length).putInt(frame.length);
      flushHeader();
      out.write(frame);
      bytesWritten += frame.length;
    } else {
      int padding = (4 - (frame.length & 3)) & 3;
      int blockLength = 32 + frame.length + padding;
      header.putInt(PCAPNG_EPB).putInt(blockLength).putInt(0);
      header.putInt((int) (epochNanos >>> 32)).putInt((int) epochNanos);
      header.putInt(frame.length).putInt(frame.length);
      flushHeader();
      out.write(frame);
      header.clear();
      for (int i = 0; i < padding; i++) {
        header.put((byte) 0);
      }
      header.putInt(blockLength);
      flushHeader();
      bytesWritten += frame.length;
    }
  }

  /** Bytes written so far (uncompressed). */
  long bytesWritten() {
    return bytesWritten;
  }

  private void flushHeader() throws IOException {
    out.write(header.array(), 0, header.position());
    bytesWritten += header.position();
  }
}
