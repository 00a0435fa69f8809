package org.dnslens.engine.capture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.dnslens.engine.issue.IssueCounter;

/** Builds pcap and pcapng bytes for hostile fixtures, and drains readers. */
final class CaptureBytes {
  private CaptureBytes() {}

  /** A frame copied out of a reader (its data view is only valid until the next call). */
  record Copied(int sourceId, long frameNumber, long ts, int linkType, int iface, byte[] data, int len) {}

  static List<Copied> drain(CaptureReader r) throws IOException {
    List<Copied> out = new ArrayList<>();
    for (Frame f = r.next(); f != null; f = r.next()) {
      byte[] d = new byte[f.data().remaining()];
      f.data().duplicate().get(d);
      out.add(
          new Copied(
              f.sourceId(), f.frameNumber(), f.timestampNanos(), f.linkType(), f.interfaceId(), d,
              f.originalLength()));
    }
    return out;
  }

  static byte[] gzip(byte[] in) {
    try {
      ByteArrayOutputStream bos = new ByteArrayOutputStream();
      try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
        gz.write(in);
      }
      return bos.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Copied> readPcap(byte[] bytes, IssueCounter issues) throws IOException {
    try (PcapReader r = PcapReader.of(bytes, 0, issues)) {
      return drain(r);
    }
  }

  static List<Copied> readPcapng(byte[] bytes, IssueCounter issues) throws IOException {
    try (PcapngReader r = PcapngReader.of(bytes, 0, issues)) {
      return drain(r);
    }
  }

  /** Classic pcap writer. */
  static final class Pcap {
    private final ByteBuffer b = ByteBuffer.allocate(1 << 22);

    Pcap(ByteOrder order, int magic, long snaplen, int linkType) {
      b.order(order);
      b.putInt(magic).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0);
      b.putInt((int) snaplen).putInt(linkType);
    }

    Pcap() {
      this(ByteOrder.LITTLE_ENDIAN, PcapReader.MAGIC_MICROS, 65535, 1);
    }

    Pcap record(long sec, long frac, long caplen, long len, byte[] data) {
      b.putInt((int) sec).putInt((int) frac).putInt((int) caplen).putInt((int) len).put(data);
      return this;
    }

    Pcap record(long sec, long frac, byte[] data) {
      return record(sec, frac, data.length, data.length, data);
    }

    Pcap raw(byte[] data) {
      b.put(data);
      return this;
    }

    byte[] bytes() {
      byte[] out = new byte[b.position()];
      b.duplicate().flip().get(out);
      return out;
    }
  }

  /** pcapng writer: blocks in one byte order per section. */
  static final class Pcapng {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private ByteOrder order = ByteOrder.LITTLE_ENDIAN;

    Pcapng section(ByteOrder o) {
      order = o;
      ByteBuffer body = buf(16);
      body.putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1L);
      return block(PcapngReader.SHB, body.array());
    }

    /** An IDB with raw option bytes (already padded), in the section's order. */
    Pcapng idb(int linkType, int snaplen, byte[] options) {
      ByteBuffer body = buf(8 + options.length);
      body.putShort((short) linkType).putShort((short) 0).putInt(snaplen).put(options);
      return block(PcapngReader.IDB, body.array());
    }

    Pcapng idb(int linkType) {
      return idb(linkType, 0, new byte[0]);
    }

    byte[] option(int code, byte[] value) {
      int padded = (value.length + 3) & ~3;
      ByteBuffer o = buf(4 + padded);
      o.putShort((short) code).putShort((short) value.length).put(value);
      return o.array();
    }

    byte[] option(int code, long value) {
      return option(code, buf(8).putLong(value).array());
    }

    Pcapng epb(int iface, long ts, byte[] data) {
      return epb(iface, ts, data.length, data.length, data);
    }

    Pcapng epb(int iface, long ts, int caplen, int len, byte[] data) {
      int padded = (data.length + 3) & ~3;
      ByteBuffer body = buf(20 + padded);
      body.putInt(iface).putInt((int) (ts >>> 32)).putInt((int) ts).putInt(caplen).putInt(len).put(data);
      return block(PcapngReader.EPB, body.array());
    }

    Pcapng opb(int iface, long ts, byte[] data) {
      int padded = (data.length + 3) & ~3;
      ByteBuffer body = buf(20 + padded);
      body.putShort((short) iface).putShort((short) 0).putInt((int) (ts >>> 32)).putInt((int) ts);
      body.putInt(data.length).putInt(data.length).put(data);
      return block(PcapngReader.OPB, body.array());
    }

    Pcapng spb(int len, byte[] data) {
      int padded = (data.length + 3) & ~3;
      ByteBuffer body = buf(4 + padded);
      body.putInt(len).put(data);
      return block(PcapngReader.SPB, body.array());
    }

    Pcapng block(int type, byte[] body) {
      int len = 12 + body.length;
      return rawBlock(type, len, body, len);
    }

    Pcapng rawBlock(int type, int leadingLen, byte[] body, int trailingLen) {
      ByteBuffer b = buf(12 + body.length);
      b.putInt(type).putInt(leadingLen).put(body).putInt(trailingLen);
      out.writeBytes(b.array());
      return this;
    }

    Pcapng raw(byte[] bytes) {
      out.writeBytes(bytes);
      return this;
    }

    private ByteBuffer buf(int n) {
      return ByteBuffer.allocate(n).order(order);
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }
}
