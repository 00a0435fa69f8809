package org.dnslens.engine.ioc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.SequenceInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dnslens.engine.ioc.JsonTree.BadJsonException;
import org.dnslens.engine.ioc.JsonTree.Node;

/**
 * Reads indicator lists: plain text (defanged forms, URLs, hosts files, wildcards, IPs, CIDRs), CSV,
 * STIX 2.1 bundles and MISP event exports, detected from the content unless forced.
 *
 * <p>A list is untrusted input. Reading is streaming and bounded (file size, line length, entry count,
 * JSON depth, string length and value count); content never makes this class throw: every bad entry
 * becomes an {@link IocProblem} with its line and is skipped, and a limit stops the reading with a
 * problem and {@link IocList#complete()} false. Only I/O failures of the stream itself are thrown.
 */
public final class IocListReader {
  /** Files larger than this are read up to this size. */
  public static final long MAX_FILE_BYTES = 512L * 1024 * 1024;
  /** JSON is held as a tree while read, so its bound is lower. */
  public static final long MAX_JSON_FILE_BYTES = 128L * 1024 * 1024;
  /** Lines (CSV records) longer than this are reported and skipped. */
  public static final int MAX_LINE_CHARS = 8 * 1024;
  /** Indicators kept per list; the rest of a longer list is ignored (and reported). */
  public static final int MAX_ENTRIES = 10_000_000;
  /** Problems kept per list; {@link IocList#problemCount()} counts them all. */
  public static final int MAX_PROBLEMS_LISTED = 1000;
  /** JSON nesting depth (STIX and MISP need fewer than 10). */
  public static final int MAX_JSON_DEPTH = 64;
  /** JSON string length (a STIX pattern or a MISP value is far shorter). */
  public static final int MAX_JSON_STRING_CHARS = 1024 * 1024;
  /** JSON values per document. */
  public static final int MAX_JSON_VALUES = 20_000_000;
  /** Bytes looked at to detect the format. */
  static final int DETECT_BYTES = 64 * 1024;
  /** Entry lines looked at to tell CSV from text. */
  static final int DETECT_LINES = 20;

  /**
   * How to read.
   *
   * @param format the format to read as, or null to detect it from the content
   * @param csvColumn the header of the CSV column holding the indicators, or null to choose by content
   * @param includeAll take MISP attributes whose {@code to_ids} is false too
   * @param limits the bounds
   */
  public record Options(IocFormat format, String csvColumn, boolean includeAll, Limits limits) {
    public static final Options DEFAULT = new Options(null, null, false, Limits.DEFAULT);

    public Options withFormat(IocFormat f) {
      return new Options(f, csvColumn, includeAll, limits);
    }

    public Options withCsvColumn(String c) {
      return new Options(format, c, includeAll, limits);
    }

    public Options withIncludeAll(boolean all) {
      return new Options(format, csvColumn, all, limits);
    }

    public Options withLimits(Limits l) {
      return new Options(format, csvColumn, includeAll, l);
    }
  }

  /** Configurable bounds; {@link #DEFAULT} uses the {@code MAX_} constants. */
  public record Limits(long maxFileBytes, long maxJsonFileBytes, int maxLineChars, int maxEntries) {
    public static final Limits DEFAULT =
        new Limits(MAX_FILE_BYTES, MAX_JSON_FILE_BYTES, MAX_LINE_CHARS, MAX_ENTRIES);
  }

  private final Options options;
  private final JsonFactory json;

  public IocListReader() {
    this(Options.DEFAULT);
  }

