package org.dnslens.storage.layout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.dnslens.engine.model.IpAddress;
import org.junit.jupiter.api.Test;

/**
 * {@link AggregateCodec}: what a writer puts into compact pages reads back exactly (every kind, any times,
 * address-like and other data texts), plain (pre-V5) pages read as they were written, and compaction's
 * identity rewrite makes a plain and a compact entry of one identity byte-equal.
 */
class AggregateCodecProperties {
  /** One aggregate as the readers see it (the client address key as a list, so records compare it). */
  record Value(String name, int type, String data, List<Byte> client, long first, long last, long count) {}

  private static List<Byte> list(byte[] b) {
    List<Byte> out = new ArrayList<>(b.length);
    for (byte x : b) {
      out.add(x);
    }
    return out;
  }

  private static byte[] array(List<Byte> b) {
    byte[] out = new byte[b.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = b.get(i);
    }
    return out;
  }

  @Provide
  Arbitrary<Value> values() {
    Arbitrary<String> name = Arbitraries.strings().withCharRange('A', 'z').withChars('.', '-', '\u00e9').ofMaxLength(40);
    Arbitrary<Integer> type = Arbitraries.of(1, 28, 5, 16, 12, 65535);
    Arbitrary<String> data = Arbitraries.oneOf(
        Arbitraries.bytes().array(byte[].class).ofSize(4).map(b -> IpAddress.of(b).toString()),
        Arbitraries.bytes().array(byte[].class).ofSize(16).map(b -> IpAddress.of(b).toString()),
        Arbitraries.of("", "01.2.3.4", "1.2.3.4 ", "::FFFF:1.2.3.4", "::ffff:1.2.3.4", "[::1]", "\"1.2.3.4\"", "a.example."),
        Arbitraries.strings().ofMaxLength(30));
    Arbitrary<byte[]> client = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(17);
    Arbitrary<Long> first = Arbitraries.oneOf(Arbitraries.longs(),
        Arbitraries.longs().between(1_500_000_000_000_000_000L, 1_900_000_000_000_000_000L));
    Arbitrary<Long> span = Arbitraries.oneOf(Arbitraries.just(0L), Arbitraries.longs().between(0, 10_000_000_000_000L),
        Arbitraries.longs());
    Arbitrary<Long> count = Arbitraries.longs().between(1, Long.MAX_VALUE);
    return Combinators.combine(name, type, data, client, first, span, count)
        .as((n, t, d, c, f, s, k) -> new Value(n, t, d, list(c), f, f + s, k));
  }

  @Provide
  Arbitrary<List<Value>> valueLists() {
    return values().list().ofMaxSize(60);
  }

  @Property(tries = 300)
  void compactPagesReadBackWhatWasWritten(@ForAll("valueLists") List<Value> values, @ForAll long timeBase) {
    for (SegmentKind kind : aggregateKinds()) {
      AggregateCodec w = AggregateCodec.writer(kind, timeBase);
      List<SegmentPage> pages = write(w.pages(0), kind, values, w, true);
      assertThat(pages).allMatch(p -> SegmentPage.format(p.data()) == SegmentPage.FORMAT_COMPACT);
      assertThat(read(kind, pages)).as(kind.name()).isEqualTo(expected(kind, values));
    }
  }

  @Property(tries = 200)
  void plainPagesReadAsTheyWereWritten(@ForAll("valueLists") List<Value> values) {
    for (SegmentKind kind : aggregateKinds()) {
      List<SegmentPage> pages = write(new SegmentPage.Builder(kind, 0), kind, values, null, false);
      assertThat(pages).allMatch(p -> SegmentPage.format(p.data()) == SegmentPage.FORMAT_PLAIN);
      assertThat(read(kind, pages)).as(kind.name()).isEqualTo(expected(kind, values));
    }
  }

  @Property(tries = 200)
  void compactionRewritesPlainAndCompactIdentitiesToTheSameBytes(@ForAll("values") Value v, @ForAll long timeBase) {
    for (SegmentKind kind : aggregateKinds()) {
      AggregateCodec w = AggregateCodec.writer(kind, timeBase);
      SegmentPage plain = write(new SegmentPage.Builder(kind, 0), kind, List.of(v), null, false).get(0);
      SegmentPage compact = write(w.pages(0), kind, List.of(v), w, true).get(0);
      assertThat(identity(w, plain)).isEqualTo(identity(w, compact));
    }
  }

