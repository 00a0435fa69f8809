package org.dnslens.engine.export;

import java.util.ArrayList;
import java.util.List;

/** A strict RFC 4180 reader for tests, written apart from the writer. */
final class Rfc4180 {
  private Rfc4180() {}

  static List<List<String>> parse(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c == '"' && cell.length() == 0) {
        i++;
        while (true) {
          if (i >= n) {
            throw new IllegalArgumentException("unterminated quote");
          }
          char d = text.charAt(i++);
          if (d == '"') {
            if (i < n && text.charAt(i) == '"') {
              cell.append('"');
              i++;
            } else {
              break;
            }
          } else {
            cell.append(d);
          }
        }
      } else if (c == ',') {
        row.add(cell.toString());
        cell.setLength(0);
        i++;
      } else if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
        row.add(cell.toString());
        cell.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
        i += 2;
      } else if (c == '"' || c == '\n' || c == '\r') {
        throw new IllegalArgumentException("bare " + (int) c + " at " + i);
      } else {
        cell.append(c);
        i++;
      }
    }
    if (!row.isEmpty() || cell.length() > 0) {
      throw new IllegalArgumentException("last row without CRLF");
    }
    return rows;
  }
}
