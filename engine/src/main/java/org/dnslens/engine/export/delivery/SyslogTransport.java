package org.dnslens.engine.export.delivery;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.dnslens.engine.export.EpochTime;

/**
 * Syslog RFC 5424 messages, over UDP (RFC 5426, one message per datagram) or TCP with octet-counting
 * framing (RFC 6587 section 3.4.1: {@code LEN SP MSG}):
 *
 * <pre>&lt;134&gt;1 2023-11-14T22:13:20.123456Z HOST dnslens - dns.tx - {"query_ts":...}</pre>
 *
 * TIMESTAMP is the record's capture time. With {@code structuredData}, the record's top-level scalar
 * fields also travel as an SD-ELEMENT {@code [dnslens@32473 qname="..." ...]} (32473 is the private
 * enterprise number RFC 5612 reserves for documentation; parameter values escaped per RFC 5424 6.3.3), and
 * MSG keeps the whole JSON. A UDP message longer than {@link #MAX_UDP_MESSAGE} bytes is not sent (it would
 * be fragmented or cut); it is reported undelivered, so it ends in the spill file. Over TCP, syslog has no
 * acknowledgement: records the kernel accepted just before the peer died can be lost unnoticed (RELP would
 * fix that; not implemented).
 */
public final class SyslogTransport implements Transport {
  /** Largest UDP payload sent (the IPv4 maximum; rsyslog's default accepts 8 KiB, raise its MaxMessageSize). */
  public static final int MAX_UDP_MESSAGE = 65_507;
  /** SD-ID of the structured data element. */
  public static final String SD_ID = "dnslens@32473";

  private final boolean tcp;
  private final String host;
  private final int port;
  private final int priority;
  private final String hostname;
  private final String appName;
  private final String msgId;
  private final boolean structuredData;
  private final int timeoutMillis;
  private final JsonFactory json = new JsonFactory();
  private Socket socket;
  private OutputStream out;
  private DatagramSocket udp;

  /**
   * @param priority facility * 8 + severity (134 = local0.info)
   */
  public SyslogTransport(
      boolean tcp, String host, int port, int priority, String hostname, String appName, String msgId,
      boolean structuredData, int timeoutMillis) {
    if (priority < 0 || priority > 191) {
      throw new IllegalArgumentException("syslog priority must be 0..191");
    }
    this.tcp = tcp;
    this.host = host;
    this.port = port;
    this.priority = priority;
    this.hostname = header(hostname, 255);
    this.appName = header(appName, 48);
    this.msgId = header(msgId, 32);
    this.structuredData = structuredData;
    this.timeoutMillis = timeoutMillis;
  }

  /** RFC 5424 header fields are PRINTUSASCII without spaces, or "-" when empty. */
  private static String header(String s, int max) {
    if (s == null || s.isEmpty()) {
      return "-";
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length() && sb.length() < max; i++) {
      char c = s.charAt(i);
      sb.append(c > 32 && c < 127 ? c : '_');
    }
    return sb.toString();
  }

  @Override
  public String describe() {
    return "syslog " + (tcp ? "tcp" : "udp") + "://" + host + ":" + port;
  }

  @Override
  public List<DeliveryEvent> send(List<DeliveryEvent> batch) throws IOException {
    List<DeliveryEvent> failed = new ArrayList<>();
    try {
      if (tcp) {
        if (socket == null) {
          Socket s = new Socket();
          try {
            s.connect(new InetSocketAddress(host, port), timeoutMillis);
            s.setSoTimeout(timeoutMillis);
          } catch (IOException e) {
            s.close();
            throw e;
          }
          socket = s;
          out = new java.io.BufferedOutputStream(s.getOutputStream(), 1 << 16);
        }
        for (DeliveryEvent e : batch) {
          byte[] msg = format(e);
          out.write(Integer.toString(msg.length).getBytes(StandardCharsets.US_ASCII));
          out.write(' ');
          out.write(msg);
        }
        out.flush();
      } else {
        if (udp == null) {
          udp = new DatagramSocket();
          udp.connect(new InetSocketAddress(host, port));
        }
        for (DeliveryEvent e : batch) {
          byte[] msg = format(e);
          if (msg.length > MAX_UDP_MESSAGE) {
            failed.add(e);
            continue;
          }
          udp.send(new DatagramPacket(msg, msg.length));
        }
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e instanceof IOException io ? io : new IOException(e);
    }
    return failed;
  }

  /** The RFC 5424 message for one record. */
  byte[] format(DeliveryEvent e) throws IOException {
    StringBuilder sb = new StringBuilder(e.json().length + 160);
    sb.append('<').append(priority).append(">1 ").append(EpochTime.iso(e.timeNanos())).append(' ')
        .append(hostname).append(' ').append(appName).append(" - ").append(msgId).append(' ');
    if (structuredData) {
      appendStructuredData(sb, e.json());
    } else {
      sb.append('-');
    }
    sb.append(' ');
    ByteArrayOutputStream b = new ByteArrayOutputStream(sb.length() + e.json().length);
    b.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    b.write(e.json());
    return b.toByteArray();
  }

  private void appendStructuredData(StringBuilder sb, byte[] record) throws IOException {
    sb.append('[').append(SD_ID);
    try (JsonParser p = json.createParser(record)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        sb.append(']');
        return;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        if (t.isScalarValue() && t != JsonToken.VALUE_NULL && validParamName(name)) {
          sb.append(' ').append(name).append("=\"");
          String v = p.getText();
          for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '"' || c == '\\' || c == ']') {
              sb.append('\\');
            }
            sb.append(c);
          }
          sb.append('"');
        } else {
          p.skipChildren();
        }
      }
    }
    sb.append(']');
  }

  /** SD-NAME: 1..32 PRINTUSASCII except '=', SP, ']', '"'. */
  private static boolean validParamName(String n) {
    if (n.isEmpty() || n.length() > 32) {
      return false;
    }
    for (int i = 0; i < n.length(); i++) {
      char c = n.charAt(i);
      if (c <= 32 || c >= 127 || c == '=' || c == ']' || c == '"') {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    try {
      if (socket != null) {
        socket.close();
      }
    } catch (IOException ignored) {
      // closing after a failure: the failure is what gets reported
    }
    socket = null;
    out = null;
    if (udp != null) {
      udp.close();
      udp = null;
    }
  }
}
