package org.dnslens.engine.ioc;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.dnslens.engine.ioc.IocValueParser.BadValueException;
import org.dnslens.engine.ioc.IocValueParser.Expect;
import org.dnslens.engine.ioc.IocValueParser.Parsed;
import org.dnslens.engine.model.Ioc;

/**
 * CSV lists: the indicator column is the one named by the caller, else the first column whose values
 * mostly read as domains, IPs or URLs. Records starting with {@code #} are comments (abuse.ch feeds put
 * their header in one). Columns named like tags or descriptions fill those fields.
 */
final class CsvListParser {
  /** Records looked at to choose the indicator column. */
  static final int SAMPLE_RECORDS = 50;

  private static final Set<String> TAG_COLUMNS =
      Set.of("tags", "tag", "labels", "label", "category", "threat", "threat_type", "malware");
  private static final Set<String> DESCRIPTION_COLUMNS =
      Set.of("description", "comment", "comments", "notes", "note", "name", "info");

  private CsvListParser() {}

  static void parse(CharSource reader, IocCollector out, int maxLineChars, String column) throws IOException {
    CsvRecordReader csv = new CsvRecordReader(reader, maxLineChars);
    List<String> header = nextRecord(csv, out);
    if (header == null) {
      return;
    }
    long headerLine = csv.recordLine();
    List<List<String>> sample = new ArrayList<>();
    List<Long> sampleLines = new ArrayList<>();
    boolean headerIsData = looksLikeData(header);
    if (headerIsData) {
      sample.add(header);
      sampleLines.add(headerLine);
    }
    int col = -1;
    if (column != null && !headerIsData) {
      col = indexOf(header, column);
      if (col < 0) {
        out.problem(headerLine, "no column named \"" + IocCollector.excerpt(column) + "\"; choosing one by content", "");
      }
    }
    List<String> rec;
    while (sample.size() < SAMPLE_RECORDS && (rec = nextRecord(csv, out)) != null) {
      sample.add(rec);
      sampleLines.add(csv.recordLine());
    }
    Outcome[] sampled = null;
    if (col < 0) {
      Choice choice = chooseColumn(sample);
      col = choice.column();
      sampled = choice.outcomes();
    }
    if (col < 0) {
      out.problem(headerLine, "no column holds domains or IP addresses", String.join(",", header));
      return;
    }
    int tagCol = headerIsData ? -1 : indexOfAny(header, TAG_COLUMNS);
    int descCol = headerIsData ? -1 : indexOfAny(header, DESCRIPTION_COLUMNS);
    for (int i = 0; i < sample.size() && !out.full(); i++) {
      record(sample.get(i), sampleLines.get(i), col, tagCol, descCol, out, sampled == null ? null : sampled[i]);
    }
    while (!out.full() && (rec = nextRecord(csv, out)) != null) {
      record(rec, csv.recordLine(), col, tagCol, descCol, out, null);
    }
  }

  /** The next record that is neither blank nor a comment nor oversize (those are reported). */
  private static List<String> nextRecord(CsvRecordReader csv, IocCollector out) throws IOException {
    List<String> r;
    while ((r = csv.next()) != null) {
      if (csv.oversize()) {
        out.problem(csv.recordLine(), "record over the size limit", r.isEmpty() ? "" : r.get(0));
        continue;
      }
      if (r.size() == 1 && r.get(0).isBlank()) {
        continue;
      }
      String first = r.get(0).strip();
      // charAt, not startsWith: hooked under the fuzzer, and every record comes here.
      boolean comment =
          !first.isEmpty()
              && (first.charAt(0) == '#'
                  || (csv.recordLine() == 1 && first.length() > 1 && first.charAt(0) == '\uFEFF' && first.charAt(1) == '#'));
      if (comment) {
        continue;
      }
      if (csv.recordLine() == 1 && !r.get(0).isEmpty() && r.get(0).charAt(0) == '\uFEFF') {
        r.set(0, r.get(0).substring(1));
      }
      return r;
    }
    return null;
  }

