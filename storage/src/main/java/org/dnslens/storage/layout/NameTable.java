package org.dnslens.storage.layout;

import java.util.Comparator;
import java.util.Locale;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The name table of one run's part (schema V8, {@link SegmentKind#NAME_TABLE}): names as sent, numbered
 * 0, 1, 2, ... ({@code ordinals}), stored as plain segment pages whose key is the ordinal (4 bytes,
 * big-endian, so the directory's first and last key of a page are its ordinal range) and whose value is the
 * name's UTF-8 text. {@code PDNS_IP} and {@code NAME_BY_CLIENT} values of {@link
 * SegmentPage#FORMAT_NAME_ORDINALS} pages hold the ordinal (a varint of ~3 bytes) instead of the text (~20
 * bytes, random to the page's compressor because these pages are ordered by address): measured on a 1 M case,
 * 13.7 MB smaller pages for a 2.2 MB table.
 *
 * <p>Until schema V10 a writer numbered the names in reversed-name key order (neighbouring names share their
 * domain, so the table compresses well). Since V11 both writers (an ingest's part and a compaction) number
 * them in {@link #OUTPUT_ORDER}, the order of the per-client view's rows, so a client's ascending ordinals
 * ({@link SegmentPage#FORMAT_CLIENT_POSTINGS}) are its names in output order and a query for its first rows
 * stops after them; the table is ~0.2 MB per 1 M transactions larger (names of one domain lie apart). A reader loads a page of the table the first time one of its ordinals is
 * asked for and keeps it: a query that names a few addresses reads a page or two, one that reads a whole
 * kind ends up with the whole table (~275 k names for 1 M transactions) in memory.
 */
public final class NameTable {
  /**
   * The order of a V11 table's names: lower-case ({@code Locale.ROOT}) text, then the name as sent, as
   * {@code String.compareTo} compares them, exactly the order of {@code PassiveDnsQuery.namesForClient}'s rows
   * of one client (its early stop depends on it).
   */
  public static final Comparator<String> OUTPUT_ORDER =
      Comparator.comparing((String n) -> n.toLowerCase(Locale.ROOT)).thenComparing(Comparator.naturalOrder());

  /** A table with no names (a part that wrote none): any ordinal is a damaged case. */
  public static final NameTable EMPTY = new NameTable(new long[0], new int[0], id -> {
    throw new IllegalStateException("no name table page " + id);
  });

  private final long[] pageIds;
  private final int[] firstOrdinal;
  private final SegmentMerge.PageSource source;
  private final Page[] loaded;

  /**
   * An inflated table page: where each name's bytes are, and the names made so far. A name is made only
   * when asked for: a client's names lie all over the table, so a query reads many pages for a few names
   * of each (making all ~1 000 strings of every page it read was most of the cost of a busy client's
   * {@code pdns ip --by-client}).
   */
  private static final class Page {
    final byte[] data;
    final int[] at;
    final int[] len;
    final String[] names;

    Page(byte[] data, int n) {
      this.data = data;
      this.at = new int[n];
      this.len = new int[n];
      this.names = new String[n];
    }
  }

  /**
   * A reader over the pages of one table, in page order, with each page's first key ({@link #key} of its
   * first ordinal).
   */
  public NameTable(long[] pageIds, int[] firstOrdinal, SegmentMerge.PageSource source) {
    this.pageIds = pageIds;
    this.firstOrdinal = firstOrdinal;
    this.source = source;
    this.loaded = new Page[pageIds.length];
  }

  /** The ordinal a table page's key stands for. */
  public static int ordinal(byte[] key) {
    if (key.length != 4) {
      throw new IllegalStateException("bad name table key (damaged case file?)");
    }
    return ordinalOf(key);
  }

  private static int ordinalOf(byte[] key) {
    return (key[0] & 0xff) << 24 | (key[1] & 0xff) << 16 | (key[2] & 0xff) << 8 | (key[3] & 0xff);
  }

  /** The key of an ordinal: 4 bytes big-endian, so keys sort as ordinals do. */
  public static byte[] key(int ordinal) {
    return new byte[] {(byte) (ordinal >>> 24), (byte) (ordinal >>> 16), (byte) (ordinal >>> 8), (byte) ordinal};
  }

  /** The name of {@code ordinal}; a missing one is the usual damaged-case error. */
  public String name(int ordinal) {
    int p = Arrays.binarySearch(firstOrdinal, ordinal);
    if (p < 0) {
      p = -p - 2;
    }
    if (p < 0 || ordinal < 0) {
      throw missing(ordinal);
    }
    Page page = loaded[p];
    if (page == null) {
      page = load(p);
      loaded[p] = page;
    }
    int i = ordinal - firstOrdinal[p];
    if (i >= page.names.length) {
      throw missing(ordinal);
    }
    String name = page.names[i];
    if (name == null) {
      name = new String(page.data, page.at[i], page.len[i], StandardCharsets.UTF_8);
      page.names[i] = name;
    }
    return name;
  }

  /**
   * Inflates a table page and notes where each name is. A walk of its own rather than {@link
   * SegmentPage#scan}: a busy client's names lie all over the table, so a query can load most of it (at 10 M
   * transactions, every page of a compacted case's table for one client), and the generic scan copied every
   * key into a buffer and called a visitor for each of ~1 000 names a page. The keys are 4-byte ordinals,
   * front-coded; each must be the page's first ordinal plus its index, as before.
   */
  private Page load(int p) {
    byte[] data = source.page(pageIds[p]);
    ByteReader r = SegmentPage.entries(data);
    int n = r.readInt();
    if (n < 0 || n > data.length) {
      throw new IllegalStateException("bad name table page (damaged case file?)");
    }
    Page page = new Page(data, n);
    int first = firstOrdinal[p];
    int key = 0;
    for (int i = 0; i < n; i++) {
      int shared = r.readInt();
      int rest = r.readInt();
      if (shared < 0 || rest < 0 || shared + rest != 4) {
        throw outOfOrder();
      }
      int k = shared == 0 ? 0 : key & (-1 << (8 * (4 - shared))); // the bytes shared with the previous key
      for (int j = 0; j < rest; j++) {
        k |= r.readByte() << (8 * (3 - shared - j));
      }
      if (k != first + i) {
        throw outOfOrder();
      }
      key = k;
      int vlen = r.readInt();
      page.at[i] = r.position();
      page.len[i] = vlen;
      r.skip(vlen);
    }
    return page;
  }

  private static IllegalStateException outOfOrder() {
    return new IllegalStateException("name table page out of order (damaged case file?)");
  }

  private static IllegalStateException missing(int ordinal) {
    return new IllegalStateException("name " + ordinal + " is not in its name table (damaged case file?)");
  }

  /** Builds the pages of a table: names added in ordinal order, from 0. */
  public static final class Writer {
    private final SegmentPage.Builder pages;
    private int next;

    public Writer(int part) {
      pages = new SegmentPage.Builder(SegmentKind.NAME_TABLE, part);
    }

    /** Adds the next name; returns its ordinal. */
    public int add(String name) {
      byte[] text = name.getBytes(StandardCharsets.UTF_8);
      pages.add(key(next), text, text.length);
      return next++;
    }

    /** Names added so far. */
    public int size() {
      return next;
    }

    /** Full pages so far, handed over and forgotten (see {@link SegmentPage.Builder#drainFull}). */
    public List<SegmentPage> drainFull() {
      return pages.drainFull();
    }

    public List<SegmentPage> finish() {
      return pages.finish();
    }
  }
}
