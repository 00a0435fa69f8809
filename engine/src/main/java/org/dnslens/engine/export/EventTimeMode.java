package org.dnslens.engine.export;

/** How the fluentd forward layout carries an event's time. */
public enum EventTimeMode {
  /** Forward protocol v1 EventTime: ext type 0, 8 bytes (uint32 seconds, uint32 nanoseconds), big-endian. */
  EVENT_TIME,
  /** Integer epoch seconds, for old fluentd (< 0.14) and parsers that predate EventTime. */
  INTEGER_SECONDS
}
