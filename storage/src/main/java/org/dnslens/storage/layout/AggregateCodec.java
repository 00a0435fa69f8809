package org.dnslens.storage.layout;

import java.nio.charset.StandardCharsets;
import org.dnslens.engine.model.IpAddress;

/**
 * The values of the aggregate segment kinds ({@code PDNS_NAME}, {@code PDNS_IP}, {@code CLIENT_BY_NAME},
 * {@code NAME_BY_CLIENT}): the one place that knows how a value's data and times are stored, for every
 * writer ({@link RunWriter}, compaction) and reader (passive-DNS query and scan). One codec per kind
 * ({@link #of}); a reader opens each value with {@link #open}, which reads the format of the value's page.
 *
 * <p>A value is its identity fields, in this order, then the times:
 *
 * <ul>
 *   <li>{@code PDNS_NAME}: name as sent (string, "" when it is the key's own lower-case form), type
 *       (varint), data;
 *   <li>{@code PDNS_IP}: name as sent (string), type, data (string, "" when it is the key address's text);
 *   <li>{@code CLIENT_BY_NAME}: client address key (blob), name as sent ("" as in PDNS_NAME);
 *   <li>{@code NAME_BY_CLIENT}: name as sent (string).
 * </ul>
 *
 * <p>{@link SegmentPage#FORMAT_PLAIN} pages (written before schema V5): data is a string; times are first
 * seen and last seen (zigzag epoch ns) and the count (varint). {@link SegmentPage#FORMAT_COMPACT} pages:
 * times are first seen minus the page's time base (zigzag), last seen minus first seen (zigzag: one byte
 * for the many aggregates seen once) and the count; {@code PDNS_NAME} data is a varint {@code h} then
 * {@code h >>> 1} bytes, the 4 or 16 address bytes when {@code h} is odd (an A/AAAA answer: 4-16 bytes
 * instead of 7-39 characters of text), UTF-8 text when even. The address is written only when its text
 * is exactly the address's own ({@link #writeData} checks), so decoding gives back the text byte for byte.
 * {@link SegmentPage#FORMAT_NAME_ORDINALS} pages (schema V8; {@code PDNS_IP} and {@code NAME_BY_CLIENT}
 * only): as compact pages, but the name as sent is a varint ordinal into the {@link NameTable} of the
 * page's run and part ({@link #readName}); a writer of {@code NAME_BY_CLIENT} always writes this format.
 * {@link SegmentPage#FORMAT_NAME_POSTINGS} pages (schema V9; {@code PDNS_IP} only, what its writer writes):
 * the name ordinal, type and data, and no times at all ({@link #storesTimes}): every {@code PDNS_IP} entry
 * has a {@code PDNS_NAME} twin in the same run and part (both are written from one aggregate), whose times
 * and count a reader looks up by the name's key ({@code search.PassiveDnsTimes}). They were ~8 of the 18 MB
 * of {@code PDNS_IP} pages of a 1 M case: times are random to a page ordered by address.
 * {@link SegmentPage#FORMAT_DATA_REFS} pages (schema V10; {@code PDNS_NAME} only, what its writer writes): as
 * compact pages, but the data field's varint is {@code len << 2 | tag}: tag 0 UTF-8 text, 1 address bytes,
 * 2 a {@link DataRef} (fingerprint as 4 bytes, block id, row, answer record as varints; {@code len} 0) to the
 * reply record that holds long TXT/SPF data, which {@link #readData} gives as null and {@link #ref} as the
 * reference: a reader rebuilds the text from the block ({@code search.DataRefTexts}).
 * {@link SegmentPage#FORMAT_DATA_REF_PREFIXES} pages (schema V13; {@code PDNS_NAME} only, what its writer
 * writes): as format 4, but a reference ends with the first characters of its text ({@link DataRef#prefix}:
 * a string, "" when unknown, as for a reference compaction copies from a format 4 page).
 * {@link SegmentPage#FORMAT_CLIENT_POSTINGS} pages (schema V11; {@code NAME_BY_CLIENT} only, what its writer
 * writes): a value is not one (client, name) row but up to {@link #MAX_ORDINALS_PER_ENTRY} of the client's
 * name ordinals, ascending ({@link #writeOrdinals}, {@link #readOrdinals}), and no times: every row has a
 * {@code CLIENT_BY_NAME} twin in the same run and part, which holds them ({@code search.ClientNameTimes}).
 */
