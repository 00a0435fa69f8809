package org.dnslens.engine.model;

/** Which DNS flavour the ports say a message is. */
public enum PortClass {
  /** Port 53 (or a configured DNS port). */
  DNS,
  /** Multicast DNS, port 5353 (RFC 6762). */
  MDNS,
  /** Link-Local Multicast Name Resolution, port 5355 (RFC 4795). */
  LLMNR,
  /** Any other port: recognised only because header and question parsed cleanly. */
  NONSTANDARD
}
