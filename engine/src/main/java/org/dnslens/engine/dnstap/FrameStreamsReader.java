package org.dnslens.engine.dnstap;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.dnslens.engine.issue.IssueCounter;
import org.dnslens.engine.model.FrameRef;
import org.dnslens.engine.model.IssueReason;

/**
 * Reads Frame Streams frames from a stream (file or socket). Hostile bytes never throw: a frame longer
 * than {@link FrameStreams#MAX_FSTRM_FRAME_BYTES}, a malformed control frame or a stream cut inside a
 * frame is counted {@link IssueReason#DNSTAP_BAD_FRAME} and ends the stream (Frame Streams has no
 * resynchronisation point). Only {@link IOException}s of the underlying stream propagate.
 */
final class FrameStreamsReader {
  enum Kind {
    DATA,
    CONTROL,
    END
  }

  private static final int MAX_CONTENT_TYPES = 8;

  private final InputStream in;
  private final IssueCounter issues;
  private final int sourceId;
  private final byte[] header = new byte[4];
  private byte[] payload = new byte[4096];
  private int payloadLength;
  private int controlType;
  private final List<String> contentTypes = new ArrayList<>();
  private long bytesRead;
  private long dataFrames;
  private boolean ended;

  FrameStreamsReader(InputStream in, IssueCounter issues, int sourceId) {
    this.in = in;
    this.issues = issues;
    this.sourceId = sourceId;
  }

  /** The next frame's kind; END at a clean end of stream or after a counted fault. */
  Kind next() throws IOException {
    if (ended) {
      return Kind.END;
    }
    int first = readFully(header, 0, 4);
    if (first == 0) {
      return end();
    }
    if (first < 4) {
      return bad("stream ends inside a frame length");
    }
    int length = FrameStreams.readInt(header, 0);
    if (length != 0) {
      if (length < 0 || length > FrameStreams.MAX_FSTRM_FRAME_BYTES) {
        return bad("data frame length " + Integer.toUnsignedString(length) + " above the limit");
      }
      ensureCapacity(length);
      if (readFully(payload, 0, length) < length) {
        return bad("stream ends inside a data frame");
      }
      payloadLength = length;
      dataFrames++;
      return Kind.DATA;
    }
    if (readFully(header, 0, 4) < 4) {
      return bad("stream ends inside a control frame length");
    }
    int controlLength = FrameStreams.readInt(header, 0);
    if (controlLength < 4 || controlLength > FrameStreams.MAX_CONTROL_FRAME_BYTES) {
      return bad("control frame length " + Integer.toUnsignedString(controlLength) + " invalid");
    }
    byte[] control = new byte[controlLength];
    if (readFully(control, 0, controlLength) < controlLength) {
      return bad("stream ends inside a control frame");
    }
    controlType = FrameStreams.readInt(control, 0);
    contentTypes.clear();
    int p = 4;
    while (p < controlLength) {
      if (controlLength - p < 8) {
        return bad("control field header cut short");
      }
      int fieldType = FrameStreams.readInt(control, p);
      int fieldLength = FrameStreams.readInt(control, p + 4);
      p += 8;
      if (fieldLength < 0 || fieldLength > controlLength - p) {
        return bad("control field runs past its frame");
      }
      if (fieldType == FrameStreams.FIELD_CONTENT_TYPE && contentTypes.size() < MAX_CONTENT_TYPES) {
        contentTypes.add(new String(control, p, fieldLength, StandardCharsets.ISO_8859_1));
      }
      p += fieldLength;
    }
    if (controlType < FrameStreams.CONTROL_ACCEPT || controlType > FrameStreams.CONTROL_FINISH) {
      return bad("control frame type " + Integer.toUnsignedString(controlType) + " unknown");
    }
    return Kind.CONTROL;
  }

  byte[] payload() {
    return payload;
  }

  int payloadLength() {
    return payloadLength;
  }

  int controlType() {
    return controlType;
  }

  List<String> contentTypes() {
    return List.copyOf(contentTypes);
  }

  long bytesRead() {
    return bytesRead;
  }

  /** Data frames read so far (the 1-based number of the last one). */
  long dataFrames() {
    return dataFrames;
  }

  private Kind end() {
    ended = true;
    return Kind.END;
  }

  private Kind bad(String detail) {
    issues.count(IssueReason.DNSTAP_BAD_FRAME, new FrameRef(sourceId, dataFrames + 1), 0, detail);
    return end();
  }

  private void ensureCapacity(int length) {
    if (payload.length < length) {
      // Grows only to a frame actually announced and within MAX_FSTRM_FRAME_BYTES.
      payload = new byte[Math.max(length, Math.min(FrameStreams.MAX_FSTRM_FRAME_BYTES, payload.length * 2))];
    }
  }

  /** Reads up to {@code n} bytes; returns how many arrived before the end of the stream. */
  private int readFully(byte[] b, int off, int n) throws IOException {
    int got = 0;
    while (got < n) {
      int r;
      try {
        r = in.read(b, off + got, n - got);
      } catch (EOFException e) {
        r = -1;
      }
      if (r < 0) {
        break;
      }
      got += r;
      bytesRead += r;
    }
    return got;
  }
}
