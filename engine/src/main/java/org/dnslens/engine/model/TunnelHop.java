package org.dnslens.engine.model;

/**
 * One encapsulation layer around a DNS packet: its type, the outer addresses, and its identifier where
 * it has one (GRE key, VXLAN/Geneve VNI, GTP TEID, ERSPAN session id), else -1.
 */
public record TunnelHop(TunnelType type, IpAddress outerSource, IpAddress outerDestination, long id) {}