  @Test
  void onlyAnAddressesOwnTextIsStoredAsAddressBytes() {
    AggregateCodec w = AggregateCodec.writer(SegmentKind.PDNS_NAME, 0);
    assertThat(dataBytes(w, 1, "192.0.2.1")).hasSize(5);
    assertThat(dataBytes(w, 28, "2001:db8::1")).hasSize(17);
    assertThat(dataBytes(w, 28, "::ffff:1.2.3.4")).hasSize(17);
    // not the address's own text, or not an A/AAAA answer: kept as text, so it reads back as it was
    assertThat(dataBytes(w, 1, "192.000.2.1")).hasSize(12);
    assertThat(dataBytes(w, 28, "2001:DB8::1")).hasSize(12);
    assertThat(dataBytes(w, 16, "192.0.2.1")).hasSize(10);
  }

  private static byte[] dataBytes(AggregateCodec w, int type, String text) {
    ByteWriter out = new ByteWriter(64);
    w.writeData(out, type, text);
    return out.toByteArray();
  }

  private static List<SegmentKind> aggregateKinds() {
    return List.of(SegmentKind.PDNS_NAME, SegmentKind.PDNS_IP, SegmentKind.CLIENT_BY_NAME, SegmentKind.NAME_BY_CLIENT);
  }

  /** Writes each value under one key: the identity fields of its kind, then the times. */
  private static List<SegmentPage> write(SegmentPage.Builder b, SegmentKind kind, List<Value> values,
      AggregateCodec w, boolean compact) {
    ByteWriter v = new ByteWriter(256);
    for (Value x : values) {
      v.reset();
      switch (kind) {
        case PDNS_NAME, PDNS_IP -> {
          v.writeString(x.name());
          v.writeVarint(x.type());
          if (compact) {
            w.writeData(v, x.type(), x.data());
          } else {
            v.writeString(x.data());
          }
        }
        case CLIENT_BY_NAME -> {
          v.writeBlob(array(x.client()));
          v.writeString(x.name());
        }
        default -> v.writeString(x.name());
      }
      if (compact) {
        w.writeTimes(v, x.first(), x.last(), x.count());
      } else {
        v.writeZigzag(x.first());
        v.writeZigzag(x.last());
        v.writeVarint(x.count());
      }
      b.add(new byte[] {4, 1, 2, 3, 4}, v.array(), v.size());
    }
    return b.finish();
  }

  private static List<Value> read(SegmentKind kind, List<SegmentPage> pages) {
    AggregateCodec c = AggregateCodec.of(kind);
    List<Value> out = new ArrayList<>();
    for (SegmentPage p : pages) {
      SegmentPage.scan(p.data(), null, null, (key, len, d, off, vlen) -> {
        ByteReader r = c.open(d, off, vlen);
        String name = null;
        int type = 0;
        String data = null;
        List<Byte> client = null;
        switch (kind) {
          case PDNS_NAME, PDNS_IP -> {
            name = r.readString();
            type = r.readInt();
            data = c.readData(r);
          }
          case CLIENT_BY_NAME -> {
            client = list(r.readBlob());
            name = r.readString();
          }
          default -> name = r.readString();
        }
        c.readTimes(r);
        assertThat(r.hasMore()).isFalse();
        out.add(new Value(name, type, data, client, c.first(), c.last(), c.count()));
        return true;
      });
    }
    return out;
  }

  /** The values as a reader of {@code kind} sees them (fields the kind does not store are absent). */
  private static List<Value> expected(SegmentKind kind, List<Value> values) {
    return values.stream().map(x -> switch (kind) {
      case PDNS_NAME, PDNS_IP -> new Value(x.name(), x.type(), x.data(), null, x.first(), x.last(), x.count());
      case CLIENT_BY_NAME -> new Value(x.name(), 0, null, x.client(), x.first(), x.last(), x.count());
      default -> new Value(x.name(), 0, null, null, x.first(), x.last(), x.count());
    }).toList();
  }

  private static byte[] identity(AggregateCodec w, SegmentPage page) {
    AggregateCodec reader = AggregateCodec.of(w.kind());
    ByteWriter out = new ByteWriter(256);
    SegmentPage.scan(page.data(), null, null, (key, len, d, off, vlen) -> {
      w.copyIdentity(reader, reader.open(d, off, vlen), out);
      return true;
    });
    return out.toByteArray();
  }
}
