package org.dnslens.engine.export;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.model.Question;
import org.dnslens.engine.model.Rcode;
import org.dnslens.engine.model.ResourceRecord;
import org.dnslens.engine.model.RrType;
import org.dnslens.engine.model.Transaction;

/**
 * gopassivedns's JSON log entry (Phillipmartin/gopassivedns {@code dnsLogEntry}), one per answer record,
 * or one entry whose {@code a} is the rcode name when the reply is an error: {@code query_id}, {@code
 * rcode}, {@code q}, {@code qtype}, {@code a}, {@code atype}, {@code ttl}, {@code dst} (server), {@code src}
 * (client), {@code tstamp} (RFC 3339, UTC, here the reply's capture time instead of gopassivedns's wall
 * clock), {@code elapsed} (nanoseconds), {@code sport} (client port, a string as there), {@code level},
 * {@code bytes} (reply length), {@code protocol}, {@code truncated}, {@code aa}, {@code rd}, {@code ra}.
 * Unanswered queries have no entry, as in gopassivedns.
 */
public final class GoPassiveDnsWriter implements TransactionWriter {
  private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'", java.util.Locale.ROOT).withZone(ZoneOffset.UTC);

  private final JsonGenerator g;

  public GoPassiveDnsWriter(OutputStream out) throws IOException {
    this.g = JsonOutput.newlineDelimited(out);
  }

  @Override
  public void write(Transaction tx) throws IOException {
    DnsMessage r = tx.reply();
    Question q = tx.question();
    if (r == null || q == null) {
      return;
    }
    int rcode = r.header().rcode();
    if (rcode != Rcode.NOERROR) {
      entry(tx, r, q, Rcode.name(rcode), "", 0);
      return;
    }
    for (ResourceRecord a : r.answers()) {
      entry(tx, r, q, a.data(), RrType.name(a.type()), a.ttl());
    }
  }

  private void entry(Transaction tx, DnsMessage r, Question q, String answer, String atype, long ttl)
      throws IOException {
    g.writeStartObject();
    g.writeNumberField("query_id", r.header().id());
    g.writeNumberField("rcode", r.header().rcode());
    g.writeStringField("q", q.name().toString());
    g.writeStringField("qtype", RrType.name(q.type()));
    g.writeStringField("a", answer);
    g.writeStringField("atype", atype);
    g.writeNumberField("ttl", ttl);
    g.writeStringField("dst", tx.serverIp().toString());
    g.writeStringField("src", tx.clientIp().toString());
    long nanos = r.meta().timestampNanos();
    g.writeStringField(
        "tstamp",
        RFC3339.format(Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L))));
    g.writeNumberField("elapsed", Math.max(0, tx.rttNanos()));
    g.writeStringField("sport", Integer.toString(tx.clientPort()));
    g.writeStringField("level", "");
    g.writeNumberField("bytes", r.wire().length);
    g.writeStringField("protocol", tx.transport().label());
    g.writeBooleanField("truncated", r.header().tc());
    g.writeBooleanField("aa", r.header().aa());
    g.writeBooleanField("rd", r.header().rd());
    g.writeBooleanField("ra", r.header().ra());
    g.writeEndObject();
    g.writeRaw('\n');
  }

  @Override
  public void flush() throws IOException {
    g.flush();
  }

  @Override
  public void close() throws IOException {
    g.close();
  }
}
