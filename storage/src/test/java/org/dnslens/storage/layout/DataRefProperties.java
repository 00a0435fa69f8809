package org.dnslens.storage.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.dnslens.engine.model.DnsName;
import org.dnslens.engine.model.RData;
import org.dnslens.engine.model.ResourceRecord;
import org.dnslens.engine.model.Section;

/**
 * {@link DataRef#text}: the walk to answer record {@code r} of a reply finds the TXT record a writer referred to
 * behind questions and other records of any shape (names spelled out or compressed), and gives the text the
 * engine's record renders from the same character-strings; damaged bytes never throw, they give null or a text
 * (a reader then compares its fingerprint).
 */
class DataRefProperties {
  @Provide
  Arbitrary<List<String>> strings() {
    return Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(255).list().ofMinSize(1).ofMaxSize(4);
  }

  @Property(tries = 300)
  void findsTheRecordBehindOthers(@ForAll("strings") List<String> strings, @ForAll @IntRange(max = 5) int before,
      @ForAll @IntRange(max = 2) int questions, @ForAll boolean pointers) {
    ByteWriter w = new ByteWriter(2048);
    int records = before + 1;
    w.writeBytes(new byte[] {0x12, 0x34, (byte) 0x81, (byte) 0x80, 0, (byte) questions, 0, (byte) records, 0, 0, 0, 0});
    for (int i = 0; i < questions; i++) {
      name(w, i == 0 || !pointers);
      w.writeBytes(new byte[] {0, 16, 0, 1});
    }
    for (int i = 0; i < before; i++) {
      // an A record, a CNAME with a name in its data: the walk skips by rdlength
      name(w, !pointers || questions == 0);
      boolean a = i % 2 == 0;
      w.writeBytes(new byte[] {0, (byte) (a ? 1 : 5), 0, 1, 0, 0, 0, 60});
      byte[] data = a ? new byte[] {10, 0, 0, (byte) i} : new byte[] {3, 'w', 'w', 'w', 0};
      w.writeBytes(new byte[] {0, (byte) data.length});
      w.writeBytes(data);
    }
    name(w, !pointers || questions == 0);
    byte[] rdata = txt(strings);
    w.writeBytes(new byte[] {0, 16, 0, 1, 0, 0, 0, 60, (byte) (rdata.length >> 8), (byte) rdata.length});
    w.writeBytes(rdata);
    byte[] reply = w.toByteArray();

    String expected = new ResourceRecord(Section.ANSWER, DnsName.ROOT, 16, 1, 60, null, new RData.Txt(strings)).data();
    assertThat(DataRef.text(reply, before)).isEqualTo(expected);
    // the records before it are not TXT, and there is no record past it
    for (int i = 0; i < before; i++) {
      assertThat(DataRef.text(reply, i)).isNull();
    }
    assertThat(DataRef.text(reply, before + 1)).isNull();
    // truncated anywhere: no exception, and never the whole text unless the record is whole
    for (int cut = 0; cut < reply.length; cut++) {
      String t = DataRef.text(Arrays.copyOf(reply, cut), before);
      assertThat(t).isNull();
    }
  }

  @Property(tries = 300)
  void arbitraryBytesNeverThrow(@ForAll byte[] bytes, @ForAll @IntRange(max = 8) int record) {
    // a damaged case gives null here or a text whose fingerprint then differs, never an exception
    assertThatCode(() -> DataRef.text(bytes, record)).doesNotThrowAnyException();
  }

  /** example.com spelled out, or a pointer to the first question's name (offset 12). */
  private static void name(ByteWriter w, boolean spelled) {
    if (spelled) {
      w.writeBytes(new byte[] {7});
      w.writeBytes("example".getBytes(StandardCharsets.US_ASCII));
      w.writeBytes(new byte[] {3, 'c', 'o', 'm', 0});
    } else {
      w.writeBytes(new byte[] {(byte) 0xc0, 12});
    }
  }

  private static byte[] txt(List<String> strings) {
    ByteWriter w = new ByteWriter(1024);
    for (String s : strings) {
      byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
      w.writeByte(b.length);
      w.writeBytes(b);
    }
    return w.toByteArray();
  }
}
