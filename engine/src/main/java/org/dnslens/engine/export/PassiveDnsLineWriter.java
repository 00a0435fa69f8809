package org.dnslens.engine.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.dnslens.engine.model.DnsClass;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.model.Question;
import org.dnslens.engine.model.ResourceRecord;
import org.dnslens.engine.model.RrType;
import org.dnslens.engine.model.SafeText;
import org.dnslens.engine.model.Transaction;

/**
 * gamelinux passivedns's log line, one per answer record of a reply:
 *
 * <pre>#timestamp||dns-client||dns-server||RR class||Query||Query Type||Answer||TTL||Count
 * 1322849924.408856||10.1.1.1||8.8.8.8||IN||upload.youtube.com.||A||74.125.43.117||46587||1</pre>
 *
 * Names end with a dot as passivedns (ldns) prints them; so do name-valued answers (CNAME, NS, PTR, DNAME).
 * The type is the answer record's. Count is 1 (dnslens does not cache here; the aggregated view is COF).
 * A {@code |} inside a name or rdata is written as the DNS escape {@code \124}, so {@code ||} only ever
 * separates fields; control characters are escaped too.
 */
public final class PassiveDnsLineWriter implements TransactionWriter {
  private final Writer out;

  public PassiveDnsLineWriter(OutputStream out) {
    this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
  }

  @Override
  public void write(Transaction tx) throws IOException {
    DnsMessage r = tx.reply();
    if (r == null) {
      return;
    }
    Question q = tx.question();
    String qname = q != null ? dotted(q.name().toString()) : ".";
    StringBuilder sb = new StringBuilder(128);
    for (ResourceRecord a : r.answers()) {
      sb.setLength(0);
      sb.append(EpochTime.seconds(r.meta().timestampNanos())).append("||");
      sb.append(tx.clientIp()).append("||").append(tx.serverIp()).append("||");
      sb.append(DnsClass.name(a.dnsClass())).append("||");
      sb.append(field(qname)).append("||").append(RrType.name(a.type())).append("||");
      String data = a.data();
      if (a.type() == RrType.CNAME || a.type() == RrType.NS || a.type() == RrType.PTR || a.type() == RrType.DNAME) {
        data = dotted(data);
      }
      sb.append(field(data)).append("||").append(a.ttl()).append("||1\n");
      out.write(sb.toString());
    }
  }

  private static String dotted(String name) {
    return name.endsWith(".") ? name : name + ".";
  }

  static String field(String s) {
    return SafeText.neutralise(s).replace("|", "\\124");
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
