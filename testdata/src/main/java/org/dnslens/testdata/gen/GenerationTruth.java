package org.dnslens.testdata.gen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Exact counts of what a generated capture contains; engine tests assert against them.
 *
 * <p>Definitions (a "message" is one DNS message on the wire, a "transaction" one logical question):
 *
 * @param packets link-layer frames written (IPv4 fragments and TCP handshake/ACK/FIN segments included)
 * @param dnsMessages DNS messages on the wire, queries + replies, retransmitted queries included; what
 *     {@code tshark -T fields -e dns.id} counts (after TCP and IPv4 reassembly)
 * @param transactions logical transactions: one query (one txid + question on one flow) with its reply
 *     or none. Retransmissions are not new transactions. Includes background client transactions, actor
 *     transactions and resolver → upstream legs (each leg is its own transaction)
 * @param answered transactions with a reply
 * @param unanswered transactions without a reply; answered + unanswered == transactions
 * @param nxdomain answered transactions with rcode NXDOMAIN (== byRcode.NXDOMAIN)
 * @param tcpTransactions transactions carried over TCP (port 53)
 * @param ipv6Transactions transactions carried over IPv6
 * @param fragmentedMessages DNS messages sent as several IPv4 fragments
 * @param queries query messages (QR=0) on the wire, retransmissions included
 * @param replies reply messages (QR=1); queries + replies == dnsMessages, replies == answered
 * @param retransmissions extra copies of a query (same txid, ports and question); queries == transactions
 *     + retransmissions
 * @param upstreamTransactions resolver → upstream legs (included in transactions)
 * @param tcpConnections TCP connections (port 53 and DoT port 853)
 * @param firstEpochNanos timestamp of the first packet (0 if none)
 * @param lastEpochNanos timestamp of the last packet (0 if none)
 * @param byQtype transactions per question type mnemonic (A, AAAA, TXT, TYPE65534 ...); sums to transactions
 * @param byRcode answered transactions per reply rcode mnemonic; sums to answered
 * @param actors one entry per enabled actor, in {@link Actors#NAMES} order
 */
public record GenerationTruth(
    long packets,
    long dnsMessages,
    long transactions,
    long answered,
    long unanswered,
    long nxdomain,
    long tcpTransactions,
    long ipv6Transactions,
    long fragmentedMessages,
    long queries,
    long replies,
    long retransmissions,
    long upstreamTransactions,
    long tcpConnections,
    long firstEpochNanos,
    long lastEpochNanos,
    Map<String, Long> byQtype,
    Map<String, Long> byRcode,
    List<ActorTruth> actors) {

  public GenerationTruth {
    byQtype = Map.copyOf(byQtype);
    byRcode = Map.copyOf(byRcode);
    actors = List.copyOf(actors);
  }

  /** Writes {@link #toJson()} as UTF-8. */
  public void writeJson(Path path) throws IOException {
    Files.writeString(path, toJson(), StandardCharsets.UTF_8);
  }

  /** Hand-written JSON (testdata has no JSON library on purpose); map keys sorted, stable output. */
  public String toJson() {
    StringBuilder json = new StringBuilder(1024);
    json.append("{\n");
    field(json, "packets", packets);
    field(json, "dnsMessages", dnsMessages);
    field(json, "transactions", transactions);
    field(json, "answered", answered);
    field(json, "unanswered", unanswered);
    field(json, "nxdomain", nxdomain);
    field(json, "tcpTransactions", tcpTransactions);
    field(json, "ipv6Transactions", ipv6Transactions);
    field(json, "fragmentedMessages", fragmentedMessages);
    field(json, "queries", queries);
    field(json, "replies", replies);
    field(json, "retransmissions", retransmissions);
    field(json, "upstreamTransactions", upstreamTransactions);
    field(json, "tcpConnections", tcpConnections);
    field(json, "firstEpochNanos", firstEpochNanos);
    field(json, "lastEpochNanos", lastEpochNanos);
    map(json, "byQtype", byQtype);
    map(json, "byRcode", byRcode);
    json.append("  \"actors\": [");
    for (int i = 0; i < actors.size(); i++) {
      ActorTruth a = actors.get(i);
      json.append(i == 0 ? "\n" : ",\n").append("    {");
      json.append("\"kind\": ").append(quote(a.kind()));
      json.append(", \"clientAddress\": ").append(quote(a.clientAddress()));
      json.append(", \"serverAddress\": ").append(quote(a.serverAddress()));
      json.append(", \"domain\": ").append(quote(a.domain()));
      json.append(", \"transactions\": ").append(a.transactions());
      json.append(", \"nxdomain\": ").append(a.nxdomain());
      json.append(", \"firstEpochNanos\": ").append(a.firstEpochNanos());
      json.append(", \"lastEpochNanos\": ").append(a.lastEpochNanos());
      json.append('}');
    }
    json.append(actors.isEmpty() ? "]\n" : "\n  ]\n");
    json.append("}\n");
    return json.toString();
  }

  private static void field(StringBuilder json, String name, long value) {
    json.append("  ").append(quote(name)).append(": ").append(value).append(",\n");
  }

  private static void map(StringBuilder json, String name, Map<String, Long> values) {
    json.append("  ").append(quote(name)).append(": {");
    String separator = "";
    for (String key : values.keySet().stream().sorted().toList()) {
      json.append(separator).append(quote(key)).append(": ").append(values.get(key));
      separator = ", ";
    }
    json.append("},\n");
  }

  static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
