package org.dnslens.testdata.gen;

import java.io.IOException;
import java.util.PriorityQueue;

/**
 * Reorders frames into non-decreasing time. Sources hand over whole transactions whose frames lie at or
 * after the transaction start; since starts are scheduled in order, every frame earlier than the next
 * start can be written. The queue therefore holds only the frames of transactions still in flight (a
 * few seconds of traffic at most), whatever the capture size.
 */
final class PacketTimeline {

  /** Frames of one transaction may lie at most this far after its start (retransmission + TCP session). */
  static final long MAX_TRANSACTION_SPAN_NANOS = 10_000_000_000L;

  private record PendingFrame(long epochNanos, long sequence, byte[] frame) {}

  private final PriorityQueue<PendingFrame> pending =
      new PriorityQueue<>((a, b) -> a.epochNanos != b.epochNanos
          ? Long.compare(a.epochNanos, b.epochNanos)
          : Long.compare(a.sequence, b.sequence));
  private final CaptureFileWriter writer;
  private final TruthCounter truth;
  private long sequence;
  private long watermark = Long.MIN_VALUE;
  private int maxPending;

  PacketTimeline(CaptureFileWriter writer, TruthCounter truth) {
    this.writer = writer;
    this.truth = truth;
  }

  /** Queues a frame; it must not be earlier than the start announced by the last {@link #advanceTo}. */
  void add(long epochNanos, byte[] frame, ActorTally actor) {
    if (epochNanos < watermark) {
      throw new IllegalStateException("frame at " + epochNanos + " before watermark " + watermark);
    }
    pending.add(new PendingFrame(epochNanos, sequence++, frame));
    maxPending = Math.max(maxPending, pending.size());
    if (actor != null) {
      actor.seen(epochNanos);
    }
  }

  /** Writes every frame at or before {@code epochNanos}: nothing earlier can be added any more. */
  void advanceTo(long epochNanos) throws IOException {
    watermark = Math.max(watermark, epochNanos);
    while (!pending.isEmpty() && pending.peek().epochNanos <= epochNanos) {
      write(pending.poll());
    }
  }

  void drain() throws IOException {
    while (!pending.isEmpty()) {
      write(pending.poll());
    }
  }

  int maxPending() {
    return maxPending;
  }

  private void write(PendingFrame frame) throws IOException {
    writer.writeFrame(frame.epochNanos, frame.frame);
    truth.packet(frame.epochNanos);
  }
}
