package org.dnslens.engine.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.dnslens.engine.model.DnsClass;
import org.dnslens.engine.model.DnsHeader;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.engine.model.Question;
import org.dnslens.engine.model.ResourceRecord;
import org.dnslens.engine.model.Role;
import org.dnslens.engine.model.RrType;
import org.dnslens.engine.model.SafeText;
import org.dnslens.engine.model.Transaction;

/**
 * packetlog's {@code dnslog} one-line format, one line per DNS message (query and reply legs):
 *
 * <pre>
 * 16:56:49.465 172.1.214.14#33974 172.1.214.13#53 CQ FCE9 00 sukmoonlee.com IN SOA
 * 16:56:50.873 172.1.214.13#53 172.1.214.14#33974 CR FCE9 00 1/1/5/0 sukmoonlee.com IN SOA 3600 dns1...
 * </pre>
 *
 * Time of day in UTC with milliseconds (packetlog writes hourly files, whose name carries the date), source
 * and destination as {@code addr#port}, the leg (CQ/CR client, SQ/SR upstream, AQ/AR authoritative,
 * UQ/UR when the role is unknown), the id in 4 hex digits, the rcode in 2 hex digits, for replies the
 * section counts qd/an/ns/ar, the question (name, class, type) and for replies the first answer as
 * {@code ttl data}, further answers in parentheses as {@code name ttl class type data}. Names and data are
 * escaped ({@link SafeText#neutralise}), so a line is always one line.
 */
public final class PacketlogWriter implements TransactionWriter {
  /** Which legs this writer writes (split-by-role files each take one). */
  public enum Legs {
    BOTH,
    QUERY,
    REPLY
  }

  private static final DateTimeFormatter TIME_OF_DAY =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final Writer out;
  private final Legs legs;

  public PacketlogWriter(OutputStream out, Legs legs) {
    this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    this.legs = legs;
  }

  /** Leg code of a transaction's query ({@code CQ}...), {@code UQ} when the role is not known. */
  public static String queryCode(Role role) {
    String c = role.queryCode();
    return c != null ? c : "UQ";
  }

  /** Leg code of a transaction's reply ({@code CR}...), {@code UR} when the role is not known. */
  public static String replyCode(Role role) {
    String c = role.replyCode();
    return c != null ? c : "UR";
  }

  @Override
  public void write(Transaction tx) throws IOException {
    if (tx.query() != null && legs != Legs.REPLY) {
      out.write(line(tx.query(), queryCode(tx.role())));
    }
    if (tx.reply() != null && legs != Legs.QUERY) {
      out.write(line(tx.reply(), replyCode(tx.role())));
    }
  }

  static String line(DnsMessage m, String code) {
    StringBuilder sb = new StringBuilder(128);
    long nanos = m.meta().timestampNanos();
    sb.append(TIME_OF_DAY.format(Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L))));
    sb.append(' ');
    endpoint(sb, m.meta().sourceIp(), m.meta().sourcePort());
    sb.append(' ');
    endpoint(sb, m.meta().destinationIp(), m.meta().destinationPort());
    sb.append(' ').append(code).append(' ');
    DnsHeader h = m.header();
    sb.append(String.format(Locale.ROOT, "%04X %02X", h.id(), h.rcode() & 0xff));
    if (m.isResponse()) {
      sb.append(' ').append(h.questionCount()).append('/').append(h.answerCount()).append('/')
          .append(h.authorityCount()).append('/').append(h.additionalCount());
    }
    Question q = m.firstQuestion();
    if (q != null) {
      sb.append(' ').append(q.name().isRoot() ? "" : text(q.name().toString()));
      sb.append(' ').append(DnsClass.name(q.dnsClass())).append(' ').append(RrType.name(q.type()));
    }
    List<ResourceRecord> answers = m.answers();
    if (!answers.isEmpty()) {
      ResourceRecord a = answers.get(0);
      sb.append(' ').append(a.ttl()).append(' ').append(text(a.data()));
      if (answers.size() > 1) {
        sb.append(" (");
        for (int i = 1; i < answers.size(); i++) {
          ResourceRecord o = answers.get(i);
          if (i > 1) {
            sb.append(", ");
          }
          sb.append(text(o.name().toString())).append(' ').append(o.ttl()).append(' ')
              .append(DnsClass.name(o.dnsClass())).append(' ').append(RrType.name(o.type())).append(' ')
              .append(text(o.data()));
        }
        sb.append(')');
      }
    }
    return sb.append('\n').toString();
  }

  private static void endpoint(StringBuilder sb, IpAddress ip, int port) {
    sb.append(ip).append('#').append(port);
  }

  private static String text(String s) {
    return SafeText.neutralise(s);
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.flush();
  }
}