  public IocListReader(Options options) {
    this.options = options;
    this.json =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_JSON_DEPTH)
                    .maxStringLength(MAX_JSON_STRING_CHARS)
                    .maxNameLength(64 * 1024)
                    .maxNumberLength(64)
                    .build())
            .build();
  }

  /**
   * Reads a list file; its name (the file name) is the list name.
   *
   * @throws IOException if the file cannot be opened or read (content never causes this)
   */
  public IocList read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      Path name = file.getFileName();
      return read(name == null ? file.toString() : name.toString(), in);
    }
  }

  /**
   * Reads a list from {@code in} (not closed).
   *
   * @param name the list name recorded in each indicator and problem
   * @throws IOException if the stream fails (content never causes this)
   */
  public IocList read(String name, InputStream in) throws IOException {
    Limits limits = options.limits();
    IocCollector out = new IocCollector(name, limits.maxEntries());
    BoundedInputStream bounded = new BoundedInputStream(in, limits.maxFileBytes());
    // The head is read into an array only as long as the stream is (readNBytes grows it), not into a
    // 64 KiB mark buffer: most lists, and every fuzz input, are shorter than the head, and then the whole
    // list is decoded once into a String and parsed from it with no stream, decoder or char buffers (those
    // buffers, zeroed per list, were most of the allocation per fuzz input).
    byte[] head = bounded.readNBytes(DETECT_BYTES);
    boolean whole = head.length < DETECT_BYTES;
    String text = whole || options.format() == null ? new String(head, StandardCharsets.UTF_8) : null;
    IocFormat format = options.format() != null ? options.format() : detect(text);
    InputStream head0 = new ByteArrayInputStream(head);
    InputStream rest = whole ? head0 : new SequenceInputStream(head0, bounded);
    switch (format) {
      case STIX:
      case MISP:
        format = whole && head.length <= limits.maxJsonFileBytes()
            ? readJson(new StringReader(text), null, format, out)
            : readJson(rest, format, out);
        break;
      case CSV:
        CharSource csv = whole ? new CharSource(text) : new CharSource(reader(rest));
        CsvListParser.parse(csv, out, limits.maxLineChars(), options.csvColumn());
        break;
      default:
        BoundedLineReader lines = whole
            ? new BoundedLineReader(text, limits.maxLineChars())
            : new BoundedLineReader(reader(rest), limits.maxLineChars());
        TextListParser.parse(lines, out, limits.maxLineChars());
        break;
    }
    if (bounded.exceeded()) {
      out.problem(0, "file larger than " + limits.maxFileBytes() + " bytes; the rest is ignored", "");
      out.incomplete();
    }
    return out.build(format);
  }

  private static Reader reader(InputStream in) {
    // Malformed UTF-8 becomes U+FFFD (InputStreamReader's default, and new String's: the same
    // replacement, see IocListReaderProperties), which no valid entry contains.
    return new InputStreamReader(in, StandardCharsets.UTF_8);
  }

  /**
   * JSON (STIX or MISP by its content) when the text starts with an object or an array of objects; CSV
   * when every sampled entry line has a comma outside its trailing comment (or starts with a quote);
   * text otherwise.
   */
  static IocFormat detect(String text) throws IOException {
    int i = 0;
    while (i < text.length() && (Character.isWhitespace(text.charAt(i)) || text.charAt(i) == '\uFEFF')) {
      i++;
    }
    if (i < text.length() && (text.charAt(i) == '{' || text.charAt(i) == '[')) {
      // '[' might also start a bracketed IPv6 line; a JSON array holds an object, an array or a string.
      int j = i + 1;
      while (j < text.length() && Character.isWhitespace(text.charAt(j))) {
        j++;
      }
      if (text.charAt(i) == '{' || (j < text.length() && "{[]\"".indexOf(text.charAt(j)) >= 0)) {
        return text.contains("\"Event\"") || text.contains("\"Attribute\"") ? IocFormat.MISP : IocFormat.STIX;
      }
    }
    int sampled = 0;
    int commas = 0;
    // Lines as the text reader splits them, not a regex split of the whole head: under the fuzzer every
    // regex step is hooked, and that split was half of each execution.
    BoundedLineReader lines = new BoundedLineReader(text, Integer.MAX_VALUE);
    String line;
    while ((line = lines.readLine()) != null) {
      String l = line.strip();
      if (l.isEmpty() || TextListParser.isComment(l)) {
        continue;
      }
      if (sampled == DETECT_LINES) {
        break;
      }
      sampled++;
      boolean quoted = l.charAt(0) == '"';
      int comment = quoted ? -1 : Math.max(l.indexOf(" #"), l.indexOf(" //"));
      String entry = comment >= 0 ? l.substring(0, comment) : l;
      if (quoted || entry.indexOf(',') >= 0) {
        commas++;
      }
    }
    return sampled > 0 && commas == sampled ? IocFormat.CSV : IocFormat.TEXT;
  }

  /** Reads a STIX or MISP document from a stream, bounded; returns the format it turned out to be. */
  private IocFormat readJson(InputStream in, IocFormat format, IocCollector out) throws IOException {
    BoundedInputStream jsonBound = new BoundedInputStream(in, options.limits().maxJsonFileBytes());
    // A Reader, not the bytes: Jackson's own encoding detection would take hostile bytes for UTF-32 and
    // throw CharConversionException, an I/O error, for what is really bad content (found by fuzzing).
    return readJson(reader(jsonBound), jsonBound, format, out);
  }

  /**
   * Reads a STIX or MISP document; returns the format it turned out to be.
   *
   * @param jsonBound the bound under {@code in}, or null when the text is known to be within it
   */
  private IocFormat readJson(Reader in, BoundedInputStream jsonBound, IocFormat format, IocCollector out)
      throws IOException {
    Node root;
    try (JsonParser p = json.createParser(in)) {
      root = JsonTree.read(p, MAX_JSON_VALUES);
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      String why = jsonBound != null && jsonBound.exceeded()
          ? "file larger than " + options.limits().maxJsonFileBytes() + " bytes"
          : e.getOriginalMessage();
      out.problem(Math.max(0, line), "invalid JSON: " + IocCollector.excerpt(why), "");
      out.incomplete();
      return format;
    } catch (BadJsonException e) {
      out.problem(0, "invalid JSON: " + e.getMessage(), "");
      out.incomplete();
      return format;
    }
    IocFormat actual = format;
    if (options.format() == null) {
      actual = MispListParser.looksLikeMisp(root) ? IocFormat.MISP : IocFormat.STIX;
    }
    if (actual == IocFormat.STIX) {
      if (!StixListParser.looksLikeStix(root) && options.format() == null) {
        out.problem(0, "JSON that is neither a STIX bundle nor a MISP event", "");
        return actual;
      }
      StixListParser.parse(root, out);
    } else {
      MispListParser.parse(root, out, options.includeAll());
    }
    return actual;
  }
}
