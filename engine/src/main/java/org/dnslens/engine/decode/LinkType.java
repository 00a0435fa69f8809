package org.dnslens.engine.decode;

/** LINKTYPE_* values (tcpdump.org/linktypes.html) that dnslens decodes, and a few it names. */
public final class LinkType {
  public static final int NULL = 0;
  public static final int ETHERNET = 1;
  public static final int PPP = 9;
  public static final int FDDI = 10;
  public static final int RAW = 101;
  public static final int IEEE802_11 = 105;
  public static final int LOOP = 108;
  public static final int LINUX_SLL = 113;
  public static final int IEEE802_11_RADIOTAP = 127;
  public static final int PPI = 192;
  public static final int IPV4 = 228;
  public static final int IPV6 = 229;
  public static final int NFLOG = 239;
  public static final int PKTAP = 258;
  public static final int LINUX_SLL2 = 276;
  /** DLT_RAW as some BSDs write it into pcap files (12 or 14 instead of 101). */
  public static final int DLT_RAW_BSD_12 = 12;

  public static final int DLT_RAW_BSD_14 = 14;

  private LinkType() {}
}
