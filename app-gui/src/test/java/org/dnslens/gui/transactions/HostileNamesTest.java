package org.dnslens.gui.transactions;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.dnslens.engine.model.IpAddress;
import org.dnslens.engine.model.PortClass;
import org.dnslens.engine.model.Role;
import org.dnslens.engine.model.TransactionStatus;
import org.dnslens.engine.model.Transport;
import org.dnslens.storage.search.StoredTransaction;
import org.junit.jupiter.api.Test;

/**
 * Hostile names as every view shows them (table cells, pivots, CNAME chain and hunt all go through
 * {@link DisplayName}; the detail pane through {@link MessageText}): nothing that can reorder, hide or
 * control the text around it reaches the screen, and an IDN shows its punycode first.
 */
class HostileNamesTest {
  /** C0/C1 controls (tab and newline are the detail pane's own layout), DEL, bidi embeddings/overrides/isolates, zero-width and other invisible formatting. */
  private static final Pattern DANGEROUS =
      Pattern.compile("[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2069\\ufeff]");

  private static final String IDN_NAME = "xn--pypal-4ve.com"; // "p\u0430ypal.com" with a Cyrillic a

  @Test
  void tableCellsEscapeControlsAndBidiAndShowPunycodeFirst() {
    String hostile = "invoice\u202Egpj.exe.\u0007bell\u200B.\u2066x\u2069.example";
    String shown = DisplayName.of(hostile);
    assertThat(DANGEROUS.matcher(shown).find()).as(shown).isFalse();
    assertThat(shown.toLowerCase()).contains("\\u202e", "\\u0007", "\\u200b", "\\u2066", "\\u2069");
    assertThat(shown).startsWith("invoice").endsWith(".example");

    String idn = DisplayName.of(IDN_NAME);
    String unicode = IDN.toUnicode(IDN_NAME);
    assertThat(unicode).isNotEqualTo(IDN_NAME).doesNotContain("xn--");
    assertThat(idn).startsWith(IDN_NAME).contains("[" + unicode + "]");
    // Punycode that is not valid IDNA shows as it was on the wire, without a Unicode form.
    assertThat(DisplayName.of("xn--.example")).isEqualTo("xn--.example");
  }

  @Test
  void theDetailPaneDecodesHostileWireNamesSafely() {
    byte[] query = queryWire(
        "evil\u202Egnp".getBytes(StandardCharsets.UTF_8), new byte[] {7, 'x', 0x1b, '['},
        "xn--pypal-4ve".getBytes(StandardCharsets.US_ASCII), "com".getBytes(StandardCharsets.US_ASCII));
    StoredTransaction t = new StoredTransaction(1, 0, "a\u202Eb.pcap", 1L, null, 1_700_000_000_000_000_000L, null,
        IpAddress.parse("10.0.0.1"), 5353, IpAddress.parse("192.0.2.53"), 53, Transport.UDP, PortClass.DNS, 0x1234,
        "ignored.example", 1, 1, -1, TransactionStatus.UNANSWERED, Role.CLIENT, 0x0100, null, 0, 0, null, null, null,
        query, null);
    String detail = TransactionsViewModel.detail(t);
    assertThat(DANGEROUS.matcher(detail).find()).as(detail).isFalse();
    // Non-ASCII and control bytes in a label come out as presentation escapes; the IDN label stays punycode.
    assertThat(detail).contains("evil\\226\\128\\174gnp", "\\007x\\027[", "xn--pypal-4ve.com");
    assertThat(detail.toLowerCase()).contains("a\\u202eb.pcap");
  }

  private static byte[] queryWire(byte[]... labels) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(new byte[] {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0});
    for (byte[] l : labels) {
      b.write(l.length);
      b.writeBytes(l);
    }
    b.write(0);
    b.writeBytes(new byte[] {0, 1, 0, 1});
    return b.toByteArray();
  }
}
