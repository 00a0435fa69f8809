package org.dnslens.cli.command;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dnslens.cli.DnslensCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Names and record data are chosen by whoever sent the packets. A capture whose labels and TXT strings
 * hold ESC [31m, ESC [2J, BEL, CR, NUL, a C1 CSI byte and the UTF-8 bytes of U+202E (right-to-left
 * override) must reach the terminal only in escaped form, in the text log, in the JSON logs (RFC 8259
 * escapes, and the names are RFC 1035 presentation text) and on stderr (file names, bad options).
 */
class OutputSafetyTest {
  private static final byte ESC = 0x1b;
  private static final byte[][] HOSTILE_LABELS = {
    {ESC, '[', '3', '1', 'm', 'r', 'e', 'd'},
    {'b', 'e', 'l', 'l', 0x07},
    {'c', 'r', '\r', 'x'},
    {(byte) 0xe2, (byte) 0x80, (byte) 0xae, 'g', 'n', 'p', '.', 'e', 'x', 'e'}, // U+202E, then a dot in a label
    {'n', 'u', 'l', 0, 'x'},
    {'e', 'x', 'a', 'm', 'p', 'l', 'e'},
  };
  private static final byte[] TXT = {ESC, '[', '2', 'J', 0x07, (byte) 0x9b, '3', '1', 'm', 0, '\r', 'o', 'k'};

  @TempDir Path dir;

  @Test
  void textLogShowsOnlyEscapedFormsAndFlagsTheBidiName() throws IOException {
    Path capture = capture();
    Result r = run("read", "--format", "text", capture.toString());
    assertThat(r.exit).isZero();
    TerminalSafety.assertNoRawControls(r.stdout, "text log");
    TerminalSafety.assertNoRawControls(r.stderr, "stderr");
    assertThat(r.stdout)
        .contains("\\027[31mred.bell\\007.cr\\013x.\\226\\128\\174gnp\\.exe.nul\\000x.example")
        .contains("[!bidi]")
        .contains("\\027[2J\\007\\1553") // TXT: ESC, BEL, C1 CSI (0x9b = 155) as \DDD
        .contains("xn--pple-43d.com (\u0430pple.com) [!homoglyph]");
    assertThat(r.stdout.lines().filter(l -> l.contains("[!bidi]"))).hasSize(1);
  }

  @Test
  void jsonLogsEscapePerRfc8259AndParseBackToThePresentationText() throws IOException {
    Path capture = capture();
    for (String[] args : List.of(
        new String[] {"read", capture.toString()},
        new String[] {"read", "--records", capture.toString()},
        new String[] {"read", "--messages", capture.toString()})) {
      Result r = run(args);
      assertThat(r.exit).isZero();
      TerminalSafety.assertNoRawControls(r.stdout, String.join(" ", args));
      List<String> strings = new ArrayList<>();
      try (JsonParser p = new JsonFactory().createParser(r.stdout)) {
        for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
          if (t == JsonToken.VALUE_STRING) {
            strings.add(p.getText());
          }
        }
      }
      // Decoded JSON strings are the RFC 1035 presentation form: still no raw control character.
      assertThat(strings).anySatisfy(s -> assertThat(s).startsWith("\\027[31mred.bell\\007"));
      for (String s : strings) {
        TerminalSafety.assertNoRawControls(s, "a JSON string value of " + String.join(" ", args));
      }
    }
  }

  @Test
  void hostileFileNamesAndOptionValuesReachStderrEscaped() throws IOException {
    Path notCapture = dir.resolve("evil\u001b[31m\u202e.pcap");
    Files.write(notCapture, "not a capture".getBytes(UTF_8));
    Result skipped = run("read", notCapture.toString());
    assertThat(skipped.exit).isZero();
    assertThat(skipped.stderr).contains("evil\\u001b[31m\\u202e.pcap");
    Result missing = run("read", dir.resolve("gone\u0007\u001b]0;title\u0007").toString());
    assertThat(missing.exit).isEqualTo(4);
    assertThat(missing.stderr).contains("gone\\u0007\\u001b]0;title\\u0007");
    Result badOption = run("read", "--\u001b[2Jwipe", notCapture.toString());
    assertThat(badOption.exit).isEqualTo(2);
    assertThat(badOption.stderr).contains("\\u001b[2Jwipe");
    for (Result r : List.of(skipped, missing, badOption)) {
      TerminalSafety.assertNoRawControls(r.stderr, "stderr");
      TerminalSafety.assertNoRawControls(r.stdout, "stdout");
    }
  }

  /**
   * Names a spreadsheet would run as formulas (OWASP CSV injection: a cell starting with = + - @) leave
   * {@code search --format csv} with a leading single quote, in the name column and in the reply data
   * that repeats them; no cell of the output starts with a formula character.
   */
  @Test
  void caseSearchCsvNeutralisesFormulaNames() throws IOException {
    String[] first = {"=1+2", "+cmd", "-2"};
    Path p = dir.resolve("formula.pcap");
    ByteBuffer b = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(101);
    for (int i = 0; i < first.length; i++) {
      byte[] qname = name(first[i], "example");
      frame(b, 1 + 2 * i, udpIpv4(0x0a000001, 0x0a000035, 41000 + i, 53, message(9 + i, 0x0100, qname, 16, null)));
      frame(b, 2 + 2 * i, udpIpv4(0x0a000035, 0x0a000001, 53, 41000 + i, message(9 + i, 0x8180, qname, 16,
          "=HYPERLINK(1)".getBytes(UTF_8))));
    }
    Files.write(p, java.util.Arrays.copyOf(b.array(), b.position()));
    String c = dir.resolve("formula-case").toString();
    assertThat(run("ingest", "--case", c, "--no-progress", p.toString()).exit).isZero();
    Result r = run("search", "--case", c, "--format", "csv");
    assertThat(r.exit).as(r.stderr).isZero();
    assertThat(r.stdout).contains("'=1+2.example", "'+cmd.example", "'-2.example");
    List<String> cells = new ArrayList<>();
    for (String line : r.stdout.split("\n")) {
      for (String cell : line.split(",", -1)) {
        cells.add(cell.startsWith("\"") ? cell.substring(1) : cell);
      }
    }
    assertThat(cells).hasSizeGreaterThan(3).noneMatch(cell -> !cell.isEmpty() && "=+-@".indexOf(cell.charAt(0)) >= 0);
  }

  private record Result(int exit, String stdout, String stderr) {}

  private static Result run(String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = DnslensCli.newCommandLine(bytes);
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int exit = cmd.execute(args);
    return new Result(exit, bytes.toString(UTF_8) + out, err.toString());
  }

  /** A pcap with the hostile query and its TXT reply, and a query for a Cyrillic/Latin IDN. */
  private Path capture() throws IOException {
    ByteBuffer name = ByteBuffer.allocate(256);
    for (byte[] l : HOSTILE_LABELS) {
      name.put((byte) l.length).put(l);
    }
    name.put((byte) 0);
    byte[] qname = java.util.Arrays.copyOf(name.array(), name.position());
    byte[] query = message(0x1234, 0x0100, qname, 16, null);
    byte[] reply = message(0x1234, 0x8180, qname, 16, TXT);
    byte[] idn = name("xn--pple-43d", "com");
    Path p = dir.resolve("hostile.pcap");
    ByteBuffer b = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(101);
    frame(b, 1, udpIpv4(0x0a000001, 0x0a000035, 40000, 53, query));
    frame(b, 2, udpIpv4(0x0a000035, 0x0a000001, 53, 40000, reply));
    frame(b, 3, udpIpv4(0x0a000001, 0x0a000035, 40001, 53, message(7, 0x0100, idn, 1, null)));
    Files.write(p, java.util.Arrays.copyOf(b.array(), b.position()));
    return p;
  }

  private static byte[] name(String... labels) {
    ByteBuffer b = ByteBuffer.allocate(256);
    for (String l : labels) {
      b.put((byte) l.length()).put(l.getBytes(UTF_8));
    }
    b.put((byte) 0);
    return java.util.Arrays.copyOf(b.array(), b.position());
  }

  private static byte[] message(int id, int flags, byte[] qname, int qtype, byte[] txt) {
    ByteBuffer b = ByteBuffer.allocate(512);
    b.putShort((short) id).putShort((short) flags).putShort((short) 1).putShort((short) (txt == null ? 0 : 1))
        .putInt(0);
    b.put(qname).putShort((short) qtype).putShort((short) 1);
    if (txt != null) {
      b.putShort((short) 0xc00c).putShort((short) 16).putShort((short) 1).putInt(60)
          .putShort((short) (txt.length + 1)).put((byte) txt.length).put(txt);
    }
    return java.util.Arrays.copyOf(b.array(), b.position());
  }

  private static byte[] udpIpv4(int src, int dst, int sport, int dport, byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(28 + payload.length);
    b.put((byte) 0x45).put((byte) 0).putShort((short) (28 + payload.length)).putShort((short) 0).putShort((short) 0)
        .put((byte) 64).put((byte) 17).putShort((short) 0).putInt(src).putInt(dst);
    b.putShort((short) sport).putShort((short) dport).putShort((short) (8 + payload.length)).putShort((short) 0)
        .put(payload);
    return b.array();
  }

  private static void frame(ByteBuffer pcap, int second, byte[] packet) {
    pcap.putInt(second).putInt(0).putInt(packet.length).putInt(packet.length).put(packet);
  }
}
