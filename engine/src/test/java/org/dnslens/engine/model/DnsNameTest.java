package org.dnslens.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class DnsNameTest {
  @Test
  void keepsOriginalCaseAndComparesCaseInsensitively() {
    DnsName a = DnsName.parse("WwW.Example.COM");
    assertThat(a.toString()).isEqualTo("WwW.Example.COM");
    assertThat(a.toLowerCaseString()).isEqualTo("www.example.com");
    assertThat(a).isNotEqualTo(DnsName.parse("www.example.com"));
    assertThat(a.equalsIgnoreCase(DnsName.parse("www.example.com."))).isTrue();
    assertThat(a.hashCodeIgnoreCase()).isEqualTo(DnsName.parse("WWW.EXAMPLE.COM").hashCodeIgnoreCase());
  }

  @Test
  void escapesControlBytesDotsAndTerminalEscapes() {
    DnsName n =
        DnsName.fromLabels(
            List.of(
                "a.b".getBytes(StandardCharsets.US_ASCII),
                new byte[] {0x1b, '[', '3', '1', 'm'},
                new byte[] {0, (byte) 0xff, ' '}));
    assertThat(n.toString()).isEqualTo("a\\.b.\\027[31m.\\000\\255\\032");
    assertThat(DnsName.parse(n.toString())).isEqualTo(n);
  }

  @Test
  void rootIsADot() {
    assertThat(DnsName.ROOT.toString()).isEqualTo(".");
    assertThat(DnsName.parse(".")).isEqualTo(DnsName.ROOT);
    assertThat(DnsName.ROOT.labelCount()).isZero();
  }

  @Test
  void enforcesLabelAndNameLimitsAtMaxAndMaxPlusOne() {
    String label63 = "a".repeat(63);
    assertThat(DnsName.parse(label63 + ".com").label(0)).hasSize(63);
    assertThatThrownBy(() -> DnsName.parse("a".repeat(64) + ".com"))
        .isInstanceOf(IllegalArgumentException.class);
    // 4 labels of 63 = 4*64 = 256 wire bytes + root = 257 > 255; 3*64 + 61+1 + 1 = 255 exactly.
    String max = label63 + "." + label63 + "." + label63 + "." + "b".repeat(61);
    assertThat(DnsName.parse(max).wireLength()).isEqualTo(255);
    assertThatThrownBy(() -> DnsName.parse(max + "b")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void showsPunycodeWithItsUnicodeForm() {
    DnsName n = DnsName.parse("xn--bcher-kva.example");
    assertThat(n.isInternationalized()).isTrue();
    assertThat(n.toString()).isEqualTo("xn--bcher-kva.example");
    assertThat(n.toUnicodeString()).isEqualTo("bücher.example");
    assertThat(DnsName.parse("plain.example").toUnicodeString()).isNull();
  }

  @Test
  void findsAnALabelInAnyLabelAndOnlyThere() {
    assertThat(DnsName.parse("www.XN--bcher-kva.example").isInternationalized()).isTrue();
    assertThat(DnsName.parse("xN--a").isInternationalized()).isTrue();
    assertThat(DnsName.parse("www.xnet.example").isInternationalized()).isFalse();
    assertThat(DnsName.parse("xn-.xn-a-.xn").isInternationalized()).isFalse();
    // bytes above 0x7f whose low bits match "xn--" once 0x20 is or-ed in must not count
    byte[] high = {(byte) ('x' | 0x80), (byte) ('n' | 0x80), (byte) ('-' | 0x80), (byte) ('-' | 0x80), 'a'};
    assertThat(DnsName.fromLabels(List.of(high)).isInternationalized()).isFalse();
    assertThat(DnsName.ROOT.isInternationalized()).isFalse();
  }

  @Test
  void findsAnALabelWhileCheckingTheWireForm() {
    // fromWire decides it in its checking loop, fromLabels by a scan: both must agree, at any label.
    byte[] wire = {3, 'w', 'w', 'w', 4, 'X', 'n', '-', '-', 3, 'c', 'o', 'm', 0};
    assertThat(DnsName.fromWire(wire).isInternationalized()).isTrue();
    assertThat(DnsName.fromLabels(List.of("www".getBytes(StandardCharsets.US_ASCII), "Xn--".getBytes(StandardCharsets.US_ASCII), "com".getBytes(StandardCharsets.US_ASCII)))
            .isInternationalized())
        .isTrue();
    byte[] inside = {5, 'a', 'x', 'n', '-', '-', 0}; // "xn--" not at the start of its label
    assertThat(DnsName.fromWire(inside).isInternationalized()).isFalse();
    byte[] prefix = {9, 9, 9, 3, 'x', 'n', '-', 0}; // at an offset, a 3-byte label: no
    assertThat(DnsName.fromWire(prefix, 3, 5).isInternationalized()).isFalse();
    byte[] atOffset = {9, 4, 'x', 'n', '-', '-', 0};
    assertThat(DnsName.fromWire(atOffset, 1, 6).isInternationalized()).isTrue();
    // a label running past the end is refused before its bytes are looked at
    assertThatThrownBy(() -> DnsName.fromWire(new byte[] {4, 'x', 'n', '-'}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsMalformedWireForms() {
    assertThatThrownBy(() -> DnsName.fromWire(new byte[] {3, 'a', 'b'}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DnsName.fromWire(new byte[] {1, 'a', 0, 0}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DnsName.fromWire(new byte[] {(byte) 0xc0, 12}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Property
  void presentationFormRoundTrips(@ForAll @Size(min = 1, max = 4) List<@Size(min = 1, max = 20) byte[]> labels) {
    DnsName n = DnsName.fromLabels(labels);
    assertThat(DnsName.parse(n.toString())).isEqualTo(n);
    assertThat(n.toString()).doesNotContainPattern("[\\x00-\\x1f\\x7f-\\x{ffff}]");
  }

  @Property
  void jsonPresentationIsThePresentationTextAsJacksonEscapesIt(
      @ForAll @Size(min = 0, max = 4) List<@Size(min = 1, max = 63) byte[]> labels) {
    DnsName n = DnsName.fromLabels(labels);
    byte[] dst = new byte[DnsName.MAX_JSON_PRESENTATION_BYTES + 2];
    int len = n.writeJsonPresentation(dst, 2);
    String expected = new String(
        com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsUTF8(n.toString()),
        StandardCharsets.US_ASCII);
    assertThat(new String(dst, 2, len, StandardCharsets.US_ASCII)).isEqualTo(expected);
  }

  /**
   * toString and writeJsonPresentation walk the wire form in one flat loop; writePresentation still
   * walks it label by label, so it is an independent reference for where the dots and escapes go.
   */
  @Property
  void textMatchesTheLabelByLabelRendering(
      @ForAll @Size(min = 0, max = 4) List<@Size(min = 1, max = 63) byte[]> labels) {
    DnsName n = DnsName.fromLabels(labels);
    byte[] dst = new byte[DnsName.MAX_PRESENTATION_BYTES];
    int len = n.writePresentation(dst, 0);
    assertThat(n.toString()).isEqualTo(new String(dst, 0, len, StandardCharsets.US_ASCII));
  }

  /**
   * The name key written in place is the lower-cased text of the name with its labels reversed, as it was
   * made before (the reversed name built from copies of the labels, then its text lower-cased), at any
   * offset and with letters of both cases, escapes and bytes outside ASCII in the labels.
   */
  @Property
  void reversedLowerPresentationIsTheReversedNamesLowerCaseText(
      @ForAll @Size(min = 0, max = 5) List<@Size(min = 1, max = 63) byte[]> labels,
      @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 3) int offset) {
    DnsName n = DnsName.fromLabels(labels);
    List<byte[]> reversed = new java.util.ArrayList<>(labels);
    java.util.Collections.reverse(reversed);
    String expected = n.isRoot() ? "." : DnsName.fromLabels(reversed).toLowerCaseString();
    byte[] dst = new byte[offset + 4 * n.wireLength()];
    int len = n.writeReversedLowerPresentation(dst, offset);
    assertThat(new String(dst, offset, len, StandardCharsets.US_ASCII)).isEqualTo(expected);
  }

  @Test
  void reversedLowerPresentationOfAMixedCaseName() {
    byte[] dst = new byte[64];
    int len = DnsName.parse("WWW.Ex\\.ample.COM").writeReversedLowerPresentation(dst, 0);
    assertThat(new String(dst, 0, len, StandardCharsets.US_ASCII)).isEqualTo("com.ex\\.ample.www");
  }

  @Test
  void labelsOfOneAndSixtyThreeBytesKeepTheirDots() {
    byte[] longest = new byte[63];
    java.util.Arrays.fill(longest, (byte) 'z');
    DnsName n = DnsName.fromLabels(List.of(new byte[] {'a'}, longest, new byte[] {'.'}, new byte[] {0}));
    String expected = "a." + "z".repeat(63) + ".\\\\..\\\\000";
    byte[] dst = new byte[DnsName.MAX_JSON_PRESENTATION_BYTES];
    int len = n.writeJsonPresentation(dst, 0);
    assertThat(new String(dst, 0, len, StandardCharsets.US_ASCII)).isEqualTo(expected);
    assertThat(n.toString()).isEqualTo("a." + "z".repeat(63) + ".\\..\\000");
  }

  @Test
  void jsonPresentationOfTheWorstNameFitsItsBound() {
    byte[] wire = new byte[DnsName.MAX_NAME_WIRE_BYTES];
    for (int p = 0; p + 64 < wire.length; p += 64) {
      wire[p] = 63;
      java.util.Arrays.fill(wire, p + 1, p + 64, (byte) '"');
    }
    wire[192] = (byte) (255 - 192 - 2);
    java.util.Arrays.fill(wire, 193, 254, (byte) 0);
    DnsName n = DnsName.fromWire(wire);
    byte[] dst = new byte[DnsName.MAX_JSON_PRESENTATION_BYTES];
    int len = n.writeJsonPresentation(dst, 0);
    assertThat(new String(dst, 0, len, StandardCharsets.US_ASCII))
        .isEqualTo(new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsUTF8(n.toString()),
            StandardCharsets.US_ASCII));
  }
}
