package org.dnslens.engine.export;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.model.DnstapInfo;

/**
 * The {@code dnstap} object of the transaction and message logs (docs/SCHEMAS.md): what the resolver's
 * dnstap frame said beyond the DNS message, field by field as dnstap names it. Written only for
 * messages that came from dnstap, so captured traffic pays one null check per line.
 */
final class DnstapJsonFields {
  private DnstapJsonFields() {}

  /** {@code "dnstap": {"query": {...}, "reply": {...}}} when either message came from dnstap. */
  static void writeTransaction(JsonGenerator g, DnsMessage query, DnsMessage reply) throws IOException {
    DnstapInfo q = query != null ? query.meta().dnstap() : null;
    DnstapInfo r = reply != null ? reply.meta().dnstap() : null;
    if (q == null && r == null) {
      return;
    }
    g.writeObjectFieldStart("dnstap");
    if (q != null) {
      g.writeFieldName("query");
      writeObject(g, q);
    }
    if (r != null) {
      g.writeFieldName("reply");
      writeObject(g, r);
    }
    g.writeEndObject();
  }

  /** {@code "dnstap": {...}} when the message came from dnstap. */
  static void writeMessage(JsonGenerator g, DnsMessage m) throws IOException {
    DnstapInfo d = m.meta().dnstap();
    if (d != null) {
      g.writeFieldName("dnstap");
      writeObject(g, d);
    }
  }

  private static void writeObject(JsonGenerator g, DnstapInfo d) throws IOException {
    g.writeStartObject();
    string(g, "type", d.messageType());
    string(g, "identity", d.identity());
    string(g, "version", d.version());
    string(g, "extra", d.extraHex());
    string(g, "socket_family", d.socketFamily());
    string(g, "socket_protocol", d.socketProtocol());
    if (d.queryTimeNanos() != null) {
      g.writeFieldName("query_time");
      g.writeNumber(nanoSeconds(d.queryTimeNanos()));
    }
    if (d.responseTimeNanos() != null) {
      g.writeFieldName("response_time");
      g.writeNumber(nanoSeconds(d.responseTimeNanos()));
    }
    g.writeEndObject();
  }

  /** Epoch seconds with nine decimals: dnstap gives nanoseconds, and they are kept as given. */
  static String nanoSeconds(long epochNanos) {
    long secs = Math.floorDiv(epochNanos, 1_000_000_000L);
    String frac = Long.toString(Math.floorMod(epochNanos, 1_000_000_000L));
    return secs + "." + "0".repeat(9 - frac.length()) + frac;
  }

  private static void string(JsonGenerator g, String field, String value) throws IOException {
    if (value != null) {
      g.writeStringField(field, value);
    }
  }
}
