package org.dnslens.engine.decode;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.dnslens.engine.capture.Frame;
import org.dnslens.engine.issue.IssueCounter;
import org.dnslens.engine.model.IssueReason;
import org.dnslens.engine.model.RawDnsMessage;

/** A decoder with its output collected; frames numbered from 1, one second apart unless told. */
final class DecoderHarness {
  final IssueCounter issues = new IssueCounter();
  final List<RawDnsMessage> messages = new ArrayList<>();
  final PacketDecoder decoder;
  long frameNumber;
  long nowNanos = 1_700_000_000_000_000_000L;
  long stepNanos = 1_000_000_000L;

  DecoderHarness() {
    this(DecoderConfig.defaults());
  }

  DecoderHarness(DecoderConfig config) {
    decoder = new PacketDecoder(config, issues, messages::add);
  }

  DecoderHarness feed(int linkType, byte[] data) {
    return feed(linkType, data, data.length);
  }

  DecoderHarness feed(int linkType, byte[] data, int originalLength) {
    frameNumber++;
    nowNanos += stepNanos;
    ByteBuffer view = ByteBuffer.wrap(data).asReadOnlyBuffer();
    decoder.decode(new Frame(1, frameNumber, nowNanos, linkType, 0, view, originalLength));
    return this;
  }

  DecoderHarness eth(byte[] data) {
    return feed(LinkType.ETHERNET, data);
  }

  DecoderHarness advanceSeconds(long s) {
    nowNanos += s * 1_000_000_000L;
    return this;
  }

  long count(IssueReason r) {
    return issues.get(r);
  }

  RawDnsMessage only() {
    if (messages.size() != 1) {
      throw new AssertionError("expected one message, got " + messages.size() + "; issues " + issues.snapshot());
    }
    return messages.get(0);
  }
}