public final class AggregateCodec {
  private static final int TYPE_A = 1;
  private static final int TYPE_AAAA = 28;
  /** Data tags of {@link SegmentPage#FORMAT_DATA_REFS} pages (the low two bits of the data varint). */
  private static final int TAG_ADDRESS = 1;
  private static final int TAG_REF = 2;

  /**
   * Name ordinals per {@code NAME_BY_CLIENT} entry of {@link SegmentPage#FORMAT_CLIENT_POSTINGS}: a client
   * of many names is several entries of its key, each starting with an absolute ordinal, so an entry reads
   * alone (a page may end between two).
   */
  public static final int MAX_ORDINALS_PER_ENTRY = 256;

  private final SegmentKind kind;
  private final long writeBase;
  private final int writeFormat;
  private int format;
  private long base;
  private long first;
  private long last;
  private long count;
  private DataRef ref;

  private AggregateCodec(SegmentKind kind, long writeBase, int writeFormat) {
    if (!kind.isAggregate()) {
      throw new IllegalArgumentException("not an aggregate segment: " + kind);
    }
    this.kind = kind;
    this.writeBase = writeBase;
    this.writeFormat = writeFormat;
  }

  private static int newestFormat(SegmentKind kind) {
    return switch (kind) {
      case PDNS_IP -> SegmentPage.FORMAT_NAME_POSTINGS;
      case NAME_BY_CLIENT -> SegmentPage.FORMAT_CLIENT_POSTINGS;
      case PDNS_NAME -> SegmentPage.FORMAT_DATA_REF_PREFIXES;
      default -> SegmentPage.FORMAT_COMPACT;
    };
  }

  /**
   * The format this codec's writer writes: names by ordinal for the kinds that have them, data references
   * for {@code PDNS_NAME}.
   */
  public int writeFormat() {
    return writeFormat;
  }

  /**
   * Whether this writer's values end with times and a count ({@link #writeTimes}): all but V9 PDNS_IP and
   * V11 NAME_BY_CLIENT.
   */
  public boolean writesTimes() {
    return writeFormat() != SegmentPage.FORMAT_NAME_POSTINGS && writeFormat() != SegmentPage.FORMAT_CLIENT_POSTINGS;
  }

  /**
   * Whether the values of the page last opened end with times and a count. When not (a {@code PDNS_IP}
   * page of {@link SegmentPage#FORMAT_NAME_POSTINGS}), {@link #readTimes} reads nothing and gives the
   * neutral element of summing rows: first seen {@code Long.MAX_VALUE}, last seen {@code Long.MIN_VALUE},
   * count 0.
   */
  public boolean storesTimes() {
    return format != SegmentPage.FORMAT_NAME_POSTINGS && format != SegmentPage.FORMAT_CLIENT_POSTINGS;
  }

  /**
   * Writes a {@code NAME_BY_CLIENT} value of {@link SegmentPage#FORMAT_CLIENT_POSTINGS}: the count, then
   * {@code ordinals[from, to)} (strictly ascending, at most {@link #MAX_ORDINALS_PER_ENTRY}) as the first
   * and the gaps after it. A client's ordinals in a table numbered by name are a sparse ascending set: the
   * gaps are a byte or two where an ordinal was three, and the times they replace were five or more.
   */
  public void writeOrdinals(ByteWriter w, int[] ordinals, int from, int to) {
    if (to - from < 1 || to - from > MAX_ORDINALS_PER_ENTRY) {
      throw new IllegalArgumentException("ordinals per entry: " + (to - from));
    }
    w.writeVarint(to - from);
    int prev = -1;
    for (int i = from; i < to; i++) {
      if (ordinals[i] <= prev) {
        throw new IllegalArgumentException("ordinals not ascending: " + prev + ", " + ordinals[i]);
      }
      w.writeVarint(ordinals[i] - prev - 1);
      prev = ordinals[i];
    }
  }

  /**
   * Reads a value {@link #writeOrdinals} wrote into {@code into} (at least {@link #MAX_ORDINALS_PER_ENTRY}
   * long); returns how many. A count or ordinal out of range is the usual damaged-case error.
   */
  public static int readOrdinals(ByteReader r, int[] into) {
    long n = r.readVarint();
    if (n < 1 || n > MAX_ORDINALS_PER_ENTRY) {
      throw new IllegalStateException("bad name postings count " + n + " (damaged case file?)");
    }
    long prev = -1;
    for (int i = 0; i < n; i++) {
      prev += r.readVarint() + 1;
      if (prev > Integer.MAX_VALUE) {
        throw new IllegalStateException("bad name ordinal (damaged case file?)");
      }
      into[i] = (int) prev;
    }
    return (int) n;
  }

