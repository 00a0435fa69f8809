package org.dnslens.testdata.gen;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Message;

/**
 * Counts DNS messages in generated frames independently of the generator's bookkeeping: parses every
 * UDP/53 datagram (reassembling IPv4 fragments) and every TCP/53 byte stream (length-prefixed messages)
 * with dnsjava. Throws if any message does not parse.
 */
final class WireCount {

  long queries;
  long replies;
  long fragmentedMessages;

  private final Map<String, ByteArrayOutputStream> fragments = new LinkedHashMap<>();
  private final Map<String, ByteArrayOutputStream> streams = new LinkedHashMap<>();

  static WireCount of(List<CaptureWalk.Frame> frames) throws IOException {
    WireCount count = new WireCount();
    for (CaptureWalk.Frame frame : frames) {
      count.add(frame.bytes());
    }
    count.finishStreams();
    return count;
  }

  private void add(byte[] f) throws IOException {
    FrameChecks.Verdict verdict = FrameChecks.verify(f);
    int l4 = verdict.ipv4() ? 34 : 54;
    if (verdict.fragment()) {
      int flagsOffset = FrameChecks.u16(f, 20);
      String key = FrameChecks.u16(f, 18) + "/" + Arrays.toString(Arrays.copyOfRange(f, 26, 34));
      ByteArrayOutputStream datagram = fragments.computeIfAbsent(key, k -> new ByteArrayOutputStream());
      if ((flagsOffset & 0x1fff) * 8 != datagram.size()) {
        throw new AssertionError("fragments out of order for " + key);
      }
      datagram.write(f, 34, f.length - 34);
      if ((flagsOffset & 0x2000) == 0) {
        fragments.remove(key);
        byte[] udp = datagram.toByteArray();
        fragmentedMessages++;
        dns(Arrays.copyOfRange(udp, 8, udp.length));
      }
      return;
    }
    if (verdict.udp() && (verdict.srcPort() == 53 || verdict.dstPort() == 53)) {
      dns(Arrays.copyOfRange(f, l4 + 8, f.length));
    } else if (verdict.tcp() && (verdict.srcPort() == 53 || verdict.dstPort() == 53)) {
      int dataOffset = ((f[l4 + 12] & 0xff) >>> 4) * 4;
      String key = Arrays.toString(Arrays.copyOfRange(f, verdict.ipv4() ? 26 : 22, l4 + 4));
      streams.computeIfAbsent(key, k -> new ByteArrayOutputStream())
          .write(f, l4 + dataOffset, f.length - l4 - dataOffset);
      if ((f[l4 + 13] & 0x01) != 0) {
        drainStream(streams.remove(key).toByteArray());
      }
    }
  }

  private void finishStreams() throws IOException {
    for (ByteArrayOutputStream stream : streams.values()) {
      drainStream(stream.toByteArray());
    }
    streams.clear();
    if (!fragments.isEmpty()) {
      throw new AssertionError("incomplete fragment sets: " + fragments.keySet());
    }
  }

  private void drainStream(byte[] stream) throws IOException {
    int at = 0;
    while (at < stream.length) {
      int length = FrameChecks.u16(stream, at);
      dns(Arrays.copyOfRange(stream, at + 2, at + 2 + length));
      at += 2 + length;
    }
  }

  private void dns(byte[] wire) throws IOException {
    Message message = new Message(wire);
    if (message.getHeader().getFlag(org.xbill.DNS.Flags.QR)) {
      replies++;
    } else {
      queries++;
    }
  }
}
