package org.dnslens.storage.layout;

import java.util.Arrays;

/**
 * One page of a segment: sorted (key, value) entries, keys front-coded (shared prefix length with the
 * previous key, then the rest). Pages are immutable once written; a key may repeat (passive-DNS entries of
 * one name) and may continue on the next page.
 *
 * <p><b>Page formats.</b> A page starts with its entry count (varint). Pages written before schema V5 (and
 * postings pages still) have nothing else: {@link #FORMAT_PLAIN}. A page with a header starts with a 0
 * count instead, which no page without one has (an empty page is never written), then the format number,
 * the page's time base (zigzag epoch ns) and the real entry count: {@link #FORMAT_COMPACT}, whose values
 * only {@link AggregateCodec} reads and writes. Readers of entries skip the header whatever the format.
 *
 * @param firstKey the first key of the page (for the directory)
 * @param lastKey the last key of the page
 */
public record SegmentPage(SegmentKind kind, int part, int pageNo, byte[] firstKey, byte[] lastKey, byte[] data) {
  /** Bytes of entries per page: one page read answers most lookups; small enough to decode in ~0.1 ms. */
  public static final int PAGE_BYTES = 32 * 1024;
  /** Longest key stored (a name is at most 255 wire bytes, ~1 000 presentation characters). */
  public static final int MAX_KEY_BYTES = 2048;

  /** Pages without a header: values as written before schema V5 (postings pages are always this). */
  public static final int FORMAT_PLAIN = 0;
  /**
   * Aggregate pages of schema V5: times relative to the page's time base and to first seen, A/AAAA data
   * as address bytes ({@link AggregateCodec}).
   */
  public static final int FORMAT_COMPACT = 1;
  /**
   * {@code PDNS_IP} and {@code NAME_BY_CLIENT} pages of schema V8: as {@link #FORMAT_COMPACT}, but the name
   * as sent is a varint ordinal into the name table of the page's own run and part ({@link NameTable}),
   * instead of its text.
   */
  public static final int FORMAT_NAME_ORDINALS = 2;
  /**
   * {@code PDNS_IP} pages of schema V9: address → (name ordinal, type, data) postings without times or
   * counts; a reader takes those from the {@code PDNS_NAME} entry of the same name, type and data of the
   * page's own run and part ({@link AggregateCodec#storesTimes}).
   */
  public static final int FORMAT_NAME_POSTINGS = 3;
  /**
   * {@code PDNS_NAME} pages of schema V10: as {@link #FORMAT_COMPACT}, but a long TXT/SPF data field may be
   * a reference to the answer record in a stored block's reply that holds the same bytes, with a
   * fingerprint of the text, instead of the text ({@link AggregateCodec#readData}, {@link DataRef}).
   */
  public static final int FORMAT_DATA_REFS = 4;
  /**
   * {@code NAME_BY_CLIENT} pages of schema V11: client → the ordinals of its names in the name table of the
   * page's own run and part, ascending and delta-coded, up to {@link AggregateCodec#MAX_ORDINALS_PER_ENTRY}
   * per entry, without times or counts; a reader takes those from the {@code CLIENT_BY_NAME} entry of the
   * same client and name, its twin. The table of a part with these pages is numbered in output order
   * (lower-case name, then name as sent: {@link NameTable#OUTPUT_ORDER}), so a client's first names by name
   * are its first ordinals.
   */
  public static final int FORMAT_CLIENT_POSTINGS = 5;
  /**
   * {@code PDNS_NAME} pages of schema V13: as {@link #FORMAT_DATA_REFS}, but a reference also carries the
   * first characters of its text ({@link DataRef#prefix}), so {@code pdns name} chooses its first rows among a
   * name's many referenced texts before reading any block.
   */
  public static final int FORMAT_DATA_REF_PREFIXES = 6;

  /** Whether {@code PDNS_NAME} values of pages of {@code format} tag their data field (text, address, reference). */
  public static boolean tagsData(int format) {
    return format == FORMAT_DATA_REFS || format == FORMAT_DATA_REF_PREFIXES;
  }

  /** The format of an inflated page: {@link #FORMAT_PLAIN} unless it starts with the 0 marker. */
  public static int format(byte[] data) {
    if (data.length < 2 || data[0] != 0) {
      return FORMAT_PLAIN;
    }
    int f = new ByteReader(data, 1, data.length - 1).readInt();
    if (f < FORMAT_COMPACT || f > FORMAT_DATA_REF_PREFIXES) {
      throw new IllegalStateException("unknown segment page format " + f + " (case written by a newer dnslens?)");
    }
    return f;
  }

  /** The time base of a page with a header (0 for a plain page). */
  public static long timeBase(byte[] data) {
    if (format(data) == FORMAT_PLAIN) {
      return 0;
    }
    ByteReader r = new ByteReader(data);
    r.readInt();
    r.readInt();
    return r.readZigzag();
  }

  /** A reader positioned at the entry count, past the header if the page has one. */
  static ByteReader entries(byte[] data) {
    ByteReader r = new ByteReader(data);
    if (format(data) != FORMAT_PLAIN) {
      r.readInt();
      r.readInt();
      r.readZigzag();
    }
    return r;
  }

  /** Visits entries in order. */
  public interface Visitor {
    /** Returns false to stop. The value is {@code data[valueOff, valueOff+valueLen)}. */
    boolean entry(byte[] key, int keyLen, byte[] data, int valueOff, int valueLen);
  }

