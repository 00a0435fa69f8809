package org.dnslens.engine.model;

/**
 * One EDNS0 option.
 *
 * @param code option code (8 client subnet, 10 cookie, 3 NSID, 12 padding, 11 tcp keepalive, ...)
 * @param name mnemonic such as {@code ECS}, {@code COOKIE}, or {@code OPTnnn} for unknown codes
 * @param data presentation text: {@code 192.0.2.0/24/0} for ECS, {@code client=..., server=...} for
 *     cookies, the hex and printable text for NSID, the length for padding, the timeout for keepalive
 * @param hex the option's raw bytes in hex
 */
public record EdnsOption(int code, String name, String data, String hex) {}
