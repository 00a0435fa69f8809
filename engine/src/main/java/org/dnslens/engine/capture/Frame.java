package org.dnslens.engine.capture;

import java.nio.ByteBuffer;
import org.dnslens.engine.model.FrameRef;

/**
 * One captured frame.
 *
 * @param sourceId the source (file) id given to the reader
 * @param frameNumber 1-based position in its file, as Wireshark numbers frames
 * @param timestampNanos capture time, nanoseconds since the Unix epoch (after pcapng if_tsoffset)
 * @param linkType LINKTYPE_* value of the frame's interface (see {@code engine.decode.LinkType})
 * @param interfaceId pcapng interface id (0 for classic pcap)
 * @param data the captured bytes, position 0, limit = captured length; a read-only view that is valid
 *     only until the next call to {@link CaptureReader#next()} on the reader that returned it
 * @param originalLength length on the wire (may exceed the captured length)
 */
public record Frame(
    int sourceId,
    long frameNumber,
    long timestampNanos,
    int linkType,
    int interfaceId,
    ByteBuffer data,
    int originalLength) {

  public FrameRef ref() {
    return new FrameRef(sourceId, frameNumber);
  }

  public int capturedLength() {
    return data.limit();
  }
}
