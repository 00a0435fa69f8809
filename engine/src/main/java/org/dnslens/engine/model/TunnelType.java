package org.dnslens.engine.model;

import java.util.Locale;

/** Encapsulations a DNS packet may have been found inside. */
public enum TunnelType {
  GRE,
  ERSPAN,
  VXLAN,
  GENEVE,
  IP_IN_IP,
  IPV6_IN_IPV4,
  IPV6_IN_IPV6,
  IPV4_IN_IPV6,
  TEREDO,
  GTP_U,
  PPPOE,
  MPLS;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
