package org.dnslens.engine.dnstap;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dnslens.engine.issue.IssueCounter;
import org.dnslens.engine.model.FrameRef;
import org.dnslens.engine.model.IssueReason;
import org.dnslens.engine.model.RawDnsMessage;

/**
 * Reads a Frame Streams stream of dnstap messages (a {@code .fstrm}/{@code .dnstap} file, or the data
 * part of a socket connection) and yields one {@link RawDnsMessage} per decodable data frame. Frame
 * numbers are 1-based data-frame positions. Control frames: START's content type must be {@link
 * FrameStreams#DNSTAP_CONTENT_TYPE} (or absent), else the data frames up to the next START are skipped
 * and counted once {@link IssueReason#DNSTAP_BAD_CONTENT_TYPE}; STOP ends the stream. Never throws on
 * hostile bytes; only I/O errors of the stream propagate.
 */
public final class DnstapReader implements Closeable {
  private static final int BUFFER_BYTES = 64 * 1024;
  /** Bytes read to recognise a Frame Streams file. */
  public static final int SNIFF_BYTES = 12;

  private final InputStream in;
  private final FrameStreamsReader frames;
  private final DnstapDecoder decoder;
  private final IssueCounter issues;
  private final int sourceId;
  private final long totalBytes;
  private boolean skipping;
  private long lastTimestampNanos;

  /** Reads {@code in} (closed by {@link #close()}); {@code totalBytes} is its size or -1. */
  public DnstapReader(InputStream in, int sourceId, IssueCounter issues, long totalBytes) {
    this.in = in;
    this.issues = issues;
    this.sourceId = sourceId;
    this.totalBytes = totalBytes;
    this.frames = new FrameStreamsReader(in, issues, sourceId);
    this.decoder = new DnstapDecoder(issues);
  }

  /** Opens a Frame Streams file. */
  public static DnstapReader open(Path file, int sourceId, IssueCounter issues) throws IOException {
    return new DnstapReader(
        new BufferedInputStream(Files.newInputStream(file), BUFFER_BYTES), sourceId, issues, Files.size(file));
  }

  /** Whether the file starts like a Frame Streams file (escape, control length, START or READY). */
  public static boolean isFrameStreams(Path file) throws IOException {
    byte[] head = new byte[SNIFF_BYTES];
    int n = 0;
    try (InputStream s = Files.newInputStream(file)) {
      while (n < head.length) {
        int r = s.read(head, n, head.length - n);
        if (r < 0) {
          break;
        }
        n += r;
      }
    }
    return FrameStreams.looksLikeFrameStreams(head, n);
  }

  /**
   * The next message, or null at the end of the stream.
   *
   * @throws IOException only when the stream cannot be read
   */
  public RawDnsMessage next() throws IOException {
    while (true) {
      FrameStreamsReader.Kind kind = frames.next();
      switch (kind) {
        case END:
          return null;
        case CONTROL:
          if (frames.controlType() == FrameStreams.CONTROL_START) {
            skipping = !frames.contentTypes().isEmpty()
                && !frames.contentTypes().contains(FrameStreams.DNSTAP_CONTENT_TYPE);
            if (skipping) {
              issues.count(
                  IssueReason.DNSTAP_BAD_CONTENT_TYPE,
                  new FrameRef(sourceId, frames.dataFrames() + 1),
                  lastTimestampNanos,
                  "content type " + frames.contentTypes());
            }
          } else if (frames.controlType() == FrameStreams.CONTROL_STOP) {
            return null;
          }
          continue;
        case DATA:
          if (skipping) {
            continue;
          }
          RawDnsMessage m =
              decoder.decode(frames.payload(), frames.payloadLength(), new FrameRef(sourceId, frames.dataFrames()));
          if (m != null) {
            lastTimestampNanos = m.meta().timestampNanos();
            return m;
          }
          continue;
        default:
          throw new IllegalStateException("unexpected frame kind " + kind);
      }
    }
  }

  /** The source id given at open. */
  public int sourceId() {
    return sourceId;
  }

  /** Data frames read so far. */
  public long frames() {
    return frames.dataFrames();
  }

  public long bytesRead() {
    return frames.bytesRead();
  }

  public long totalBytes() {
    return totalBytes;
  }

  /**
   * Decodes a file holding one raw dnstap protobuf message (no Frame Streams framing), as BIND's unit
   * test files are; at most {@link FrameStreams#MAX_FSTRM_FRAME_BYTES} bytes are read.
   *
   * @return the message, or null with a counted reason
   */
  public static RawDnsMessage decodeRawFile(Path file, int sourceId, IssueCounter issues) throws IOException {
    byte[] bytes;
    try (InputStream s = Files.newInputStream(file)) {
      bytes = s.readNBytes(FrameStreams.MAX_FSTRM_FRAME_BYTES + 1);
    }
    FrameRef ref = new FrameRef(sourceId, 1);
    if (bytes.length > FrameStreams.MAX_FSTRM_FRAME_BYTES) {
      issues.count(IssueReason.DNSTAP_BAD_FRAME, ref, 0, "raw message above the frame limit");
      return null;
    }
    return new DnstapDecoder(issues).decode(bytes, bytes.length, ref);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
