package org.dnslens.storage.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.dnslens.engine.model.IpAddress;
import org.junit.jupiter.api.Test;

/**
 * {@link AggregateCodec}: what a writer puts into its pages reads back exactly (every kind, any times,
 * address-like and other data texts; names of {@code PDNS_IP} and {@code NAME_BY_CLIENT} by ordinal through
 * a {@link NameTable}; {@code PDNS_IP} as postings without times, V9), plain (pre-V5) pages, compact pages
 * with names as text (V5-V7) and names by ordinal with times (V8) read as they were written, and compaction's
 * identity rewrite makes entries of one identity in all four formats byte-equal.
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
  void newestPagesReadBackWhatWasWritten(@ForAll("valueLists") List<Value> values, @ForAll long timeBase) {
    for (SegmentKind kind : rowKinds()) {
      AggregateCodec w = AggregateCodec.writer(kind, timeBase);
      Names names = new Names();
      List<SegmentPage> pages = write(w.pages(0), kind, values, w, true, names);
      int format = switch (kind) {
        case PDNS_IP -> SegmentPage.FORMAT_NAME_POSTINGS;
        case PDNS_NAME -> SegmentPage.FORMAT_DATA_REF_PREFIXES;
        default -> SegmentPage.FORMAT_COMPACT;
      };
      assertThat(w.writeFormat()).isEqualTo(format);
      assertThat(pages).allMatch(p -> SegmentPage.format(p.data()) == format);
      assertThat(read(kind, pages, names.table())).as(kind.name()).isEqualTo(expected(kind, values, format));
    }
  }

  /** V8 pages: names by ordinal, with times (PDNS_IP before its postings; NAME_BY_CLIENT still). */
  @Property(tries = 200)
  void ordinalPagesWithTimesReadAsTheyWereWritten(@ForAll("valueLists") List<Value> values, @ForAll long timeBase) {
    for (SegmentKind kind : List.of(SegmentKind.PDNS_IP, SegmentKind.NAME_BY_CLIENT)) {
      AggregateCodec w = AggregateCodec.writer(kind, timeBase);
      Names names = new Names();
      List<SegmentPage> pages = write(new SegmentPage.Builder(kind, 0, SegmentPage.FORMAT_NAME_ORDINALS, timeBase),
          kind, values, w, true, names);
      assertThat(pages).allMatch(p -> SegmentPage.format(p.data()) == SegmentPage.FORMAT_NAME_ORDINALS);
      assertThat(read(kind, pages, names.table())).as(kind.name()).isEqualTo(expected(kind, values));
    }
  }

  @Property(tries = 200)
  void compactPagesWithNamesAsTextReadAsTheyWereWritten(@ForAll("valueLists") List<Value> values,
      @ForAll long timeBase) {
    for (SegmentKind kind : aggregateKinds()) {
      AggregateCodec w = AggregateCodec.writer(kind, timeBase, SegmentPage.FORMAT_COMPACT);
      List<SegmentPage> pages = write(
          new SegmentPage.Builder(kind, 0, SegmentPage.FORMAT_COMPACT, timeBase), kind, values, w, true, null);
      assertThat(pages).allMatch(p -> SegmentPage.format(p.data()) == SegmentPage.FORMAT_COMPACT);
      assertThat(read(kind, pages, NameTable.EMPTY)).as(kind.name()).isEqualTo(expected(kind, values));
    }
  }

  @Property(tries = 200)
  void plainPagesReadAsTheyWereWritten(@ForAll("valueLists") List<Value> values) {
    for (SegmentKind kind : aggregateKinds()) {
      List<SegmentPage> pages = write(new SegmentPage.Builder(kind, 0), kind, values, null, false, null);
      assertThat(pages).allMatch(p -> SegmentPage.format(p.data()) == SegmentPage.FORMAT_PLAIN);
      assertThat(read(kind, pages, NameTable.EMPTY)).as(kind.name()).isEqualTo(expected(kind, values));
    }
  }

  @Property(tries = 200)
  void compactionRewritesIdentitiesOfEveryFormatToTheSameBytes(@ForAll("values") Value v, @ForAll long timeBase,
      @ForAll("valueLists") List<Value> before) {
    for (SegmentKind kind : rowKinds()) {
      AggregateCodec w = AggregateCodec.writer(kind, timeBase);
      SegmentPage plain = write(new SegmentPage.Builder(kind, 0), kind, List.of(v), null, false, null).get(0);
      SegmentPage text = write(new SegmentPage.Builder(kind, 0, SegmentPage.FORMAT_COMPACT, timeBase), kind, List.of(v),
          AggregateCodec.writer(kind, timeBase, SegmentPage.FORMAT_COMPACT), true, null).get(0);
      // a run whose table numbers other names first: v's name has another ordinal there than in the target
      Names source = new Names();
      List<Value> run = new ArrayList<>(before);
      run.add(v);
      List<SegmentPage> newest = write(w.pages(0), kind, run, w, true, source);
      Names target = new Names();
      byte[] expected = identity(w, List.of(plain), NameTable.EMPTY, target);
      assertThat(identity(w, List.of(text), NameTable.EMPTY, target)).isEqualTo(expected);
      byte[] all = identity(w, newest, source.table(), target);
      assertThat(Arrays.copyOfRange(all, all.length - expected.length, all.length)).as(kind.name()).isEqualTo(expected);
      if (kind.usesNameTable()) {
        // and a V8 page of names by ordinal with times (a PDNS_IP page before V9)
        Names v8 = new Names();
        List<SegmentPage> ordinals = write(new SegmentPage.Builder(kind, 0, SegmentPage.FORMAT_NAME_ORDINALS, timeBase),
            kind, run, w, true, v8);
        byte[] some = identity(w, ordinals, v8.table(), target);
        assertThat(Arrays.copyOfRange(some, some.length - expected.length, some.length)).as(kind.name())
            .isEqualTo(expected);
      }
    }
  }

  @Provide
  Arbitrary<List<DataRef>> refs() {
    Arbitrary<String> prefix = Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.strings().ascii().ofMaxLength(
        DataRef.MAX_PREFIX_CHARS), Arbitraries.strings().withCharRange('\u00e0', '\u0101').ofMaxLength(8));
    return Combinators.combine(Arbitraries.integers().between(0, Integer.MAX_VALUE),
        Arbitraries.integers().between(0, 511), Arbitraries.integers().between(0, 65535), Arbitraries.integers(), prefix)
        .as(DataRef::new).list().ofMaxSize(40);
  }

  /**
   * V10 {@code PDNS_NAME} pages: data as text, address bytes or a block reference, mixed in one page, reads
   * back as written (a reference as itself, with no text), and compaction's identity rewrite keeps a
   * reference as it is.
   */
  @Property(tries = 300)
  void dataReferencesReadBackAsWritten(@ForAll("valueLists") List<Value> values, @ForAll("refs") List<DataRef> refs,
      @ForAll long timeBase, @ForAll boolean withPrefixes) {
    // V13 pages (what the writer writes) keep each reference's prefix; V10 pages have none ("" read back)
    int format = withPrefixes ? SegmentPage.FORMAT_DATA_REF_PREFIXES : SegmentPage.FORMAT_DATA_REFS;
    AggregateCodec w = withPrefixes ? AggregateCodec.writer(SegmentKind.PDNS_NAME, timeBase)
        : AggregateCodec.writer(SegmentKind.PDNS_NAME, timeBase, SegmentPage.FORMAT_DATA_REFS);
    if (!withPrefixes) {
      refs = refs.stream().map(r -> new DataRef(r.block(), r.row(), r.record(), r.fingerprint())).toList();
    }
    SegmentPage.Builder b = w.pages(0);
    ByteWriter v = new ByteWriter(256);
    List<Object> written = new ArrayList<>();
    for (int i = 0; i < Math.max(values.size(), refs.size()); i++) {
      for (int k = 0; k < 2; k++) {
        boolean ref = k == 1;
        if (ref ? i >= refs.size() : i >= values.size()) {
          continue;
        }
        v.reset();
        v.writeString(ref ? "ref" : values.get(i).name());
        v.writeVarint(16);
        if (ref) {
          w.writeRef(v, refs.get(i));
          written.add(refs.get(i));
        } else {
          w.writeData(v, 16, values.get(i).data());
          written.add(values.get(i).data());
        }
        w.writeTimes(v, 7, 9, 1);
        b.add(new byte[] {4, 1, 2, 3, 4}, v.array(), v.size());
      }
    }
    List<SegmentPage> pages = b.finish();
    assertThat(pages).allMatch(p -> SegmentPage.format(p.data()) == format);
    AggregateCodec c = AggregateCodec.of(SegmentKind.PDNS_NAME);
    List<Object> read = new ArrayList<>();
    ByteWriter copied = new ByteWriter(256);
    for (SegmentPage p : pages) {
      SegmentPage.scan(p.data(), null, null, (key, len, d, off, vlen) -> {
        ByteReader r = c.open(d, off, vlen);
        r.readString();
        assertThat(r.readInt()).isEqualTo(16);
        String data = c.readData(r);
        read.add(data != null ? data : c.ref());
        c.readTimes(r);
        assertThat(r.hasMore()).isFalse();
        assertThat(new long[] {c.first(), c.last(), c.count()}).containsExactly(7, 9, 1);
        // compaction's rewrite of the identity: a reference stays the same reference
        copied.reset();
        w.copyIdentity(c, c.open(d, off, vlen), NameTable.EMPTY, n -> 0, copied);
        ByteReader back = new ByteReader(copied.array(), 0, copied.size()); // c still reads this page's format
        back.readString();
        back.readInt();
        String again = c.readData(back);
        assertThat(again != null ? again : c.ref()).isEqualTo(read.get(read.size() - 1));
        return true;
      });
    }
    assertThat(read).isEqualTo(written);
  }

  @Test
  void aReferenceIsRefusedByAWriterOfAnotherKindOrFormat() {
    DataRef r = new DataRef(1, 2, 3, 4);
    assertThatThrownBy(() -> AggregateCodec.writer(SegmentKind.PDNS_IP, 0).writeRef(new ByteWriter(16), r))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> AggregateCodec.writer(SegmentKind.PDNS_NAME, 0, SegmentPage.FORMAT_COMPACT)
        .writeRef(new ByteWriter(16), r)).isInstanceOf(IllegalStateException.class);
  }

  @Property(tries = 100)
  void nameTablesGiveEveryNameBackByOrdinal(@ForAll("names") List<String> names, @ForAll long seed) {
    Names table = new Names();
    for (String n : names) {
      table.ordinal(n);
    }
    NameTable read = table.table();
    List<String> distinct = new ArrayList<>(new LinkedHashSet<>(names));
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < distinct.size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(seed)); // pages are loaded in any order
    for (int i : order) {
      assertThat(read.name(i)).isEqualTo(distinct.get(i));
    }
    assertThatThrownBy(() -> read.name(distinct.size())).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> read.name(-1)).isInstanceOf(IllegalStateException.class);
  }

  @Provide
  Arbitrary<List<String>> names() {
    // up to ~20 k names of up to 60 characters: tables of one page and of many
    Arbitrary<String> name = Arbitraries.strings().withCharRange('a', 'z').withChars('.', '-', '\u00e9', '\\')
        .ofMaxLength(60);
    return Arbitraries.oneOf(name.list().ofMaxSize(50), name.list().ofMinSize(2000).ofMaxSize(20_000));
  }

  /** A name table being written, and the same table read back (pages kept in memory). */
  private static final class Names {
    final NameTable.Writer writer = new NameTable.Writer(0);
    final Map<String, Integer> ordinals = new HashMap<>();
    List<SegmentPage> pages;

    int ordinal(String name) {
      return ordinals.computeIfAbsent(name, writer::add);
    }

    NameTable table() {
      if (pages == null) {
        pages = writer.finish();
      }
      List<SegmentPage> p = pages;
      return new NameTable(LongStream.range(0, p.size()).toArray(),
          p.stream().mapToInt(x -> NameTable.ordinal(x.firstKey())).toArray(), id -> p.get((int) id).data());
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

  /**
   * The kinds whose newest values are one row each ({@code NAME_BY_CLIENT} values are many rows since V11:
   * {@link #clientPostingsReadBackEveryOrdinalInOrder}).
   */
  private static List<SegmentKind> rowKinds() {
    return List.of(SegmentKind.PDNS_NAME, SegmentKind.PDNS_IP, SegmentKind.CLIENT_BY_NAME);
  }

  @Provide
  Arbitrary<List<List<Integer>>> clientOrdinals() {
    // per client a set of ordinals: small and dense, sparse up to the largest int, and long (many entries)
    Arbitrary<Integer> ordinal = Arbitraries.oneOf(Arbitraries.integers().between(0, 300),
        Arbitraries.integers().between(0, Integer.MAX_VALUE));
    return Arbitraries.oneOf(ordinal.set().ofMinSize(1).ofMaxSize(20), ordinal.set().ofMinSize(200).ofMaxSize(1200))
        .map(set -> set.stream().sorted().toList()).list().ofMinSize(1).ofMaxSize(8);
  }

  /**
   * V11 {@code NAME_BY_CLIENT} pages: per client (key) its ascending name ordinals, {@link
   * AggregateCodec#MAX_ORDINALS_PER_ENTRY} an entry, read back exactly and in order, whatever page a client's
   * entries are cut across, with no times ({@link AggregateCodec#storesTimes}: readers take them from the twin).
   */
  @Property(tries = 200)
  void clientPostingsReadBackEveryOrdinalInOrder(@ForAll("clientOrdinals") List<List<Integer>> clients,
      @ForAll long timeBase) {
    AggregateCodec w = AggregateCodec.writer(SegmentKind.NAME_BY_CLIENT, timeBase);
    assertThat(w.writeFormat()).isEqualTo(SegmentPage.FORMAT_CLIENT_POSTINGS);
    assertThat(w.writesTimes()).isFalse();
    SegmentPage.Builder b = w.pages(0);
    ByteWriter v = new ByteWriter(4096);
    List<List<Integer>> written = new ArrayList<>();
    for (int c = 0; c < clients.size(); c++) {
      int[] ords = clients.get(c).stream().mapToInt(Integer::intValue).toArray();
      for (int from = 0; from < ords.length; from += AggregateCodec.MAX_ORDINALS_PER_ENTRY) {
        v.reset();
        w.writeOrdinals(v, ords, from, Math.min(ords.length, from + AggregateCodec.MAX_ORDINALS_PER_ENTRY));
        b.add(new byte[] {4, 10, 0, 0, (byte) c}, v.array(), v.size());
      }
      written.add(clients.get(c));
    }
    List<SegmentPage> pages = b.finish();
    assertThat(pages).allMatch(p -> SegmentPage.format(p.data()) == SegmentPage.FORMAT_CLIENT_POSTINGS);
    AggregateCodec c = AggregateCodec.of(SegmentKind.NAME_BY_CLIENT);
    List<List<Integer>> read = new ArrayList<>();
    int[] buf = new int[AggregateCodec.MAX_ORDINALS_PER_ENTRY];
    int[] last = {-1};
    for (SegmentPage p : pages) {
      SegmentPage.scan(p.data(), null, null, (key, len, d, off, vlen) -> {
        if (key[4] != last[0]) {
          read.add(new ArrayList<>());
          last[0] = key[4];
        }
        ByteReader r = c.open(d, off, vlen);
        assertThat(c.storesTimes()).isFalse();
        int n = AggregateCodec.readOrdinals(r, buf);
        assertThat(r.hasMore()).isFalse();
        for (int i = 0; i < n; i++) {
          read.get(read.size() - 1).add(buf[i]);
        }
        return true;
      });
    }
    assertThat(read).isEqualTo(written);
  }

  @Test
  void clientPostingsRefuseWhatTheyCannotHold() {
    AggregateCodec w = AggregateCodec.writer(SegmentKind.NAME_BY_CLIENT, 0);
    ByteWriter out = new ByteWriter(64);
    assertThatThrownBy(() -> w.writeOrdinals(out, new int[] {3, 3}, 0, 2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> w.writeOrdinals(out, new int[] {5, 4}, 0, 2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> w.writeOrdinals(out, new int[0], 0, 0)).isInstanceOf(IllegalArgumentException.class);
    int[] many = new int[AggregateCodec.MAX_ORDINALS_PER_ENTRY + 1];
    Arrays.setAll(many, i -> i);
    assertThatThrownBy(() -> w.writeOrdinals(out, many, 0, many.length)).isInstanceOf(IllegalArgumentException.class);
    // a damaged count reads as the usual damaged-case error, not an array overrun
    int[] into = new int[AggregateCodec.MAX_ORDINALS_PER_ENTRY];
    for (long bad : new long[] {0, AggregateCodec.MAX_ORDINALS_PER_ENTRY + 1}) {
      ByteWriter d = new ByteWriter(16);
      d.writeVarint(bad);
      d.writeVarint(1);
      assertThatThrownBy(() -> AggregateCodec.readOrdinals(new ByteReader(d.toByteArray()), into))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("damaged");
    }
  }

  private static List<SegmentKind> aggregateKinds() {
    return List.of(SegmentKind.PDNS_NAME, SegmentKind.PDNS_IP, SegmentKind.CLIENT_BY_NAME, SegmentKind.NAME_BY_CLIENT);
  }

  /** Writes each value under one key: the identity fields of its kind, then the times. */
  private static List<SegmentPage> write(SegmentPage.Builder b, SegmentKind kind, List<Value> values,
      AggregateCodec w, boolean compact, Names names) {
    ByteWriter v = new ByteWriter(256);
    for (Value x : values) {
      v.reset();
      if (names != null && kind.usesNameTable()) {
        w.writeName(v, names.ordinal(x.name()));
      } else if (kind != SegmentKind.CLIENT_BY_NAME) {
        v.writeString(x.name());
      }
      switch (kind) {
        case PDNS_NAME, PDNS_IP -> {
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
        default -> { }
      }
      if (b.format() == SegmentPage.FORMAT_NAME_POSTINGS) {
        // postings: no times (a reader takes them from the PDNS_NAME twin)
      } else if (compact) {
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

  private static List<Value> read(SegmentKind kind, List<SegmentPage> pages, NameTable names) {
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
          case PDNS_NAME -> {
            name = r.readString();
            type = r.readInt();
            data = c.readData(r);
          }
          case PDNS_IP -> {
            name = c.readName(r, names);
            type = r.readInt();
            data = c.readData(r);
          }
          case CLIENT_BY_NAME -> {
            client = list(r.readBlob());
            name = r.readString();
          }
          default -> name = c.readName(r, names);
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
    return expected(kind, values, SegmentPage.FORMAT_COMPACT);
  }

  /** As {@link #expected(SegmentKind, List)} for pages of {@code format}: postings read neutral times. */
  private static List<Value> expected(SegmentKind kind, List<Value> values, int format) {
    if (format == SegmentPage.FORMAT_NAME_POSTINGS) {
      return values.stream().map(x -> new Value(x.name(), x.type(), x.data(), null, Long.MAX_VALUE, Long.MIN_VALUE, 0))
          .toList();
    }
    return values.stream().map(x -> switch (kind) {
      case PDNS_NAME, PDNS_IP -> new Value(x.name(), x.type(), x.data(), null, x.first(), x.last(), x.count());
      case CLIENT_BY_NAME -> new Value(x.name(), 0, null, x.client(), x.first(), x.last(), x.count());
      default -> new Value(x.name(), 0, null, null, x.first(), x.last(), x.count());
    }).toList();
  }

  private static byte[] identity(AggregateCodec w, List<SegmentPage> pages, NameTable names, Names target) {
    AggregateCodec reader = AggregateCodec.of(w.kind());
    ByteWriter out = new ByteWriter(256);
    for (SegmentPage page : pages) {
      SegmentPage.scan(page.data(), null, null, (key, len, d, off, vlen) -> {
        w.copyIdentity(reader, reader.open(d, off, vlen), names, target::ordinal, out);
        return true;
      });
    }
    return out.toByteArray();
  }
}
