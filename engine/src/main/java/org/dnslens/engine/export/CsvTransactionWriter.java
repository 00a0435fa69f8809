package org.dnslens.engine.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.IntFunction;
import org.dnslens.engine.model.DnsClass;
import org.dnslens.engine.model.DnsMessage;
import org.dnslens.engine.model.Question;
import org.dnslens.engine.model.Rcode;
import org.dnslens.engine.model.ResourceRecord;
import org.dnslens.engine.model.RrType;
import org.dnslens.engine.model.Transaction;

/**
 * One CSV row per transaction with a header row: RFC 4180 (comma, CRLF, fields with comma, quote, CR or LF
 * quoted, quotes doubled), UTF-8 without BOM. Names and rdata are attacker-chosen, so a cell that a
 * spreadsheet would read as a formula (first character {@code = + - @}, tab or CR) gets a leading
 * {@code '} (OWASP "CSV injection"); a reader that wants the raw value strips one leading quote from such
 * cells. Answers are one cell, {@code TYPE data} joined by {@code "; "}.
 */
public final class CsvTransactionWriter implements TransactionWriter {
  /** The header row, in column order. */
  public static final List<String> COLUMNS =
      List.of(
          "query_ts", "reply_ts", "rtt_ms", "status", "client_addr", "client_port", "server_addr",
          "server_port", "transport", "tx_id", "qname", "qtype", "qclass", "rcode", "rcode_name", "flags",
          "answers", "role", "file", "query_frame", "reply_frame");

  private final Writer out;
  private final IntFunction<String> sourceNames;
  private final StringBuilder row = new StringBuilder(256);
  private boolean headerWritten;
  private boolean rowStarted;

  public CsvTransactionWriter(OutputStream out, IntFunction<String> sourceNames) {
    this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    this.sourceNames = sourceNames;
  }

  @Override
  public void write(Transaction tx) throws IOException {
    if (!headerWritten) {
      row.setLength(0);
      for (String c : COLUMNS) {
        cell(c);
      }
      endRow();
      headerWritten = true;
    }
    DnsMessage q = tx.query();
    DnsMessage r = tx.reply();
    row.setLength(0);
    cell(q != null ? EpochTime.seconds(q.meta().timestampNanos()) : "");
    cell(r != null ? EpochTime.seconds(r.meta().timestampNanos()) : "");
    cell(tx.rttNanos() >= 0 ? EpochTime.millis(tx.rttNanos()) : "");
    cell(tx.status().label());
    cell(tx.clientIp().toString());
    cell(Integer.toString(tx.clientPort()));
    cell(tx.serverIp().toString());
    cell(Integer.toString(tx.serverPort()));
    cell(tx.transport().label());
    cell(Integer.toString(tx.transactionId()));
    Question question = tx.question();
    cell(question != null ? question.name().toString() : "");
    cell(question != null ? RrType.name(question.type()) : "");
    cell(question != null ? DnsClass.name(question.dnsClass()) : "");
    cell(r != null ? Integer.toString(r.header().rcode()) : "");
    cell(r != null ? Rcode.name(r.header().rcode()) : "");
    cell((r != null ? r : q).header().flagNames());
    StringBuilder answers = new StringBuilder();
    if (r != null) {
      for (ResourceRecord a : r.answers()) {
        if (answers.length() > 0) {
          answers.append("; ");
        }
        answers.append(RrType.name(a.type())).append(' ').append(a.data());
      }
    }
    cell(answers.toString());
    cell(tx.role().name().toLowerCase(java.util.Locale.ROOT));
    cell(sourceNames.apply(tx.first().meta().frame().sourceId()));
    cell(q != null ? Long.toString(q.meta().frame().frameNumber()) : "");
    cell(r != null ? Long.toString(r.meta().frame().frameNumber()) : "");
    endRow();
  }

  private void cell(String value) {
    if (rowStarted) {
      row.append(',');
    }
    rowStarted = true;
    appendCell(row, value);
  }

  private void endRow() throws IOException {
    row.append("\r\n");
    out.write(row.toString());
    row.setLength(0);
    rowStarted = false;
  }

  /** Appends one RFC 4180 field, formula-neutralised. */
  static void appendCell(StringBuilder sb, String value) {
    String v = neutralise(value);
    boolean quote = false;
    for (int i = 0; i < v.length() && !quote; i++) {
      char c = v.charAt(i);
      quote = c == ',' || c == '"' || c == '\r' || c == '\n';
    }
    if (!quote) {
      sb.append(v);
      return;
    }
    sb.append('"');
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '"') {
        sb.append('"');
      }
      sb.append(c);
    }
    sb.append('"');
  }

  /** Prefixes {@code '} to a value a spreadsheet would evaluate. */
  static String neutralise(String v) {
    if (v.isEmpty()) {
      return v;
    }
    char c = v.charAt(0);
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + v : v;
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
