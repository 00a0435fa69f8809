package org.dnslens.engine.export;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.function.IntFunction;
import org.dnslens.engine.model.DnsHeader;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.model.Opcode;
import org.dnslens.engine.model.PacketMeta;
import org.dnslens.engine.model.Question;
import org.dnslens.engine.model.Rcode;

/**
 * One JSON object per DNS message, before pairing ({@code dnslens read --messages}): header fields,
 * questions, transport, endpoints, frame reference and raw length.
 */
public final class MessageJsonWriter implements Closeable {
  private final JsonGenerator g;
  private final IntFunction<String> sourceNames;

  public MessageJsonWriter(OutputStream out, IntFunction<String> sourceNames) throws IOException {
    this.g = JsonOutput.newlineDelimited(out);
    this.sourceNames = sourceNames;
  }

  public void write(DnsMessage m) throws IOException {
    PacketMeta meta = m.meta();
    DnsHeader h = m.header();
    g.writeStartObject();
    g.writeFieldName("ts");
    g.writeNumber(EpochTime.seconds(meta.timestampNanos()));
    g.writeStringField("src_addr", meta.sourceIp().toString());
    g.writeNumberField("src_port", meta.sourcePort());
    g.writeStringField("dst_addr", meta.destinationIp().toString());
    g.writeNumberField("dst_port", meta.destinationPort());
    g.writeStringField("transport", meta.transport().label());
    g.writeStringField("port_class", meta.portClass().name().toLowerCase(Locale.ROOT));
    g.writeNumberField("id", h.id());
    g.writeBooleanField("qr", h.qr());
    g.writeStringField("opcode", Opcode.name(h.opcode()));
    g.writeStringField("flags", h.flagNames());
    g.writeNumberField("rcode", h.rcode());
    g.writeStringField("rcode_name", Rcode.name(h.rcode()));
    g.writeNumberField("qdcount", h.questionCount());
    g.writeNumberField("ancount", h.answerCount());
    g.writeNumberField("nscount", h.authorityCount());
    g.writeNumberField("arcount", h.additionalCount());
    g.writeArrayFieldStart("questions");
    for (Question q : m.questions()) {
      DnsJsonFields.writeQuestion(g, q);
    }
    g.writeEndArray();
    g.writeNumberField("length", m.wire().length);
    g.writeStringField("status", m.status().name().toLowerCase(Locale.ROOT));
    if (m.issue() != null) {
      g.writeStringField("issue", m.issue().label());
    }
    DnsJsonFields.writeEncapsulation(g, meta);
    DnstapJsonFields.writeMessage(g, m);
    g.writeObjectFieldStart("source");
    g.writeStringField("file", sourceNames.apply(meta.frame().sourceId()));
    g.writeNumberField("frame", meta.frame().frameNumber());
    if (meta.firstFrameNumber() != meta.frame().frameNumber()) {
      g.writeNumberField("first_frame", meta.firstFrameNumber());
    }
    g.writeEndObject();
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