  /** Calls {@code v} for each entry with {@code lo <= key <= hi} (unsigned byte order), stopping after hi. */
  public static void scan(byte[] data, byte[] lo, byte[] hi, Visitor v) {
    scanRuns(data, lo, hi, (key, len, sameKey, d, off, vlen) -> v.entry(key, len, d, off, vlen));
  }

  /** A {@link Visitor} that is also told whether an entry's key equals the previous entry's of the page. */
  public interface RunVisitor {
    /** Returns false to stop; {@code sameKey}: the key is the previous entry's (entries of one key come together). */
    boolean entry(byte[] key, int keyLen, boolean sameKey, byte[] data, int valueOff, int valueLen);
  }

  /**
   * {@link #scan(byte[], byte[], byte[], Visitor)} telling the visitor when a key repeats, which the front
   * coding says for free (nothing new after a whole shared key): a visitor that judges each key once (a
   * passive-DNS name has ~20 entries at 10 M transactions) need not compare the key with the last one judged.
   */
  public static void scanRuns(byte[] data, byte[] lo, byte[] hi, RunVisitor v) {
    ByteReader r = entries(data);
    int n = r.readInt();
    byte[] key = new byte[MAX_KEY_BYTES];
    int prevLen = -1;
    for (int i = 0; i < n; i++) {
      int shared = r.readInt();
      int rest = r.readInt();
      int at = r.position();
      r.skip(rest);
      System.arraycopy(data, at, key, shared, rest);
      int len = shared + rest;
      boolean same = rest == 0 && shared == prevLen;
      prevLen = len;
      int vlen = r.readInt();
      int voff = r.position();
      r.skip(vlen);
      if (lo != null && Arrays.compareUnsigned(key, 0, len, lo, 0, lo.length) < 0) {
        continue;
      }
      if (hi != null && Arrays.compareUnsigned(key, 0, len, hi, 0, hi.length) > 0) {
        return;
      }
      if (!v.entry(key, len, same, data, voff, vlen)) {
        return;
      }
    }
  }

  /** Cuts a sorted entry stream into pages. */
  public static final class Builder {
    private final SegmentKind kind;
    private final int part;
    private final int format;
    private final long timeBase;
    private final java.util.List<SegmentPage> pages = new java.util.ArrayList<>();
    private final ByteWriter body = new ByteWriter(PAGE_BYTES + 4096);
    private final ByteWriter head = new ByteWriter(32);
    private byte[] first;
    private byte[] prev;
    private int entries;
    private int cutPages;

    /** Pages without a header ({@link #FORMAT_PLAIN}): postings. */
    public Builder(SegmentKind kind, int part) {
      this(kind, part, FORMAT_PLAIN, 0);
    }

    /**
     * Pages of {@code format}; a page with a header ({@link #FORMAT_COMPACT}, {@link #FORMAT_NAME_ORDINALS},
     * {@link #FORMAT_NAME_POSTINGS}) carries {@code timeBase} in it (the values must have been written by an {@link AggregateCodec} with
     * that base).
     */
    public Builder(SegmentKind kind, int part, int format, long timeBase) {
      this.kind = kind;
      this.part = part;
      this.format = format;
      this.timeBase = timeBase;
    }

    /** The format of the pages this builder writes. */
    public int format() {
      return format;
    }

    /** Adds an entry; keys must come in non-decreasing unsigned order. */
    public void add(byte[] key, byte[] value, int valueLen) {
      if (key.length > MAX_KEY_BYTES) {
        return; // cannot be a DNS name or address; never searchable
      }
      int shared = 0;
      if (prev != null) {
        int max = Math.min(prev.length, key.length);
        while (shared < max && prev[shared] == key[shared]) {
          shared++;
        }
      } else {
        first = key;
      }
      body.writeVarint(shared);
      body.writeVarint(key.length - shared);
      body.writeBytes(key, shared, key.length - shared);
      body.writeVarint(valueLen);
      body.writeBytes(value, 0, valueLen);
      prev = key;
      entries++;
      if (body.size() >= PAGE_BYTES) {
        cut();
      }
    }

    private void cut() {
      if (entries == 0) {
        return;
      }
      // The header goes into a small reused writer and the page is one exact array of header and body: a
      // writer the body's size, then its copy-out, made two page-sized arrays per page (2.2 % of a 1 M
      // ingest's allocated bytes, session 27).
      ByteWriter h = head;
      h.reset();
      if (format != FORMAT_PLAIN) {
        h.writeVarint(0);
        h.writeVarint(format);
        h.writeZigzag(timeBase);
      }
      h.writeVarint(entries);
      byte[] data = Arrays.copyOf(h.array(), h.size() + body.size());
      System.arraycopy(body.array(), 0, data, h.size(), body.size());
      pages.add(new SegmentPage(kind, part, cutPages++, first, prev, data));
      body.reset();
      prev = null;
      first = null;
      entries = 0;
    }

    /**
     * The pages completed so far, handed over and forgotten: a writer of a long stream (compaction) drains
     * them as it goes instead of holding the whole segment until {@link #finish}.
     */
    public java.util.List<SegmentPage> drainFull() {
      java.util.List<SegmentPage> full = new java.util.ArrayList<>(pages);
      pages.clear();
      return full;
    }

    public java.util.List<SegmentPage> finish() {
      cut();
      return pages;
    }
  }
}
