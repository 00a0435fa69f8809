package org.dnslens.engine.ingest;

import java.util.Set;

/**
 * What one source held, for provenance.
 *
 * @param format {@code pcap}, {@code pcapng}, {@code pcap+gzip}, {@code dnstap}, {@code live}, ...
 * @param linkTypes LINKTYPE values of its interfaces
 * @param firstTimestampNanos capture time of its first frame, or 0 when empty
 * @param lastTimestampNanos capture time of its last frame, or 0 when empty
 */
public record SourceStats(
    int sourceId,
    String format,
    Set<Integer> linkTypes,
    long frames,
    long dnsMessages,
    long firstTimestampNanos,
    long lastTimestampNanos) {
  public SourceStats {
    linkTypes = Set.copyOf(linkTypes);
  }
}
