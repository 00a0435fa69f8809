package org.dnslens.engine.export.delivery;

/** What keys a delivered record (Kafka partitions by it, so one client's or one name's records stay in order). */
public enum KeyMode {
  /** The client address (the default). */
  CLIENT,
  /** The question name, lower-cased. */
  QNAME,
  /** No key: records spread over partitions. */
  NONE
}
