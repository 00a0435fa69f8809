package org.dnslens.engine.model;

/**
 * What a dnstap frame says beyond the DNS message: the message type (AUTH_QUERY, CLIENT_RESPONSE, ...,
 * as in dnstap.proto), the resolver's identity and version strings, and the frame's extra bytes (hex).
 * Any field may be null when the frame did not carry it.
 */
public record DnstapInfo(String messageType, String identity, String version, String extraHex) {}
