package org.dnslens.engine.dnstap;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Frame Streams constants and the control frames a receiver writes (farsightsec/fstrm). A data frame is
 * a 4-byte big-endian length then that many bytes; a zero length escapes a control frame: a 4-byte
 * length, a 4-byte type, then fields (4-byte type, 4-byte length, bytes), of which only CONTENT_TYPE
 * exists.
 */
public final class FrameStreams {
  /** The content type dnstap senders offer and write in START. */
  public static final String DNSTAP_CONTENT_TYPE = "protobuf:dnstap.Dnstap";

  /** Largest data frame accepted: two 64 KiB DNS messages and their metadata fit many times over. */
  public static final int MAX_FSTRM_FRAME_BYTES = 1 << 20;

  /** Largest control frame accepted (fstrm's own limit is 512 bytes). */
  public static final int MAX_CONTROL_FRAME_BYTES = 512;

  public static final int CONTROL_ACCEPT = 1;
  public static final int CONTROL_START = 2;
  public static final int CONTROL_STOP = 3;
  public static final int CONTROL_READY = 4;
  public static final int CONTROL_FINISH = 5;

  static final int FIELD_CONTENT_TYPE = 1;

  private FrameStreams() {}

  /** The bytes of a control frame, escape included, with an optional content type field. */
  public static byte[] controlFrame(int type, String contentType) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      byte[] ct = contentType == null ? null : contentType.getBytes(StandardCharsets.US_ASCII);
      out.writeInt(0);
      out.writeInt(4 + (ct == null ? 0 : 8 + ct.length));
      out.writeInt(type);
      if (ct != null) {
        out.writeInt(FIELD_CONTENT_TYPE);
        out.writeInt(ct.length);
        out.write(ct);
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory cannot fail", e);
    }
  }

  /** Writes one data frame (length prefix then payload). */
  public static void writeDataFrame(OutputStream out, byte[] payload) throws IOException {
    int n = payload.length;
    out.write(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
    out.write(payload);
  }

  /** Whether {@code head} (at least 12 bytes) starts a Frame Streams file: escape, length, START. */
  public static boolean looksLikeFrameStreams(byte[] head, int length) {
    if (length < 12) {
      return false;
    }
    int escape = readInt(head, 0);
    int controlLength = readInt(head, 4);
    int type = readInt(head, 8);
    return escape == 0
        && controlLength >= 4
        && controlLength <= MAX_CONTROL_FRAME_BYTES
        && (type == CONTROL_START || type == CONTROL_READY);
  }

  static int readInt(byte[] b, int off) {
    return (b[off] & 0xff) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8 | (b[off + 3] & 0xff);
  }
}
