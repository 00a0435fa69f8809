package org.dnslens.engine.ioc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The reader's fast paths (whole list in one String, hand-written scans instead of regexes and hooked
 * String methods) give what the routines they replaced gave. The old routines are kept here, verbatim,
 * as the reference.
 */
class IocListReaderProperties {
  /** Pieces that make the interesting lines: defanged forms, URLs, hosts lines, wildcards, IDN, CIDR, comments, junk. */
  private static final List<String> PIECES =
      List.of(
          "evil", "com", "[.]", "(.)", "{.}", "[dot]", "(dot)", "{dot}", "<dot>", "\\.", "[:]", "[://]", "[/]",
          "[@]", "[at]", "\\", "[", "(", "{", "<", ".", "..", "*.", "*", "hxxp://", "https://", "://", "/", "//",
          " #", " // ", "#", ";", "!", " ", "\t", "\u000b", "\f", "\u2003", "\u00a0", "0.0.0.0", "127.0.0.1", "::1",
          "1.2.3.4", "10.0.0.0/8", "/33", "[2001:db8::1]:53", "2001:db8::/32", ":80", ":", "@", "bücher.de",
          "例え.テスト", "。", "localhost", "||", "^", "$third-party", "|", "\"", ",", "_tcp", "-", "\uFEFF", "\u202e",
          "%eth0", "]:", "]", "\\[.]", "[[:]//]", "[[.].]");

  @Provide
  Arbitrary<String> lines() {
    return Arbitraries.of(PIECES).list().ofMinSize(1).ofMaxSize(7).map(l -> String.join("", l));
  }

  @Provide
  Arbitrary<String> texts() {
    Arbitrary<String> end = Arbitraries.of("\n", "\r\n", "\r", "\n", "");
    Arbitrary<String> line = net.jqwik.api.Combinators.combine(lines(), end).as(String::concat);
    return line.list().ofMaxSize(40).map(l -> String.join("", l));
  }

  @Property(tries = 2000)
  void splitOnSpaceIsTheRegexSplit(@ForAll("lines") String line) {
    assertThat(TextListParser.splitOnSpace(line)).containsExactly(Pattern.compile("\\s+").split(line));
  }

  @Property(tries = 2000)
  void trailingCommentIsTheCharacterLoop(@ForAll("lines") String line) {
    assertThat(TextListParser.trailingComment(line)).isEqualTo(oldTrailingComment(line));
  }

  @Property(tries = 2000)
  void refangIsTheReplaceChain(@ForAll("lines") String line) {
    assertThat(IocValueParser.refang(line)).isEqualTo(oldRefang(line));
  }

  @Property(tries = 2000)
  void findIsIndexOf(@ForAll("lines") String line, @ForAll("lines") String part) {
    String p = part.substring(0, Math.min(3, part.length()));
    assertThat(IocValueParser.find(line, p)).isEqualTo(line.indexOf(p));
  }

  @Property(tries = 1000)
  void detectionIsTheRegexSplitDetection(@ForAll("texts") String text) throws IOException {
    assertThat(IocListReader.detect(text)).isEqualTo(oldDetectLines(text));
  }

  @Property(tries = 1000)
  void linesOfAStringAreLinesOfAStream(@ForAll("texts") String text, @ForAll @IntRange(min = 1, max = 12) int max)
      throws IOException {
    assertThat(lines(new BoundedLineReader(text, max))).isEqualTo(lines(new BoundedLineReader(new StringReader(text), max)));
  }

