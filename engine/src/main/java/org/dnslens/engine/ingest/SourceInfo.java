package org.dnslens.engine.ingest;

import java.nio.file.Path;

/**
 * A capture (or dnstap stream) taking part in a run.
 *
 * @param id the source id used in every FrameRef of this run
 * @param path the file, or null for a live interface or socket
 * @param label what to show for it: the file name, {@code live:eth0}, {@code dnstap:/run/unbound.sock}
 * @param sha256 lower-case hex digest of the file's bytes, or null when not a file
 * @param sizeBytes file size, or -1
 */
public record SourceInfo(int id, Path path, String label, String sha256, long sizeBytes) {}
