/**
 * dnstap: Frame Streams files and sockets (the bidirectional READY/ACCEPT/START/STOP/FINISH handshake),
 * and dnstap protobuf messages mapped to {@link org.dnslens.engine.model.RawDnsMessage}s that the normal
 * DNS decoder and pairer take. The only protobuf user (classes generated at build time from
 * {@code src/main/proto/dnstap.proto}).
 */
package org.dnslens.engine.dnstap;