  /** A reading codec for the values of {@code kind}. */
  public static AggregateCodec of(SegmentKind kind) {
    return new AggregateCodec(kind, 0, newestFormat(kind));
  }

  /**
   * A writing codec: values in {@link #writeFormat} with first seen relative to
   * {@code timeBase} (any time works; one near the values' first seen makes them short), for pages of
   * {@link #pages}.
   */
  public static AggregateCodec writer(SegmentKind kind, long timeBase) {
    return new AggregateCodec(kind, timeBase, newestFormat(kind));
  }

  /**
   * A writing codec for pages of an older {@code format} (with a header), as an older dnslens wrote them:
   * for tests of how those pages still read.
   */
  static AggregateCodec writer(SegmentKind kind, long timeBase, int format) {
    return new AggregateCodec(kind, timeBase, format);
  }

  public SegmentKind kind() {
    return kind;
  }

  /** A page builder for this writer's values (the time base goes into every page's header). */
  public SegmentPage.Builder pages(int part) {
    return new SegmentPage.Builder(kind, part, writeFormat(), writeBase);
  }

  /**
   * A reader over one value of an inflated page ({@code page[off, off + len)}), after reading the page's
   * format and time base from its header.
   */
  public ByteReader open(byte[] page, int off, int len) {
    format = SegmentPage.format(page);
    base = format == SegmentPage.FORMAT_PLAIN ? 0 : SegmentPage.timeBase(page);
    return new ByteReader(page, off, len);
  }

  /** The format of the page last opened. */
  public int format() {
    return format;
  }

  /**
   * Reads the name field of a {@code PDNS_IP} or {@code NAME_BY_CLIENT} value: its text, or in a page of
   * {@link SegmentPage#FORMAT_NAME_ORDINALS} or {@link SegmentPage#FORMAT_NAME_POSTINGS} its ordinal looked
   * up in {@code names} (the table of the page's own run and part).
   */
  public String readName(ByteReader r, NameTable names) {
    return format >= SegmentPage.FORMAT_NAME_ORDINALS ? names.name(r.readInt()) : r.readString();
  }

  /** Writes a name field of a {@code PDNS_IP} or {@code NAME_BY_CLIENT} value: its table ordinal. */
  public void writeName(ByteWriter w, int ordinal) {
    w.writeVarint(ordinal);
  }

  /**
   * Reads the data field (PDNS_NAME, PDNS_IP) as text: "" for PDNS_IP data elided by the key; null for
   * PDNS_NAME data stored as a reference (schema V10), which {@link #ref} then gives.
   */
  public String readData(ByteReader r) {
    ref = null;
    if (format == SegmentPage.FORMAT_PLAIN || kind != SegmentKind.PDNS_NAME) {
      return r.readString();
    }
    if (SegmentPage.tagsData(format)) {
      int h = r.readInt();
      int n = h >>> 2;
      int tag = h & 3;
      if (tag == TAG_REF) {
        int fp = (r.readByte() << 24) | (r.readByte() << 16) | (r.readByte() << 8) | r.readByte();
        int block = r.readInt();
        int row = r.readInt();
        int record = r.readInt();
        ref = new DataRef(block, row, record, fp, format == SegmentPage.FORMAT_DATA_REF_PREFIXES ? r.readString() : "");
        return null;
      }
      int at = r.position();
      r.skip(n);
      return tag == TAG_ADDRESS ? IpAddress.of(r.array(), at, n).toString()
          : new String(r.array(), at, n, StandardCharsets.UTF_8);
    }
    int h = r.readInt();
    int n = h >>> 1;
    int at = r.position();
    r.skip(n);
    return (h & 1) != 0 ? IpAddress.of(r.array(), at, n).toString() : new String(r.array(), at, n, StandardCharsets.UTF_8);
  }

  /** The reference the last {@link #readData} read instead of text (null when it read text). */
  public DataRef ref() {
    return ref;
  }

  /** Reads the times; then {@link #first}, {@link #last} and {@link #count} give them. */
  public void readTimes(ByteReader r) {
    if (format == SegmentPage.FORMAT_NAME_POSTINGS) {
      first = Long.MAX_VALUE;
      last = Long.MIN_VALUE;
      count = 0;
      return;
    }
    if (format == SegmentPage.FORMAT_PLAIN) {
      first = r.readZigzag();
      last = r.readZigzag();
    } else {
      first = base + r.readZigzag();
      last = first + r.readZigzag();
    }
    count = r.readVarint();
  }

