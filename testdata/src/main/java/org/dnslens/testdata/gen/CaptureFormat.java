package org.dnslens.testdata.gen;

/** Container written by {@link CaptureGenerator}. */
public enum CaptureFormat {
  /** Classic libpcap file, microsecond timestamps (or nanosecond with {@link GeneratorConfig#nanosecondPcap()}). */
  PCAP,
  /** pcapng: one section header, one Ethernet interface (nanosecond if_tsresol), enhanced packet blocks. */
  PCAPNG
}
