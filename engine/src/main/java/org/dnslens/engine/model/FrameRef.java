package org.dnslens.engine.model;

/**
 * Where a message came from: the source (capture file, dnstap stream...) by its id within a run or case,
 * and the 1-based frame number within that source, as Wireshark numbers frames.
 */
public record FrameRef(int sourceId, long frameNumber) {}