  public long first() {
    return first;
  }

  public long last() {
    return last;
  }

  public long count() {
    return count;
  }

  /**
   * Reads a value's identity fields and writes them as this writer writes them ({@code PDNS_NAME} data
   * text of an A/AAAA address becomes address bytes; a name of {@code PDNS_IP} or {@code NAME_BY_CLIENT},
   * read as text or from the source page's table {@code names}, becomes its ordinal in the writer's table,
   * {@code ordinals}), then reads its times (none from a page without {@link #storesTimes}): compaction's
   * way of making entries of one identity from pages of any format and run byte-equal.
   */
  public void copyIdentity(AggregateCodec reader, ByteReader r, NameTable names,
      java.util.function.ToIntFunction<String> ordinals, ByteWriter out) {
    switch (kind) {
      case PDNS_NAME -> {
        String name = r.readString();
        int type = r.readInt();
        String data = reader.readData(r);
        out.writeString(name);
        out.writeVarint(type);
        if (data == null) {
          writeRef(out, reader.ref());
        } else {
          writeData(out, type, data);
        }
      }
      case PDNS_IP -> {
        String name = reader.readName(r, names);
        int type = r.readInt();
        String data = reader.readData(r);
        writeName(out, ordinals.applyAsInt(name));
        out.writeVarint(type);
        writeData(out, type, data);
      }
      case CLIENT_BY_NAME -> {
        out.writeBlob(r.readBlob());
        out.writeString(r.readString());
      }
      case NAME_BY_CLIENT -> {
        if (reader.format() == SegmentPage.FORMAT_CLIENT_POSTINGS || writeFormat == SegmentPage.FORMAT_CLIENT_POSTINGS) {
          throw new IllegalStateException("NAME_BY_CLIENT postings are many rows a value: not one identity");
        }
        writeName(out, ordinals.applyAsInt(reader.readName(r, names)));
      }
      default -> throw new IllegalStateException("not an aggregate segment: " + kind);
    }
    reader.readTimes(r);
  }

  /** Writes the data field of {@code type}: as address bytes when it is an A/AAAA address's exact text. */
  public void writeData(ByteWriter w, int type, String text) {
    if (kind != SegmentKind.PDNS_NAME) {
      w.writeString(text);
      return;
    }
    if ((type == TYPE_A || type == TYPE_AAAA) && IpAddress.isLiteral(text)) {
      IpAddress a = IpAddress.parse(text);
      if (a.toString().equals(text)) {
        writeAddress(w, a.toBytes(), 0, a.length());
        return;
      }
    }
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    w.writeVarint((long) b.length << (SegmentPage.tagsData(writeFormat()) ? 2 : 1));
    w.writeBytes(b);
  }

  /**
   * Writes PDNS_NAME data as a reference to the reply record that holds it (schema V10), with its prefix
   * (schema V13; a writer of format 4 pages, in tests, drops it).
   */
  public void writeRef(ByteWriter w, DataRef ref) {
    if (!SegmentPage.tagsData(writeFormat())) {
      throw new IllegalStateException("no data references in " + kind + " pages");
    }
    w.writeVarint(TAG_REF);
    int fp = ref.fingerprint();
    w.writeByte(fp >>> 24);
    w.writeByte(fp >>> 16);
    w.writeByte(fp >>> 8);
    w.writeByte(fp);
    w.writeVarint(ref.block());
    w.writeVarint(ref.row());
    w.writeVarint(ref.record());
    if (writeFormat() == SegmentPage.FORMAT_DATA_REF_PREFIXES) {
      w.writeString(ref.prefix());
    }
  }

  /** Writes PDNS_NAME data that is an address, from its key (family byte, then 4 or 16 bytes). */
  public void writeAddressData(ByteWriter w, byte[] addressKey) {
    writeAddress(w, addressKey, 1, addressKey.length - 1);
  }

  private void writeAddress(ByteWriter w, byte[] b, int off, int len) {
    w.writeVarint(SegmentPage.tagsData(writeFormat()) ? ((long) len << 2) | TAG_ADDRESS : ((long) len << 1) | 1);
    w.writeBytes(b, off, len);
  }

  /**
   * Writes the times relative to this writer's time base, as a page with times has them (a writer without
   * {@link #writesTimes} writes none into its own pages).
   */
  public void writeTimes(ByteWriter w, long firstSeen, long lastSeen, long n) {
    w.writeZigzag(firstSeen - writeBase);
    w.writeZigzag(lastSeen - firstSeen);
    w.writeVarint(n);
  }
}