  /**
   * @param known what parsing this record's value gave while choosing the column, or null to parse it
   */
  private static void record(
      List<String> rec, long line, int col, int tagCol, int descCol, IocCollector out, Outcome known) {
    if (col >= rec.size()) {
      out.problem(line, "record has no column " + (col + 1), String.join(",", rec));
      return;
    }
    String value = rec.get(col);
    if (value.isBlank()) {
      out.ignore();
      return;
    }
    List<String> tags = new ArrayList<>();
    if (tagCol >= 0 && tagCol < rec.size()) {
      for (String t : splitTags(rec.get(tagCol))) {
        String tag = IocCollector.text(t);
        if (tag != null && tags.size() < IocCollector.MAX_TAGS) {
          tags.add(tag);
        }
      }
    }
    String desc = descCol >= 0 && descCol < rec.size() ? IocCollector.text(rec.get(descCol)) : null;
    Outcome o = known != null ? known : Outcome.of(value);
    if (o.parsed() != null) {
      out.add(new Ioc(o.parsed().value(), o.parsed().kind(), out.list, line, null, tags, desc, null, null));
    } else {
      out.problem(line, o.problem(), value);
    }
  }

  /** What parsing one value gave: the indicator, or why it is not one. */
  private record Outcome(Parsed parsed, String problem) {
    static Outcome of(String value) {
      try {
        return new Outcome(IocValueParser.parse(value, Expect.ANY), null);
      } catch (BadValueException e) {
        return new Outcome(null, e.getMessage());
      }
    }
  }

  /**
   * The indicator column, or -1, and what parsing its sampled values gave (null where a record has no
   * such cell or it is blank): the sample's values are then not parsed a second time.
   */
  private record Choice(int column, Outcome[] outcomes) {}

  /**
   * The pieces of a tag cell between {@code ,}, {@code ;} and {@code |}. Not {@code split("[,;|]")}: a
   * regex is hooked at every step under the fuzzer. Empty pieces are kept; the caller drops blank ones.
   */
  private static List<String> splitTags(String cell) {
    List<String> pieces = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < cell.length(); i++) {
      char c = cell.charAt(i);
      if (c == ',' || c == ';' || c == '|') {
        pieces.add(cell.substring(start, i));
        start = i + 1;
      }
    }
    pieces.add(cell.substring(start));
    return pieces;
  }

  private static boolean looksLikeData(List<String> rec) {
    for (String f : rec) {
      if (parses(f)) {
        return true;
      }
    }
    return false;
  }

  private static boolean parses(String f) {
    if (f.isBlank()) {
      return false;
    }
    try {
      IocValueParser.parse(f, Expect.ANY);
      return true;
    } catch (BadValueException e) {
      return false;
    }
  }

  /** The first column where more than half of the sampled non-blank values parse, or -1. */
  private static Choice chooseColumn(List<List<String>> sample) {
    int width = 0;
    for (List<String> r : sample) {
      width = Math.max(width, r.size());
    }
    for (int c = 0; c < width; c++) {
      int ok = 0;
      int seen = 0;
      Outcome[] outcomes = new Outcome[sample.size()];
      for (int i = 0; i < sample.size(); i++) {
        List<String> r = sample.get(i);
        if (c < r.size() && !r.get(c).isBlank()) {
          seen++;
          outcomes[i] = Outcome.of(r.get(c));
          if (outcomes[i].parsed() != null) {
            ok++;
          }
        }
      }
      if (ok > 0 && ok * 2 > seen) {
        return new Choice(c, outcomes);
      }
    }
    return new Choice(-1, null);
  }

  private static int indexOf(List<String> header, String name) {
    for (int i = 0; i < header.size(); i++) {
      if (header.get(i).strip().equalsIgnoreCase(name.strip())) {
        return i;
      }
    }
    return -1;
  }

  private static int indexOfAny(List<String> header, Set<String> names) {
    for (int i = 0; i < header.size(); i++) {
      if (names.contains(header.get(i).strip().toLowerCase(Locale.ROOT))) {
        return i;
      }
    }
    return -1;
  }
}
