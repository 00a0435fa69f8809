package org.dnslens.engine.export;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.IDN;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.model.DnsName;
import org.dnslens.engine.model.Question;
import org.dnslens.engine.model.Rcode;
import org.dnslens.engine.model.ResourceRecord;
import org.dnslens.engine.model.RrType;
import org.dnslens.engine.model.SafeText;
import org.dnslens.engine.model.Transaction;

/**
 * One readable line per transaction for a terminal:
 *
 * <pre>2023-11-14T22:13:20.123456Z udp 10.0.0.7:51234 -> 10.0.0.53:53 #4660 A www.example.com NOERROR 1.544ms answered CNAME x.example.net, A 192.0.2.1</pre>
 *
 * Names and record data are already presentation text (RFC 1035 {@code \DDD} for every byte that is not
 * printable ASCII); they also pass {@link SafeText#neutralise}, so nothing attacker-controlled can carry
 * terminal escape sequences; a question name that would display bidi controls gets {@code [!bidi]}, one
 * mixing scripts {@code [!homoglyph]}.
 */
public final class TransactionTextWriter implements TransactionWriter {
  /** Answers shown per line before "+N more". */
  public static final int MAX_ANSWERS_SHOWN = 6;

  private final Writer out;

  public TransactionTextWriter(OutputStream out) {
    this.out = new OutputStreamWriter(out, StandardCharsets.UTF_8);
  }

  @Override
  public void write(Transaction tx) throws IOException {
    StringBuilder sb = new StringBuilder(160);
    sb.append(EpochTime.iso(tx.queryTimestampNanos())).append(' ');
    sb.append(tx.transport().label()).append(' ');
    sb.append(endpoint(tx.clientIp().toString(), tx.clientPort())).append(" -> ");
    sb.append(endpoint(tx.serverIp().toString(), tx.serverPort())).append(' ');
    sb.append('#').append(tx.transactionId()).append(' ');
    Question q = tx.question();
    if (q != null) {
      sb.append(RrType.name(q.type())).append(' ').append(SafeText.neutralise(q.name().toString()));
      String unicode = q.name().toUnicodeString();
      if (unicode != null) {
        sb.append(" (").append(SafeText.neutralise(unicode)).append(')');
      }
      appendSpoofMarkers(sb, q.name());
      sb.append(' ');
    } else {
      sb.append("(no question) ");
    }
    DnsMessage r = tx.reply();
    if (r != null) {
      sb.append(Rcode.name(r.header().rcode())).append(' ');
    }
    if (tx.rttNanos() >= 0) {
      sb.append(EpochTime.millis(tx.rttNanos())).append("ms ");
    }
    sb.append(tx.status().label());
    if (tx.reason() != null) {
      sb.append('(').append(tx.reason().label()).append(')');
    }
    if (r != null && !r.answers().isEmpty()) {
      List<String> shown = new ArrayList<>();
      for (ResourceRecord a : r.answers()) {
        if (shown.size() == MAX_ANSWERS_SHOWN) {
          shown.add("+" + (r.answers().size() - MAX_ANSWERS_SHOWN) + " more");
          break;
        }
        shown.add(RrType.name(a.type()) + " " + SafeText.neutralise(a.data()));
      }
      sb.append(' ').append(String.join(", ", shown));
    }
    sb.append('\n');
    out.write(sb.toString());
  }

  /**
   * {@code [!bidi]} when the name would show a bidi or invisible formatting character in a tool that
   * decodes it (its A-labels, or label bytes that are valid UTF-8), {@code [!homoglyph]} when its letters
   * mix scripts. The name itself is always printed escaped; the markers say why it deserves a look.
   */
  static void appendSpoofMarkers(StringBuilder sb, DnsName name) {
    String idn = name.isInternationalized() ? IDN.toUnicode(name.toString(), IDN.ALLOW_UNASSIGNED) : null;
    String utf8 = utf8Labels(name);
    if ((idn != null && SafeText.hasBidiControl(idn)) || (utf8 != null && SafeText.hasBidiControl(utf8))) {
      sb.append(" [!bidi]");
    }
    if ((idn != null && SafeText.hasMixedScripts(idn)) || (utf8 != null && SafeText.hasMixedScripts(utf8))) {
      sb.append(" [!homoglyph]");
    }
  }

  /** The labels decoded as strict UTF-8 when some byte is non-ASCII; null otherwise or when not UTF-8. */
  private static String utf8Labels(DnsName name) {
    boolean nonAscii = false;
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < name.labelCount(); i++) {
      byte[] label = name.label(i);
      for (byte b : label) {
        nonAscii |= b < 0;
      }
      try {
        sb.append(i > 0 ? "." : "")
            .append(StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(label)));
      } catch (CharacterCodingException e) {
        return null;
      }
    }
    return nonAscii ? sb.toString() : null;
  }

  private static String endpoint(String ip, int port) {
    return ip.indexOf(':') >= 0 ? "[" + ip + "]:" + port : ip + ":" + port;
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
