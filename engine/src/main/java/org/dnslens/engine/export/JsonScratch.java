package org.dnslens.engine.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.UTF8JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import java.io.IOException;
import org.dnslens.engine.model.DnsName;

/**
 * Per-writer buffers for the values written on every line, so that names, timestamps and RTTs go from
 * the model to Jackson's UTF-8 buffer without a String each: measured with {@code dnslens bench}, making
 * those Strings (and Jackson re-encoding them) was most of the NDJSON writing time. Not thread-safe: one
 * per writer.
 */
final class JsonScratch {
  private final byte[] name = new byte[DnsName.MAX_PRESENTATION_BYTES];
  /** Non-null when the generator is Jackson's plain UTF-8 JSON one: see {@link #raw()}. */
  private final AsciiJsonBuffer raw;

  /** Without the raw-JSON buffer (any generator). */
  JsonScratch() {
    this.raw = null;
  }

  /** With the raw-JSON buffer when {@code g} writes plain UTF-8 JSON (not msgpack, not a delegate). */
  JsonScratch(JsonGenerator g) {
    this.raw = g.getClass() == UTF8JsonGenerator.class ? new AsciiJsonBuffer() : null;
  }

  /**
   * A buffer for JSON rendered by hand and written as one raw value, or null when the generator is not
   * plain JSON (raw bytes would corrupt msgpack): callers then use the generator's calls.
   */
  AsciiJsonBuffer raw() {
    return raw;
  }
  /** Sign, 19 digits, point, decimals: any long fits. */
  private final char[] number = new char[32];

  /** {@code "field": "name"} (presentation format, escaped for JSON by Jackson) and its Unicode form. */
  void name(JsonGenerator g, SerializableString field, DnsName value) throws IOException {
    g.writeFieldName(field);
    int len = value.writePresentation(name, 0);
    g.writeUTF8String(name, 0, len);
    if (value.isInternationalized()) {
      String u = value.toUnicodeString();
      if (u != null) {
        g.writeStringField(field.getValue() + "_unicode", u);
      }
    }
  }

  /** Epoch seconds with six decimals, as {@link EpochTime#seconds} but without a String. */
  void epochSeconds(JsonGenerator g, long epochNanos) throws IOException {
    long micros = Math.floorDiv(epochNanos, 1000L);
    g.writeNumber(number, 0, fixed(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L), 6));
  }

  /** Milliseconds with three decimals, as {@link EpochTime#millis} but without a String. */
  void millis(JsonGenerator g, long nanos) throws IOException {
    long micros = Math.floorDiv(nanos, 1000L);
    g.writeNumber(number, 0, fixed(Math.floorDiv(micros, 1000L), Math.floorMod(micros, 1000L), 3));
  }

  /** {@code whole.frac} with {@code decimals} digits of {@code frac} (0 ≤ frac < 10^decimals). */
  private int fixed(long whole, long frac, int decimals) {
    int o = 0;
    if (whole < 0) {
      number[o++] = '-';
      whole = -whole; // |whole| ≤ 2^63 / 10^6 here, so never Long.MIN_VALUE
    }
    int start = o;
    do {
      number[o++] = (char) ('0' + whole % 10);
      whole /= 10;
    } while (whole != 0);
    for (int i = start, j = o - 1; i < j; i++, j--) {
      char t = number[i];
      number[i] = number[j];
      number[j] = t;
    }
    number[o++] = '.';
    for (int i = decimals - 1; i >= 0; i--) {
      number[o + i] = (char) ('0' + frac % 10);
      frac /= 10;
    }
    return o + decimals;
  }
}