  /** The short path decodes with new String, the long one with InputStreamReader: same replacements. */
  @Property(tries = 2000)
  void stringDecodingIsTheStreamDecoding(@ForAll("utf8ish") byte[] bytes) throws IOException {
    StringBuilder sb = new StringBuilder();
    try (Reader r = new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8)) {
      int c;
      while ((c = r.read()) >= 0) {
        sb.append((char) c);
      }
    }
    assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(sb.toString());
  }

  @Provide
  Arbitrary<byte[]> utf8ish() {
    Arbitrary<byte[]> piece =
        Arbitraries.oneOf(
            Arbitraries.bytes().array(byte[].class).ofMaxSize(4),
            Arbitraries.of("é", "例", "😀", "a", "\n").map(s -> s.getBytes(StandardCharsets.UTF_8)),
            Arbitraries.of(new byte[] {(byte) 0xf0, (byte) 0x9f}, new byte[] {(byte) 0xe4}, new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}));
    return piece.list().ofMaxSize(20).map(IocListReaderProperties::concat);
  }

  /**
   * A list shorter than the detection head is parsed from one String; a longer one streams. Padding a
   * list past the head with comment lines (or JSON whitespace) must not change what is read.
   */
  @Property(tries = 150)
  void aShortListReadsAsTheSameListStreamed(@ForAll("texts") String text, @ForAll("formats") IocFormat format)
      throws IOException {
    // a stray quote would carry a CSV record into the padding
    Assume.that(format != IocFormat.CSV || text.indexOf('"') < 0);
    String padding = format == IocFormat.STIX || format == IocFormat.MISP ? " " : "\n#";
    int copies = IocListReader.DETECT_BYTES / padding.length() + 1;
    String padded = (text.endsWith("\n") || text.endsWith("\r") || padding.equals(" ") ? text : text + "\n") + padding.repeat(copies);
    IocListReader reader = new IocListReader(IocListReader.Options.DEFAULT.withFormat(format));
    IocList shortList = reader.read("x", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    IocList longList = reader.read("x", new ByteArrayInputStream(padded.getBytes(StandardCharsets.UTF_8)));
    assertThat(longList.iocs()).isEqualTo(shortList.iocs());
    assertThat(longList.problems()).isEqualTo(shortList.problems());
  }

  @Provide
  Arbitrary<IocFormat> formats() {
    return Arbitraries.of(IocFormat.TEXT, IocFormat.CSV, IocFormat.STIX, IocFormat.MISP);
  }

  private static List<String> lines(BoundedLineReader r) throws IOException {
    List<String> out = new ArrayList<>();
    String l;
    while ((l = r.readLine()) != null) {
      out.add(r.lineNumber() + (r.truncated() ? "+" : " ") + l);
    }
    return out;
  }

  private static byte[] concat(List<byte[]> parts) {
    int n = parts.stream().mapToInt(b -> b.length).sum();
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] b : parts) {
      System.arraycopy(b, 0, out, at, b.length);
      at += b.length;
    }
    return out;
  }

  // ---- the replaced routines, as they were ----

  private static int oldTrailingComment(String line) {
    for (int i = 1; i < line.length(); i++) {
      char c = line.charAt(i);
      if (Character.isWhitespace(line.charAt(i - 1))
          && (c == '#' || (c == '/' && i + 1 < line.length() && line.charAt(i + 1) == '/'))) {
        return i;
      }
    }
    return -1;
  }

  private static final String[][] OLD_REFANG = {
    {"[.]", "."}, {"(.)", "."}, {"{.}", "."}, {"[dot]", "."}, {"(dot)", "."}, {"{dot}", "."},
    {"<dot>", "."}, {"\\.", "."}, {"[:]", ":"}, {"[://]", "://"}, {"[/]", "/"}, {"[@]", "@"},
    {"[at]", "@"}
  };

  private static String oldRefang(String s) {
    String t = s;
    for (String[] r : OLD_REFANG) {
      t = t.replace(r[0], r[1]);
    }
    return t;
  }

  /** The old detection, but given the head as text. */
  private static IocFormat oldDetectLines(String text) {
    int i = 0;
    while (i < text.length() && (Character.isWhitespace(text.charAt(i)) || text.charAt(i) == '\uFEFF')) {
      i++;
    }
    if (i < text.length() && (text.charAt(i) == '{' || text.charAt(i) == '[')) {
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
    for (String line : text.split("\r\n|\r|\n")) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#") || l.startsWith("//") || l.startsWith(";") || l.startsWith("!")) {
        continue;
      }
      if (sampled == IocListReader.DETECT_LINES) {
        break;
      }
      sampled++;
      int comment = Math.max(l.indexOf(" #"), l.indexOf(" //"));
      String entry = comment >= 0 && !l.startsWith("\"") ? l.substring(0, comment) : l;
      if (entry.indexOf(',') >= 0 || entry.startsWith("\"")) {
        commas++;
      }
    }
    return sampled > 0 && commas == sampled ? IocFormat.CSV : IocFormat.TEXT;
  }
}
