package org.dnslens.engine.ioc;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 records: fields separated by commas, quoted fields with doubled quotes and line breaks inside.
 * Bounded: a record keeps at most {@code maxChars} characters and {@link #MAX_FIELDS} fields; an
 * unterminated quote stops swallowing lines once the record is over the bound (it resumes at the next
 * line break), so one stray quote cannot eat the rest of the file unbounded.
 */
final class CsvRecordReader {
  static final int MAX_FIELDS = 512;
  private final CharSource in;
  private final int maxChars;
  private long line = 1;
  private long recordLine;
  private boolean oversize;

  CsvRecordReader(CharSource in, int maxChars) {
    this.in = in;
    this.maxChars = maxChars;
  }

  /** The next record's fields, or null at the end. */
  List<String> next() throws IOException {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int chars = 0;
    boolean inQuotes = false;
    boolean any = false;
    recordLine = line;
    oversize = false;
    while (true) {
      int c = in.read();
      if (c == CharSource.EOF) {
        if (!any) {
          return null;
        }
        addField(fields, field);
        return fields;
      }
      any = true;
      if (inQuotes) {
        if (c == '"') {
          if (in.peek() == '"') {
            in.read();
            chars = append(field, '"', chars);
          } else {
            inQuotes = false;
          }
          continue;
        }
        if (c == '\n' || (c == '\r' && in.peek() != '\n')) {
          line++;
          if (oversize) {
            addField(fields, field);
            return fields;
          }
        }
        chars = append(field, (char) c, chars);
        continue;
      }
      if (c == ',') {
        addField(fields, field);
        field.setLength(0);
      } else if (c == '\n') {
        line++;
        addField(fields, field);
        return fields;
      } else if (c == '\r') {
        if (in.peek() == '\n') {
          in.read();
        }
        line++;
        addField(fields, field);
        return fields;
      } else if (c == '"' && field.length() == 0) {
        inQuotes = true;
      } else {
        chars = append(field, (char) c, chars);
      }
    }
  }

  private int append(StringBuilder field, char c, int chars) {
    if (chars >= maxChars) {
      oversize = true;
      return chars;
    }
    field.append(c);
    return chars + 1;
  }

  private void addField(List<String> fields, StringBuilder field) {
    if (fields.size() < MAX_FIELDS) {
      fields.add(field.toString());
    } else {
      oversize = true;
    }
  }

  /** Line where the last record began. */
  long recordLine() {
    return recordLine;
  }

  /** Whether the last record went over a bound (its content is cut). */
  boolean oversize() {
    return oversize;
  }
}
