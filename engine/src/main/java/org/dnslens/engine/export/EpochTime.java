package org.dnslens.engine.export;

import java.time.Instant;

/** Formats capture timestamps for output. */
public final class EpochTime {
  private EpochTime() {}

  /** Epoch seconds with exactly six decimals (microseconds), as Zeek and dns-gazer log time. */
  public static String seconds(long epochNanos) {
    long micros = Math.floorDiv(epochNanos, 1000L);
    long secs = Math.floorDiv(micros, 1_000_000L);
    long frac = Math.floorMod(micros, 1_000_000L);
    StringBuilder sb = new StringBuilder(20).append(secs).append('.');
    String f = Long.toString(frac);
    for (int i = f.length(); i < 6; i++) {
      sb.append('0');
    }
    return sb.append(f).toString();
  }

  /** Milliseconds with three decimals (microsecond resolution), for RTTs. */
  public static String millis(long nanos) {
    long micros = Math.floorDiv(nanos, 1000L);
    long ms = Math.floorDiv(micros, 1000L);
    long frac = Math.floorMod(micros, 1000L);
    StringBuilder sb = new StringBuilder(12).append(ms).append('.');
    if (frac < 100) {
      sb.append('0');
    }
    if (frac < 10) {
      sb.append('0');
    }
    return sb.append(frac).toString();
  }

  /** ISO-8601 UTC with microseconds: {@code 2023-11-14T22:13:20.123456Z}. */
  public static String iso(long epochNanos) {
    long micros = Math.floorDiv(epochNanos, 1000L);
    Instant i = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    String s = i.toString();
    // Instant.toString drops trailing zero groups; pad to a fixed six decimals for aligned text output.
    int dot = s.indexOf('.');
    String base = dot < 0 ? s.substring(0, s.length() - 1) : s.substring(0, dot);
    String frac = dot < 0 ? "" : s.substring(dot + 1, s.length() - 1);
    StringBuilder sb = new StringBuilder(27).append(base).append('.').append(frac);
    for (int k = frac.length(); k < 6; k++) {
      sb.append('0');
    }
    sb.setLength(base.length() + 7);
    return sb.append('Z').toString();
  }
}
