package org.dnslens.engine.export;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import org.dnslens.engine.model.PassiveDnsEntry;
import org.dnslens.engine.model.RrType;

/**
 * Passive DNS Common Output Format (draft-dulaunoy-dnsop-passive-dns-cof), one JSON object per line:
 * mandatory {@code rrname}, {@code rrtype}, {@code rdata}, {@code time_first}, {@code time_last} (epoch
 * seconds, integers), optional {@code count}, {@code sensor_id} and {@code bailiwick}. Fed by
 * {@code engine.passive.PassiveDnsAggregator} entries (capture times, never the wall clock).
 */
public final class CofWriter implements Closeable {
  private final JsonGenerator g;
  private final String sensorId;

  /** @param sensorId written as {@code sensor_id} when not null */
  public CofWriter(OutputStream out, String sensorId) throws IOException {
    this.g = JsonOutput.newlineDelimited(out);
    this.sensorId = sensorId;
  }

  public void write(PassiveDnsEntry e) throws IOException {
    write(e, null);
  }

  /** @param bailiwick the zone the data came from, when known (written as {@code bailiwick}) */
  public void write(PassiveDnsEntry e, String bailiwick) throws IOException {
    g.writeStartObject();
    g.writeStringField("rrname", e.name());
    g.writeStringField("rrtype", RrType.name(e.type()));
    g.writeStringField("rdata", e.data());
    g.writeNumberField("time_first", Math.floorDiv(e.firstSeenNanos(), 1_000_000_000L));
    g.writeNumberField("time_last", Math.floorDiv(e.lastSeenNanos(), 1_000_000_000L));
    g.writeNumberField("count", e.count());
    if (sensorId != null) {
      g.writeStringField("sensor_id", sensorId);
    }
    if (bailiwick != null) {
      g.writeStringField("bailiwick", bailiwick);
    }
    g.writeEndObject();
    g.writeRaw('\n');
  }

  public void flush() throws IOException {
    g.flush();
  }

  @Override
  public void close() throws IOException {
    g.close();
  }
}
