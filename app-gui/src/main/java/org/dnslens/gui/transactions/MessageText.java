package org.dnslens.gui.transactions;

import java.util.List;
import org.dnslens.engine.model.DnsClass;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.model.DnsName;
import org.dnslens.engine.model.Edns;
import org.dnslens.engine.model.EdnsOption;
import org.dnslens.engine.model.Opcode;
import org.dnslens.engine.model.Question;
import org.dnslens.engine.model.Rcode;
import org.dnslens.engine.model.ResourceRecord;
import org.dnslens.engine.model.RrType;
import org.dnslens.engine.model.SafeText;

/**
 * A decoded message as dig-like text for the detail pane: header and flags, every section, EDNS. Every
 * string from the wire passes {@link SafeText}; internationalised names show their punycode with the
 * Unicode form beside it, escaped too.
 */
public final class MessageText {
  private MessageText() {}

  public static String render(String title, DnsMessage m) {
    StringBuilder sb = new StringBuilder(512);
    sb.append(";; ").append(title).append('\n');
    sb.append(";; id ").append(m.header().id())
        .append(", opcode ").append(Opcode.name(m.header().opcode()))
        .append(", rcode ").append(Rcode.name(m.header().rcode()))
        .append(", flags [").append(m.header().flagNames()).append(']')
        .append(", QD ").append(m.header().questionCount())
        .append(" AN ").append(m.header().answerCount())
        .append(" NS ").append(m.header().authorityCount())
        .append(" AR ").append(m.header().additionalCount()).append('\n');
    sb.append(";; parse ").append(m.status());
    if (m.issue() != null) {
      sb.append(" (").append(m.issue().label()).append(')');
    }
    sb.append(", ").append(m.wire() != null ? m.wire().length : 0).append(" bytes\n");
    Edns e = m.edns();
    if (e != null) {
      sb.append(";; EDNS version ").append(e.version()).append(", udp ").append(e.udpPayloadSize())
          .append(", flags ").append(e.dnssecOk() ? "do" : "-")
          .append(", ext-rcode ").append(e.extendedRcode()).append('\n');
      for (EdnsOption o : e.options()) {
        sb.append(";;   option ").append(o.code()).append(' ').append(SafeText.escape(String.valueOf(o.name())))
            .append(": ").append(SafeText.escape(String.valueOf(o.data()))).append('\n');
      }
    }
    sb.append("\n;; QUESTION\n");
    for (Question q : m.questions()) {
      sb.append(name(q.name())).append('\t').append(DnsClass.name(q.dnsClass())).append('\t')
          .append(RrType.name(q.type())).append('\n');
    }
    section(sb, "ANSWER", m.answers());
    section(sb, "AUTHORITY", m.authorities());
    section(sb, "ADDITIONAL", m.additionals());
    return sb.toString();
  }

  private static void section(StringBuilder sb, String title, List<ResourceRecord> rrs) {
    if (rrs.isEmpty()) {
      return;
    }
    sb.append("\n;; ").append(title).append('\n');
    for (ResourceRecord r : rrs) {
      sb.append(name(r.name())).append('\t').append(r.ttl()).append('\t').append(DnsClass.name(r.dnsClass()))
          .append('\t').append(RrType.name(r.type())).append('\t')
          .append(SafeText.neutralise(String.valueOf(r.data()))).append('\n');
    }
  }

  /** Presentation form, escaped; IDNs as punycode followed by their Unicode form. */
  public static String name(DnsName n) {
    if (n == null) {
      return "-";
    }
    String shown = SafeText.neutralise(n.toString());
    if (n.isInternationalized()) {
      shown += "  (" + SafeText.escape(n.toUnicodeString()) + ")";
    }
    return shown;
  }
}
