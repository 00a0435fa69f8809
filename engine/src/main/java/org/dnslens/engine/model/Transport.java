package org.dnslens.engine.model;

import java.util.Locale;

/** How a DNS message travelled. Captures give UDP or TCP; dnstap also reports encrypted transports. */
public enum Transport {
  UDP,
  TCP,
  DOT,
  DOH,
  DOQ,
  DNSCRYPT_UDP,
  DNSCRYPT_TCP;

  /** Computed once: output calls label() per line, and toLowerCase would allocate each time. */
  private final String label = name().toLowerCase(Locale.ROOT);


  /** Lower-case name used in logs and the database ({@code udp}, {@code tcp}, ...). */
  public String label() {
    return label;
  }
}
